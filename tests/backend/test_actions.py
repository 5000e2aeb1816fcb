"""The action runner against the simulator: results, engine refusals, read-only, correlation."""

from __future__ import annotations

import pytest

from console.backend.messages import ActionFinished, RecordsLoaded, RecordUpdated
from tests.backend.test_session import settings_for, wait_initial_load


@pytest.fixture
def connected(sim, backend_for):
    def make(**overrides):
        backend, sink = backend_for(settings_for(sim, **overrides))
        backend.start()
        wait_initial_load(sink)
        return backend, sink

    return make


def posts(sim, suffix: str) -> list[dict]:
    return [
        r
        for r in sim.requests()
        if r["method"] == "POST" and r["path"].endswith(suffix)
    ]


def test_start_reports_correlation_and_job_then_rereads(sim, connected) -> None:
    backend, sink = connected()
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    backend.run_action("vms", [down.id], "start")
    done = sink.wait_for(ActionFinished)
    assert done.ok and done.action == "start" and done.kind == "vms"
    assert done.id == down.id and done.name == down.name
    sent = posts(sim, f"/vms/{down.id}/start")
    assert len(sent) == 1 and sent[0]["correlation_id"] == done.correlation_id
    assert done.job_id in sim.engine.jobs
    assert sim.engine.jobs[done.job_id].correlation_id == done.correlation_id
    update = sink.wait_for(RecordUpdated, lambda m: m.id == down.id)
    assert (
        update.record.status != "down"
    )  # wait_for_launch already, without a full refresh


def test_engine_refusal_is_the_result_in_its_own_words(sim, connected) -> None:
    backend, sink = connected()
    up = next(vm for vm in sim.engine.vms.values() if vm.status == "up")
    backend.run_action("vms", [up.id], "start")
    done = sink.wait_for(ActionFinished)
    assert not done.ok
    assert done.message == "Cannot run VM. VM is running."
    assert done.correlation_id


def test_bulk_action_one_result_per_target(sim, connected) -> None:
    backend, sink = connected()
    downs = [vm.id for vm in sim.engine.vms.values() if vm.status == "down"][:10]
    assert len(downs) == 10
    backend.run_action("vms", downs + downs[:1], "start")  # a duplicate is sent once
    results = sink.wait_count(lambda m: isinstance(m, ActionFinished), len(downs))
    assert sorted(r.id for r in results) == sorted(downs)
    assert all(r.ok for r in results)
    assert len({r.correlation_id for r in results}) == len(downs)
    # ten targets are re-read with one id search, not ten GETs nor the whole list
    for vm_id in downs:
        sink.wait_for(
            RecordUpdated, lambda m, i=vm_id: m.id == i and m.record is not None
        )
    gets = [
        r for r in sim.requests() if r["method"] == "GET" and "/api/vms/" in r["path"]
    ]
    assert gets == []
    searches = [
        r
        for r in sim.requests()
        if r["path"].endswith("/api/vms") and "search=" in r["query"]
    ]
    assert len(searches) == 1 and searches[0]["query"].count("id%3D") == 10


def test_read_only_sends_nothing(sim, connected) -> None:
    backend, sink = connected(read_only=True)
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    backend.run_action("vms", [down.id], "start")
    done = sink.wait_for(ActionFinished)
    assert not done.ok and "read-only" in done.message
    assert posts(sim, "/start") == []


def test_host_maintenance_and_storage_domain_in_its_data_center(sim, connected) -> None:
    backend, sink = connected()
    host = next(h for h in sim.engine.hosts.values() if h.status == "up")
    backend.run_action("hosts", [host.id], "deactivate", {"reason": "kernel update"})
    assert sink.wait_for(ActionFinished, lambda m: m.kind == "hosts").ok
    domains = [
        d
        for m in sink.of(RecordsLoaded)
        if m.kind == "storage_domains"
        for d in m.records
    ]
    # an ISO domain: no running VM has disks there, so the engine lets it go
    domain = next(d for d in domains if d.status == "active" and d.type == "iso")
    backend.run_action("storage_domains", [domain.id], "deactivate")
    done = sink.wait_for(ActionFinished, lambda m: m.kind == "storage_domains")
    assert done.ok, done.message
    dc = domain.data_centers[0].id
    assert posts(sim, f"/datacenters/{dc}/storagedomains/{domain.id}/deactivate")


