"""Thread and loop plumbing for Backend: the daemon loop, task spawning and error guarding.

Split out of session.py; ``Backend`` inherits these helpers and owns the state
they use (``_sink``, ``_loop``, ``_thread``, ``_tasks``, ``_loads``, ``_conn``...).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from console.api.connection import Connection
from console.api.errors import ApiError
from console.backend.diagnose import explain
from console.backend.messages import BackendError
from console.backend.pollers import is_link_failure
from console.backend.settings import EngineSettings

__all__ = ["TaskRunner"]

log = logging.getLogger("console.backend.session")


class TaskRunner:
    """The backend thread's loop and task plumbing, mixed into ``Backend``."""

    settings: EngineSettings
    _sink: Callable[[object], None]
    _loop: asyncio.AbstractEventLoop | None
    _thread: threading.Thread | None
    _conn: Connection | None
    _login_done: asyncio.Event
    _loads: set[asyncio.Task[Any]]
    _tasks: set[asyncio.Task[Any]]
    _stopped: bool

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        loop = asyncio.new_event_loop()
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(started.set)
            try:
                loop.run_forever()
            finally:
                # Let cancelled work unwind (briefly) so nothing is destroyed pending.
                tasks = asyncio.all_tasks(loop)
                for task in tasks:
                    task.cancel()
                if tasks:
                    loop.run_until_complete(asyncio.wait(tasks, timeout=0.2))
                loop.close()

        self._loop = loop
        self._thread = threading.Thread(
            target=run, name="ovirt-console-backend", daemon=True
        )
        self._thread.start()
        started.wait(timeout=2.0)

    def _post(self, message: object) -> None:
        try:
            self._sink(message)
        except Exception:
            log.exception("sink rejected %r", type(message).__name__)

    def _call_soon(self, fn: Callable[[], object]) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed() and not self._stopped:
            loop.call_soon_threadsafe(fn)

    def _spawn(
        self,
        context: str,
        work: Callable[[], Awaitable[None]],
        *,
        needs_login: bool = True,
        load: bool = False,
    ) -> None:
        if self._loop is None:
            self._post(BackendError(context, "not connected: call start() first"))
            return

        def create() -> None:
            task = asyncio.get_running_loop().create_task(
                self._guard(context, work, needs_login)
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            if load:
                self._loads.add(task)
                task.add_done_callback(self._loads.discard)

        self._call_soon(create)

    async def _guard(
        self, context: str, work: Callable[[], Awaitable[None]], needs_login: bool
    ) -> None:
        """Run one piece of work; any failure becomes a BackendError, never a dead loop."""
        try:
            if needs_login:
                await self._login_done.wait()
                if self._conn is None:
                    self._post(BackendError(context, "not connected to an engine"))
                    return
            await work()
        except asyncio.CancelledError:
            raise
        except ApiError as exc:
            self._post(BackendError(context, self._describe(exc)))
        except ValueError as exc:
            self._post(BackendError(context, str(exc)))
        except Exception as exc:
            log.exception("%s failed", context)
            self._post(BackendError(context, f"{type(exc).__name__}: {exc}"))

    def _require(self) -> Connection:
        if self._conn is None:
            raise ApiError("not connected to an engine")
        return self._conn

    def _describe(self, exc: ApiError) -> str:
        """The engine's own reason for a refused request; the fix for a broken link."""
        return self._explain(exc) if is_link_failure(exc) else exc.summary

    def _explain(self, exc: BaseException) -> str:
        s = self.settings
        return explain(exc, s.url, user=s.username, timeout=s.timeout)
