"""State machines of the simulated engine and the timeline that drives them.

The timeline is a heap of (due time, sequence, callback): advancing the engine
pops only what is due, so cost is O(due items), never O(inventory).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

__all__ = ["Scheduled", "Timeline"]


class Scheduled:
    """Handle for a scheduled step; cancel() makes it a no-op when it comes due."""

    __slots__ = ("cancelled", "due", "fn")

    def __init__(self, due: datetime, fn: Callable[[], None]) -> None:
        self.due = due
        self.fn = fn
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Timeline:
    __slots__ = ("_heap", "_seq")

    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, Scheduled]] = []
        # Tie-breaker: steps due at the same instant run in scheduling order.
        self._seq = itertools.count()

    def __len__(self) -> int:
        return sum(1 for _, _, s in self._heap if not s.cancelled)

    def schedule(self, now: datetime, delay_seconds: float, fn: Callable[[], None]) -> Scheduled:
        item = Scheduled(now + timedelta(seconds=max(0.0, delay_seconds)), fn)
        heapq.heappush(self._heap, (item.due, next(self._seq), item))
        return item

    def next_due(self) -> datetime | None:
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def pop_due(self, until: datetime) -> Iterator[tuple[datetime, Callable[[], None]]]:
        """Yield due steps in order; steps scheduled while iterating are seen too."""
        heap = self._heap
        while heap and heap[0][0] <= until:
            due, _, item = heapq.heappop(heap)
            if not item.cancelled:
                yield due, item.fn
