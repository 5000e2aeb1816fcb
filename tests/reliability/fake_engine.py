"""A tiny engine that logs in properly and then answers what a test tells it to.

For bad-input tests: a proxy's HTML page, malformed or truncated XML, a corrupt gzip
body, unknown elements. Runs aiohttp on its own thread and loop, on loopback.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from aiohttp import web

ROOT_XML = (Path(__file__).parents[1] / "api" / "xml_examples" / "v4-real-api-root-4.1.xml").read_bytes()
XML = "application/xml;charset=UTF-8"


@dataclass
class Reply:
    body: bytes
    status: int = 200
    content_type: str = XML
    headers: dict[str, str] = field(default_factory=dict)
    truncate_to: int | None = None  # announce the whole length, send this many bytes, hang up


_ROOTS = {"datacenters": "data_centers", "storagedomains": "storage_domains"}


def empty_collection(path: str) -> Reply:
    root = path.rsplit("/", 1)[-1]
    root = _ROOTS.get(root, root)
    return Reply(f"<{root}/>".encode())


class FakeEngine:
    def __init__(self, answer: Callable[[str], Reply] = empty_collection) -> None:
        self.answer = answer
        self.seen: list[tuple[str, str]] = []
        self.root = Reply(ROOT_XML)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.url = ""

    def __enter__(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(5)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(2)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/ovirt-engine/sso/oauth/token", self._token)
        app.router.add_route("*", "/ovirt-engine/services/sso-logout", self._logout)
        app.router.add_route("*", "/ovirt-engine/api", self._api)
        app.router.add_route("*", "/ovirt-engine/api/{tail:.*}", self._api)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/ovirt-engine/api"

    async def _token(self, request: web.Request) -> web.Response:
        return web.json_response({"access_token": "fake-token", "token_type": "bearer", "expires_in": 3600})

    async def _logout(self, request: web.Request) -> web.Response:
        return web.json_response({})

    async def _api(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/ovirt-engine/api").strip("/")
        self.seen.append((request.method, path))
        reply = self.root if not path else self.answer(path)
        response = web.StreamResponse(status=reply.status, headers=reply.headers)
        response.content_type = reply.content_type.split(";")[0]
        response.content_length = len(reply.body)
        await response.prepare(request)
        if reply.truncate_to is not None:
            await response.write(reply.body[: reply.truncate_to])
            assert request.transport is not None
            request.transport.close()
            return response
        await response.write(reply.body)
        await response.write_eof()
        return response
