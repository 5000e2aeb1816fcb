"""Garbage-collector settings for a console holding tens of thousands of records.

Records are slotted and acyclic (reference counting frees them), yet every
allocation counts towards the collector's thresholds, and a collection pauses
every thread (it holds the GIL) for as long as it walks the objects of the
generations it collects. Three rules keep those pauses short and the heap flat:

- a load's records leave the collector's sight as they arrive: after each batch
  the heap is frozen (``gc.freeze``, O(1)), so no collection walks the loaded
  records, and the young generation stays small (about a millisecond each);
- between loads the heap is frozen only once the unfrozen old objects reach
  ``FREEZE_AT`` (after a full collection of just those, ~10 ms). Freezing more
  often would cost memory: whatever is alive at a freeze and later dies in a
  reference cycle (Textual's strips, finished workers, dismissed toasts) is never
  collected again. A rolling refresh that froze after every page leaked ~250
  such objects a second;
- so a ``sweep`` (unfreeze, full collection, freeze: ~100 ms with 10,000 VMs,
  whose table cells the collector does not track) returns what earlier freezes
  kept, once a minute when the user has left the keyboard alone for ``IDLE_FOR``,
  and every ``SWEEP_AT_LATEST`` at a pause in the typing if never that idle.
"""

from __future__ import annotations

import gc

THRESHOLDS = (2_000, 10, 10)
FREEZE_AT = 25_000  # unfrozen old objects: a full collection of them stays ~10 ms
SWEEP_EVERY = 60.0  # seconds between sweeps, at the earliest
IDLE_FOR = 20.0  # seconds without a key or click before a sweep may run
SWEEP_AT_LATEST = 900.0  # even if the user never pauses that long...
PAUSED_FOR = 2.0  # ...but still not in the middle of typing
STREAM_QUIET = 5.0  # seconds since a load's last streamed batch: never sweep during a load

_tuned = False


def tune() -> None:
    """At start-up (not under a test harness): small young collections, freezes after batches."""
    global _tuned
    _tuned = True
    gc.set_threshold(*THRESHOLDS)


def after_batch() -> None:
    """A batch of a load in progress reached the inventory: keep it out of later collections.

    Cheap (a young collection and an O(1) freeze), as a batch arrives ten times a
    second; the few dead cycles an older generation may hold then are frozen too,
    until the next sweep. A no-op unless ``tune`` was called (a test process keeps
    the collector as it is).
    """
    if _tuned:
        gc.collect(0)
        gc.freeze()


def settle() -> None:
    """A load, a refresh page or a table's prepared cells landed: freeze once there is enough.

    Every dead cycle is collected first, so none is frozen with the live objects;
    the collection walks only what was made since the last freeze. A no-op unless
    ``tune`` was called.
    """
    if _tuned and unfrozen() >= FREEZE_AT:
        gc.collect()
        gc.freeze()


def unfrozen() -> int:
    """Objects a full collection would walk (generation 0 holds a few thousand at most)."""
    return len(gc.get_objects(1)) + len(gc.get_objects(2))


def sweep_due(now: float, last_sweep: float, last_input: float) -> bool:
    """Whether to sweep now: the user is away and it has been a while, or long enough."""
    since, quiet = now - last_sweep, now - last_input
    if since >= SWEEP_AT_LATEST:
        return quiet >= PAUSED_FOR
    return since >= SWEEP_EVERY and quiet >= IDLE_FOR


def sweep() -> int:
    """Collect everything, frozen included, then freeze what lives. Returns what was freed.

    A no-op (0) unless ``tune`` was called.
    """
    if not _tuned:
        return 0
    gc.unfreeze()
    freed = gc.collect()
    gc.freeze()
    return freed
