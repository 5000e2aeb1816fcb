"""The engine's SSO: OAuth2 password grant, token validation, logout, HTTP Basic.

Wire shapes follow the engine (protocol reference §2): failures are HTTP 400 with JSON
``{"error_code", "error"}`` for the REST API scope (``{"error", "error_description"}``
otherwise); tokens carry ``exp`` as epoch milliseconds in a string. Token lifetime is
measured on the engine clock, so tests expire tokens by advancing a manual clock.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass, field
from typing import Callable

API_SCOPE = "ovirt-app-api"
# What the engine answers for scope=ovirt-app-api after expanding its dependencies.
GRANTED_SCOPE = (
    "ovirt-app-api ovirt-ext=token-info:authz-search ovirt-ext=token-info:public-authz-search "
    "ovirt-ext=token-info:validate ovirt-ext=token:password-access"
)
HTTP_GRANT = "urn:ovirt:params:oauth:grant-type:http"
DEFAULT_TOKEN_TTL = 360000.0  # engine SSO_TOKEN_TIMEOUT, seconds

UNAUTHORIZED_HTML = "<html><head><title>Error</title></head><body>Unauthorized</body></html>"


@dataclass
class Token:
    value: str
    username: str
    issued: float  # engine-clock epoch seconds


class SsoError(Exception):
    """A failed token request; ``body`` is the engine's JSON answer (always HTTP 400)."""

    def __init__(self, code: str, message: str, scope: str | None) -> None:
        super().__init__(message)
        if scope == API_SCOPE:
            self.body = {"error_code": code, "error": message}
        else:
            self.body = {"error": code, "error_description": message}


@dataclass
class Sso:
    """Credentials and live tokens. ``ttl`` returns the current lifetime in seconds."""

    username: str
    password: str
    now: Callable[[], float]
    ttl: Callable[[], float]
    tokens: dict[str, Token] = field(default_factory=dict)

    # -- token endpoint ---------------------------------------------------------------
    def issue(self, form: dict[str, str], accept: str | None, authorization: str | None = None) -> dict:
        """Handle ``/sso/oauth/token`` (and ``token-http-auth``) form fields; raise SsoError."""
        scope = form.get("scope")
        if accept != "application/json":
            raise SsoError("invalid_request", "Missing parameter: 'Accept Header'", scope)
        grant = form.get("grant_type")
        if not grant:
            raise SsoError("invalid_request", "Missing parameter: 'grant_type'", scope)
        if not scope:
            raise SsoError("invalid_request", "Missing parameter: 'scope'", scope)
        if API_SCOPE not in scope.split():
            raise SsoError("invalid_scope", f"The requested scope '{scope}' is not allowed.", scope)
        if grant == "password":
            user, password = form.get("username"), form.get("password")
            if not user:
                raise SsoError("invalid_request", "Missing parameter: 'username'", scope)
            if password is None:
                raise SsoError("invalid_request", "Missing parameter: 'password'", scope)
        elif grant == HTTP_GRANT:
            creds = parse_basic(authorization)
            if creds is None:
                raise SsoError("invalid_request", "Missing parameter: 'Authorization Header'", scope)
            user, password = creds
        else:
            raise SsoError("unsupported_grant_type", f"The grant type '{grant}' is not supported.", scope)
        if not self.check(user, password):
            raise SsoError(
                "access_denied",
                f"Cannot authenticate user '{user}': The username or password is incorrect..",
                scope,
            )
        token = Token(secrets.token_urlsafe(48), user, self.now())
        self.tokens[token.value] = token
        return {
            "access_token": token.value,
            "scope": GRANTED_SCOPE,
            "exp": str(int((token.issued + self.ttl()) * 1000)),
            "token_type": "bearer",
        }

    def open_session(self, username: str) -> str:
        """A ``Prefer: persistent-auth`` session id (JSESSIONID), living like a token."""
        token = Token(secrets.token_urlsafe(24), username, self.now())
        self.tokens[token.value] = token
        return token.value

    def revoke(self, token: str | None) -> dict:
        """``/services/sso-logout``: forget the token; the engine answers ``{}``."""
        if token:
            self.tokens.pop(token, None)
        return {}

    # -- API requests -----------------------------------------------------------------
    def check(self, user: str, password: str) -> bool:
        # Constant-time compare so the demo password is not guessable by timing.
        return secrets.compare_digest(user.encode(), self.username.encode()) and secrets.compare_digest(
            password.encode(), self.password.encode()
        )

    def authenticate(self, authorization: str | None) -> str | None:
        """The user behind an ``Authorization`` header, or None (answer 401)."""
        if not authorization:
            return None
        scheme, _, value = authorization.partition(" ")
        scheme = scheme.lower()
        if scheme == "bearer":
            token = self.tokens.get(value.strip())
            if token is None:
                return None
            if self.now() - token.issued >= self.ttl():
                del self.tokens[token.value]
                return None
            return token.username
        if scheme == "basic":
            creds = parse_basic(authorization)
            if creds and self.check(*creds):
                return creds[0]
        return None


def parse_basic(authorization: str | None) -> tuple[str, str] | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None
