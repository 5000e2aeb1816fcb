"""VM state machine: run, power off, shutdown, reboot, reset, suspend, migrate, remove.

Each command validates like the engine (faults with its wording), opens a job,
logs the command event, and schedules the intermediate states one
`transition_seconds` apart; the job finishes when the final state lands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Host, Job, Vm
from . import snapshot as snapshot_lc
from .common import (
    clear_pending,
    command_cid,
    finish_pending,
    free_memory,
    pick_host,
    set_pending,
)
from .faults import (
    EngineFault,
    conflict,
    not_found,
    vm_is_running,
    vm_not_running,
    vm_status_illegal,
)
from .storage import check_low_space

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["VERBS", "go_down", "perform", "remove", "start_migration"]

# Statuses in which "run" answers "VM is running" (the engine's isRunning family).
_RUNNING_FOR_RUN = frozenset({"up", "powering_up", "powering_down", "reboot_in_progress", "migrating",
                              "wait_for_launch", "not_responding"})
_STOPPABLE = frozenset({"up", "powering_up", "powering_down", "reboot_in_progress", "migrating", "wait_for_launch",
                        "not_responding", "paused", "suspended", "saving_state", "restoring_state", "unknown"})
_SHUTDOWNABLE = frozenset({"up", "powering_up", "reboot_in_progress", "paused", "not_responding"})
_NO_HOST = "There is no host that satisfies current scheduling constraints. See below for details:"
_ADMIN_EXIT = "Exit message: Admin shut down from the engine"
_GUEST_EXIT = "Exit message: User shut down from within the guest"


def perform(engine: Engine, vm: Vm, verb: str, params: dict[str, Any], cid: str, user: str) -> Job:
    handler = VERBS.get(verb)
    if handler is None:
        raise not_found("Action", verb)
    return handler(engine, vm, params, command_cid(engine, cid), user)


def _start(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    if vm.status in _RUNNING_FOR_RUN:
        raise vm_is_running("run")
    if vm.status not in ("down", "suspended", "paused"):
        raise vm_status_illegal("run", vm.status)
    if vm.status == "paused":
        # Run on a paused VM resumes it in place (also one started paused or paused on an I/O error).
        vm.start_paused, vm.status_detail = False, ""
        host = engine.hosts[vm.host_id] if vm.host_id else None
        job = engine.job_book.begin(f"Launching VM {vm.name}", cid, engine.now, host_id=vm.host_id)
        engine.events_log.log(engine, "USER_STARTED_VM", correlation_id=cid, vm=vm, host=host,
                              UserName=user, by_user=True)
        set_pending(engine, vm.id, engine.transition_seconds, lambda: _reach_up(engine, vm, cid), job)
        return job
    host = pick_host(engine, vm)
    if host is None:
        raise conflict(f"Cannot run VM. {_NO_HOST}")
    resuming = vm.status == "suspended"
    _place(engine, vm, host)
    vm.start_paused = bool(params.get("pause", False))
    vm.status = "restoring_state" if resuming else "wait_for_launch"
    job = engine.job_book.begin(f"Launching VM {vm.name}", cid, engine.now, host_id=host.id)
    engine.events_log.log(engine, "USER_STARTED_VM", correlation_id=cid, vm=vm, host=host, UserName=user,
                          by_user=True)
    if resuming:
        set_pending(engine, vm.id, engine.transition_seconds, lambda: _reach_up(engine, vm, cid), job)
    else:
        set_pending(engine, vm.id, engine.transition_seconds, lambda: _powering_up(engine, vm, cid, job), job)
    return job


def _powering_up(engine: Engine, vm: Vm, cid: str, job: Job) -> None:
    vm.status = "powering_up"
    vm.start_time = engine.now
    set_pending(engine, vm.id, engine.transition_seconds, lambda: _reach_up(engine, vm, cid), job)


def _reach_up(engine: Engine, vm: Vm, cid: str) -> None:
    vm.status = "paused" if vm.start_paused else "up"
    if vm.start_time is None:  # resumed from suspension: a new run
        vm.start_time = engine.now
    vm.stop_reason = ""
    host = engine.hosts[vm.host_id] if vm.host_id else None
    engine.events_log.log(engine, "USER_RUN_VM", correlation_id=cid, vm=vm, host=host)
    finish_pending(engine, vm.id)


def _place(engine: Engine, vm: Vm, host: Host) -> None:
    vm.host_id = host.id
    engine.host_vms[host.id].add(vm.id)
    vm.display_address = host.address
    port = 5900 + 2 * (len(engine.host_vms[host.id]) - 1)
    vm.display_port, vm.display_secure_port = port, port + 1


def go_down(engine: Engine, vm: Vm, exit_message: str, cid: str = "") -> None:
    """Final step of stop/shutdown/fencing: release the host (and any migration target)."""
    for host_id in (vm.host_id, vm.migration_target_host_id):
        if host_id is not None:
            engine.host_vms[host_id].discard(vm.id)
    engine.migration_progress.pop(vm.id, None)
    vm.status, vm.host_id, vm.migration_target_host_id = "down", None, None
    vm.stop_time, vm.start_time = engine.now, None
    vm.display_port = vm.display_secure_port = -1
    vm.display_address = ""
    engine.events_log.log(engine, "VM_DOWN", correlation_id=cid, vm=vm, ExitMessage=exit_message)


def _stop(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    if vm.status == "down":
        raise vm_not_running("stop")
    if vm.status not in _STOPPABLE:
        raise vm_status_illegal("stop", vm.status)
    host = engine.hosts[vm.host_id] if vm.host_id else None
    job = engine.job_book.begin(f"Stopping VM {vm.name}", cid, engine.now, host_id=vm.host_id)
    clear_pending(engine, vm.id)  # a stop interrupts whatever was in flight
    vm.stop_reason = str(params.get("reason", "") or "")
    engine.events_log.log(engine, "USER_STOP_VM", correlation_id=cid, vm=vm, host=host, UserName=user,
                          VdsName=host.name if host else "N/A", by_user=True)

    def done() -> None:
        go_down(engine, vm, _ADMIN_EXIT, cid)
        finish_pending(engine, vm.id)

    set_pending(engine, vm.id, engine.transition_seconds, done, job)
    return job


def _shutdown(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    if vm.status == "down":
        raise vm_not_running("shutdown")
    if vm.status not in _SHUTDOWNABLE:
        raise vm_status_illegal("shutdown", vm.status)
    host = engine.hosts[vm.host_id] if vm.host_id else None
    job = engine.job_book.begin(f"Shutting down VM {vm.name}", cid, engine.now, host_id=vm.host_id)
    clear_pending(engine, vm.id)
    vm.status = "powering_down"
    vm.stop_reason = str(params.get("reason", "") or "")
    engine.events_log.log(engine, "USER_INITIATED_SHUTDOWN_VM", correlation_id=cid, vm=vm, host=host,
                          UserName=user, by_user=True)

    def done() -> None:
        go_down(engine, vm, _GUEST_EXIT, cid)
        finish_pending(engine, vm.id)

    set_pending(engine, vm.id, engine.transition_seconds, done, job)
    return job


def _reboot_like(verb: str, event: str, description: str):  # type: ignore[no-untyped-def]
    def handler(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
        if vm.status == "down":
            raise vm_not_running(verb)
        if vm.status != "up":
            raise vm_status_illegal(verb, vm.status)
        job = engine.job_book.begin(f"{description} VM {vm.name}", cid, engine.now, host_id=vm.host_id)
        vm.status = "reboot_in_progress"
        engine.events_log.log(engine, event, correlation_id=cid, vm=vm, UserName=user, by_user=True)

        def done() -> None:
            vm.status = "up"
            finish_pending(engine, vm.id)

        set_pending(engine, vm.id, engine.transition_seconds, done, job)
        return job

    return handler


def _suspend(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    if vm.status == "down":
        raise vm_not_running("suspend")
    if vm.status != "up":
        raise vm_status_illegal("suspend", vm.status)
    host = engine.hosts[vm.host_id] if vm.host_id else None
    job = engine.job_book.begin(f"Suspending VM {vm.name}", cid, engine.now, host_id=vm.host_id)
    vm.status = "saving_state"
    engine.events_log.log(engine, "USER_SUSPEND_VM", correlation_id=cid, vm=vm, host=host, UserName=user,
                          by_user=True)

    def done() -> None:
        engine.events_log.log(engine, "USER_SUSPEND_VM_FINISH_SUCCESS", correlation_id=cid, vm=vm, host=host)
        if vm.host_id is not None:
            engine.host_vms[vm.host_id].discard(vm.id)
        vm.status, vm.host_id, vm.start_time = "suspended", None, None
        vm.display_port = vm.display_secure_port = -1
        finish_pending(engine, vm.id)

    set_pending(engine, vm.id, engine.transition_seconds, done, job)
    return job


def _migrate(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    if vm.status == "down":
        raise vm_not_running("migrate")
    if vm.status != "up":
        raise vm_status_illegal("migrate", vm.status)
    if vm.placement_policy_affinity == "pinned":
        raise conflict("Cannot migrate VM. VM is pinned to a specific Host.")
    target = _target_host(engine, params.get("host"))
    if target is None:
        target = pick_host(engine, vm, exclude=vm.host_id)
        if target is None:
            raise conflict(f"Cannot migrate VM. {_NO_HOST}")
    elif target.id == vm.host_id:
        raise conflict("Cannot migrate VM. The destination Host is the same as the source Host.")
    elif target.cluster_id != vm.cluster_id:
        raise conflict("Cannot migrate VM. Destination Host is not in the VM's Cluster.")
    elif target.status != "up":
        raise conflict("Cannot migrate VM. Operation can be performed only when Host status is Up.")
    elif free_memory(engine, target) < vm.memory:
        raise conflict(f"Cannot migrate VM. {_NO_HOST}, The host {target.name} did not satisfy internal filter "
                       f"Memory because its available memory is too low "
                       f"({free_memory(engine, target) // (1 << 20)} MB) to run the VM.")
    return start_migration(engine, vm, target, cid, user=user)


def _target_host(engine: Engine, ref: Any) -> Host | None:
    if not ref:
        return None
    if not isinstance(ref, dict):
        raise EngineFault(400, "Operation Failed", "[Invalid host reference.]")
    if ref.get("id"):
        return engine.get_host(str(ref["id"]))
    if ref.get("name"):
        host = engine.host_by_name(str(ref["name"]))
        if host is None:
            raise EngineFault(404, "Operation Failed", f"Entity not found: Host: name={ref['name']}")
        return host
    return None


def start_migration(engine: Engine, vm: Vm, target: Host, cid: str, *, user: str = "",
                    reason: str = "", job: Job | None = None) -> Job:
    """Begin up -> migrating -> up on target. `reason` marks a system-initiated migration.

    With `job` (host maintenance), the migration is a sub-step of that job instead of its own.
    """
    source = engine.hosts[vm.host_id] if vm.host_id else None
    vm.previous_status = vm.status  # a paused VM (host maintenance) lands paused
    vm.status, vm.migration_target_host_id = "migrating", target.id
    engine.host_vms[target.id].add(vm.id)  # reserve the memory on the destination
    engine.migration_progress[vm.id] = 0
    own_job = job is None
    if job is None:
        job = engine.job_book.begin(f"Migrating VM {vm.name} to Host {target.name}", cid, engine.now,
                                    host_id=source.id if source else None)
    step = engine.job_book.sub_step(job, f"Migrating VM {vm.name} from Host {source.name if source else ''} "
                                    f"to Host {target.name}", engine.now, host_id=target.id)
    step.progress = 0
    if reason:
        engine.events_log.log(engine, "VM_MIGRATION_START_SYSTEM_INITIATED", correlation_id=cid, vm=vm,
                              host=source, DestinationVdsName=target.name, OptionalReason=reason)
    else:
        engine.events_log.log(engine, "VM_MIGRATION_START", correlation_id=cid, vm=vm, host=source,
                              DestinationVdsName=target.name, UserName=user, by_user=True)
    started = engine.now
    half = engine.transition_seconds / 2

    def halfway() -> None:
        engine.migration_progress[vm.id] = 50
        step.progress = 50
        job.last_updated = engine.now
        set_pending(engine, vm.id, half, done, job if own_job else None)

    def done() -> None:
        if source is not None:
            engine.host_vms[source.id].discard(vm.id)
        engine.migration_progress.pop(vm.id, None)
        vm.host_id, vm.migration_target_host_id = target.id, None
        vm.status = "paused" if vm.previous_status == "paused" else "up"
        vm.display_address = target.address
        step.status, step.end_time, step.progress = "finished", engine.now, 100
        secs = int((engine.now - started).total_seconds())
        engine.events_log.log(engine, "VM_MIGRATION_DONE", correlation_id=cid, vm=vm, host=source,
                              VdsName=source.name if source else "", DestinationVdsName=target.name,
                              Duration=f"{secs} seconds", TotalDuration=f"{secs} seconds", ActualDowntime="85ms")
        if own_job:
            finish_pending(engine, vm.id)
        else:
            engine.pending.pop(vm.id, None)

    set_pending(engine, vm.id, half, halfway, job if own_job else None)
    return job


def _cancel_migration(engine: Engine, vm: Vm, params: dict[str, Any], cid: str, user: str) -> Job:
    if vm.status != "migrating":
        raise conflict("Cannot cancel migration for non migrating VM.")
    job = engine.job_book.begin(f"Cancelling migration of VM {vm.name}", cid, engine.now, host_id=vm.host_id)
    clear_pending(engine, vm.id)  # the migration job fails: it was cancelled
    source = engine.hosts[vm.host_id] if vm.host_id else None
    target = engine.hosts.get(vm.migration_target_host_id or "")
    if target is not None:
        engine.host_vms[target.id].discard(vm.id)
    engine.migration_progress.pop(vm.id, None)
    vm.status = "paused" if vm.previous_status == "paused" else "up"
    vm.migration_target_host_id = None
    engine.events_log.log(engine, "VM_MIGRATION_FAILED", correlation_id=cid, vm=vm, host=source,
                          DueToMigrationError=" due to an Error: Migration canceled")
    engine.job_book.finish(job, engine.now)
    return job


def remove(engine: Engine, vm: Vm, detach_only: bool, cid: str, user: str) -> Job:
    cid = command_cid(engine, cid)
    if vm.status != "down":
        if vm.status in ("image_locked",):
            raise vm_status_illegal("remove", vm.status)
        raise vm_is_running("remove")
    if vm.delete_protected:
        raise conflict("Cannot remove VM. Delete protection is enabled. In order to delete, "
                       "disable Delete protection first.")
    if any(s.snapshot_status == "in_preview" for s in engine.snapshots.get(vm.id, ())):
        raise conflict("Cannot remove VM. VM is previewing a Snapshot.")
    job = engine.job_book.begin(f"Removing VM {vm.name}", cid, engine.now)
    vm.status = "image_locked"

    def done() -> None:
        for att in engine.disk_attachments.pop(vm.id, []):
            engine.disk_vm.pop(att.disk_id, None)
            disk = engine.disks.pop(att.disk_id, None) if not detach_only else None
            sd = engine.storage_domains.get(disk.storage_domain_id) if disk is not None else None
            if disk is not None and sd is not None:
                # The freed image space goes back to its storage domain.
                sd.used = max(0, sd.used - disk.actual_size)
                sd.available += disk.actual_size
                sd.committed = max(0, sd.committed - disk.provisioned_size)
                check_low_space(engine, sd)
        for table in (engine.nics, engine.reported_devices, engine.snapshots):
            table.pop(vm.id, None)
        engine.vms.pop(vm.id, None)
        engine.events_log.log(engine, "USER_REMOVE_VM_FINISHED", correlation_id=cid, vm=vm)
        finish_pending(engine, vm.id)

    set_pending(engine, vm.id, engine.transition_seconds, done, job)
    return job


VERBS = {
    "start": _start,
    "stop": _stop,
    "shutdown": _shutdown,
    "reboot": _reboot_like("reboot", "USER_REBOOT_VM", "Rebooting"),
    "reset": _reboot_like("reset", "USER_RESET_VM", "Resetting"),
    "suspend": _suspend,
    "migrate": _migrate,
    "cancelmigration": _cancel_migration,
    "previewsnapshot": snapshot_lc.preview,
    "commitsnapshot": snapshot_lc.commit,
    "undosnapshot": snapshot_lc.undo,
}
