"""A scripted loopback engine for the api tests (the SDK test-suite's ``TestServer``).

aiohttp on 127.0.0.1, port 0, optionally TLS. It plays the engine's SSO endpoints
and answers API paths with whatever the test scripted, recording every request
(method, path, raw query string, headers, body) so tests can assert on the wire.
Unscripted API paths answer 404 with an empty body, as the engine does.
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

USER = "admin@internal"
PASSWORD = "vzhJgfyaDPHRhg"
TOKEN = "bvY7txV9ltmmRQ"
PREFIX = "/ovirt-engine"
API = PREFIX + "/api"
TOKEN_PATH = PREFIX + "/sso/oauth/token"
REVOKE_PATH = PREFIX + "/services/sso-logout"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str  # relative to /ovirt-engine/api for API calls, absolute otherwise
    query: str  # raw query string, exactly as sent
    headers: CIMultiDict[str]
    body: bytes

    @property
    def content(self) -> str:
        """Body with whitespace between tags collapsed (the SDK server's rule)."""
        return re.sub(r">\s+<", "><", self.body.decode("utf-8")).strip()

    @property
    def form(self) -> dict[str, str]:
        from urllib.parse import parse_qsl

        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))


@dataclass
class _Scripted:
    code: int
    body: bytes
    content_type: str
    headers: dict[str, str]
    delay: float


@dataclass
class EngineStub:
    """Start with ``await stub.start()``; script with ``set_xml_response``."""

    ssl_context: ssl.SSLContext | None = None
    requests: list[Recorded] = field(default_factory=list)
    valid_tokens: set[str] = field(default_factory=set)
    revoked: list[str] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)
    # Next SSO replies (status, JSON); when empty a fresh token is issued.
    sso_replies: list[tuple[int, Any]] = field(default_factory=list)
    revoke_reply: tuple[int, Any] = (200, {})
    _responses: dict[tuple[str | None, str], _Scripted | Handler] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    port: int = 0

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> EngineStub:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self.ssl_context)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def root(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.root + API

    # -- scripting ---------------------------------------------------------------------

    def set_xml_response(
        self,
        path: str,
        code: int,
        body: str | bytes = "",
        *,
        method: str | None = None,
        content_type: str = "application/xml;charset=UTF-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer ``path`` (relative to /ovirt-engine/api) with a canned reply."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._responses[(method, path)] = _Scripted(code, data, content_type, headers or {}, delay)

    def set_handler(self, path: str, handler: Handler, *, method: str | None = None) -> None:
        """Answer ``path`` with a custom aiohttp handler (streaming, dropping...)."""
        self._responses[(method, path)] = handler

    def expire_tokens(self) -> None:
        """Make every issued token invalid, as an engine session timeout does."""
        self.valid_tokens.clear()

    @property
    def api_requests(self) -> list[Recorded]:
        return [r for r in self.requests if not r.path.startswith("/")]

    @property
    def last_request(self) -> Recorded:
        return self.api_requests[-1]

    def sso_requests(self, path: str = TOKEN_PATH) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    # -- serving -----------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        path = request.path
        if path.startswith(API + "/") or path == API:
            path = path[len(API) + 1 :]
        self.requests.append(
            Recorded(
                request.method,
                path,
                request.raw_path.partition("?")[2],
                CIMultiDict(request.headers),
                body,
            )
        )
        if request.path == TOKEN_PATH:
            return self._token(request)
        if request.path == REVOKE_PATH:
            return self._revoke(body)
        if path.startswith("/"):
            return web.Response(status=404, text="<html>Not Found</html>", content_type="text/html")
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.valid_tokens:
            return web.Response(
                status=401,
                text="<html><body>Unauthorized</body></html>",
                content_type="text/html",
                headers={"WWW-Authenticate": 'Basic realm="RESTAPI"'},
            )
        scripted = self._responses.get((request.method, path)) or self._responses.get((None, path))
        cid = request.headers.get("Correlation-Id") or "generated-by-stub"
        if scripted is None:
            return web.Response(status=404, headers={"Correlation-Id": cid})
        if not isinstance(scripted, _Scripted):
            return await scripted(request)
        if scripted.delay:
            await asyncio.sleep(scripted.delay)
        headers = {"Correlation-Id": cid, **scripted.headers}
        if scripted.body:
            headers["Content-Type"] = scripted.content_type
        return web.Response(status=scripted.code, body=scripted.body, headers=headers)

    def _token(self, request: web.Request) -> web.Response:
        if self.sso_replies:
            status, payload = self.sso_replies.pop(0)
            return web.json_response(payload, status=status)
        token = TOKEN if not self.issued else f"{TOKEN}-{len(self.issued) + 1}"
        self.issued.append(token)
        self.valid_tokens.add(token)
        return web.json_response(
            {
                "access_token": token,
                "token_type": "bearer",
                "scope": "ovirt-app-api",
                "exp": "4102444800000",
            }
        )

    def _revoke(self, body: bytes) -> web.Response:
        from urllib.parse import parse_qs

        token = parse_qs(body.decode()).get("token", [""])[0]
        self.revoked.append(token)
        self.valid_tokens.discard(token)
        status, payload = self.revoke_reply
        return web.Response(
            status=status, text=json.dumps(payload), content_type="application/json"
        )
