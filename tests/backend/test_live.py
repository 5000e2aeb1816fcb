"""Request counts, the events tail, event-driven re-reads, refresh, pause, reconnect, demo."""

from __future__ import annotations

import threading
import time

from console.backend.messages import (
    KINDS,
    Connected,
    ConnectionState,
    PollingPaused,
    RecordsLoaded,
    RecordUpdated,
    StatisticsLoaded,
)  # fmt: skip
from console.backend.session import Backend
from console.backend.settings import DemoOptions, EngineSettings
from tests.backend.conftest import start_sim
from tests.backend.helpers import Collector
from tests.backend.test_session import settings_for, wait_initial_load


def api_requests(sim) -> list[dict]:
    return [r for r in sim.requests() if "/ovirt-engine/api" in r["path"]]


def initial_load_requests(vms: int) -> tuple[list[dict], int]:
    sim = start_sim(vms=vms)
    sink = Collector()
    backend = Backend(settings_for(sim), sink)
    try:
        backend.start()
        wait_initial_load(sink)
        backend.set_paused(True)  # nothing after the load: count only its requests
        sink.wait_for(PollingPaused)
        requests = api_requests(sim)
        vm_count = sum(
            len(m.records) for m in sink.of(RecordsLoaded) if m.kind == "vms"
        )
        return requests, vm_count
    finally:
        backend.stop()
        sim.stop()


def test_initial_load_request_count_is_fixed() -> None:
    small, small_vms = initial_load_requests(60)
    large, large_vms = initial_load_requests(600)
    assert (small_vms, large_vms) == (60, 600)
    shape = lambda reqs: sorted((r["method"], r["path"], r["query"]) for r in reqs)
    # GET / plus one list per kind, plus each data center's attached storage domains
    # (their status is per data center): nothing per VM.
    assert len(small) == len(large) == 1 + len(KINDS) + 2
    assert shape(small) == shape(large)
    assert all(r["status"] == 200 for r in small + large)


