"""The live session: the pollers of one engine connection and the link's health.

Four one-shot pollers (inventory, events tail, jobs, watched statistics). The
inventory poller's work is the rolling refresh (rolling.py): a fixed number of
requests and at most one page per large kind each tick, whatever the size. While
the engine is away only the inventory poller probes it, with back-off; the
first success posts "connected" and pokes the events tail, whose ``from=``
position survived the outage, so no event is lost or repeated.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from console.api.connection import Connection
from console.api.errors import ApiError
from console.backend.details import NameIndex
from console.backend.inventory import load_kind
from console.backend.live import EventsTail, StatisticsWatch, reread
from console.backend.messages import BackendError
from console.backend.pollers import Health, Poller, is_link_failure
from console.backend.rolling import PAGE_SIZE, RollingRefresh

__all__ = ["EVENTS_INTERVAL", "JOBS_INTERVAL", "Live"]

EVENTS_INTERVAL = 3.0  # seconds between events-tail polls
JOBS_INTERVAL = 5.0  # running jobs move faster than the inventory refresh
# The next inventory tick waits at least 5x as long as the last took. A tick's work is
# bounded (one page per large kind), so this only bites when the engine itself is slow.
BUSY_SHARE = 5.0

Post = Callable[[object], None]
Spawn = Callable[[str, Callable[[], Awaitable[None]]], None]


class Live:
    """Pollers and health of one session; every method runs on the backend loop."""

    def __init__(
        self,
        *,
        conn: Callable[[], Connection],
        post: Post,
        names: NameIndex,
        explain: Callable[[BaseException], str],
        spawn: Spawn,
        refresh: float,
        events_interval: float = EVENTS_INTERVAL,
        jobs_interval: float = JOBS_INTERVAL,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._conn = conn
        self._post = post
        self._names = names
        self._explain = explain
        self._spawn = spawn
        self.health = Health(post)
        self.rolling = RollingRefresh(post, names, page_size=page_size)
        self.tail = EventsTail(post, on_refs=self._on_event_refs)
        self.stats = StatisticsWatch(post)
        self.paused = False
        self._intervals = {
            "inventory": max(0.05, refresh),  # the CLI enforces >= 1 s; tests go faster
            "events": events_interval,
            "jobs": jobs_interval,
            "statistics": max(0.05, refresh),
        }
        self.pollers: dict[str, Poller] = {}

    def start(self) -> None:
        if self.pollers:
            return
        work = {
            "inventory": self._poll_inventory,
            "events": self._poll_events,
            "jobs": self._poll_jobs,
            "statistics": self._poll_statistics,
        }
        self.pollers = {
            name: Poller(name, self._intervals[name], fn, on_error=self._failed)
            for name, fn in work.items()
        }
        for poller in self.pollers.values():
            poller.pause() if self.paused else poller.arm()

    def stop(self) -> None:
        for poller in self.pollers.values():
            poller.stop()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        for poller in self.pollers.values():
            poller.pause() if paused else poller.resume()

    def loaded(self, kind: str, records: list[Any]) -> None:
        """A full load (initial, ctrl+r) brought these: the rolling refresh knows they exist."""
        self.rolling.loaded(kind, records)

    def post_observed(self, message: object) -> None:
        """Post a re-read's result, letting the rolling refresh see it on the way."""
        self.rolling.observe(message)
        self._post(message)

    def poke(self, name: str) -> None:
        poller = self.pollers.get(name)
        if poller is not None and not self.paused:
            poller.poke()

    # -- the work of each poller ----------------------------------------------------------

    def _failed(self, exc: BaseException) -> float | None:
        if is_link_failure(exc):
            return self.health.failed(self._explain(exc))
        message = (
            exc.summary if isinstance(exc, ApiError) else f"{type(exc).__name__}: {exc}"
        )
        self._post(BackendError("refresh", message))
        return None

    async def _poll_inventory(self) -> float | None:
        conn = self._conn()
        if self.health.down:
            await conn.system_service().get()  # a cheap probe before the full reload
        started = time.monotonic()
        await self.rolling.tick(conn)
        took = time.monotonic() - started
        if self.health.succeeded():
            self.poke("events")  # catch up on what happened meanwhile
            self.poke("jobs")
        # A fixed rate, start to start, so a tick that parses a full page costs no more
        # requests per minute than a short one. Rows stay fresh between pages through
        # the events tail's immediate re-reads.
        return max(self._intervals["inventory"], took * BUSY_SHARE) - took

    async def _poll_events(self) -> float | None:
        if self.health.down:
            return self.health.retry_delay()  # the inventory poller probes for us
        await self.tail.poll(self._conn())
        return None

    async def _poll_jobs(self) -> float | None:
        if self.health.down:
            return self.health.retry_delay()
        running = 0

        def count(batch: list[Any]) -> None:
            nonlocal running
            running += sum(
                1 for job in batch if getattr(job, "status", None) == "started"
            )

        await load_kind(
            self._conn(), "jobs", self._post, progress=False, on_batch=count
        )
        # The engine keeps finished jobs for hours and cannot filter them out by
        # search: poll fast only while something runs (actions poke this poller).
        return None if running else self._intervals["inventory"]

    async def _poll_statistics(self) -> float | None:
        if self.health.down or self.stats.empty:
            return None
        await self.stats.poll(self._conn())
        return None

    def _on_event_refs(self, refs: set[tuple[str, str]]) -> None:
        if refs:
            self._spawn(
                "refresh objects named by events",
                lambda: reread(self._conn(), self.post_observed, self._names, refs),
            )
