"""Parsing a collection's runs one ahead, in a worker thread.

lxml releases the GIL while libxml2 parses a document (``etree.fromstring``), so a
worker can parse run k+1 while the reader's own thread converts run k into records
and reads the network: on two cores the C parse (about 40% of reading a large
collection) leaves the critical path. Only the parse moves; records are built in
the caller's thread, so nothing else is shared.

Used past the first ``AFTER_BYTES`` of a collection: short replies are read in the
caller's thread, without any hand-off, and members come back from the very feed
that completes them.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from lxml import etree

AFTER_BYTES = 1 << 20
# Runs waiting beyond this many bytes make ``next`` wait for the worker: the reader
# never holds more than a few runs and their trees, however fast bytes arrive.
MAX_QUEUED = 1 << 20

# One run per reader is in flight at a time (runs must come back in order and a
# parser is not shared across threads); two workers let two readers overlap.
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="xml-runs")


def _parse(run: bytes, parser: Any) -> Any:
    try:
        return etree.fromstring(run, parser)
    except etree.XMLSyntaxError:
        return None  # not a document of its own: the caller decides why


class RunPipeline:
    """Runs in, parsed trees out, in order, one run parsed ahead in the worker."""

    __slots__ = ("_inflight", "_parser", "_queued", "_queued_bytes")

    def __init__(self, parser: Any) -> None:
        self._parser = parser
        self._queued: deque[bytes] = deque()
        self._queued_bytes = 0
        self._inflight: tuple[bytes, Future[Any]] | None = None

    def put(self, run: bytes) -> None:
        self._queued.append(run)
        self._queued_bytes += len(run)
        self._start()

    def next(self, wait: bool) -> tuple[bytes, Any] | None:
        """The next run and its tree (None if it did not parse); None when there is
        none ready (or, with ``wait``, none left)."""
        if self._inflight is None:
            return None
        run, future = self._inflight
        if not (wait or future.done() or self._queued_bytes > MAX_QUEUED):
            return None
        root = future.result()
        self._inflight = None
        if root is not None:
            self._start()
        else:
            self._queued.appendleft(run)  # kept for unparsed()
        return run, root

    def unparsed(self) -> list[bytes]:
        """Runs not yet handed out (after a failed one: it first), in order."""
        if self._inflight is not None:
            run, future = self._inflight
            future.result()  # the parser must be idle before anyone else uses it
            self._queued.appendleft(run)
            self._inflight = None
        runs = list(self._queued)
        self._queued.clear()
        self._queued_bytes = 0
        return runs

    def _start(self) -> None:
        if self._inflight is None and self._queued:
            run = self._queued.popleft()
            self._queued_bytes -= len(run)
            self._inflight = (run, _POOL.submit(_parse, run, self._parser))
