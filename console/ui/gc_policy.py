"""Garbage-collector settings for a console holding tens of thousands of records.

Records are slotted and acyclic (reference counting frees them), yet every
allocation counts towards the collector's thresholds: with the defaults a
10,000-VM reload triggers full collections that walk every live record, each a
stall of hundreds of milliseconds. So young collections run less often, and a
finished load moves what survived it out of the collector's sight (``gc.freeze``).
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 100)


def tune() -> None:
    """At start-up: fewer, cheaper collections while records stream in."""
    gc.set_threshold(*THRESHOLDS)


def settle() -> None:
    """After a finished load: the loaded inventory is long-lived, stop rescanning it.

    Young garbage is collected first so dead cycles are not frozen along with it.
    """
    gc.collect(0)
    gc.freeze()
