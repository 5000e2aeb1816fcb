"""The connection to one engine: login, the request layer, streaming.

One pooled keep-alive ``httpx.AsyncClient`` carries every call. All requests pass
through ``Connection._exchange``, the one place that enforces read-only mode, adds
the bearer token and a fresh ``Correlation-Id`` to mutating calls, renews an expired
token once, and turns every transport failure into the api's own errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from console import __version__
from console.api import replies, requestlog, sso
from console.api.body import decoded_pieces
from console.api.errors import (
    ApiError,
    AuthError,
    ConnectionError,
    ReadOnlyError,
    error_class,
)
from console.api.reader import IncrementalReader
from console.api.replies import Exchange, fault_error, fault_of
from console.api.transport import (
    Secret,
    check_ascii,
    correlation_id_for,
    tls_context,
    translate_errors,
    widen_reads,
)

DEFAULT_TIMEOUT = 60.0
_SAFE_METHODS = frozenset({"GET", "HEAD"})
_CA_URL = "/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA"
BATCH_BYTES = 256 * 1024  # body bytes per yielded batch: ~30 VMs, one UI update


class Connection:
    """An authenticated session with an oVirt engine's REST API v4.

    ``url`` is the API URL (``https://engine/ovirt-engine/api``). Give ``username``
    and ``password`` (a token is fetched on first use and renewed on 401), or a
    ``token`` obtained elsewhere. ``timeout`` (seconds) bounds every request.
    """

    def __init__(
        self,
        url: str,
        username: str | None = None,
        password: str | None = None,
        *,
        token: str | None = None,
        ca_file: str | None = None,
        insecure: bool = False,
        read_only: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        sso_url: str | None = None,
        sso_revoke_url: str | None = None,
    ) -> None:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"not an engine URL: {url!r} (expected https://engine/ovirt-engine/api)"
            )
        if not timeout or timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        if token is None and (username is None or password is None):
            raise ValueError("give username and password, or a token")
        self._url = url.rstrip("/")
        self._username = username
        self._password = Secret(password) if password is not None else None
        self._token = token
        self._own_token = False  # only tokens we fetched are ours to revoke
        self._ca_file = ca_file
        self._insecure = insecure
        self._read_only = read_only
        self._timeout = float(timeout)
        self._headers = dict(headers or {})
        check_ascii(self._headers)
        root = sso.engine_root(self._url)
        self._sso_url = sso_url or root + sso.TOKEN_PATH
        self._sso_revoke_url = sso_revoke_url or root + sso.REVOKE_PATH
        self._client: httpx.AsyncClient | None = None
        self._login_lock = asyncio.Lock()
        self._closed = False
        self._system: Any = None

    def __repr__(self) -> str:
        return (
            f"Connection(url={self._url!r}, username={self._username!r}, "
            f"read_only={self._read_only}, insecure={self._insecure})"
        )

    # -- public surface ---------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._url

    @property
    def username(self) -> str | None:
        return self._username

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def insecure(self) -> bool:
        return self._insecure

    @property
    def timeout(self) -> float:
        return self._timeout

    async def __aenter__(self) -> Connection:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def system_service(self) -> Any:
        """Root of the service tree, as in the SDK."""
        if self._system is None:
            from console.api.services.system import SystemService

            self._system = SystemService(self, "")
        return self._system

    async def authenticate(self) -> None:
        """Log in now (otherwise the first request does it)."""
        if self._token is None:
            await self._login(stale=None)

    async def test(self) -> bool:
        """True when the engine answers ``GET /`` with this login (the SDK's ``test``)."""
        try:
            await self.system_service().get()
        except ApiError:
            return False
        return True

    async def close(self, logout: bool = True) -> None:
        """Revoke our token (when ``logout``) and release the pooled connections."""
        if self._closed:
            return
        self._closed = True
        try:
            if logout and self._own_token and self._token is not None and self._client:
                with translate_errors(self._sso_revoke_url, self._ca_hint()):
                    await sso.revoke_token(self._client, self._sso_revoke_url, self._token)
        finally:
            self._token = None
            client, self._client = self._client, None
            if client is not None:
                with translate_errors(self._url, self._ca_hint()):
                    await client.aclose()

    # -- the request layer --------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[Exchange, bytes]:
        """Send one request and read the whole reply body."""
        exchange = await self._exchange(method, path, query, headers, body, stream=False)
        return exchange, exchange.response.content

    async def stream_collection(
        self,
        path: str,
        *,
        query: str = "",
        headers: Mapping[str, str] | None = None,
        batch_bytes: int = BATCH_BYTES,
    ) -> AsyncIterator[list[Any]]:
        """GET a collection and yield its records in batches as they are parsed.

        The body is never held whole: each chunk goes straight into the reader.
        """
        exchange = await self._exchange("GET", path, query, headers, None, stream=True)
        response = exchange.response
        try:
            with translate_errors(self._url, self._ca_hint()):
                if response.status_code != 200:
                    body = await response.aread()
                    raise self.error_for(exchange, body)
                self.check_xml(response)
                reader = IncrementalReader()
                pending: list[Any] = []
                fed = 0
                # Feed chunks as the socket delivers them (no re-chunking copies) but
                # hand out batches of about ``batch_bytes`` so the UI is not flooded.
                async for piece in decoded_pieces(response):
                    pending += reader.feed(piece)
                    fed += len(piece)
                    if fed >= batch_bytes and pending:
                        yield pending
                        pending, fed = [], 0
                result = reader.close()
                if pending:
                    yield pending
        finally:
            await response.aclose()
        if isinstance(result, list):
            if result:
                yield result
            return
        fault = fault_of(result)
        if fault is not None:
            raise fault_error(error_class(response.status_code), exchange, fault)
        raise ApiError(
            f"expected a collection from {path or '/'}, got {type(result).__name__}",
            code=response.status_code,
        )

    def check_xml(self, response: httpx.Response) -> None:
        """Raise a clear error when a reply is not XML (e.g. a proxy's HTML page)."""
        replies.check_xml(self._url, response)

    def error_for(self, exchange: Exchange, body: bytes) -> ApiError:
        """The exception for a failed reply: by status, with the engine's fault if any."""
        return replies.error_for(self._url, exchange, body)

    def fault_error(self, exchange: Exchange, fault: Any) -> ApiError:
        """Error for a fault inside an otherwise successful reply (e.g. 201 <action>)."""
        return fault_error(error_class(exchange.response.status_code), exchange, fault)

    # -- internals ----------------------------------------------------------------------

    def _ca_hint(self) -> str:
        return sso.engine_root(self._url) + _CA_URL

    def _ensure_client(self) -> httpx.AsyncClient:
        if self._closed:
            raise ConnectionError("the connection is closed")
        if self._client is None:
            widen_reads()
            self._client = httpx.AsyncClient(
                verify=tls_context(self._ca_file, self._insecure),
                timeout=httpx.Timeout(self._timeout),
                headers={"User-Agent": f"ovirt-console/{__version__}"},
                follow_redirects=False,
                event_hooks=requestlog.event_hooks(),  # --log-file: method, path, status, time, id
            )
        return self._client

    async def _login(self, stale: str | None) -> None:
        """Fetch a token; concurrent callers that saw the same stale token wait for one login."""
        async with self._login_lock:
            if self._token is not None and self._token != stale:
                return
            if self._username is None or self._password is None:
                raise AuthError(
                    "the token was refused and no password is known to renew it", code=401
                )
            client = self._ensure_client()
            with translate_errors(self._sso_url, self._ca_hint()):
                self._token = await sso.request_token(
                    client, self._sso_url, self._username, self._password.reveal()
                )
            self._own_token = True

    async def _exchange(
        self,
        method: str,
        path: str,
        query: str,
        headers: Mapping[str, str] | None,
        body: bytes | None,
        *,
        stream: bool,
    ) -> Exchange:
        method = method.upper()
        mutating = method not in _SAFE_METHODS
        if mutating and self._read_only:
            # Refused before any byte leaves, login included.
            raise ReadOnlyError(f"refused {method} {path or '/'}: the connection is read-only")
        client = self._ensure_client()
        if self._token is None:
            await self._login(stale=None)
        url = self._url + (f"/{path}" if path else "") + (f"?{query}" if query else "")
        # Ours, then the connection's, then the call's: later ones win, case-insensitively.
        check_ascii(headers or {})
        request_headers = httpx.Headers({"Version": "4", "Accept": "application/xml"})
        request_headers.update(self._headers)
        request_headers.update(headers or {})
        if body is not None and "Content-Type" not in request_headers:
            request_headers["Content-Type"] = "application/xml"
        correlation_id = None
        if mutating:
            correlation_id = correlation_id_for(request_headers, query)
            request_headers["Correlation-Id"] = correlation_id
        for attempt in (1, 2):
            token = self._token
            request_headers["Authorization"] = f"Bearer {token}"
            response = await self._send(client, method, url, request_headers, body, stream)
            if response.status_code != 401 or attempt == 2 or self._password is None:
                break
            # Expired token: log in again once and replay once (the SDK's rule).
            with translate_errors(url, self._ca_hint()):
                await response.aclose()
            await self._login(stale=token)
        return Exchange(response, correlation_id)

    async def _send(
        self,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        headers: httpx.Headers,
        body: bytes | None,
        stream: bool,
    ) -> httpx.Response:
        with translate_errors(url, self._ca_hint()):
            request = client.build_request(method, url, headers=headers, content=body)
            try:
                response = await client.send(request, stream=stream)
            except httpx.RemoteProtocolError as exc:
                requestlog.log_failure(request, exc)
                if method not in _SAFE_METHODS:
                    raise
                # A pooled keep-alive socket the server had closed: safe to retry a read once.
                request = client.build_request(method, url, headers=headers, content=body)
                try:
                    response = await client.send(request, stream=stream)
                except httpx.HTTPError as exc:
                    requestlog.log_failure(request, exc)
                    raise
            except httpx.HTTPError as exc:
                requestlog.log_failure(request, exc)
                raise
        return response