def test_snapshot_returns_the_new_snapshot_id(sim, connected) -> None:
    backend, sink = connected()
    vm = next(iter(sim.engine.vms.values()))
    backend.run_action("vms", [vm.id], "snapshot", {"description": "before upgrade"})
    done = sink.wait_for(ActionFinished)
    assert done.ok and done.extra["snapshot_id"]
    assert any(s.description == "before upgrade" for s in sim.engine.snapshots[vm.id])


def test_unknown_action_is_refused_at_once(sim, backend_for) -> None:
    backend, _ = backend_for(settings_for(sim))
    with pytest.raises(ValueError, match="no action 'explode' for vms"):
        backend.run_action("vms", ["x"], "explode")


def _down_vm_with_snapshot(sim):
    """A down VM and one of its regular, ok snapshots (the seed gives several VMs some)."""
    for vm in sim.engine.vms.values():
        if vm.status != "down":
            continue
        snaps = [s for s in sim.engine.snapshots.get(vm.id, ()) if s.snapshot_type == "regular"
                 and s.snapshot_status == "ok"]
        if snaps:
            return vm, snaps[0]
    raise AssertionError("the seeded inventory has no down VM with a snapshot")


def test_preview_snapshot_sends_the_chosen_snapshot(sim, connected) -> None:
    backend, sink = connected()
    vm, snap = _down_vm_with_snapshot(sim)
    backend.run_action("vms", [vm.id], "preview_snapshot", {"snapshot": snap.id, "restore_memory": False})
    done = sink.wait_for(ActionFinished)
    assert done.ok, done.message
    assert len(posts(sim, f"/vms/{vm.id}/previewsnapshot")) == 1
    assert snap.snapshot_status == "in_preview"  # the engine got the snapshot's id in the body
    assert sim.engine.jobs[done.job_id].correlation_id == done.correlation_id


def test_preview_without_a_snapshot_is_not_sent(sim, connected) -> None:
    backend, sink = connected()
    vm, _ = _down_vm_with_snapshot(sim)
    backend.run_action("vms", [vm.id], "preview_snapshot", {})
    done = sink.wait_for(ActionFinished)
    assert not done.ok and done.message == "not sent: no snapshot chosen"
    assert posts(sim, "/previewsnapshot") == []


@pytest.mark.parametrize(("action", "verb", "kept"), [("commit_snapshot", "commitsnapshot", False),
                                                      ("undo_snapshot", "undosnapshot", True)])
def test_commit_and_undo_end_the_preview(sim, connected, action, verb, kept) -> None:
    backend, sink = connected()
    vm, snap = _down_vm_with_snapshot(sim)
    backend.run_action("vms", [vm.id], "preview_snapshot", {"snapshot": snap.id})
    assert sink.wait_for(ActionFinished).ok
    sim.engine.clock.advance(60)  # the preview's image lock ends
    backend.run_action("vms", [vm.id], action)
    done = sink.wait_for(ActionFinished, lambda m: m.action == action)
    assert done.ok, done.message
    assert len(posts(sim, f"/vms/{vm.id}/{verb}")) == 1
    sim.engine.clock.advance(60)
    sim.engine.advance()  # the engine's job ends
    types = [s.snapshot_type for s in sim.engine.snapshots[vm.id]]
    assert "preview" not in types and snap.snapshot_status == "ok"
    assert snap in sim.engine.snapshots[vm.id] and sim.engine.vms[vm.id].status == "down"
    assert kept or all(s.date <= snap.date for s in sim.engine.snapshots[vm.id] if s.snapshot_type == "regular")


def test_commit_without_preview_is_refused_in_the_engines_words(sim, connected) -> None:
    backend, sink = connected()
    vm, _ = _down_vm_with_snapshot(sim)
    backend.run_action("vms", [vm.id], "commit_snapshot")
    done = sink.wait_for(ActionFinished)
    assert not done.ok and done.message == "Cannot commit Snapshot. VM is not in preview mode."


def test_remove_snapshot_deletes_the_chosen_one(sim, connected) -> None:
    backend, sink = connected()
    vm, snap = _down_vm_with_snapshot(sim)
    backend.run_action("vms", [vm.id], "remove_snapshot", {"snapshot": snap.id})
    done = sink.wait_for(ActionFinished)
    assert done.ok, done.message
    sent = [r for r in sim.requests() if r["method"] == "DELETE"]
    assert [r["path"].rsplit("/", 1)[-1] for r in sent] == [snap.id]
    assert snap.snapshot_status == "locked"  # merging; gone when its job ends
