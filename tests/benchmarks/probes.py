"""Probes installed inside the console process (run by ``harness.Console`` in a pty).

``python -m tests.benchmarks.probes --url ...`` is the ``ovirt-console`` command with a
few console methods wrapped to time what the user sees; the console code is unchanged.
The probes write JSON lines to ``BENCH_PROBE_FILE``, which the benchmark tails:

  ``start``        the console's Python is running (imports not yet done)
  ``connected``    the backend reported Connected
  ``batch``        a RecordsLoaded reached the UI (kind, size, final, handling ms)
  ``update``       a RecordUpdated (one object re-read) reached the UI (kind, handling ms)
  ``painted``      the first frame holding VM rows was written to the terminal
  ``stall``        the UI event loop did not run for ``ms`` (a loop-lag probe task
                   sleeping 5 ms at a time; every lateness >= STALL_FLOOR_MS is written);
                   ``cpu_ms`` is the CPU the UI thread used meanwhile
  ``effect``       a key's effect happened (cursor moved, filter/sort applied, detail
                   mounted): ``what`` names it
  ``frame``        the first frame written to the terminal after an effect
  ``gc``           a garbage collection of ``ms`` >= STALL_FLOOR_MS (generation, thread)
  ``stack``        (only with BENCH_STACKS=1) the UI thread's stack during a long stall

Every time is ``time.monotonic()``, system-wide on Linux, so the benchmark compares
them with its own timestamps (process spawn, key written to the terminal).
"""

from __future__ import annotations

import atexit
import collections
import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FLUSH_EVERY = 0.01  # seconds between writes of the queued events to the probe file
STALL_FLOOR_MS = 10.0  # lateness below this is the probe's own sleep jitter
PROBE_TICK = 0.005
STACK_AFTER = 0.2  # BENCH_STACKS=1: sample the UI thread's stack in stalls longer than this


