"""Benchmark: what live monitoring costs over SSH, and how its polling scales.

    python -m tests.benchmarks.bench_live [--vms 100 10000] [--window 30]

The console runs as ``ovirt-console`` in a 200x50 pseudo-terminal (tests.benchmarks.probes)
against a simulator in its own process whose engine clock is frozen and whose
background life is off, so nothing changes unless the benchmark says so. Figures,
one JSON line each:

- ``idle_bytes_per_s``: bytes written to the terminal per second in steady state
  with nothing changing on the engine. Target 0 B/s.
- ``one_vm_bytes_per_s``: the same while one visible VM's CPU changes every second
  (the simulator reports a new value each second for that VM only). Target <= 2 KB/s.
- ``idle_tick_ui_cost``: for information, what the steady-state inventory ticks cost the
  UI in that window: the largest batch (records), its handling time, the longest stall.
- ``requests_per_minute``: HTTP requests in the idle window scaled to a minute, for
  each inventory size. Target: the same for 100 and 10,000 VMs. The window runs from
  the start of one inventory tick to the start of another (bench_requests.whole_ticks),
  so it holds whole ticks; ``inventory_per_tick`` must match exactly.

The simulator is this module run with ``--serve`` (an Engine on a ManualClock, life
off); SIGUSR1 makes its chosen VM's CPU move every second. It prints the API URL and
then that VM's id.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import time
import urllib.request
from typing import Any, Self

from tests.benchmarks.bench_requests import is_inventory, whole_ticks
from tests.benchmarks.harness import ROOT, Console, emit, log

SETTLE = 15.0  # seconds after the whole load before measuring: the first statistics tick (10 s), warm caches
KINDS_LOADED = ("data_centers", "clusters", "hosts", "storage_domains", "networks", "vms", "templates", "disks",
                "events", "jobs")


def serve(vms: int, seed: int) -> None:
    """The simulator side: frozen clock, no life; SIGUSR1 starts one VM's CPU moving."""
    from console.simulator import Engine, ManualClock, SimulatorServer, stats

    engine = Engine(seed=seed, vms=vms, clock=ManualClock(), life=False)
    # The VM table opens sorted by name: the first running VM by name is on screen.
    target = next(vm for vm in sorted(engine.vms.values(), key=lambda v: v.name) if vm.status == "up")
    moving = {"on": False}
    original = stats.vm_cpu_total

    def cpu_total(seed_: int, vm: Any, when: Any, n: Any = None) -> tuple[float, float]:
        if moving["on"] and vm.id == target.id:
            tick = int(time.monotonic())
            return float(10 + (tick * 37) % 80), 1.0  # a new value every wall-clock second
        return original(seed_, vm, when, n)

    stats.vm_cpu_total = cpu_total
    signal.signal(signal.SIGUSR1, lambda *_: moving.update(on=True))

    async def main() -> None:
        server = SimulatorServer(engine, port=0)
        url = await server.start()
        print(url, flush=True)
        print(target.id, flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


class LiveSimulator:
    def __init__(self, vms: int, seed: int = 7) -> None:
        self.vms, self.seed = vms, seed
        self.proc: subprocess.Popen[str] | None = None
        self.url = self.target = ""

    def __enter__(self) -> Self:
        cmd = [sys.executable, "-m", "tests.benchmarks.bench_live", "--serve", "--vms", str(self.vms),
               "--seed", str(self.seed)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        self.target = self.proc.stdout.readline().strip()
        if not self.url.startswith("http"):
            self.__exit__()
            raise RuntimeError(f"simulator did not start: {self.url!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def _hooks(self, path: str, data: bytes | None = None) -> Any:
        url = self.url.replace("/ovirt-engine/api", "/ovirt-engine/simulator") + path
        request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def requests(self) -> list[dict[str, Any]]:
        return self._hooks("/requests")

    def reset_log(self) -> None:
        self._hooks("/reset-log", b"")

    def start_moving(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGUSR1)


def bytes_per_second(console: Console, window: float) -> float:
    before = console.bytes_out
    started = time.monotonic()
    time.sleep(window)
    return (console.bytes_out - before) / (time.monotonic() - started)


def measure(vms: int, window: float) -> dict[str, float]:
    with LiveSimulator(vms) as sim, Console(sim.url) as console:
        for kind in KINDS_LOADED:  # the pollers start once every kind is in
            console.wait_loaded(kind, 60 + vms / 200)
        time.sleep(SETTLE)
        sim.reset_log()
        before, started = console.bytes_out, time.monotonic()
        steady, elapsed, ticks = whole_ticks(sim.requests, window)
        ended = time.monotonic()
        idle = (console.bytes_out - before) / (ended - started)
        requests = len(steady) * 60 / elapsed
        inventory = sum(1 for e in steady if is_inventory(e)) / ticks
        # What a steady-state tick costs the UI: handling its pages, and the longest loop stall.
        pages = [e for e in console.events("batch") if started <= e["t"] <= ended]
        page_ms = max((e["ms"] for e in pages), default=0.0)
        page_size = max((e["size"] for e in pages), default=0)
        stall_ms = max(console.stalls(started, ended), default=0.0)
        sim.start_moving()
        time.sleep(2.0)  # the first change reaches the screen
        moving = bytes_per_second(console, window)
    return {"idle": idle, "moving": moving, "requests": requests, "inventory_per_tick": inventory,
            "ticks": ticks, "page_ms": page_ms, "page_size": page_size, "stall_ms": stall_ms}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--window", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.vms[0], args.seed)
        return 0
    results = {}
    ok = True
    for vms in args.vms:
        result = results[vms] = measure(vms, args.window)
        log(f"live {vms}: {result}")
        idle_ok = result["idle"] == 0
        moving_ok = result["moving"] <= 2048
        ok = ok and idle_ok and moving_ok
        emit("live", f"idle_bytes_per_s_{vms}", vms=vms, value=round(result["idle"], 1), target="0 B/s", ok=idle_ok)
        emit("live", f"one_vm_bytes_per_s_{vms}", vms=vms, value=round(result["moving"], 1),
             target="<= 2048 B/s", ok=moving_ok)
        emit("live", f"requests_per_minute_{vms}", vms=vms, value=round(result["requests"], 1),
             inventory_per_tick=round(result["inventory_per_tick"], 2), ticks=result["ticks"])
        emit("live", f"idle_tick_ui_cost_{vms}", vms=vms, largest_batch=result["page_size"],
             batch_handling_max_ms=round(result["page_ms"], 1), max_stall_ms=round(result["stall_ms"], 1))
    if len(args.vms) >= 2:
        small, large = results[args.vms[0]], results[args.vms[-1]]
        # Whole inventory ticks in the window; the 3 s events tail and the other pollers may
        # fall one poll either side of its edges: that is the 10 % allowed.
        same = abs(large["requests"] - small["requests"]) <= small["requests"] * 0.1 \
            and large["inventory_per_tick"] == small["inventory_per_tick"]
        ok = ok and same
        emit("live", "requests_same_for_sizes", value=[round(small["requests"], 1), round(large["requests"], 1)],
             inventory_per_tick=[small["inventory_per_tick"], large["inventory_per_tick"]],
             target=f"{args.vms[-1]} VMs = {args.vms[0]} VMs (+-10% for poll phase; same per tick)", ok=same)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
