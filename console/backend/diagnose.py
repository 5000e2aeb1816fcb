"""Turn a failed login or request into one line that names the fix.

The login screen shows exactly this line; an admin at 3 a.m. needs "what to do",
not a traceback. The api wraps transport failures in its own errors with the
original exception chained, so the chain is walked for the real cause.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

from console.api.errors import (
    ApiError,
    AuthError,
    NotFoundError,
    ParseError,
)
from console.api.errors import (
    ConnectionError as ApiConnectionError,
)
from console.api.errors import (
    TimeoutError as ApiTimeoutError,
)

__all__ = ["ca_url", "explain"]


def ca_url(url: str) -> str:
    """Where the engine publishes its CA certificate (plain download, no login)."""
    parts = urlsplit(url)
    return (
        f"https://{parts.netloc}/ovirt-engine/services/pki-resource"
        "?resource=ca-certificate&format=X509-PEM-CA"
    )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it was raised from, without looping."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _text(exc: BaseException) -> str:
    return " ".join(str(e) for e in _chain(exc)).lower()


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


def _explain_transport(
    exc: BaseException, url: str, timeout: float | None
) -> str | None:
    """Causes below HTTP: name resolution, refused, TLS, timeouts."""
    host = urlsplit(url).hostname or url
    where = _host_port(url)
    chain = list(_chain(exc))
    text = _text(exc)

    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain) or (
        "certificate verify failed" in text
    ):
        if (
            "hostname mismatch" in text
            or "doesn't match" in text
            or "not valid for" in text
        ):
            return (
                f"Certificate does not match {host}: connect with the host name the "
                "engine certificate was issued for, or pass --insecure"
            )
        return (
            f"Certificate not trusted: pass --ca-file with the engine CA ({ca_url(url)}) "
            "or --insecure"
        )
    if (
        "wrong_version_number" in text
        or "wrong version number" in text
        or ("record layer failure" in text)
    ):
        return (
            f"TLS handshake with {where} failed: it does not speak HTTPS there; "
            "check the port, or use http:// if the engine really serves plain HTTP"
        )
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return f"TLS handshake with {where} failed ({_first_line(chain)}): check the URL and --ca-file"
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        marker in text
        for marker in (
            "name or service not known",
            "nodename nor servname",
            "temporary failure in name resolution",
            "no address associated",
            "getaddrinfo failed",
        )
    ):
        return f"Cannot resolve host name {host!r}: check the --url host name and DNS"
    if (
        any(isinstance(e, ConnectionRefusedError) for e in chain)
        or "connection refused" in text
    ):
        return (
            f"Connection refused by {where}: check the URL and port, and that the engine "
            "(ovirt-engine service) is running"
        )
    if any(
        isinstance(e, (ApiTimeoutError, TimeoutError, socket.timeout)) for e in chain
    ) or ("timed out" in text):
        seconds = f" within {timeout:g} s" if timeout else ""
        return (
            f"No answer from {where}{seconds}: check the URL, network and firewall, "
            "or raise --timeout"
        )
    if any(isinstance(e, (ConnectionResetError, BrokenPipeError)) for e in chain) or (
        "connection reset" in text or "server disconnected" in text
    ):
        return f"{where} closed the connection: check the URL (http:// vs https://) and any proxy"
    if "without sending complete message body" in text or "incomplete chunked read" in text:
        # Reached and answering, but the reply stopped part way: not a URL problem.
        return (
            f"The reply from {where} was cut off ({_first_line(chain)}): the engine or a "
            "proxy dropped the connection mid-reply; retry, and check the proxy if it recurs"
        )
    if any(isinstance(e, (OSError, ApiConnectionError)) for e in chain):
        return f"Cannot reach {where} ({_first_line(chain)}): check the URL and network"
    return None


def _first_line(chain: list[BaseException]) -> str:
    """The most specific message in the chain, one line."""
    for exc in reversed(chain):
        text = str(exc).strip()
        if text:
            return text.splitlines()[0][:160]
    return type(chain[0]).__name__


def explain(
    exc: BaseException, url: str, *, user: str = "", timeout: float | None = None
) -> str:
    """One line for ``exc`` met while talking to ``url``; always names a fix."""
    if isinstance(exc, ValueError) and not isinstance(exc, ApiError):
        return f"Bad engine URL: {exc}; use e.g. https://engine.example.com/ovirt-engine/api"
    if isinstance(exc, AuthError):
        reason = _sso_reason(exc)
        who = f" as {user}" if user else ""
        if exc.code == 403:
            return f"Login{who} refused: {reason}; the user needs a role on the engine"
        return (
            f"Login{who} failed: {reason}; check the user name (user@profile, "
            "e.g. admin@internal) and the password"
        )
    if isinstance(exc, (ApiConnectionError, ApiTimeoutError)) or not isinstance(
        exc, ApiError
    ):
        transport = _explain_transport(exc, url, timeout)
        if transport:
            return transport
    if isinstance(exc, NotFoundError) or (
        isinstance(exc, ApiError) and exc.code == 404
    ):
        parts = urlsplit(url)
        return (
            f"No oVirt API at {url} (HTTP 404): check the URL path; the API is usually "
            f"{parts.scheme}://{parts.netloc}/ovirt-engine/api"
        )
    if isinstance(exc, ParseError) or (
        isinstance(exc, ApiError) and "not the xml" in str(exc).lower()
    ):
        return (
            f"The server at {_host_port(url)} did not answer like an oVirt engine "
            f"({(str(exc).splitlines() or [type(exc).__name__])[0][:160]}): check the URL and any proxy in between"
        )
    if isinstance(exc, ApiError):
        if exc.code is not None and exc.code >= 500:
            return (
                f"The engine failed (HTTP {exc.code}: {exc.summary}): check engine.log "
                "on the engine machine and retry"
            )
        return f"The engine refused: {exc.summary}"
    return f"Unexpected error ({type(exc).__name__}: {exc}): please report it with the steps to reproduce"


def _sso_reason(exc: AuthError) -> str:
    """The SSO's own sentence, without the SDK-style prefix, one line."""
    text = (
        (exc.detail or exc.reason or str(exc)).strip().splitlines()[0]
        if str(exc)
        else ""
    )
    prefix = "error during sso authentication"
    if text.lower().startswith(prefix):
        text = text[len(prefix) :].lstrip(" :")
        # "access_denied : Cannot authenticate user ..." -> keep the sentence
        if " : " in text:
            text = text.split(" : ", 1)[1]
    text = text.rstrip(".")
    return text or "the engine rejected the user name or password"
