"""Clocks for the simulated engine.

Every timestamp the simulator produces comes from an injected clock, so tests
(ManualClock) and snapshots are deterministic and nothing ever sleeps.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["DEFAULT_START", "Clock", "ManualClock", "RealClock"]

# A fixed, recognisable instant for tests and seeded demos.
DEFAULT_START = datetime(2026, 1, 15, 9, 0, 0, tzinfo=UTC)


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class RealClock:
    """Wall-clock time, optionally running `speed` times faster (demos, benchmarks).

    The fast clock starts at the real current time and then runs ahead, so a
    demo with speed=10 shows a minute of engine life every six seconds.
    """

    __slots__ = ("_origin_mono", "_origin_wall", "speed")

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("clock speed must be positive")
        self.speed = speed
        self._origin_wall = datetime.now(UTC)
        # Monotonic so a wall-clock jump (NTP) cannot move engine time backwards.
        self._origin_mono = time.monotonic()

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._origin_mono) * self.speed
        return self._origin_wall + timedelta(seconds=elapsed)


class ManualClock:
    """A clock that only moves when told to; for tests and reproducible runs."""

    __slots__ = ("_now",)

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        """Move forward by `seconds` (never backwards) and return the new time."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._now += timedelta(seconds=seconds)
        return self._now

    def set(self, dt: datetime) -> None:
        """Jump to `dt`; it must not be before the current time."""
        if dt.tzinfo is None:
            raise ValueError("ManualClock needs timezone-aware datetimes")
        if dt < self._now:
            raise ValueError("a clock cannot go backwards")
        self._now = dt
