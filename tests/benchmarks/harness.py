"""Shared machinery of the console benchmarks (bench_tti, bench_responsiveness, ...).

- ``Simulator``: ``python -m console.simulator`` in its own process on loopback, with
  its request log (``/ovirt-engine/simulator/requests``).
- ``Console``: the real ``ovirt-console`` command in a pseudo-terminal (200x50 by
  default), started through this module (``python -m tests.benchmarks.harness``) so
  probes are installed inside the console process before it starts. The probes write
  JSON lines to a file the benchmark tails:

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
- ``emit``: one JSON line per figure, the format ``python -m tests.benchmarks`` tabulates.
"""

from __future__ import annotations

import fcntl
import functools
import json
import math
import os
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "admin@internal", "ovirt"
STALL_FLOOR_MS = 10.0  # lateness below this is the probe's own sleep jitter
PROBE_TICK = 0.005
STACK_AFTER = 0.2  # BENCH_STACKS=1: sample the UI thread's stack in stalls longer than this

KEYS = {  # what a terminal sends for these keys
    "down": "\x1b[B", "up": "\x1b[A", "pagedown": "\x1b[6~", "pageup": "\x1b[5~",
    "home": "\x1b[H", "end": "\x1b[F", "enter": "\r", "escape": "\x1b", "backspace": "\x7f",
    "ctrl+r": "\x12",
}


def emit(bench: str, name: str, *, target: Any = None, ok: bool | None = None, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"bench": bench, "name": name, **{k: _finite(v) for k, v in values.items()}}
    if target is not None:
        row["target"] = target
    if ok is not None:
        row["ok"] = bool(ok)
    print(json.dumps(row), flush=True)
    return row


