"""The rolling inventory refresh against the simulator: ticks are driven by hand (no timers).

Requests are counted in the simulator's request log; removals happen in the engine
without the events tail running, so only the refresh itself can notice them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

from console.api.connection import Connection
from console.backend import fetch
from console.backend.details import NameIndex
from console.backend.login import log_in, quiet_close
from console.backend.messages import LoadProgress, RecordsLoaded, RecordUpdated
from console.backend.polling import Live
from console.backend.rolling import (
    PAGE_SIZE,
    PAGED_KINDS,
    REFRESH_ORDER,
    VERIFY_PER_TICK,
    RollingRefresh,
)
from tests.backend.conftest import Sim, start_sim
from tests.backend.test_session import settings_for

PAGE = 25  # small pages so 60 VMs make a cycle of three: 25 + 25 + 10


@asynccontextmanager
async def engine_session(vms: int) -> AsyncIterator[tuple[Sim, Connection]]:
    sim = start_sim(vms=vms)
    try:
        conn, _ = await log_in(settings_for(sim))
        try:
            yield sim, conn
        finally:
            await quiet_close(conn, logout=True)
    finally:
        sim.stop()


def api_requests(sim: Sim) -> list[dict[str, Any]]:
    return [r for r in sim.requests() if "/ovirt-engine/api" in r["path"]]


def vm_page_searches(requests: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(search, max) of each VM list request."""
    found = []
    for r in requests:
        if r["path"].endswith("/api/vms"):
            query = parse_qs(r["query"])
            found.append((query["search"][0], query["max"][0]))
    return found


def vm_gets(requests: list[dict[str, Any]]) -> list[str]:
    return [r["path"].rsplit("/", 1)[1] for r in requests if "/api/vms/" in r["path"] and r["method"] == "GET"]


def by_name(sim: Sim) -> list[Any]:
    return sorted(sim.engine.vms.values(), key=lambda vm: vm.name.lower())


def removals(posted: list[object], kind: str = "vms") -> list[str]:
    return [m.id for m in posted if isinstance(m, RecordUpdated) and m.kind == kind and m.record is None]


def removable(vms: list[Any]) -> Any:
    return next(vm for vm in vms if vm.status == "down" and not vm.delete_protected)


def remove_quietly(sim: Sim, vm: Any) -> None:
    """Remove a VM in the engine; no events tail runs, so only the refresh can notice."""
    engine = sim.engine
    engine.remove_vm(vm.id, False, "rolling-test")
    engine.clock.advance(engine.transition_seconds)
    engine.advance()
    assert vm.id not in engine.vms


async def seeded(conn: Connection, posted: list[object], page_size: int = PAGE) -> RollingRefresh:
    """A refresh that knows the VMs, as after the initial load."""
    rolling = RollingRefresh(posted.append, NameIndex(), page_size=page_size)
    rolling.loaded("vms", await fetch.list_records(conn, "vms"))
    return rolling


# -- requests per tick ---------------------------------------------------------------------


async def ticks_of(vms: int, ticks: int = 3) -> tuple[list[int], list[list[str]], list[object], Live, int]:
    async with engine_session(vms) as (sim, conn):
        posted: list[object] = []
        live = Live(conn=lambda: conn, post=posted.append, names=NameIndex(), explain=str,
                    spawn=lambda c, w: None, refresh=60)  # fmt: skip
        counts, shapes = [], []
        for _ in range(ticks):
            sim.reset_log()
            started = time.monotonic()
            delay = await live._poll_inventory()
            assert 60 - (time.monotonic() - started) <= delay < 60  # a fixed rate, start to start
            requests = api_requests(sim)
            counts.append(len(requests))
            shapes.append(sorted(f"{r['method']} {r['path']}" for r in requests))
        return counts, shapes, posted, live, len(sim.engine.data_centers)


