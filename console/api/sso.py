"""oVirt SSO: the OAuth2 password grant and token revocation (protocol section 2).

The engine rejects a token request whose ``Accept`` is anything but exactly
``application/json`` and needs ``scope=ovirt-app-api`` even though OAuth calls the
scope optional. Errors come back as JSON in two shapes; both become ``AuthError``
with ``reason`` = the SSO error code and ``detail`` = its message.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx

from console.api.errors import ApiError, AuthError

SCOPE = "ovirt-app-api"
TOKEN_PATH = "/ovirt-engine/sso/oauth/token"
REVOKE_PATH = "/ovirt-engine/services/sso-logout"
_SSO_HEADERS = {"Accept": "application/json"}


def engine_root(api_url: str) -> str:
    """``https://engine:8443/ovirt-engine/api`` -> ``https://engine:8443``."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}"


def sso_error(payload: dict[str, Any]) -> tuple[str | None, str | None]:
    """(code, message) from either JSON error shape the engine uses."""
    # OpenID names the text ``error_description``; the engine's own shape does not.
    if "error_description" in payload:
        return payload.get("error"), payload.get("error_description")
    return payload.get("error_code"), payload.get("error")


def _read_json(response: httpx.Response, what: str) -> dict[str, Any]:
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type.lower():
        raise ApiError(
            f"SSO {what} failed: HTTP {response.status_code} with content type "
            f"'{content_type or 'none'}' instead of JSON; is the URL an oVirt engine?",
            code=response.status_code,
        )
    try:
        payload = json.loads(response.content.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(
            f"SSO {what} failed: HTTP {response.status_code} with unreadable JSON",
            code=response.status_code,
        ) from exc
    if isinstance(payload, list):  # some engines wrap the object in a list
        payload = payload[0] if payload else {}
    if not isinstance(payload, dict):
        raise ApiError(f"SSO {what} failed: unexpected JSON reply", code=response.status_code)
    return payload


async def request_token(
    client: httpx.AsyncClient, token_url: str, username: str, password: str
) -> str:
    """Log in with user name and password; return the bearer token."""
    form = {
        "grant_type": "password",
        "scope": SCOPE,
        "username": username,
        "password": password,
    }
    response = await client.post(token_url, data=form, headers=_SSO_HEADERS)
    payload = _read_json(response, "authentication")
    if "error" in payload or "error_code" in payload:
        code, message = sso_error(payload)
        raise AuthError(
            f"Error during SSO authentication {code} : {message}",
            code=response.status_code,
            reason=code,
            detail=message,
        )
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise AuthError(
            "SSO authentication answered without an access token", code=response.status_code
        )
    return token


async def revoke_token(client: httpx.AsyncClient, revoke_url: str, token: str) -> None:
    """Log out: the engine drops the session behind ``token``."""
    response = await client.post(
        revoke_url, data={"scope": SCOPE, "token": token}, headers=_SSO_HEADERS
    )
    payload = _read_json(response, "revoke")
    if "error" in payload:
        code, message = sso_error(payload)
        raise AuthError(
            f"Error during SSO revoke {code} : {message}",
            code=response.status_code,
            reason=code,
            detail=message,
        )