def test_events_tail_without_duplicates_and_rereads_named_objects(sim) -> None:
    sink = Collector()
    backend = Backend(settings_for(sim), sink, events_interval=0.05)
    try:
        backend.start()
        wait_initial_load(sink)
        vm = next(iter(sim.engine.vms.values()))
        host = next(iter(sim.engine.hosts.values()))
        added = [
            sim.engine.add_event(description=f"tail test {n}", severity="warning", origin="test",
                                 custom_id=1000 + n, refs={"vm_id": vm.id, "host_id": host.id})
            for n in range(3)
        ]  # fmt: skip
        wanted = {str(e.id) for e in added}
        tail = sink.wait_count(
            lambda m: (
                isinstance(m, RecordsLoaded) and m.kind == "events" and not m.replace
            ),
            1,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            tail = [
                m
                for m in sink.of(RecordsLoaded)
                if m.kind == "events" and not m.replace
            ]
            got = [e.id for m in tail for e in m.records]
            if wanted <= set(got):
                break
            time.sleep(0.02)
        all_events = [
            e.id
            for m in sink.of(RecordsLoaded)
            if m.kind == "events"
            for e in m.records
        ]
        assert len(all_events) == len(set(all_events)), "an event was delivered twice"
        assert [int(i) for i in got] == sorted(int(i) for i in got)  # oldest first
        assert wanted <= set(got)
        # the VM and host the events name were re-read at once (no full refresh)
        sink.wait_for(
            RecordUpdated,
            lambda m: m.kind == "vms" and m.id == vm.id and m.record is not None,
        )
        sink.wait_for(RecordUpdated, lambda m: m.kind == "hosts" and m.id == host.id)
        tail_queries = [
            r["query"]
            for r in api_requests(sim)
            if r["path"].endswith("/events") and "from=" in r["query"]
        ]
        assert tail_queries, "the tail reads with from=<last id>"
    finally:
        backend.stop()


def test_inventory_refresh_rearms_and_statistics_of_watched_rows(sim) -> None:
    sink = Collector()
    backend = Backend(settings_for(sim, refresh=0.2), sink)
    try:
        backend.start()
        wait_initial_load(sink)
        running = [v.id for v in sim.engine.vms.values() if v.status == "up"][:30]
        host = next(iter(sim.engine.hosts))
        sim.reset_log()
        backend.watch("vms", running)
        backend.watch("hosts", [host])
        for vm_id in running:
            stats = sink.wait_for(StatisticsLoaded, lambda m, i=vm_id: m.id == i)
            assert {s.name for s in stats.statistics} >= {
                "cpu.current.total",
                "memory.used",
            }
        host_stats = sink.wait_for(
            StatisticsLoaded, lambda m: m.kind == "hosts" and m.id == host
        )
        assert {s.name for s in host_stats.statistics} >= {
            "memory.total",
            "cpu.current.user",
        }
        # thirty visible VMs cost one request per tick, not thirty
        first_tick = [
            r
            for r in api_requests(sim)
            if "statistics" in r["query"] or r["path"].endswith("/statistics")
        ]
        assert len([r for r in first_tick if r["path"].endswith("/api/vms")]) >= 1
        assert not [
            r
            for r in api_requests(sim)
            if "/vms/" in r["path"] and r["path"].endswith("/statistics")
        ]
        # a background refresh replaces the VM list again, without progress noise
        before = len(
            [m for m in sink.of(RecordsLoaded) if m.kind == "vms" and m.replace]
        )
        sink.wait_count(
            lambda m: isinstance(m, RecordsLoaded) and m.kind == "vms" and m.replace,
            before + 1,
        )
        vm_lists = [r for r in api_requests(sim) if r["path"].endswith("/api/vms")]
        starts = [r["time"] for r in vm_lists]
        assert starts == sorted(starts)
    finally:
        backend.stop()


def test_pause_stops_requests(sim) -> None:
    sink = Collector()
    backend = Backend(settings_for(sim, refresh=0.05), sink, events_interval=0.05)
    try:
        backend.start()
        wait_initial_load(sink)
        backend.set_paused(True)
        assert sink.wait_for(PollingPaused).paused is True
        time.sleep(0.2)  # let a poll already in flight finish
        sim.reset_log()
        time.sleep(0.4)  # eight refresh intervals
        assert api_requests(sim) == []
        backend.set_paused(False)
        sink.wait_for(PollingPaused, lambda m: not m.paused)
        deadline = time.monotonic() + 5
        while not api_requests(sim) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert api_requests(sim), "polling resumed"
    finally:
        backend.stop()


def test_engine_away_then_back(free_port) -> None:
    from console.simulator.clock import ManualClock
    from console.simulator.engine import Engine
    from console.simulator.server import run_in_thread

    engine = Engine(seed=1, vms=20, clock=ManualClock(), life=False)
    threaded = run_in_thread(engine=engine, port=free_port)
    sink = Collector()
    backend = Backend(
        EngineSettings(url=threaded.url, password="ovirt", refresh=0.1, timeout=2),
        sink,
        events_interval=0.1,
    )
    try:
        backend.start()
        wait_initial_load(sink)
        threaded.stop()
        away = sink.wait_for(ConnectionState, lambda m: m.state == "reconnecting")
        assert away.attempt == 1 and away.next_retry_in and away.stale_since
        assert away.detail.startswith(f"Connection refused by 127.0.0.1:{free_port}")
        # the engine logs events while the console cannot see it
        missed = [
            engine.add_event(
                description=f"while away {n}",
                severity="alert",
                origin="test",
                custom_id=n,
            )
            for n in range(3)
        ]
        back = run_in_thread(engine=engine, port=free_port)
        try:
            seen = len(sink.of(ConnectionState))
            states = sink.wait_count(
                lambda m: isinstance(m, ConnectionState), seen + 1, timeout=30
            )
            deadline = time.monotonic() + 30
            while states[-1].state != "connected" and time.monotonic() < deadline:
                time.sleep(0.05)
                states = sink.of(ConnectionState)
            assert states[-1] == ConnectionState("connected")
            # attempts count up while away, and the back-off grows
            away_states = [s for s in states if s.state == "reconnecting"]
            assert [s.attempt for s in away_states] == list(
                range(1, len(away_states) + 1)
            )
            # no gap: the tail resumes from its last id and brings what was missed, once
            wanted = {str(e.id) for e in missed}
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                ids = [
                    e.id
                    for m in sink.of(RecordsLoaded)
                    if m.kind == "events"
                    for e in m.records
                ]
                if wanted <= set(ids):
                    break
                time.sleep(0.05)
            assert wanted <= set(ids)
            assert len(ids) == len(set(ids))
        finally:
            backend.stop()
            back.stop()
    finally:
        backend.stop()
        threaded.stop()


def test_demo_backend_runs_the_simulator_in_its_own_process_and_stops_it() -> None:
    sink = Collector()
    backend = Backend(
        EngineSettings(url="", demo=True, refresh=3600),
        sink,
        demo=DemoOptions(vms=30, seed=3),
    )
    backend.start()
    try:
        connected = sink.wait_for(Connected, timeout=60)
        assert (
            connected.url.startswith("http://127.0.0.1:")
            and connected.user == "admin@internal"
        )
        demo = backend._demo
        assert demo is not None and demo.running
        assert demo.pid != threading.get_native_id()
        wait_initial_load(sink)
        assert (
            sum(len(m.records) for m in sink.of(RecordsLoaded) if m.kind == "vms") == 30
        )
    finally:
        started = time.monotonic()
        backend.stop()
        assert time.monotonic() - started < 2.0
    assert not demo.running