async def test_requests_per_tick_are_the_same_for_100_and_5000_vms() -> None:
    small_counts, small_shapes, small_posted, small_live, dcs = await ticks_of(100)
    large_counts, large_shapes, large_posted, large_live, large_dcs = await ticks_of(5000)
    assert dcs == large_dcs
    # one list per kind, plus each data center's attached storage domains (their status)
    assert small_counts == large_counts == [len(REFRESH_ORDER) + dcs] * 3
    assert small_shapes == large_shapes
    # 100 VMs fit one page (a full list every tick); 5,000 VMs take the next page each tick
    assert small_live.rolling.next_page("vms") == 1 and small_live.rolling.cycles("vms") == 3
    assert large_live.rolling.next_page("vms") == 4 and large_live.rolling.cycles("vms") == 0
    # the work per tick is bounded: never more than a page of any kind
    for posted in (small_posted, large_posted):
        batches = [m for m in posted if isinstance(m, RecordsLoaded)]
        assert batches and max(len(m.records) for m in batches) <= PAGE_SIZE
        assert not [m for m in posted if isinstance(m, LoadProgress)]  # no load-progress noise
    large_vms = [m for m in large_posted if isinstance(m, RecordsLoaded) and m.kind == "vms"]
    assert [(len(m.records), m.replace, m.final) for m in large_vms] == [(PAGE_SIZE, False, True)] * 3
    small_vms = [m for m in small_posted if isinstance(m, RecordsLoaded) and m.kind == "vms"]
    assert [(len(m.records), m.replace, m.final) for m in small_vms] == [(100, True, True)] * 3


# -- pages ---------------------------------------------------------------------------------


async def test_pages_cycle_in_name_order_and_wrap_after_a_short_page() -> None:
    async with engine_session(60) as (sim, conn):
        posted: list[object] = []
        rolling = RollingRefresh(posted.append, NameIndex(), page_size=PAGE)
        sim.reset_log()
        for _ in range(4):
            await rolling.tick(conn)
        searches = vm_page_searches(api_requests(sim))
        assert searches == [(f"sortby name asc page {n}", str(PAGE)) for n in (1, 2, 3, 1)]
        assert rolling.next_page("vms") == 2 and rolling.cycles("vms") == 1
        pages = [m for m in posted if isinstance(m, RecordsLoaded) and m.kind == "vms"]
        assert [(len(m.records), m.replace, m.final) for m in pages] == [(25, False, True), (25, False, True),
                                                                          (10, False, True), (25, False, True)]
        names = [vm.name for m in pages[:3] for vm in m.records]
        assert names == [vm.name for vm in by_name(sim)]  # one cycle: every VM once, in order
        assert pages[3].records == pages[0].records  # wrapped to page 1
        # disks page in the engine's default order (alias, id); a kind within one page is a full list
        disk_searches = [parse_qs(r["query"])["search"][0] for r in api_requests(sim)
                         if r["path"].endswith("/api/disks")]  # fmt: skip
        assert disk_searches == ["page 1", "page 2", "page 3", "page 4"]
        hosts = [m for m in posted if isinstance(m, RecordsLoaded) and m.kind == "hosts"]
        assert len(hosts) == 4 and all(m.replace and m.final for m in hosts)
        assert {h.id for h in hosts[0].records} == set(sim.engine.hosts)
        assert not removals(posted) and not rolling.suspects()


async def test_removed_vm_disappears_after_one_cycle() -> None:
    async with engine_session(60) as (sim, conn):
        posted: list[object] = []
        rolling = await seeded(conn, posted)
        gone = removable(by_name(sim)[30:])
        remove_quietly(sim, gone)
        sim.reset_log()
        await rolling.tick(conn)
        await rolling.tick(conn)
        assert not removals(posted)  # not before the cycle is over
        await rolling.tick(conn)  # page 3 is short: the cycle ends, its misses are checked
        assert removals(posted) == [gone.id]
        assert vm_gets(api_requests(sim)) == [gone.id]  # one GET, answered 404
        assert rolling.cycles("vms") == 1 and not rolling.suspects()
        await rolling.tick(conn)
        assert removals(posted) == [gone.id]  # said once


