"""Backend against the real simulator over loopback HTTP: login, loads, tabs, XML, search, stop."""

from __future__ import annotations

import time

import pytest

from console.backend.messages import (
    KINDS,
    BackendError,
    Connected,
    ConnectFailed,
    ConnectionState,
    DetailLoaded,
    LoadProgress,
    RawXmlLoaded,
    RecordsLoaded,
    SearchResults,
)  # fmt: skip
from console.backend.settings import EngineSettings
from tests.backend.helpers import Collector


def settings_for(sim, **overrides) -> EngineSettings:
    values = {
        "url": sim.url,
        "username": "admin@internal",
        "password": "ovirt",
        "refresh": 3600.0,
    }
    values.update(overrides)
    return EngineSettings(**values)


def finals(sink: Collector) -> dict[str, int]:
    """Objects per kind over the completed full loads (replace..final)."""
    counts: dict[str, int] = {}
    for message in sink.of(RecordsLoaded):
        if message.replace:
            counts[message.kind] = 0
        if message.kind in counts:
            counts[message.kind] += len(message.records)
    return counts


def wait_initial_load(sink: Collector) -> None:
    for kind in KINDS:
        sink.wait_for(
            RecordsLoaded, lambda m, k=kind: m.kind == k and m.final, timeout=60
        )


def test_login_and_initial_load(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    connected = sink.wait_for(Connected)
    assert connected.url == sim.url
    assert connected.user == "admin@internal"
    assert connected.product and connected.version
    assert connected.read_only is False and connected.insecure is False
    assert sink.messages.index(sink.of(ConnectionState)[0]) < sink.messages.index(
        connected
    )
    assert sink.of(ConnectionState)[0].state == "connecting"
    wait_initial_load(sink)
    counts = finals(sink)
    engine = sim.engine
    assert counts["vms"] == len(engine.vms)
    assert counts["hosts"] == len(engine.hosts)
    assert counts["clusters"] == len(engine.clusters)
    assert counts["data_centers"] == len(engine.data_centers)
    assert counts["storage_domains"] == len(engine.storage_domains)
    assert counts["networks"] == len(engine.networks)
    assert counts["templates"] == len(engine.templates)
    assert counts["disks"] == len(engine.disks)
    assert counts["events"] == min(500, len(engine.visible_events()))
    # progress was reported and finished for every kind
    for kind in KINDS:
        assert any(p.kind == kind and p.done for p in sink.of(LoadProgress)), kind
    # small kinds arrive before VMs, VMs before templates/disks/events/jobs
    order = [m.kind for m in sink.of(RecordsLoaded) if m.final]
    assert max(
        order.index(k) for k in ("data_centers", "clusters", "hosts")
    ) < order.index("vms")
    assert order.index("vms") < min(
        order.index(k) for k in ("templates", "disks", "events", "jobs")
    )
    # events come oldest first, like a tail
    events = [
        e for m in sink.of(RecordsLoaded) if m.kind == "events" for e in m.records
    ]
    numbers = [int(e.id) for e in events]
    assert numbers == sorted(numbers)
    # attached storage domains carry their data-center status
    domains = [
        d
        for m in sink.of(RecordsLoaded)
        if m.kind == "storage_domains"
        for d in m.records
    ]
    assert domains and all(d.status for d in domains)
    # VM rows carry guest IPs for the table without a request per VM
    vms = [v for m in sink.of(RecordsLoaded) if m.kind == "vms" for v in m.records]
    assert any(getattr(v, "reported_devices", None) for v in vms if v.status == "up")


def test_wrong_password_is_one_line_with_the_fix(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim, password="wrong"))
    backend.start()
    failed = sink.wait_for(ConnectFailed)
    assert failed.message.startswith("Login as admin@internal failed: ")
    assert "check the user name" in failed.message and "password" in failed.message
    assert "\n" not in failed.message and "Traceback" not in failed.message
    assert not sink.of(Connected)
    assert sink.of(ConnectionState)[-1].state == "closed"


def test_retry_after_fixing_the_password(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim, password="wrong"))
    backend.start()
    sink.wait_for(ConnectFailed)
    backend.settings.password = "ovirt"
    backend.start()
    sink.wait_for(Connected)


