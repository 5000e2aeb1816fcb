"""Benchmark: requests the console makes, read from the simulator's request log.

    python -m tests.benchmarks.bench_requests [--vms 100 10000] [--window 40]

For each inventory size the console runs in a 200x50 pseudo-terminal against a fresh
simulator (own process, loopback). Counted from ``/ovirt-engine/simulator/requests``:

- the initial load: every API and SSO request from start until every kind has
  arrived. Target (issue 7): the same fixed number whatever the inventory size, no
  request per VM;
- steady state: requests during ``--window`` seconds of idle live polling after the
  load (no keys pressed), scaled to one minute, split into polls (inventory lists,
  events tail, jobs, watched statistics) and event-driven re-reads of single objects
  (these follow what the simulator's background life did, one happening per ~25 s).
  Target: polling the same for 100 and 10,000 VMs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from typing import Any

from tests.benchmarks.harness import Console, Simulator, emit, log

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
KINDS_LOADED = ("data_centers", "clusters", "hosts", "storage_domains", "networks", "vms", "templates", "disks",
                "events", "jobs")


def shape(entry: dict[str, Any]) -> str:
    """``GET /vms/{id}?...``: the request with ids and query values folded."""
    path = _UUID.sub("{id}", entry["path"].removeprefix("/ovirt-engine"))
    query = "&".join(sorted(part.split("=")[0] for part in entry["query"].split("&") if part))
    return f"{entry['method']} {path}" + (f"?{query}" if query else "")


def is_reread(entry: dict[str, Any]) -> bool:
    """One object read again because an event named it (or a search of a few by id)."""
    path = entry["path"]
    return path.count("/") >= 4 and bool(_UUID.search(path)) and not path.endswith("/storagedomains") \
        or "search=" in entry["query"] and "statistics" not in path


def measure(vms: int, window: float) -> dict[str, Any]:
    with Simulator(vms) as sim:
        sim.settle()
        sim.reset_log()
        with Console(sim.url) as console:
            for kind in KINDS_LOADED:
                console.wait_loaded(kind, 60 + vms / 200)
            time.sleep(0.5)  # let anything the first frames asked for (statistics) go out
            initial = sim.requests()
            sim.reset_log()
            started = time.monotonic()
            time.sleep(window)
            steady = sim.requests()
            elapsed = time.monotonic() - started
    polls = [e for e in steady if not is_reread(e)]
    rereads = [e for e in steady if is_reread(e)]
    return {
        "initial": len(initial),
        "initial_shapes": dict(sorted(Counter(shape(e) for e in initial).items())),
        "per_minute": round(len(steady) * 60 / elapsed, 1),
        "polls_per_minute": round(len(polls) * 60 / elapsed, 1),
        "rereads_per_minute": round(len(rereads) * 60 / elapsed, 1),
        "steady_shapes": dict(sorted(Counter(shape(e) for e in polls).items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, nargs=2, default=[100, 10_000])
    parser.add_argument("--window", type=float, default=40.0)
    args = parser.parse_args(argv)
    results = {}
    for vms in args.vms:
        results[vms] = measure(vms, args.window)
        log(f"requests {vms}: {results[vms]}")
        emit("requests", f"initial_{vms}", vms=vms, requests=results[vms]["initial"],
             shapes=results[vms]["initial_shapes"])
        emit("requests", f"steady_{vms}", vms=vms, per_minute=results[vms]["per_minute"],
             polls_per_minute=results[vms]["polls_per_minute"],
             rereads_per_minute=results[vms]["rereads_per_minute"], shapes=results[vms]["steady_shapes"])
    small, large = (results[v] for v in args.vms)
    initial_ok = small["initial"] == large["initial"] and small["initial_shapes"] == large["initial_shapes"]
    emit("requests", "initial_fixed", requests=[small["initial"], large["initial"]],
         target="same count and shapes for both sizes", ok=initial_ok)
    # Poll timers are the same for both sizes; the inventory refresh waits 5x as long as the
    # last one took, so a big inventory may poll it less often, never more.
    polls_ok = large["polls_per_minute"] <= small["polls_per_minute"] * 1.1
    emit("requests", "steady_polling", polls_per_minute=[small["polls_per_minute"], large["polls_per_minute"]],
         target=f"{args.vms[1]} VMs <= {args.vms[0]} VMs (+10% jitter)", ok=polls_ok)
    return 0 if initial_ok and polls_ok else 1


if __name__ == "__main__":
    sys.exit(main())