async def test_vm_shifted_to_a_page_already_read_is_not_removed() -> None:
    async with engine_session(60) as (sim, conn):
        posted: list[object] = []
        rolling = await seeded(conn, posted)
        order = by_name(sim)
        await rolling.tick(conn)  # page 1 read
        # Removing a VM of page 1 moves every later VM one row up: the first VM of
        # page 2 is now the last of page 1, which this cycle has already read.
        shifted, gone = order[PAGE], removable(order[:PAGE])
        remove_quietly(sim, gone)
        sim.reset_log()
        await rolling.tick(conn)
        await rolling.tick(conn)  # the cycle ends: the shifted VM was missed, and checked
        assert vm_gets(api_requests(sim)) == [shifted.id]
        updated = [m for m in posted if isinstance(m, RecordUpdated) and m.id == shifted.id]
        assert len(updated) == 1 and updated[0].record is not None and updated[0].record.name == shifted.name
        # the removed VM was seen on page 1 of this cycle: the next whole cycle misses it
        assert not removals(posted) and not rolling.suspects()
        sim.reset_log()
        for _ in range(3):
            await rolling.tick(conn)
        assert removals(posted) == [gone.id]
        assert vm_gets(api_requests(sim)) == [gone.id]
        assert shifted.id not in removals(posted) and not rolling.suspects()


async def test_vm_renamed_to_a_page_already_read_is_not_removed() -> None:
    async with engine_session(60) as (sim, conn):
        posted: list[object] = []
        rolling = await seeded(conn, posted)
        await rolling.tick(conn)  # page 1 read
        renamed = by_name(sim)[-1]  # on page 3 until it sorts first
        with sim.engine.lock:
            renamed.name = "000-renamed"
        sim.reset_log()
        await rolling.tick(conn)
        await rolling.tick(conn)
        assert not removals(posted)
        assert vm_gets(api_requests(sim)) == [renamed.id]
        updated = [m for m in posted if isinstance(m, RecordUpdated) and m.id == renamed.id]
        assert [m.record.name for m in updated] == ["000-renamed"]
        # the next cycle reads it on page 1 under its new name
        await rolling.tick(conn)
        first = [m for m in posted if isinstance(m, RecordsLoaded) and m.kind == "vms"][-1]
        assert first.records[0].id == renamed.id and first.records[0].name == "000-renamed"


async def test_suspects_are_checked_a_few_per_tick() -> None:
    async with engine_session(60) as (sim, conn):
        posted: list[object] = []
        rolling = await seeded(conn, posted)
        ghosts = [f"00000000-0000-4000-8000-{n:012d}" for n in range(25)]
        rolling.loaded("vms", [SimpleNamespace(id=rid) for rid in ghosts])  # known, never in a page
        per_tick = []
        for _ in range(6):
            sim.reset_log()
            await rolling.tick(conn)
            per_tick.append(len(vm_gets(api_requests(sim))))
        assert per_tick == [0, 0, VERIFY_PER_TICK, VERIFY_PER_TICK, 5, 0]
        assert sorted(removals(posted)) == ghosts
        assert len(api_requests(sim)) == len(REFRESH_ORDER) + len(sim.engine.data_centers)


# -- events and races ----------------------------------------------------------------------


async def test_an_event_still_rereads_just_the_object_it_names() -> None:
    async with engine_session(60) as (sim, conn):
        posted: list[object] = []
        spawned: list[asyncio.Task[None]] = []
        live = Live(conn=lambda: conn, post=posted.append, names=NameIndex(), explain=str,
                    spawn=lambda c, work: spawned.append(asyncio.ensure_future(work())),
                    refresh=10, page_size=PAGE)  # fmt: skip
        await live._poll_events()  # the tail starts at the newest event
        vm = by_name(sim)[-1]  # on the last page: the refresh would reach it only later
        sim.engine.add_event(description="named", severity="normal", origin="test", custom_id=1,
                             refs={"vm_id": vm.id})  # fmt: skip
        sim.reset_log()
        await live._poll_events()
        await asyncio.gather(*spawned)
        assert vm_gets(api_requests(sim)) == [vm.id]  # one GET of that VM, no list
        assert not vm_page_searches(api_requests(sim))
        updates = [m for m in posted if isinstance(m, RecordUpdated)]
        assert [(m.kind, m.id, m.record.name) for m in updates] == [("vms", vm.id, vm.name)]


