"""The engine session: one thread, one asyncio loop, one api Connection.

The UI calls the public methods from its own loop; they only schedule work on
the backend loop and return at once. Every network round trip and every XML
parse happens on the backend thread, and results leave only through ``sink``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from typing import Any

from console.api.connection import Connection
from console.api.errors import ApiError
from console.backend import explorer, fetch
from console.backend.actions import check as check_action
from console.backend.actions import run_all
from console.backend.audit import AuditLog
from console.backend.demo import DemoEngine, DemoStartError
from console.backend.details import NameIndex, load_tab
from console.backend.inventory import SPECS, load_kinds
from console.backend.live import reread
from console.backend.login import LOGOUT_TIMEOUT, LoginFailed, log_in, quiet_close
from console.backend.messages import (
    KINDS,
    BackendError,
    ConnectFailed,
    ConnectionState,
    DetailLoaded,
    PollingPaused,
    RawXmlLoaded,
    SearchResults,
)  # fmt: skip
from console.backend.polling import EVENTS_INTERVAL, Live
from console.backend.runner import TaskRunner
from console.backend.settings import DemoOptions, EngineSettings

__all__ = ["Backend"]


class Backend(TaskRunner):
    """Owns a daemon thread running its own asyncio loop with one console.api Connection.

    All network I/O and XML parsing happen there, never on the UI loop. Results go to
    ``sink`` (a thread-safe callable supplied by the UI; it receives
    console.backend.messages dataclasses). With ``demo`` (or ``settings.demo``) the
    backend first starts the simulated engine in its own process and logs in to it.
    """

    def __init__(
        self,
        settings: EngineSettings,
        sink: Callable[[object], None],
        *,
        demo: DemoOptions | None = None,
        events_interval: float = EVENTS_INTERVAL,
    ) -> None:
        self.settings = settings
        self._sink = sink
        self._demo_options = (
            demo if demo is not None else (DemoOptions() if settings.demo else None)
        )
        self._demo: DemoEngine | None = None
        self._events_interval = events_interval
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._conn: Connection | None = None
        self._login_done = asyncio.Event()
        self._names = NameIndex()
        self._loads: set[asyncio.Task[Any]] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._live = Live(
            conn=self._require, post=self._post, names=self._names, explain=self._explain,
            spawn=lambda context, work: self._spawn(context, work),
            refresh=settings.refresh, events_interval=events_interval,
        )  # fmt: skip
        self._stopped = False
        self._lock = threading.Lock()
        self._logging_in = False

    def __repr__(self) -> str:
        return (
            f"Backend(settings={self.settings!r}, connected={self._conn is not None})"
        )

    # -- public API (called from the UI thread) -------------------------------------------

    @property
    def connected(self) -> bool:
        return self._conn is not None

    @property
    def paused(self) -> bool:
        return self._live.paused

    def start(self) -> None:
        """Log in, then load the inventory; posts ConnectionState, Connected | ConnectFailed.

        After ConnectFailed the UI may fix ``settings`` (e.g. the password) and call
        ``start()`` again on the same Backend.
        """
        with self._lock:
            if self._stopped or self._conn is not None or self._logging_in:
                return
            self._logging_in = True
            self._ensure_thread()
        self._spawn("log in", self._login, needs_login=False)

    def refresh(self, kind: str | None = None) -> None:
        """Reload one kind (or every kind): LoadProgress and RecordsLoaded (replace=True first)."""
        kinds = _check_kinds(kind)
        self._spawn(f"refresh {kind or 'all'}", lambda: self._load(kinds), load=True)

    def load_detail(self, kind: str, id: str, tab: str) -> None:
        """Load one detail tab of one object: DetailLoaded."""
        _check_kinds(kind)

        async def work() -> None:
            records = await load_tab(self._require(), kind, id, tab, self._names)
            self._post(DetailLoaded(kind, id, tab, tuple(records)))

        self._spawn(f"load {tab} of {_singular(kind)}", work)

    def fetch_xml(self, kind: str, id: str) -> None:
        """Fetch the object's XML as the engine sent it: RawXmlLoaded."""
        _check_kinds(kind)

        async def work() -> None:
            body = await fetch.get_bytes(self._require(), f"{SPECS[kind].path}/{id}")
            self._post(RawXmlLoaded(kind, id, body.decode("utf-8", errors="replace")))

        self._spawn(f"show XML of {_singular(kind)}", work)

    def search(self, kind: str, query: str) -> None:
        """Run the engine's search language server-side: SearchResults or BackendError."""
        _check_kinds(kind)

        async def work() -> None:
            spec = SPECS[kind]
            params = {**spec.params, "search": query}
            records = await fetch.list_records(self._require(), spec.path, params)
            self._names.add(kind, records)
            self._post(SearchResults(kind, query, tuple(records)))

        self._spawn(f"search {kind}", work)

    def run_action(
        self,
        kind: str,
        ids: list[str] | tuple[str, ...],
        action: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        """Send ``action`` (see actions.ACTIONS) to each target: one ActionFinished per target.

        Each target is re-read at once (RecordUpdated) and the events and jobs pollers
        are poked, so the state change shows without waiting for a refresh.
        """
        spec = check_action(kind, action)
        targets = tuple(dict.fromkeys(ids))
        options = dict(params or {})

        async def work() -> None:
            conn = self._require()
            results = await run_all(conn, spec, targets, options, self._names, self._post)
            s = self.settings  # the audit line: who, where, what, how it ended (never the password)
            await asyncio.to_thread(AuditLog().append, results, user=s.username, engine=s.url, params=options)
            self._live.poke("events")
            self._live.poke("jobs")
            await reread(
                conn, self._live.post_observed, self._names, {(kind, rid) for rid in targets}
            )

        self._spawn(f"{spec.description.lower()} {_singular(kind)}", work)

    def explore(self, path: str, query: Mapping[str, str] | None = None) -> None:
        """GET any API path for the explorer (query: search, max, follow, all_content): ExplorerLoaded."""
        async def work() -> None:
            self._post(await explorer.explore(self._require(), path, query))

        self._spawn(f"explore {path.strip('/') or 'the API root'}", work)

    def invoke(self, path: str, verb: str, params: Mapping[str, str] | None = None) -> None:
        """POST an action built from an explorer form: ExplorerActionFinished."""
        async def work() -> None:
            options = dict(params or {})
            done = await explorer.invoke(self._require(), path, verb, options)
            self._post(done)
            s = self.settings  # audited like every other action (never the password)
            await asyncio.to_thread(AuditLog().append, [explorer.audit_record(done)], user=s.username, engine=s.url, params=options)
            self._live.poke("events")
            self._live.poke("jobs")

        self._spawn(f"{verb} {path.strip('/')}", work)

    def watch(self, kind: str, ids: list[str] | tuple[str, ...]) -> None:
        """Statistics of these rows (visible or selected) are read every refresh: StatisticsLoaded."""
        rows = tuple(ids)
        if kind not in self._live.stats.KINDS:  # refused on the caller's thread
            raise ValueError(
                f"statistics are watched for {', '.join(self._live.stats.KINDS)}, not {kind}"
            )

        def apply() -> None:  # on the backend loop: the poller iterates the watch list
            self._live.stats.set(kind, rows)
            self._live.poke("statistics")

        self._call_soon(apply)

    def set_paused(self, paused: bool) -> None:
        """Pause (or resume) every poller; posts PollingPaused."""

        def apply() -> None:
            self._live.set_paused(paused)
            self._post(PollingPaused(paused))

        self._call_soon(apply)

    def cancel_load(self) -> None:
        """Cancel a running inventory load (esc): LoadProgress(done=True, cancelled=True)."""
        self._call_soon(lambda: [task.cancel() for task in list(self._loads)])

    def stop(self) -> None:
        """Revoke the token and stop the thread; bounded (<= 2 s), safe to call twice."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        loop, thread = self._loop, self._thread
        if thread is not None and thread is threading.current_thread():
            # Called from a sink on our own thread: cannot wait for ourselves.
            assert loop is not None
            loop.create_task(self._shutdown()).add_done_callback(lambda _: loop.stop())
            return
        if loop is not None and thread is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            try:
                future.result(timeout=LOGOUT_TIMEOUT + 0.3)
            except BaseException:  # noqa: BLE001 - stopping must not fail
                future.cancel()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=0.3)
        if self._demo is not None:
            self._demo.stop(timeout=0.3)
        self._post(ConnectionState("closed"))

    # -- login, loads, polling (on the backend loop) --------------------------------------

    async def _login(self) -> None:
        self._login_done.clear()
        try:
            if self._demo_options is not None and self._demo is None:
                self._post(
                    ConnectionState("connecting", detail="starting the demo engine")
                )
                self._demo = DemoEngine(self._demo_options)
                demo = await asyncio.to_thread(self._demo.start)
                s = self.settings
                s.url, s.username, s.password, s.demo = (
                    demo.url,
                    demo.username,
                    demo.password,
                    True,
                )
            self._post(ConnectionState("connecting", detail=self.settings.url))
            conn, connected = await log_in(self.settings)
        except (LoginFailed, DemoStartError) as exc:
            self._post(ConnectFailed(str(exc)))
            self._post(ConnectionState("closed", detail=str(exc)))
            return
        finally:
            self._login_done.set()
            self._logging_in = False
        self._conn = conn
        self._post(connected)
        self._post(ConnectionState("connected"))
        # Its own task so esc (cancel_load) can stop it like any load.
        self._spawn("load inventory", self._initial_load, load=True)

    async def _initial_load(self) -> None:
        try:
            await self._load(KINDS)
        except asyncio.CancelledError:
            if self._stopped:
                raise
            # esc: keep what arrived; the rolling refresh fills in the rest page by page (ctrl+r: at once).
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
        except ApiError as exc:
            self._post(BackendError("load inventory", self._describe(exc)))
        if not self._stopped:
            self._live.start()

    async def _load(self, kinds: tuple[str, ...]) -> None:
        def seen(kind: str, batch: list[Any]) -> None:
            self._names.add(kind, batch)
            self._live.loaded(kind, batch)  # the rolling refresh's removal check
            if kind == "events":
                self._live.tail.seen(batch)

        await load_kinds(self._require(), kinds, self._post, on_batch=seen)

    async def _shutdown(self) -> None:
        self._live.stop()
        current = asyncio.current_task()
        for task in list(self._tasks):
            if task is not current:
                task.cancel()
        conn, self._conn = self._conn, None
        if conn is not None:
            # The demo engine dies with us: no token to protect there.
            await quiet_close(conn, logout=self._demo is None, timeout=LOGOUT_TIMEOUT)


def _check_kinds(kind: str | None) -> tuple[str, ...]:
    if kind is None:
        return KINDS
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
    return (kind,)


def _singular(kind: str) -> str:
    return {
        "vms": "VM",
        "data_centers": "data center",
        "storage_domains": "storage domain",
    }.get(kind, kind[:-1].replace("_", " "))