def _finite(value: Any) -> Any:
    """Strict JSON: a figure that could not be measured (nan, inf) is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def median(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def percentile(values: Iterable[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- the simulated engine ------------------------------------------------------------------


class Simulator:
    """``python -m console.simulator`` on a free loopback port; ``with Simulator(10_000) as sim``."""

    def __init__(self, vms: int, *, seed: int = 7, speed: float = 1.0, timeout: float = 90.0) -> None:
        self.vms, self.seed, self.speed, self.timeout = vms, seed, speed, timeout
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.started_in = 0.0

    def __enter__(self) -> Self:
        started = time.monotonic()
        cmd = [sys.executable, "-m", "console.simulator", "--port", "0", "--vms", str(self.vms),
               "--seed", str(self.seed), "--speed", str(self.speed)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http"):
            self.stop()
            raise RuntimeError(f"simulator did not start: {self.url!r}")
        self.proc.stdout.readline()  # "user: ... password: ..."
        self.started_in = time.monotonic() - started
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    @property
    def hooks(self) -> str:
        return self.url.replace("/ovirt-engine/api", "/ovirt-engine/simulator")

    def requests(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(self.hooks + "/requests", timeout=30) as answer:
            return json.loads(answer.read())

    def reset_log(self) -> None:
        request = urllib.request.Request(self.hooks + "/reset-log", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, timeout: float = 60.0) -> float:
        """Wait until the simulator is idle (its background render of the inventory done)."""
        started = time.monotonic()
        last = self.cpu_seconds()
        while time.monotonic() - started < timeout:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - last < 0.05:
                break
            last = now
        return time.monotonic() - started

    def warm(self) -> float:
        """One full VM list, read and discarded: later lists come from the render cache.

        The simulator renders every VM once in the background after start; a benchmark
        of the console should not measure the simulator's first (cold) rendering.
        """
        started = time.monotonic()
        token_url = self.url.replace("/ovirt-engine/api", "/ovirt-engine/sso/oauth/token")
        form = f"grant_type=password&scope=ovirt-app-api&username={USER}&password={PASSWORD}".encode()
        request = urllib.request.Request(token_url, data=form, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            token = json.loads(answer.read())["access_token"]
        request = urllib.request.Request(self.url + "/vms?follow=reported_devices",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=300) as answer:
            while answer.read(1 << 20):
                pass
        self.reset_log()
        return time.monotonic() - started


# -- the console in a pseudo-terminal ------------------------------------------------------


class Console:
    """``ovirt-console --url SIM`` in a pty of ``size``, probes inside; ``with Console(url) as c``."""

    # The module run as the console; an experiment may point it at a wrapper that patches
    # a suspected bottleneck before calling console_main, to measure a fix before it is made.
    child_module = "tests.benchmarks.harness"

    def __init__(self, url: str, *, size: tuple[int, int] = (200, 50), args: Iterable[str] = (),
                 profile: str | None = None) -> None:
        self.url, self.size, self.args, self.profile = url, size, list(args), profile
        self.proc: subprocess.Popen[bytes] | None = None
        self.t_spawn = 0.0
        self.bytes_out = 0
        self._probe = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and removed by stop()
            "w+", prefix="console-probe-", suffix=".jsonl", delete=False)
        self._events: list[dict[str, Any]] = []
        self._probe_pos = 0
        self._master = -1
        self._reader: threading.Thread | None = None
        self.keys_sent: list[tuple[str, float]] = []
        self.tail = b""  # the last bytes the console wrote (a traceback, when it dies)

    def __enter__(self) -> Self:
        master, slave = os.openpty()
        cols, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "OVIRT_PASSWORD": PASSWORD,
               "TEXTUAL_ANIMATIONS": "none", "BENCH_PROBE_FILE": self._probe.name}
        env.pop("TEXTUAL", None)
        cmd = [sys.executable, "-m", self.child_module, "--url", self.url, "--user", USER, *self.args]
        if self.profile:
            env["BENCH_PROFILE"] = self.profile

        def controlling_tty() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     preexec_fn=controlling_tty,  # noqa: PLW1509 - two syscalls, no locks
                                     close_fds=True)
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        return self

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self._master, 1 << 16)
            except OSError:
                return
            if not data:
                return
            self.bytes_out += len(data)
            self.tail = (self.tail + data)[-4096:]

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            if self.profile:
                self.send("q")  # a clean exit writes the profile
                try:
                    self.proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    pass
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
        if self._master >= 0:
            try:
                os.close(self._master)
            except OSError:
                pass
            self._master = -1
        self._probe.close()
        Path(self._probe.name).unlink(missing_ok=True)

    # -- input ---------------------------------------------------------------------------
    def send(self, key: str) -> float:
        """Write one key (a name from KEYS or literal text); returns when it was written."""
        data = KEYS.get(key, key).encode()
        now = time.monotonic()
        os.write(self._master, data)
        self.keys_sent.append((key, now))
        return now

    # -- probe events ----------------------------------------------------------------------
    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        self._read_probe()
        return [e for e in self._events if kind is None or e["ev"] == kind]

    def _read_probe(self) -> None:
        with open(self._probe.name, encoding="utf-8") as handle:
            handle.seek(self._probe_pos)
            chunk = handle.read()
        complete = chunk[: chunk.rfind("\n") + 1]
        self._probe_pos += len(complete.encode())
        for line in complete.splitlines():
            if line.strip():
                self._events.append(json.loads(line))

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            events = self.events()
            for event in events[seen:]:
                if predicate(event):
                    return event
            seen = len(events)
            if self.proc is not None and self.proc.poll() is not None:
                last = self.tail.decode(errors="replace")[-1500:]
                raise RuntimeError(f"console exited with {self.proc.returncode}: {last}")
            if time.monotonic() > deadline:
                raise TimeoutError("the console did not get there in time")
            time.sleep(0.02)

    def wait_loaded(self, kind: str = "vms", timeout: float = 120.0) -> dict[str, Any]:
        return self.wait_for(lambda e: e["ev"] == "batch" and e["kind"] == kind and e["final"], timeout)

    def stalls(self, start: float, end: float) -> list[float]:
        """Loop stalls (ms) that ended inside [start, end]."""
        return [e["ms"] for e in self.events("stall") if start <= e["t"] <= end]

    def rss_mb(self) -> float:
        assert self.proc is not None
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def key_latencies(self, sent: list[float], what: str, timeout: float = 10.0) -> list[float]:
        """ms from each key written (``sent``) to the first frame after its effect ``what``.

        A key whose effect or frame did not come within ``timeout`` counts as infinite.
        Effects of one kind happen in key order, so the n-th ``what`` effect after the
        first key belongs to the n-th key.
        """
        deadline = time.monotonic() + timeout
        while True:
            effects = [e for e in self.events("effect") if e["what"] == what and e["t"] >= sent[0]]
            frames = [e["t"] for e in self.events("frame")]
            done = len(effects) >= len(sent) and frames and frames[-1] >= effects[len(sent) - 1]["t"]
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        latencies = []
        for n, t_key in enumerate(sent):
            effect = effects[n] if n < len(effects) else None
            frame = next((f for f in frames if f >= effect["t"]), None) if effect else None
            # No effect or no frame within the timeout: the key did not reach the screen.
            latencies.append((frame - t_key) * 1000 if frame is not None else float("inf"))
        return latencies


# -- inside the console process ------------------------------------------------------------


class _Probe:
    def __init__(self, path: str) -> None:
        self._file = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives with the process
        self.rows_drawn = False
        self.painted = False
        self.effects_pending = False

    def write(self, ev: str, **fields: Any) -> None:
        self._file.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")


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