def test_refused_port(backend_for, free_port) -> None:
    url = f"http://127.0.0.1:{free_port}/ovirt-engine/api"
    backend, sink = backend_for(EngineSettings(url=url, password="x"))
    backend.start()
    failed = sink.wait_for(ConnectFailed)
    assert failed.message.startswith(
        f"Connection refused by 127.0.0.1:{free_port}: check the URL and port"
    )


def test_missing_password_is_named(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim, password=None))
    backend.start()
    assert "no password" in sink.wait_for(ConnectFailed).message


@pytest.mark.parametrize(
    ("kind", "tabs"),
    [
        (
            "vms",
            (
                "general",
                "nics",
                "disk_attachments",
                "snapshots",
                "statistics",
                "events",
            ),
        ),
        ("hosts", ("general", "nics", "statistics", "vms", "events")),
        ("clusters", ("general", "hosts", "vms", "networks", "events")),
        (
            "data_centers",
            ("general", "clusters", "storage_domains", "networks", "events"),
        ),
        ("storage_domains", ("general", "disks", "events")),
        ("networks", ("general", "vnic_profiles")),
        ("templates", ("general", "nics", "disk_attachments", "events")),
        ("disks", ("general", "statistics")),
        ("jobs", ("general", "steps")),
        ("events", ("general",)),
    ],
)
def test_detail_tabs(sim, backend_for, kind, tabs) -> None:
    if kind == "jobs":  # a quiet engine has none: start a VM to make one
        down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
        sim.engine.vm_action(down.id, "start", {}, "backend-test")
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    wait_initial_load(sink)
    records = [r for m in sink.of(RecordsLoaded) if m.kind == kind for r in m.records]
    if kind == "vms":
        records = [r for r in records if r.status == "up"]  # guest IPs, statistics
    if kind == "storage_domains":
        records = [r for r in records if getattr(r, "type", None) == "data"] or records
    assert records, f"the simulator has no {kind}"
    target = records[0]
    for tab in tabs:
        backend.load_detail(kind, target.id, tab)
        loaded = sink.wait_for(
            DetailLoaded, lambda m, t=tab: m.id == target.id and m.tab == t
        )
        assert loaded.kind == kind
        if tab == "general":
            assert [r.id for r in loaded.records] == [target.id]
    assert not sink.of(BackendError), sink.of(BackendError)


