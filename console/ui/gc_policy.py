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

A finished load, a refresh page and the cells prepared in the background are
frozen after a full collection (short: everything older is frozen already), so
no dead cycle is frozen for good with them; a batch in the middle of a load only
after a young one (it must stay cheap).
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
    """A batch of a load in progress reached the inventory: keep it out of later collections.

    Cheap (a young collection and an O(1) freeze), as a batch arrives ten times a
    second; the few dead cycles an older generation may hold then are frozen too, a
    bounded amount per load. A no-op unless ``tune`` was called (a test process keeps
    the collector as it is).
    """
    if _tuned:
        gc.collect(0)
        gc.freeze()


def tidy() -> None:
    """Long-lived objects were made between batches (a table's prepared cells): ``settle``.

    A no-op unless ``tune`` was called.
    """
    if _tuned:
        settle()


def settle() -> None:
    """After a finished load (or refresh page): stop rescanning what it holds.

    Every dead cycle is collected first, so none is frozen for good with the records;
    the collection walks only what was made since the last freeze, so it stays short.
    """
    gc.collect()
    gc.freeze()
