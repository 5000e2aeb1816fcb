"""Garbage-collector settings for a console holding tens of thousands of records.

Records are slotted and acyclic (reference counting frees them), yet every
allocation counts towards the collector's thresholds, and a collection pauses
every thread (it holds the GIL) for as long as it walks the objects of the
generations it collects. Two rules keep those pauses short:

- records leave the collector's sight as soon as they are in the inventory:
  after each batch the heap is frozen (``gc.freeze``, O(1)), so no collection
  ever walks the loaded records, young or old;
- the young generation stays small, so each young collection walks a few
  thousand objects (about a millisecond) instead of tens of thousands at once.

Dead cycles are collected before each freeze (a full collection, cheap because
everything older is frozen already), so none is frozen along with the records.
"""

from __future__ import annotations

import gc

THRESHOLDS = (2_000, 10, 10)

_tuned = False


def tune() -> None:
    """At start-up (not under a test harness): small young collections, freezes after batches."""
    global _tuned
    _tuned = True
    gc.set_threshold(*THRESHOLDS)


def after_batch() -> None:
    """A batch of long-lived objects was made (records in the inventory, a table's rendered
    cells): keep them out of every later collection.

    A no-op unless ``tune`` was called (a test process keeps the collector as it is).
    """
    if _tuned:
        settle()


def settle() -> None:
    """After a finished load: the loaded inventory is long-lived, stop rescanning it.

    Dead cycles are collected first, so none is frozen along with the records (a frozen
    cycle is never freed: frozen often, they made the heap grow under live polling).
    That is a full collection, yet it only walks what was made since the last freeze.
    """
    gc.collect()
    gc.freeze()
