"""What the reader does to a thread beside it: its longest single C-level call and how
long a sibling thread (the console's UI thread) waits while it reads. Used by bench_api."""

from __future__ import annotations

import gc
import time
from typing import Any

from lxml import etree


def longest_calls(data: bytes, chunk: int) -> dict[str, float]:
    """Per step of the reader, its longest single call (ms) reading ``data`` in chunks.

    Steps: cutting runs (``MemberRuns.add``/``next_run``), collapsing link blocks
    (``Compactor.compact``) and lxml's parse of a run (``etree.fromstring``): each is one
    C-level call the interpreter cannot switch threads inside. Thread CPU time, so a
    busy machine's preemption does not count; GC is off (its pauses are not the reader's).
    """
    from console.api.reader import compact, incremental, segments

    longest: dict[str, float] = {}

    def timed(label: str, call: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return call(*args, **kwargs)
            finally:
                spent = (time.thread_time() - started) * 1e3
                longest[label] = max(longest.get(label, 0.0), spent)

        return run

    class Lxml:  # etree as the reader sees it, with its parse call timed
        fromstring = staticmethod(timed("parse", etree.fromstring))

        def __getattr__(self, name: str) -> Any:
            return getattr(etree, name)

    patches = [
        (compact.Compactor, "compact", timed("compact", compact.Compactor.compact)),
        (segments.MemberRuns, "add", timed("cut_add", segments.MemberRuns.add)),
        (segments.MemberRuns, "next_run", timed("cut_next_run", segments.MemberRuns.next_run)),
        (incremental, "etree", Lxml()),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    gc.disable()
    try:
        for owner, name, value in patches:
            setattr(owner, name, value)
        reader = incremental.IncrementalReader()
        count = 0
        for start in range(0, len(data), chunk):
            count += len(reader.feed(data[start : start + chunk]))
        count += len(reader.close())
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
        gc.enable()
    assert count == data.count(b"</vm>")
    return {label: round(ms, 2) for label, ms in sorted(longest.items())}


def sibling_stall(data: bytes, chunk: int = 1 << 16) -> dict[str, float]:
    """The reader on a background thread, as the console runs it: how long a sibling waits.

    The main thread wakes every millisecond (standing in for the UI's event loop)
    and keeps the records a batch at a time under the console's collector policy
    (small young generation, heap frozen after each batch). Reported: its longest
    and 99th-percentile gap between wake-ups (ms, wall clock: a busy machine's
    preemption counts too).
    """
    import threading

    from console.api.reader.incremental import IncrementalReader
    from console.ui.gc_policy import THRESHOLDS

    records: list = []
    done = threading.Event()

    def read() -> None:
        reader = IncrementalReader()
        for start in range(0, len(data), chunk):
            records.extend(reader.feed(data[start : start + chunk]))
        records.extend(reader.close())
        done.set()

    thresholds = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    gaps: list[float] = []
    try:
        worker = threading.Thread(target=read, name="reader")
        last = batch = time.perf_counter()
        worker.start()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
            if now - batch >= 0.1:  # a batch reaches the inventory: gc_policy.after_batch
                batch = now
                gc.collect(0)
                gc.freeze()
        worker.join()
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    assert len(records) == data.count(b"</vm>")
    gaps.sort()
    return {
        "max_gap_ms": round(gaps[-1] * 1e3, 1),
        "p99_gap_ms": round(gaps[int(len(gaps) * 0.99)] * 1e3, 1),
        "wakeups": len(gaps),
    }
