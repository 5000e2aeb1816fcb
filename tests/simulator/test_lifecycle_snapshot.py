"""Snapshots: create (locked -> ok), remove, preview / commit / undo."""

from __future__ import annotations

import pytest

from console.simulator.engine import EngineFault

from .engine_world import codes_for, make, step, vm_in


def test_add_snapshot_locked_then_ok() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    snap = engine.add_snapshot(vm.id, "before-change", True, "snap")
    assert snap.snapshot_status == "locked" and snap.persist_memorystate and snap in engine.snapshots[vm.id]
    job = next(j for j in engine.jobs.values() if j.correlation_id == "snap")
    assert job.description == f"Creating VM Snapshot before-change for VM {vm.name}"
    with pytest.raises(EngineFault) as err:
        engine.add_snapshot(vm.id, "second", False, "c")
    assert err.value.detail == f"[Cannot create Snapshot. Snapshot is currently being created for VM {vm.name}.]"
    step(engine, clock)
    assert snap.snapshot_status == "ok" and job.status == "finished"
    assert codes_for(engine, "snap") == [45, 68]
    assert engine.events[-1].description == f"Snapshot 'before-change' creation for VM '{vm.name}' has been completed."


def test_add_snapshot_needs_description() -> None:
    engine, _ = make()
    with pytest.raises(EngineFault) as err:
        engine.add_snapshot(vm_in(engine, "up").id, "", False, "c")
    assert err.value.status == 400 and err.value.reason == "Incomplete parameters"


def test_remove_snapshot_and_active_cannot_be_removed() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    snap = engine.add_snapshot(vm.id, "tmp", False, "a")
    step(engine, clock)
    job = engine.remove_snapshot(vm.id, snap.id, "rm")
    assert snap.snapshot_status == "locked"
    step(engine, clock)
    assert snap not in engine.snapshots[vm.id] and job.status == "finished" and codes_for(engine, "rm") == [342, 356]
    active = engine.snapshots[vm.id][0]
    with pytest.raises(EngineFault) as err:
        engine.remove_snapshot(vm.id, active.id, "c")
    assert err.value.status == 409
    with pytest.raises(EngineFault) as err:
        engine.remove_snapshot(vm.id, "missing", "c")
    assert err.value.status == 404


def _vm_with_snapshot(engine, clock):
    vm = vm_in(engine, "down")
    snap = engine.add_snapshot(vm.id, "base", False, "mk")
    step(engine, clock)
    return vm, snap


def test_preview_then_undo() -> None:
    engine, clock = make()
    vm, snap = _vm_with_snapshot(engine, clock)
    job = engine.vm_action(vm.id, "previewsnapshot", {"snapshot": {"id": snap.id}}, "pv")
    assert vm.status == "image_locked" and snap.snapshot_status == "in_preview"
    assert any(s.snapshot_type == "preview" for s in engine.snapshots[vm.id])
    step(engine, clock)
    assert vm.status == "down" and job.status == "finished" and codes_for(engine, "pv") == [99, 100]
    with pytest.raises(EngineFault) as err:
        engine.add_snapshot(vm.id, "x", False, "c")
    assert err.value.detail == "[Cannot create Snapshot. VM is previewing a Snapshot.]"
    engine.vm_action(vm.id, "undosnapshot", {}, "undo")
    step(engine, clock)
    assert snap.snapshot_status == "ok" and not any(s.snapshot_type == "preview" for s in engine.snapshots[vm.id])
    assert vm.status == "down"


def test_preview_then_commit_drops_newer_snapshots() -> None:
    engine, clock = make()
    vm, base = _vm_with_snapshot(engine, clock)
    clock.advance(60)
    newer = engine.add_snapshot(vm.id, "newer", False, "n")
    step(engine, clock)
    engine.vm_action(vm.id, "previewsnapshot", {"snapshot": {"id": base.id}}, "pv")
    step(engine, clock)
    engine.vm_action(vm.id, "commitsnapshot", {}, "cm")
    step(engine, clock)
    kinds = [(s.description, s.snapshot_type, s.snapshot_status) for s in engine.snapshots[vm.id]]
    assert ("base", "regular", "ok") in kinds and newer not in engine.snapshots[vm.id]
    assert not any(t == "preview" for _, t, _ in kinds)


def test_preview_faults() -> None:
    engine, clock = make()
    vm, snap = _vm_with_snapshot(engine, clock)
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "previewsnapshot", {}, "c")
    assert err.value.detail == "Action [snapshot.id] required for previewSnapshot"
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "commitsnapshot", {}, "c")
    assert err.value.detail == "[Cannot commit Snapshot. VM is not in preview mode.]"
    engine.vm_action(vm.id, "start", {}, "s")
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "previewsnapshot", {"snapshot": {"id": snap.id}}, "c")
    assert err.value.detail == "[Cannot preview Snapshot. VM is running.]"
