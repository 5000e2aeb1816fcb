"""Benchmark: requests the console makes, read from the simulator's request log.

    python -m tests.benchmarks.bench_requests [--vms 100 10000] [--window 40]

For each inventory size the console runs in a 200x50 pseudo-terminal against a fresh
simulator (own process, loopback). Counted from ``/ovirt-engine/simulator/requests``:

- the initial load: every API and SSO request from start until every kind has
  arrived. Target (issue 7): the same fixed number whatever the inventory size, no
  request per VM. The statistics of the rows on screen are the live statistics
  poller's, asked for once the first rows are painted (sooner or later than the last
  kind depending on the size): they are counted apart, as ``initial_statistics``;
- steady state: requests over whole inventory ticks spanning at least ``--window``
  seconds of idle live polling after the load (no keys pressed), scaled to one minute,
  split into polls (inventory lists and pages, events tail, jobs, watched statistics)
  and event-driven re-reads of single objects (these follow what the simulator's
  background life did, one happening per ~25 s). The window starts and ends at an
  inventory tick (its first request, ``GET /datacenters``), so it holds whole ticks
  and the 10 s refresh's phase does not make one size look busier than the other.
  Target: polling the same for 100 and 10,000 VMs, and the same requests per tick.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from tests.benchmarks.harness import Console, Simulator, emit, log

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PAGE = re.compile(r"(^|\s)page \d+$")
TICK_START = "/ovirt-engine/api/datacenters"
POLL_EVERY = 0.05  # seconds between reads of the request log while waiting for a tick
# What one inventory tick reads (console.backend.rolling): the small kinds whole, each
# data center's attached storage domains, one page of each large kind.
INVENTORY_PATHS = frozenset({
    "/api/datacenters", "/api/clusters", "/api/storagedomains", "/api/datacenters/{id}/storagedomains",
    "/api/networks", "/api/hosts", "/api/vms", "/api/templates", "/api/disks",
})
KINDS_LOADED = ("data_centers", "clusters", "hosts", "storage_domains", "networks", "vms", "templates", "disks",
                "events", "jobs")


def shape(entry: dict[str, Any]) -> str:
    """``GET /vms/{id}?...``: the request with ids and query values folded."""
    path = _UUID.sub("{id}", entry["path"].removeprefix("/ovirt-engine"))
    query = "&".join(sorted(part.split("=")[0] for part in entry["query"].split("&") if part))
    return f"{entry['method']} {path}" + (f"?{query}" if query else "")


def is_page(entry: dict[str, Any]) -> bool:
    """A page of the rolling inventory refresh (``search=... page N`` with ``max``)."""
    search = parse_qs(entry["query"]).get("search", [""])[0]
    return bool(_PAGE.search(search))


def is_statistics(entry: dict[str, Any]) -> bool:
    """A poll of the watched rows' statistics (a sub-collection, or follow=statistics)."""
    return "statistics" in entry["path"] or "statistics" in parse_qs(entry["query"]).get("follow", [""])[0]


def is_reread(entry: dict[str, Any]) -> bool:
    """One object read again because an event named it (or a search of a few by id)."""
    path = entry["path"]
    if is_page(entry) or is_statistics(entry):
        return False
    return path.count("/") >= 4 and bool(_UUID.search(path)) and not path.endswith("/storagedomains") \
        or "search=" in entry["query"]


def is_inventory(entry: dict[str, Any]) -> bool:
    """A request of the periodic inventory refresh: a whole small kind or one page."""
    path = _UUID.sub("{id}", entry["path"].removeprefix("/ovirt-engine"))
    search = "search=" in entry["query"]
    return entry["method"] == "GET" and path in INVENTORY_PATHS and (is_page(entry) or not search) \
        and not is_statistics(entry)


def is_tick_start(entry: dict[str, Any]) -> bool:
    """The first request of every inventory tick (data centers are read first)."""
    return entry["method"] == "GET" and entry["path"] == TICK_START