def test_vm_tabs_carry_what_the_pane_shows(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    wait_initial_load(sink)
    vm = next(
        r
        for m in sink.of(RecordsLoaded)
        if m.kind == "vms"
        for r in m.records
        if r.status == "up"
    )
    for tab in ("nics", "disk_attachments", "statistics", "events"):
        backend.load_detail("vms", vm.id, tab)
    tabs = {
        t: sink.wait_for(
            DetailLoaded, lambda m, t=t: m.id == vm.id and m.tab == t
        ).records
        for t in ("nics", "disk_attachments", "statistics", "events")
    }
    ips = [
        ip.address
        for nic in tabs["nics"]
        for dev in (nic.reported_devices or ())
        for ip in (dev.ips or ())
    ]
    assert ips, "a running VM's NICs carry guest-reported IPs"
    assert all(
        att.disk is not None and att.disk.provisioned_size
        for att in tabs["disk_attachments"]
    )
    assert {s.name for s in tabs["statistics"]} >= {"cpu.current.total", "memory.used"}
    assert all(e.vm is not None and e.vm.id == vm.id for e in tabs["events"])


def test_unknown_tab_is_an_error_not_a_crash(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    sink.wait_for(Connected)
    backend.load_detail("vms", "x", "applications")
    error = sink.wait_for(BackendError)
    assert "no tab 'applications' for vms" in error.message


def test_detail_of_a_vanished_object(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    sink.wait_for(Connected)
    backend.load_detail("vms", "00000000-0000-0000-0000-00000000dead", "general")
    error = sink.wait_for(BackendError)
    assert error.context == "load general of VM" and "no longer exists" in error.message


def test_raw_xml_is_the_engines_bytes(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    wait_initial_load(sink)
    vm = sink.of(RecordsLoaded)[
        [m.kind for m in sink.of(RecordsLoaded)].index("vms")
    ].records[0]
    backend.fetch_xml("vms", vm.id)
    raw = sink.wait_for(RawXmlLoaded)
    assert raw.kind == "vms" and raw.id == vm.id
    assert raw.xml.startswith("<?xml")
    assert f'<vm href="/ovirt-engine/api/vms/{vm.id}" id="{vm.id}">' in raw.xml
    assert f"<name>{vm.name}</name>" in raw.xml


def test_server_side_search(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    sink.wait_for(Connected)
    backend.search("vms", "status=up sortby name desc")
    results = sink.wait_for(SearchResults)
    assert results.kind == "vms" and results.query == "status=up sortby name desc"
    expected = sorted(
        (v.name for v in sim.engine.vms.values() if v.status == "up"), reverse=True
    )
    assert [r.name for r in results.records] == expected


def test_bad_search_reports_the_engines_reason(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    sink.wait_for(Connected)
    backend.search("vms", "colour=blue")
    error = sink.wait_for(BackendError)
    assert error.context == "search vms"
    assert (
        "colour" in error.message
    )  # the engine's own fault detail, not a generic text
    assert not sink.of(SearchResults)


def test_stop_is_bounded_revokes_and_is_safe_twice(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    sink.wait_for(Connected)
    started = time.monotonic()
    backend.stop()
    assert time.monotonic() - started < 2.0
    backend.stop()
    assert sink.of(ConnectionState)[-1].state == "closed"
    assert any(r["path"].endswith("/sso-logout") for r in sim.requests())
    assert backend._thread is not None and not backend._thread.is_alive()


def test_stop_during_a_slow_load_is_bounded(slow_sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(slow_sim))
    backend.start()
    sink.wait_for(Connected, timeout=30)
    started = time.monotonic()
    backend.stop()
    assert time.monotonic() - started < 2.0


def test_cancel_load(slow_sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(slow_sim))
    backend.start()
    sink.wait_for(LoadProgress, lambda m: m.received == 0, timeout=30)
    backend.cancel_load()
    backend.refresh("vms")
    backend.cancel_load()
    cancelled = sink.wait_for(LoadProgress, lambda m: m.cancelled)
    assert cancelled.done


def test_caller_mistakes_are_refused_on_the_callers_thread(sim, backend_for) -> None:
    backend, _ = backend_for(settings_for(sim))
    with pytest.raises(ValueError, match="unknown kind 'pools'"):
        backend.refresh("pools")
    with pytest.raises(ValueError, match="statistics are watched for vms, hosts"):
        backend.watch("clusters", ["x"])


def test_start_twice_logs_in_once(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    backend.start()
    sink.wait_for(Connected)
    wait_initial_load(sink)
    tokens = [r for r in sim.requests() if r["path"].endswith("/sso/oauth/token")]
    assert len(tokens) == 1 and len(sink.of(Connected)) == 1


def test_scoped_tabs_hold_the_right_objects(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    wait_initial_load(sink)
    engine = sim.engine
    host = next(h for h in engine.hosts.values() if engine.host_vms.get(h.id))
    cluster = next(iter(engine.clusters.values()))
    dc = next(iter(engine.data_centers.values()))
    vm = next(v for v in engine.vms.values() if engine.snapshots.get(v.id))
    asks = [
        ("hosts", host.id, "vms"),
        ("clusters", cluster.id, "hosts"),
        ("clusters", cluster.id, "vms"),
        ("data_centers", dc.id, "storage_domains"),
        ("data_centers", dc.id, "clusters"),
        ("vms", vm.id, "snapshots"),
    ]
    for kind, rid, tab in asks:
        backend.load_detail(kind, rid, tab)
    got = {
        (k, t): sink.wait_for(
            DetailLoaded, lambda m, i=r, t=t: m.id == i and m.tab == t
        ).records
        for k, r, t in asks
    }
    running_here = {v.id for v in engine.vms.values() if v.host_id == host.id}
    assert {v.id for v in got[("hosts", "vms")]} == running_here
    assert {h.id for h in got[("clusters", "hosts")]} == {
        h.id for h in engine.hosts.values() if h.cluster_id == cluster.id
    }
    assert {v.id for v in got[("clusters", "vms")]} == {
        v.id for v in engine.vms.values() if v.cluster_id == cluster.id
    }
    assert {c.id for c in got[("data_centers", "clusters")]} == {
        c.id for c in engine.clusters.values() if c.data_center_id == dc.id
    }
    attached = got[("data_centers", "storage_domains")]
    assert attached and all(sd.status for sd in attached)  # status is per data center
    snapshots = got[("vms", "snapshots")]
    assert snapshots[0].snapshot_type == "active"  # "Active VM" comes first
