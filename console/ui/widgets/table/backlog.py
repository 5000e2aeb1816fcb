"""Big batches, applied a slice at a time between frames.

Comparing a re-read VM with the copy a row holds costs tens of microseconds (a deep
dataclass compare); a 750-VM batch of a reload done in one go would hold the UI
loop for tens of milliseconds. The table queues such a batch here and applies
``CHUNK`` records per loop turn, in arrival order; removals go with the last slice
of their batch. Whatever needs the table exact (a filter, a sort, a full snapshot)
drains the rest first.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from console.ui.render.common import get

CHUNK = 100  # records per slice: a few milliseconds of compares


class Backlog:
    """Batches waiting to be applied, oldest first."""

    def __init__(self) -> None:
        self._batches: deque[tuple[tuple[Any, ...], tuple[str, ...]]] = deque()

    def __bool__(self) -> bool:
        return bool(self._batches)

    def add(self, records: Any, removed: Any) -> None:
        self._batches.append((tuple(records), tuple(removed)))

    def next_slice(self, size: int = CHUNK) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        """The next ``size`` records (and, with the last slice of a batch, its removals)."""
        records, removed = self._batches[0]
        if len(records) > size:
            self._batches[0] = (records[size:], removed)
            return records[:size], ()
        self._batches.popleft()
        return records, removed

    def latest(self, ident: str, default: Any = None) -> Any:
        """The newest queued copy of ``ident`` (None if a queued batch removes it), else ``default``.

        A scan of what is queued (well under a millisecond), where draining it all to read
        one record would hold the UI loop for tens of milliseconds.
        """
        for records, removed in reversed(self._batches):
            if ident in removed:
                return None
            for record in reversed(records):
                if get(record, "id") == ident:
                    return record
        return default

    def take_all(self) -> list[tuple[tuple[Any, ...], tuple[str, ...]]]:
        batches = list(self._batches)
        self._batches.clear()
        return batches
