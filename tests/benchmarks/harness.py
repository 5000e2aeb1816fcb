"""Shared machinery of the console benchmarks (bench_tti, bench_responsiveness, ...).

- ``Simulator``: ``python -m console.simulator`` in its own process on loopback, with
  its request log (``/ovirt-engine/simulator/requests``).
- ``Console``: the real ``ovirt-console`` command in a pseudo-terminal (200x50 by
  default), started through ``python -m tests.benchmarks.probes`` so probes are
  installed inside the console process before it starts (probes.py lists the JSON
  lines they write to a file the benchmark tails: ``start``, ``connected``, ``batch``,
  ``update``, ``painted``, ``stall``, ``effect``, ``frame``, ``gc``, ``stack``).

  Every time is ``time.monotonic()``, system-wide on Linux, so the benchmark compares
  them with its own timestamps (process spawn, key written to the terminal).
- ``emit``: one JSON line per figure, the format ``python -m tests.benchmarks`` tabulates.
"""

from __future__ import annotations

import fcntl
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

# What runs inside the console process, re-exported for experiments that import it from here.
from tests.benchmarks.probes import (
    PROBE_TICK,
    STACK_AFTER,
    STALL_FLOOR_MS,
    console_main,
    install_probes,
)

__all__ = [
    "KEYS", "PASSWORD", "PROBE_TICK", "ROOT", "STACK_AFTER", "STALL_FLOOR_MS", "USER", "Console",
    "Simulator", "console_main", "emit", "install_probes", "log", "median", "percentile",
]

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "admin@internal", "ovirt"

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
    child_module = "tests.benchmarks.probes"

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


if __name__ == "__main__":  # the console with probes, as launched before probes.py existed
    sys.exit(console_main(sys.argv[1:]))
