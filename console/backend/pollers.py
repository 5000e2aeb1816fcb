"""Pollers: one-shot timers re-armed when their work finishes, and the link's health.

A poll never overlaps the previous one: the next timer is armed only after the
work returns, so a slow engine answer delays the next poll instead of stacking
requests. While the engine is unreachable the delay backs off exponentially to
a cap; the first success restores the normal interval.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from console.api.errors import ApiError, AuthError
from console.api.errors import ConnectionError as ApiConnectionError
from console.api.errors import TimeoutError as ApiTimeoutError
from console.backend.messages import ConnectionState

__all__ = ["Health", "Poller", "is_link_failure"]

BACKOFF_START = 2.0
BACKOFF_CAP = 60.0


def is_link_failure(exc: BaseException) -> bool:
    """True when the engine (not the request) is the problem: unreachable, timing out, 5xx."""
    if isinstance(exc, (ApiConnectionError, ApiTimeoutError)):
        return True
    return (
        isinstance(exc, ApiError)
        and not isinstance(exc, AuthError)
        and (exc.code or 0) >= 500
    )


class Health:
    """Tracks whether the engine answers, posts ConnectionState on every change of heart."""

    def __init__(
        self,
        post: Callable[[object], None],
        *,
        start: float = BACKOFF_START,
        cap: float = BACKOFF_CAP,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._post = post
        self._start = start
        self._cap = cap
        self._wall = wall
        self.attempt = 0  # consecutive failures
        self.stale_since: float | None = None

    @property
    def down(self) -> bool:
        return self.attempt > 0

    def retry_delay(self) -> float:
        return min(self._cap, self._start * 2 ** max(0, self.attempt - 1))

    def failed(self, detail: str) -> float:
        """Record one failed probe; returns the delay before the next one."""
        self.attempt += 1
        if self.stale_since is None:
            self.stale_since = self._wall()
        delay = self.retry_delay()
        self._post(
            ConnectionState(
                "reconnecting", attempt=self.attempt, next_retry_in=delay,
                detail=detail, stale_since=self.stale_since,
            )
        )  # fmt: skip
        return delay

    def succeeded(self) -> bool:
        """Record a success; True when this ends an outage (the caller then catches up)."""
        if not self.down:
            return False
        self.attempt = 0
        self.stale_since = None
        self._post(ConnectionState("connected"))
        return True


class Poller:
    """Runs ``work`` every ``interval`` seconds, never two at once.

    ``work`` returns the delay before the next run, or None for ``interval``.
    Pausing cancels the armed timer (a poll already running finishes).
    """

    def __init__(
        self,
        name: str,
        interval: float,
        work: Callable[[], Awaitable[float | None]],
        *,
        on_error: Callable[[BaseException], float | None] | None = None,
    ) -> None:
        self.name = name
        self.interval = interval
        self.runs = 0
        self._work = work
        self._on_error = on_error
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._paused = False
        self._stopped = False
        self._poked = False  # asked for during a run: run again as soon as it ends

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def arm(self, delay: float | None = None) -> None:
        """Schedule the next run (replacing any armed timer)."""
        if self._stopped or self._paused:
            return
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(
            self.interval if delay is None else delay, self._fire
        )

    def poke(self) -> None:
        """Run now; during a run, again right after it (what it read may predate the poke)."""
        if self.running:
            self._poked = True
        else:
            self.arm(0)

    def _fire(self) -> None:
        self._timer = None
        if self._stopped or self._paused or self.running:
            return
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"poll-{self.name}"
        )

    async def _run(self) -> None:
        delay: float | None = None
        try:
            delay = await self._work()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a poller must survive anything
            delay = self._on_error(exc) if self._on_error else None
        finally:
            self.runs += 1
        if self._poked:
            self._poked, delay = False, 0
        self.arm(delay)

    def pause(self) -> None:
        self._paused = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def resume(self, delay: float | None = 0) -> None:
        self._paused = False
        if not self.running:
            self.arm(delay)

    def stop(self) -> None:
        self._stopped = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None:
            self._task.cancel()
