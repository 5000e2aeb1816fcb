"""Run a costly follow-up (tree rebuild, re-render of counts) at most once per interval.

A streaming load sends ten batches a second; rebuilding the tree or re-rendering
every row's counts after each would cost the whole inventory per batch. The first
call runs at once (a single change shows without delay), later calls within the
interval fold into one run at its end, so the last state is always shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# later(delay, fn): run fn after delay seconds (0: as soon as the caller sees fit).
Later = Callable[[float, Callable[[], None]], object]


class Throttle:
    """``throttle()`` asks for ``action``; it runs now or at the end of the interval."""

    def __init__(self, action: Callable[[], None], every: float, later: Later, *,
                 clock: Callable[[], float] = time.monotonic, sync: bool = False) -> None:
        self._action = action
        self._every = every
        self._later = later
        self._clock = clock
        self._sync = sync  # run a leading call inline instead of through ``later(0, ...)``
        self._last = float("-inf")
        self._armed = False

    def __call__(self) -> None:
        if self._armed:
            return  # a run is already due and will see this change too
        wait = self._last + self._every - self._clock()
        if wait <= 0 and self._sync:
            self._fire()
            return
        self._armed = True
        self._later(max(0.0, wait), self._due)

    def now(self) -> None:
        """Run without waiting (one object changed, not a stream): shown at once."""
        if self._sync:
            self._fire()
        else:
            self._later(0.0, self._fire)

    @property
    def pending(self) -> bool:
        """A run is due (at the end of the interval)."""
        return self._armed

    def _due(self) -> None:
        self._armed = False
        self._fire()

    def _fire(self) -> None:
        self._last = self._clock()
        self._action()