class _Probe:
    """Events are timestamped on the UI thread and written to the file by a thread of their own.

    A write on the UI thread is a system call, which gives up the GIL: while the engine
    thread parses a page, taking it back can cost a whole switch interval (5 ms) per
    event, a cost the console itself never pays (Textual writes frames from its own
    writer thread). Events reach the file within FLUSH_EVERY.
    """

    def __init__(self, path: str) -> None:
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - lives with the process
        self._queue: collections.deque[str] = collections.deque()
        self.rows_drawn = False
        self.painted = False
        self.effects_pending = False
        threading.Thread(target=self._writer, name="probe-writer", daemon=True).start()
        atexit.register(self.flush)

    def write(self, ev: str, **fields: Any) -> None:
        self._queue.append(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")

    def flush(self) -> None:
        lines = []
        while self._queue:
            lines.append(self._queue.popleft())
        if lines:
            self._file.write("".join(lines))
            self._file.flush()

    def _writer(self) -> None:
        while True:
            time.sleep(FLUSH_EVERY)
            self.flush()


def install_probes(path: str) -> _Probe:
    """Wrap a few console methods to time what the user sees; the console code is unchanged."""
    import asyncio

    from console.backend import messages as m
    from console.ui.app import OvirtConsole
    from console.ui.screens.main import MainScreen
    from console.ui.widgets.detail.detail_pane import DetailPane
    from console.ui.widgets.table.resource_table import ResourceTable

    probe = _Probe(path)
    probe.write("start")

    def wrap(cls: type, name: str, after: Callable[..., None], *, before: bool = False) -> None:
        original = getattr(cls, name)

        @functools.wraps(original)  # keeps the signature: Textual counts a handler's parameters
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if before:
                after(self, *args, **kwargs)
            result = original(self, *args, **kwargs)
            if not before:
                after(self, *args, **kwargs)
            return result

        setattr(cls, name, wrapper)

    # Backend messages: when each batch reaches the UI and how long handling it took.
    original_message = OvirtConsole.on_backend_message

    def on_backend_message(self: Any, message: Any) -> None:
        started = time.monotonic()
        original_message(self, message)
        payload = message.payload
        if isinstance(payload, m.RecordsLoaded):
            probe.write("batch", kind=payload.kind, size=len(payload.records), final=payload.final,
                        replace=payload.replace, ms=round((time.monotonic() - started) * 1000, 2))
        elif isinstance(payload, m.RecordUpdated):
            probe.write("update", kind=payload.kind, ms=round((time.monotonic() - started) * 1000, 2))
        elif isinstance(payload, m.Connected):
            probe.write("connected")

    OvirtConsole.on_backend_message = on_backend_message  # type: ignore[method-assign]

    # A VM row drawn by the table, then the frame holding it written out.
    original_line = ResourceTable.render_line

    def render_line(self: Any, y: int) -> Any:
        strip = original_line(self, y)
        if not probe.rows_drawn and self.kind == "vms" and y >= 1 and self.scroll_offset.y + y - 1 < len(
                self.model.order):
            probe.rows_drawn = True
        return strip

    ResourceTable.render_line = render_line  # type: ignore[method-assign]

    original_display = OvirtConsole._display

    def display(self: Any, screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None:
            return
        if probe.rows_drawn and not probe.painted:
            probe.painted = True
            probe.write("painted", rows=len(self.inventory.records("vms")))
        if probe.effects_pending:
            probe.effects_pending = False
            probe.write("frame")

    OvirtConsole._display = display  # type: ignore[method-assign]

    def effect(what: str) -> Callable[..., None]:
        def record(self: Any, *args: Any, **kwargs: Any) -> None:
            probe.effects_pending = True
            probe.write("effect", what=what)

        return record

    wrap(ResourceTable, "_move", effect("cursor"))
    wrap(ResourceTable, "set_filter", effect("filter"))
    wrap(ResourceTable, "sort_by", effect("sort"))
    wrap(DetailPane, "on_mount", effect("detail"))
    if hasattr(DetailPane, "show_object"):  # a pane kept from the last enter, shown again
        wrap(DetailPane, "show_object", effect("detail"))
    original_close = MainScreen.close_detail

    @functools.wraps(original_close)
    def close_detail(self: Any) -> bool:
        closed = original_close(self)
        if closed:  # open_detail closes first too, usually with nothing open
            effect("close")(self)
        return closed

    MainScreen.close_detail = close_detail  # type: ignore[method-assign]

    # The loop-lag probe: a task that sleeps PROBE_TICK and reports how late it woke.
    beat = [time.monotonic()]

    async def lag_probe() -> None:
        loop = asyncio.get_running_loop()
        if os.environ.get("BENCH_STACKS"):
            main = threading.main_thread().ident
            threading.Thread(target=stack_sampler, args=(main,), daemon=True).start()
        while True:
            beat[0] = time.monotonic()
            before, cpu = loop.time(), time.thread_time()
            await asyncio.sleep(PROBE_TICK)
            late = (loop.time() - before - PROBE_TICK) * 1000
            if late >= STALL_FLOOR_MS:
                # cpu_ms well below ms: the UI thread was waiting (GIL, other processes), not working.
                probe.write("stall", ms=round(late, 1), cpu_ms=round((time.thread_time() - cpu) * 1000, 1))

    def stack_sampler(main: int | None) -> None:
        """BENCH_STACKS=1: while the UI loop is stalled past STACK_AFTER, record where it is."""
        import traceback

        while True:
            time.sleep(0.05)
            stalled = time.monotonic() - beat[0]
            frame = sys._current_frames().get(main) if stalled > STACK_AFTER else None
            if frame is not None:
                stack = [f"{s.filename.rsplit('/', 3)[-1]}:{s.lineno} {s.name}"
                         for s in traceback.extract_stack(frame)[-14:]]
                probe.write("stack", stalled_ms=round(stalled * 1000), stack=stack)
                time.sleep(0.2)

    # Garbage collections long enough to matter (they hold the GIL: every thread waits).
    import gc

    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            gc_started[0] = time.monotonic()
            return
        took = (time.monotonic() - gc_started[0]) * 1000
        if took >= STALL_FLOOR_MS:
            probe.write("gc", generation=info.get("generation"), ms=round(took, 1),
                        thread=threading.current_thread().name)

    gc.callbacks.append(on_gc)

    original_mount = OvirtConsole.on_mount

    def on_mount(self: Any) -> None:
        original_mount(self)
        self._bench_lag_probe = asyncio.get_running_loop().create_task(lag_probe())

    OvirtConsole.on_mount = on_mount  # type: ignore[method-assign]
    return probe


def console_main(argv: list[str]) -> int:
    """The ``ovirt-console`` command with probes (run by ``Console`` in the pty)."""
    probe_file = os.environ["BENCH_PROBE_FILE"]
    profile_out = os.environ.get("BENCH_PROFILE")
    install_probes(probe_file)
    from console.cli import main

    if not profile_out:
        return main(argv)
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001, async_mode="disabled")
    profiler.start()
    try:
        return main(argv)
    finally:
        profiler.stop()
        Path(profile_out).write_text(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    sys.exit(console_main(sys.argv[1:]))