def whole_ticks(read_log: Callable[[], list[dict[str, Any]]], window: float,
                timeout: float = 120.0) -> tuple[list[dict[str, Any]], float, int]:
    """Requests from one inventory tick's start to the first tick start ``window`` s later.

    Returns (requests, wall seconds between the two starts, inventory ticks inside).
    The log is polled every POLL_EVERY s, so each edge is placed within that.
    """
    deadline = time.monotonic() + timeout + window
    known = sum(1 for e in read_log() if is_tick_start(e))
    first: int | None = None
    started = 0.0
    due: int | None = None  # tick starts seen when the window had elapsed
    while time.monotonic() < deadline:
        time.sleep(POLL_EVERY)
        now = time.monotonic()
        entries = read_log()
        starts = [i for i, e in enumerate(entries) if is_tick_start(e)]
        if first is None:
            if len(starts) > known:
                first, started = starts[known], now
            continue
        if now - started < window:
            continue
        if due is None:
            due = len(starts)
        elif len(starts) > due:
            span = entries[first:starts[due]]
            return span, now - started, sum(1 for e in span if is_tick_start(e))
    raise RuntimeError(f"no inventory tick boundary within {timeout + window:.0f} s")


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
            steady, elapsed, ticks = whole_ticks(sim.requests, window)
    statistics = [e for e in initial if is_statistics(e)]
    initial = [e for e in initial if not is_statistics(e)]
    polls = [e for e in steady if not is_reread(e)]
    rereads = [e for e in steady if is_reread(e)]
    inventory = [e for e in steady if is_inventory(e)]
    return {
        "initial": len(initial),
        "initial_statistics": len(statistics),
        "initial_shapes": dict(sorted(Counter(shape(e) for e in initial).items())),
        "seconds": round(elapsed, 1),
        "ticks": ticks,
        "per_minute": round(len(steady) * 60 / elapsed, 1),
        "polls_per_minute": round(len(polls) * 60 / elapsed, 1),
        "rereads_per_minute": round(len(rereads) * 60 / elapsed, 1),
        "inventory_per_tick": round(len(inventory) / ticks, 2),
        "inventory_tick_shapes": dict(sorted(Counter(shape(e) for e in inventory).items())),
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
             statistics=results[vms]["initial_statistics"], shapes=results[vms]["initial_shapes"])
        r = results[vms]
        emit("requests", f"steady_{vms}", vms=vms, per_minute=r["per_minute"],
             polls_per_minute=r["polls_per_minute"], rereads_per_minute=r["rereads_per_minute"],
             inventory_per_tick=r["inventory_per_tick"], ticks=r["ticks"], seconds=r["seconds"],
             shapes=r["steady_shapes"])
    small, large = (results[v] for v in args.vms)
    initial_ok = small["initial"] == large["initial"] and small["initial_shapes"] == large["initial_shapes"]
    emit("requests", "initial_fixed", requests=[small["initial"], large["initial"]],
         target="same count and shapes for both sizes", ok=initial_ok)
    # Every inventory tick makes the same requests whatever the size (one page per large kind).
    tick_ok = small["inventory_tick_shapes"] == large["inventory_tick_shapes"] \
        and small["inventory_per_tick"] == large["inventory_per_tick"]
    emit("requests", "inventory_per_tick", requests=[small["inventory_per_tick"], large["inventory_per_tick"]],
         shapes=large["inventory_tick_shapes"], target="the same for both sizes", ok=tick_ok)
    # The window holds whole inventory ticks; the faster pollers (events 3 s, jobs, statistics)
    # may fall one poll either side of its edges: that is the 10 % allowed.
    polls_ok = abs(large["polls_per_minute"] - small["polls_per_minute"]) <= small["polls_per_minute"] * 0.1
    emit("requests", "steady_polling", polls_per_minute=[small["polls_per_minute"], large["polls_per_minute"]],
         target=f"{args.vms[1]} VMs = {args.vms[0]} VMs (+-10% for poll phase)", ok=polls_ok)
    return 0 if initial_ok and tick_ok and polls_ok else 1


if __name__ == "__main__":
    sys.exit(main())
