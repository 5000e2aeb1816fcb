"""Snapshots: create (locked -> ok), remove, and the preview / commit / undo cycle.

Previewing locks the VM's images for one transition step; the engine keeps the
pre-preview state as a `preview` snapshot and marks the previewed one `in_preview`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Job, Snapshot, Vm
from .common import command_cid, finish_pending, set_pending
from .faults import EngineFault, conflict, incomplete, vm_is_running, vm_status_illegal

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["add", "commit", "preview", "remove", "undo"]

_SNAPSHOT_OK_VM = frozenset({"up", "down", "paused", "suspended"})


def _in_preview(engine: Engine, vm: Vm) -> Snapshot | None:
    return next((s for s in engine.snapshots.get(vm.id, ()) if s.snapshot_status == "in_preview"), None)


def _locked(engine: Engine, vm: Vm) -> bool:
    return any(s.snapshot_status == "locked" for s in engine.snapshots.get(vm.id, ()))


def add(engine: Engine, vm: Vm, description: str, persist_memorystate: bool, cid: str, user: str) -> Snapshot:
    cid = command_cid(engine, cid)
    if not description:
        raise EngineFault(400, "Incomplete parameters", "Snapshot [description] required for add")
    if vm.status not in _SNAPSHOT_OK_VM:
        raise vm_status_illegal("create", vm.status, "Snapshot")
    if _locked(engine, vm):
        raise conflict(f"Cannot create Snapshot. Snapshot is currently being created for VM {vm.name}.")
    if _in_preview(engine, vm) is not None:
        raise conflict("Cannot create Snapshot. VM is previewing a Snapshot.")
    disks = tuple(a.disk_id for a in engine.disk_attachments.get(vm.id, ()))
    snap = Snapshot(id=engine.new_id(), vm_id=vm.id, description=description, date=engine.now,
                    snapshot_status="locked", snapshot_type="regular",
                    persist_memorystate=bool(persist_memorystate) and vm.status == "up", disk_ids=disks)
    engine.snapshots.setdefault(vm.id, []).append(snap)
    job = engine.job_book.begin(f"Creating VM Snapshot {description} for VM {vm.name}", cid, engine.now)
    engine.events_log.log(engine, "USER_CREATE_SNAPSHOT", correlation_id=cid, vm=vm, SnapshotName=description,
                          UserName=user, by_user=True)

    def done() -> None:
        snap.snapshot_status = "ok"
        engine.events_log.log(engine, "USER_CREATE_SNAPSHOT_FINISHED_SUCCESS", correlation_id=cid, vm=vm,
                              SnapshotName=description)
        finish_pending(engine, snap.id)

    set_pending(engine, snap.id, engine.transition_seconds, done, job)
    return snap


def remove(engine: Engine, vm: Vm, snap: Snapshot, cid: str, user: str) -> Job:
    cid = command_cid(engine, cid)
    if snap.snapshot_type == "active":
        raise conflict("Cannot remove Snapshot. Snapshot of type Active cannot be removed.")
    if snap.snapshot_status == "locked":
        raise conflict(f"Cannot remove Snapshot. Snapshot is currently being created for VM {vm.name}.")
    if _in_preview(engine, vm) is not None:
        raise conflict("Cannot remove Snapshot. VM is previewing a Snapshot.")
    job = engine.job_book.begin(f"Removing Snapshot {snap.description} of VM {vm.name}", cid, engine.now)
    snap.snapshot_status = "locked"
    engine.events_log.log(engine, "USER_REMOVE_SNAPSHOT", correlation_id=cid, vm=vm,
                          SnapshotName=snap.description, UserName=user, by_user=True)

    def done() -> None:
        snaps = engine.snapshots.get(vm.id, [])
        if snap in snaps:
            snaps.remove(snap)
        engine.events_log.log(engine, "USER_REMOVE_SNAPSHOT_FINISHED_SUCCESS", correlation_id=cid, vm=vm,
                              SnapshotName=snap.description)
        finish_pending(engine, snap.id)

    set_pending(engine, snap.id, engine.transition_seconds, done, job)
    return job


def _require_down(vm: Vm, action: str) -> None:
    if vm.status == "down":
        return
    if vm.status in ("image_locked", "suspended"):
        raise vm_status_illegal(action, vm.status, "Snapshot")
    raise vm_is_running(action, "Snapshot")


def preview(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    ref = params.get("snapshot")
    if not isinstance(ref, dict) or not ref.get("id"):
        raise incomplete("Action", "snapshot.id", "previewSnapshot")
    snap = engine.vm_snapshot(vm.id, str(ref["id"]))
    _require_down(vm, "preview")
    if _in_preview(engine, vm) is not None:
        raise conflict("Cannot preview Snapshot. VM is previewing a Snapshot.")
    if snap.snapshot_type != "regular" or snap.snapshot_status != "ok":
        raise conflict("Cannot preview Snapshot. Snapshot is not in OK status or is not a regular snapshot.")
    job = engine.job_book.begin(f"Previewing Snapshot {snap.description} for VM {vm.name}", cid, engine.now)
    engine.events_log.log(engine, "USER_TRY_BACK_TO_SNAPSHOT", correlation_id=cid, vm=vm,
                          SnapshotName=snap.description, UserName=user, by_user=True)
    vm.status = "image_locked"
    snap.snapshot_status = "in_preview"
    # The state before the preview is kept as a `preview` snapshot (undo returns to it).
    keep = Snapshot(id=engine.new_id(), vm_id=vm.id, description="Active VM before the preview",
                    date=engine.now, snapshot_type="preview", disk_ids=snap.disk_ids)
    engine.snapshots.setdefault(vm.id, []).append(keep)

    def done() -> None:
        vm.status = "down"
        engine.events_log.log(engine, "USER_TRY_BACK_TO_SNAPSHOT_FINISH_SUCCESS", correlation_id=cid, vm=vm,
                              SnapshotName=snap.description)
        finish_pending(engine, vm.id)

    set_pending(engine, vm.id, engine.transition_seconds, done, job)
    return job


def _end_preview(engine: Engine, vm: Vm, cid: str, user: str, *, commit: bool) -> Job:
    action = "commit" if commit else "undo"
    previewed = _in_preview(engine, vm)
    if previewed is None:
        raise conflict(f"Cannot {action} Snapshot. VM is not in preview mode.")
    _require_down(vm, action)
    description = (f"Committing Snapshot-Preview for VM {vm.name}" if commit
                   else f"Undoing Snapshot-Preview for VM {vm.name}")
    job = engine.job_book.begin(description, cid, engine.now)
    engine.events_log.log(engine, "USER_RESTORE_FROM_SNAPSHOT", correlation_id=cid, vm=vm, UserName=user,
                          by_user=True)
    vm.status = "image_locked"

    def done() -> None:
        snaps = engine.snapshots.get(vm.id, [])
        if commit:
            # Committing discards the pre-preview state and every snapshot newer than the previewed one.
            cut = previewed.date
            snaps[:] = [s for s in snaps if s.snapshot_type == "active" or
                        (s.snapshot_type == "regular" and s.date <= cut)]
        else:
            snaps[:] = [s for s in snaps if s.snapshot_type != "preview"]
        previewed.snapshot_status = "ok"
        vm.status = "down"
        engine.events_log.log(engine, "USER_RESTORE_FROM_SNAPSHOT_FINISH_SUCCESS", correlation_id=cid, vm=vm)
        finish_pending(engine, vm.id)

    set_pending(engine, vm.id, engine.transition_seconds, done, job)
    return job


def commit(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    return _end_preview(engine, vm, cid, user, commit=True)


def undo(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    return _end_preview(engine, vm, cid, user, commit=False)