class PausedEngine:
    """A Connection stand-in whose VM page waits until the test lets it answer."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.answer = asyncio.Event()
        self.asked = asyncio.Event()

    async def stream_collection(self, path: str, *, query: str = ""):
        if path == "vms":
            self.asked.set()
            await self.answer.wait()
            yield [SimpleNamespace(id=rid, name=rid) for rid in self.ids]
        else:
            yield []


async def test_a_page_read_before_a_removal_does_not_bring_the_object_back() -> None:
    for page_size in (3, 10):  # a full page (upsert) and a short page 1 (a full list)
        engine = PausedEngine(["a", "b", "c"])
        posted: list[object] = []
        rolling = RollingRefresh(posted.append, NameIndex(), page_size=page_size)
        tick = asyncio.ensure_future(rolling.tick(engine))  # type: ignore[arg-type]
        await engine.asked.wait()
        # meanwhile an event's re-read found "b" gone
        removal = RecordUpdated("vms", "b", None)
        rolling.observe(removal)
        posted.append(removal)
        engine.answer.set()
        await tick
        page = next(m for m in posted if isinstance(m, RecordsLoaded) and m.kind == "vms")
        assert [r.id for r in page.records] == ["a", "c"]
        assert page.replace is (page_size == 10)


def test_paged_kinds_are_the_ones_that_grow_with_the_inventory() -> None:
    assert set(PAGED_KINDS) == {"hosts", "vms", "templates", "disks"}
    assert set(PAGED_KINDS) < set(REFRESH_ORDER)
    assert "events" not in REFRESH_ORDER and "jobs" not in REFRESH_ORDER


class OneDiskEngine:
    """A Connection stand-in with one disk (page 1 of size 1 full, page 2 empty)."""

    async def stream_collection(self, path: str, *, query: str = ""):
        first = path == "disks" and parse_qs(query)["search"][0] == "page 1"
        yield [SimpleNamespace(id="present", name="present")] if first else []


async def test_a_suspect_stays_while_the_engine_is_away_and_is_dropped_on_other_errors() -> None:
    from console.api.errors import ApiError
    from console.api.errors import ConnectionError as ApiConnectionError

    engine = OneDiskEngine()
    posted: list[object] = []
    rolling = RollingRefresh(posted.append, NameIndex(), page_size=1)
    rolling.loaded("disks", [SimpleNamespace(id=rid) for rid in ("present", "away", "refused")])
    failures = {"away": ApiConnectionError("engine unreachable"), "refused": ApiError("forbidden", code=403)}

    async def get(conn: Any, kind: str, rid: str) -> Any:
        raise failures[rid]

    rolling._get = get  # type: ignore[method-assign]
    await rolling.tick(engine)  # type: ignore[arg-type]  # page 1 of disks: full
    assert not rolling.suspects()
    raised: list[BaseException] = []
    try:
        await rolling.tick(engine)  # type: ignore[arg-type]  # page 2: empty, the cycle ends
    except ApiError as exc:
        raised.append(exc)
    assert raised  # the poller reports it (and backs off when the engine is away)
    # unreachable: still a suspect, settled once the engine answers; refused: dropped for now
    assert rolling.suspects() == [("disks", "away")]
    assert not removals(posted, "disks")
    assert rolling.cycles("disks") == 1


class StreamingEngine:
    """A Connection stand-in: the full list streams in three pauses of 10 ms; a page
    (full at size 3) answers after 15 ms, in the middle of that stream."""

    async def stream_collection(self, path: str, *, query: str = ""):
        if "page" in query:
            await asyncio.sleep(0.015)
            yield [SimpleNamespace(id=f"page-{n}", name=f"page-{n}") for n in range(3)]
            return
        for n in range(3):
            await asyncio.sleep(0.01)
            yield [SimpleNamespace(id=f"{path}-{n}", name=f"{path}-{n}")] * 600


async def test_a_page_never_interleaves_with_a_full_load_of_its_kind() -> None:
    """ctrl+r's full load and a page of the same kind: the UI must see one, then the other."""
    from console.backend.inventory import load_kind

    engine = StreamingEngine()
    posted: list[object] = []
    rolling = RollingRefresh(posted.append, NameIndex(), page_size=3)
    await asyncio.gather(
        load_kind(engine, "vms", posted.append, progress=False),  # type: ignore[arg-type]
        rolling._read_page(engine, "vms"),  # type: ignore[arg-type]
    )
    flags = [(m.replace, m.final, len(m.records)) for m in posted if isinstance(m, RecordsLoaded)]
    full_load = [(True, False, 600), (False, False, 600), (False, False, 600), (False, True, 0)]
    page = [(False, True, 3)]
    assert flags in (full_load + page, page + full_load)
