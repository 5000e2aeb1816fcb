"""The simulated engine on the wire: an aiohttp application on loopback.

``SimulatorServer`` serves, over one ``Engine``:
- SSO: ``/ovirt-engine/sso/oauth/token`` (+ ``token-http-auth``), ``/ovirt-engine/services/sso-logout``;
- the REST API under ``/ovirt-engine/api`` (and ``/api/v4``): GET/HEAD of the root, collections and
  entities (routes.tree), POST actions and adds, DELETE of VMs, snapshots and events;
- ``/ovirt-engine/services/pki-resource`` (the CA certificate, with ``tls=True``);
- the test hooks under ``/ovirt-engine/simulator/`` (hooks.py; not part of oVirt).
Every request first advances the engine to its clock's now. Verbs the engine advertises
but the simulator does not model (clone, export…) answer 400 ``Operation Failed`` saying so.
``run_in_thread`` runs a server on its own event loop for synchronous callers.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from .actionbody import BodyError
from .chaos import Chaos, Handled
from .engine import Engine
from .hooks import HOOKS_PREFIX, RequestLog, action_verb, add_hooks
from .lifecycle.faults import EngineFault
from .model import ADMIN_USER_ID
from .routes.actions import handle_delete, handle_post, handle_put
from .routes.api import BadParam, handle_get, params_of, resolve, split_path, unauthorized
from .routes.respond import SERVER_HEADER, empty_response, fault_response, html_error
from .search import SearchError
from .sso import DEFAULT_TOKEN_TTL, Sso, SsoError
from .tls import TlsMaterial, make_tls
from .xml.common import API
from .xml.context import RenderContext
from .xml.render import FollowError, render

__all__ = ["SimulatorServer", "ThreadedSimulator", "run_in_thread"]

log = logging.getLogger(__name__)
WARM_LIMIT = 20_000  # ~175 MB of XML: stay inside the render cache's budget
_CID_STRIP = re.compile(r"[^0-9a-zA-Z_-]")


def correlation_id(request: web.Request) -> str:
    """Protocol §3.2: keep [0-9a-zA-Z_-], at most 36 chars; header, then query, else a fresh UUID."""
    for raw in (request.headers.get("Correlation-Id"), request.query.get("correlation_id")):
        if raw:
            clean = _CID_STRIP.sub("", raw)[:36]
            if clean:
                return clean
    return str(uuid.uuid4())


CORRELATION_ID = web.RequestKey("correlation_id", str)
SESSION_ID = web.RequestKey("session_id", str)


_SECRETS = frozenset({"password", "token", "access_token"})


def _redacted(request: web.Request) -> str:
    """The query string for the request log, with credentials masked (never log passwords)."""
    if not any(key in _SECRETS for key in request.query):
        return request.query_string
    return urlencode([(k, "***" if k in _SECRETS else v) for k, v in request.query.items()])


class _Dropped(Exception):
    """Chaos closed the connection; nothing is sent."""


class SimulatorServer:
    def __init__(self, engine: Engine | None = None, *, host: str = "127.0.0.1", port: int = 0, tls: bool = False,
                 chaos: Chaos | None = None, username: str = "admin@internal", password: str = "ovirt",
                 token_ttl: float | None = None) -> None:
        self.engine = engine if engine is not None else Engine()
        self.host, self.port, self.tls = host, port, tls
        self.chaos = chaos if chaos is not None else Chaos()
        self.token_ttl = token_ttl
        self.request_log = RequestLog()
        self.user_id = ADMIN_USER_ID
        self.sso = Sso(username, password, now=lambda: self.engine.clock.now().timestamp(), ttl=self._ttl)
        self.url = ""
        self.ca_file: str | None = None
        self._tls: TlsMaterial | None = None
        self._runner: web.AppRunner | None = None
        self._warm_task: asyncio.Future[None] | None = None
        # Handlers still running: a client that hung up leaves its handler sleeping in chaos
        # latency, outside aiohttp's connection list, so stop() must cancel it itself.
        self._inflight: set[asyncio.Task[Any]] = set()

    def _ttl(self) -> float:
        return self.chaos.token_ttl or self.token_ttl or DEFAULT_TOKEN_TTL

    # -- lifecycle --------------------------------------------------------------------
    async def start(self) -> str:
        """Listen (on the same port again after a stop) and return the API URL."""
        if self._runner is not None:
            return self.url
        if self.tls and self._tls is None:
            self._tls = make_tls(self.host)
            self.ca_file = self._tls.ca_file
        runner = web.AppRunner(self._make_app(), access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, ssl_context=self._tls.context if self._tls else None,
                           reuse_address=True)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]
        if self._warm_task is None:
            self._warm_task = asyncio.get_running_loop().run_in_executor(None, self._warm)
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"{'https' if self.tls else 'http'}://{host}:{self.port}{API}"
        return self.url

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        orphans = [task for task in self._inflight if not task.done()]
        for task in orphans:
            task.cancel()
        await asyncio.gather(*orphans, return_exceptions=True)
        await asyncio.sleep(0)  # let their connection tasks see the cancellation and end
        if self._warm_task is not None and not self._warm_task.done():
            await self._warm_task  # stops at its next chunk once _runner is None

    def _warm(self) -> None:
        """Render every VM once in the background so the first big list is served from cache."""
        ctx = RenderContext(self.engine)
        with self.engine.lock:
            vms = list(self.engine.vms.values())[:WARM_LIMIT]
        for start in range(0, len(vms), 200):
            if self._runner is None:
                return
            with self.engine.lock:
                for vm in vms[start:start + 200]:
                    render("vm", vm, ctx, depth=1)
            time.sleep(0.002)  # locks are not fair: let waiting requests in between chunks

    # -- application --------------------------------------------------------------------
    def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/ovirt-engine/sso/oauth/token", self._sso_token)
        app.router.add_route("*", "/ovirt-engine/sso/oauth/token-http-auth", self._sso_token)
        app.router.add_route("*", "/ovirt-engine/services/sso-logout", self._sso_logout)
        app.router.add_get("/ovirt-engine/services/pki-resource", self._pki)
        app.router.add_route("*", "/ovirt-engine/api{tail:.*}", self._api)
        add_hooks(app, self)
        app.on_response_prepare.append(self._decorate)
        return app

    async def _decorate(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Server"] = SERVER_HEADER
        cid = request.get(CORRELATION_ID)
        if cid:
            response.headers["Correlation-Id"] = cid
        session = request.get(SESSION_ID)
        if session:
            # Written as a header: cookies set this late are not serialised by aiohttp.
            response.headers.add("Set-Cookie", f"JSESSIONID={session}; Path=/ovirt-engine/api; HttpOnly")
            response.headers["JSESSIONID"] = session

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith(HOOKS_PREFIX + "/"):
            return await handler(request)
        cid = request[CORRELATION_ID] = correlation_id(request)
        status = 0
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        try:
            delay = self.chaos.delay()
            if delay:
                await asyncio.sleep(delay)
            if self.chaos.should_drop():
                raise _Dropped
            # Resolved before the engine acts: a verb such as jobs/{id}/clear removes its target.
            aimed = self.chaos.drop_after_actions > 0 or self.chaos.drop_after_rate > 0
            verb = action_verb(self, request) if aimed else None
            if self.chaos.should_fail():
                response = self._chaos_failure(request)
            else:
                response = await handler(request)
            status = response.status  # what the engine did, even if the client never hears it
            handled = Handled(request.method, request.path, status, cid, verb if 200 <= status < 300 else None)
            if self.chaos.should_drop_after(handled):
                raise _Dropped  # the engine acted, the reply is lost: the client must read the state
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        except _Dropped:
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError from None
        finally:
            self.request_log.record(method=request.method, path=request.path, query=_redacted(request),
                                    status=status, correlation_id=cid, time=self.engine.clock.now())

    def _chaos_failure(self, request: web.Request) -> web.Response:
        status = self.chaos.failure_status()
        if status == 500:
            return fault_response(request, 500, "Operation Failed", None)
        title = "Proxy Error" if status == 502 else "Service Unavailable"
        return html_error(status, title)

    # -- SSO ------------------------------------------------------------------------------
    async def _sso_token(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.method == "POST" else {}
        form.update({k: v for k, v in request.query.items() if k not in form})
        if request.path.endswith("token-http-auth"):
            form.setdefault("grant_type", "urn:ovirt:params:oauth:grant-type:http")
        try:
            body = self.sso.issue({k: str(v) for k, v in form.items()}, request.headers.get("Accept"),
                                  request.headers.get("Authorization"))
        except SsoError as exc:
            return web.json_response(exc.body, status=400)
        self._log_login(str(form.get("username") or self.sso.username), request.remote or "127.0.0.1",
                        body["access_token"])
        return web.json_response(body)

    def _log_login(self, user: str, source_ip: str, token: str) -> None:
        """Audit event 30, as the engine logs every new session."""
        with self.engine.lock:
            self.engine.advance()
            self.engine.events_log.log(self.engine, "USER_VDC_LOGIN", by_user=True, UserName=f"{user}-authz",
                                       SourceIP=source_ip, SessionID=token[:16])

    async def _sso_logout(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.method == "POST" else dict(request.query)
        return web.json_response(self.sso.revoke(str(form.get("token") or "") or None))

    @property
    def ca_pem(self) -> bytes | None:
        """The CA the HTTPS certificate chains to (None over plain HTTP)."""
        return self._tls.ca_pem if self._tls is not None else None

    async def _pki(self, request: web.Request) -> web.Response:
        if self._tls is None or request.query.get("resource") != "ca-certificate":
            return empty_response(404)
        return web.Response(body=self._tls.ca_pem, content_type="application/x-x509-ca-cert")

    # -- API ------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        raw_path = request.rel_url.raw_path
        if raw_path != API and not raw_path.startswith(API + "/") and not raw_path.startswith(API + ";"):
            return empty_response(404)
        version = request.headers.get("Version")
        if version is not None and version.strip() != "4":
            return html_error(400, "Bad Request")
        if not self._authenticate(request):
            return unauthorized()
        segments, matrix = split_path(raw_path[len(API):])
        try:
            params = params_of(request, matrix)
            self.engine.advance()
            with self.engine.lock:
                target = resolve(self.engine, segments)
            if target is None:
                return empty_response(404)
            if request.method in ("GET", "HEAD"):
                return await handle_get(request, self, target, params)
            if request.method == "POST":
                return await handle_post(request, self, target, params, await request.read(),
                                         request[CORRELATION_ID])
            if request.method == "DELETE":
                return await handle_delete(request, self, target, params, request[CORRELATION_ID])
            if request.method == "PUT":
                return await handle_put(request, self, target, await request.read())
            return empty_response(405)
        except BodyError as exc:
            return fault_response(request, exc.status, exc.reason, exc.detail)
        except EngineFault as exc:
            if exc.status == 404 and request.method in ("GET", "HEAD"):
                return empty_response(404)
            return fault_response(request, exc.status, exc.reason, exc.detail)
        except (SearchError, FollowError) as exc:
            return fault_response(request, 400, "Operation Failed", f"[{exc}]")
        except BadParam as exc:
            return fault_response(request, 400, "Invalid value", str(exc))
        except (ConnectionError, asyncio.CancelledError):
            raise
        except Exception:  # a simulator bug: answer like the engine's mapping failure, keep serving
            log.exception("unexpected error serving %s %s", request.method, request.path)
            return fault_response(request, 500, "Operation Failed", None)

    def _authenticate(self, request: web.Request) -> bool:
        """Bearer or Basic on every request, or a JSESSIONID with ``Prefer: persistent-auth`` (§2.6)."""
        prefer = request.headers.get("Prefer", "").lower()
        persistent = "persistent-auth" in prefer
        authorization = request.headers.get("Authorization")
        session = request.cookies.get("JSESSIONID")
        if persistent and session and not authorization and "new-auth" not in prefer:
            if self.sso.authenticate(f"Bearer {session}") is not None:
                return True
        user = self.sso.authenticate(authorization)
        if user is None:
            return False
        if persistent:
            request[SESSION_ID] = self.sso.open_session(user)
        return True

class ThreadedSimulator:
    """A SimulatorServer on its own event loop in a daemon thread (for synchronous tests)."""

    def __init__(self, **kwargs: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.server: SimulatorServer | None = None
        self._thread = threading.Thread(target=self._run, args=(kwargs,), name="ovirt-simulator", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error

    def _run(self, kwargs: dict[str, Any]) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self.server = SimulatorServer(**kwargs)
            self._loop.run_until_complete(self.server.start())
        except BaseException as exc:  # report start-up failures to the caller's thread
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        # Whatever is still scheduled (an aiohttp handler task between stop() and here) is
        # cancelled and awaited, as asyncio.run does, so none is destroyed while pending.
        leftovers = [task for task in asyncio.all_tasks(self._loop) if not task.done()]
        for task in leftovers:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
        self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        self._loop.run_until_complete(self._loop.shutdown_default_executor())
        self._loop.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def engine(self) -> Engine:
        assert self.server is not None
        return self.server.engine

    @property
    def ca_file(self) -> str | None:
        return self.server.ca_file if self.server else None

    def stop(self) -> None:
        if self.server is None or not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> "ThreadedSimulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_in_thread(**kwargs: Any) -> ThreadedSimulator:
    """Start a SimulatorServer (same keyword arguments) in a background thread."""
    return ThreadedSimulator(**kwargs)


