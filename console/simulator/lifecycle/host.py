"""Host state machine: maintenance (migrating VMs away first), activation, fencing and housekeeping verbs."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ..events import host_status_name
from ..model import ADMIN_USER_NAME, Host, Job, PowerManagement, Vm
from .common import (
    clear_pending,
    command_cid,
    finish_pending,
    host_running_vms,
    pick_host,
    set_pending,
)
from .faults import EngineFault, conflict, host_status_illegal, incomplete, not_found
from .vm import go_down, start_migration
from .vm import perform as perform_vm

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["VERBS", "perform", "set_status"]

_MAINTAINABLE = frozenset({"up", "non_responsive", "non_operational", "error", "connecting", "initializing"})
_ACTIVATABLE = frozenset({"maintenance", "non_operational", "error", "non_responsive", "down", "install_failed"})
_FENCE_TYPES = ("manual", "restart", "start", "status", "stop")


def perform(engine: Engine, host: Host, verb: str, params: dict[str, Any], cid: str,
            user: str) -> Job | PowerManagement:
    handler = VERBS.get(verb)
    if handler is None:
        raise not_found("Action", verb)
    return handler(engine, host, params, command_cid(engine, cid), user)


def set_status(engine: Engine, host: Host, status: str, cid: str = "") -> None:
    """Change status and log VDS_DETECTED ("Status of host h was set to X.") like host monitoring."""
    host.status = status
    engine.events_log.log(engine, "VDS_DETECTED", correlation_id=cid, host=host, HostStatus=host_status_name(status))


def _deactivate(engine: Engine, host: Host, params: dict[str, Any], cid: str, user: str) -> Job:
    if host.status == "maintenance":
        raise conflict("Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.")
    if host.status == "preparing_for_maintenance":
        raise conflict("Cannot switch Host to Maintenance mode. Host is already switching to Maintenance mode.")
    if host.status not in _MAINTAINABLE:
        raise host_status_illegal("switch to Maintenance mode", "Up, Non Operational or Non Responsive")
    job = engine.job_book.begin(f"Moving Host(s) {host.name} to Maintenance", cid, engine.now, host_id=host.id)
    clear_pending(engine, host.id)
    host.status = "preparing_for_maintenance"
    host.status_detail = str(params.get("reason", "") or "")
    engine.events_log.log(engine, "USER_VDS_MAINTENANCE", correlation_id=cid, host=host, UserName=user,
                          by_user=True)
    if host.spm_status == "spm":
        _hand_over_spm(engine, host)
    _drain(engine, host, job, cid, user)
    return job


def _drain(engine: Engine, host: Host, job: Job, cid: str, user: str = "", warned: bool = False) -> None:
    """Migrate every VM away; reach maintenance once none is left (rechecked each step, like the engine)."""
    if host.status != "preparing_for_maintenance":
        return
    remaining = host_running_vms(engine, host.id)
    stuck = []
    for vm in remaining:
        if vm.status in ("up", "paused"):
            target = pick_host(engine, vm, exclude=host.id)
            if target is not None:
                start_migration(engine, vm, target, cid, reason="Host preparing for maintenance", job=job)
            else:
                stuck.append(vm.name)
    if stuck and not warned:
        engine.events_log.log(engine, "VDS_MAINTENANCE_MANUAL_INTERVENTION", correlation_id=cid, host=host,
                              failedVms=", ".join(stuck), UserName=user or ADMIN_USER_NAME)
        warned = True
    if not remaining:
        def done() -> None:
            host.status = "maintenance"
            engine.events_log.log(engine, "VDS_MAINTENANCE", correlation_id=cid, host=host)
            finish_pending(engine, host.id)

        set_pending(engine, host.id, engine.transition_seconds, done, job)
    else:
        # VMs still leaving (or stuck without a target): look again next step.
        set_pending(engine, host.id, engine.transition_seconds,
                    lambda: _drain(engine, host, job, cid, user, warned), job)


def _hand_over_spm(engine: Engine, host: Host) -> None:
    host.spm_status = "none"
    dc_id = engine.clusters[host.cluster_id].data_center_id
    for other in engine.hosts_in_data_center(dc_id):
        if other.id != host.id and other.status == "up":
            other.spm_status = "spm"
            return


def _activate(engine: Engine, host: Host, params: dict[str, Any], cid: str, user: str) -> Job:
    if host.status not in _ACTIVATABLE:
        raise host_status_illegal("activate", "Maintenance, Non Operational or Error")
    job = engine.job_book.begin(f"Activating Host {host.name}", cid, engine.now, host_id=host.id)
    engine.events_log.log(engine, "VDS_ACTIVATE", correlation_id=cid, host=host, UserName=user, by_user=True)
    # The engine sets Unassigned, host monitoring then reports Up.
    host.status = "unassigned"
    host.status_detail = ""

    def done() -> None:
        set_status(engine, host, "up", cid)
        dc_id = engine.clusters[host.cluster_id].data_center_id
        if not any(h.spm_status == "spm" for h in engine.hosts_in_data_center(dc_id)):
            host.spm_status = "spm"
        finish_pending(engine, host.id)

    set_pending(engine, host.id, engine.transition_seconds, done, job)
    return job


def _fence(engine: Engine, host: Host, params: dict[str, Any], cid: str, user: str) -> Job | PowerManagement:
    fence_type = params.get("fence_type")
    if not fence_type:
        raise incomplete("Action", "fenceType", "fence")
    if fence_type not in _FENCE_TYPES:
        raise EngineFault(400, "Invalid value", f"{fence_type} is not a member of FenceType. Possible values for "
                          f"FenceType are: {', '.join(_FENCE_TYPES)}")
    if fence_type == "status":
        if not host.power_management_enabled:
            return PowerManagement(status="unknown")
        return PowerManagement(status=host.power_status)
    if fence_type == "manual":
        if host.status != "non_responsive":
            raise host_status_illegal("manually fence", "Non Responsive")
        job = engine.job_book.begin(f"Manual fence for Host {host.name}", cid, engine.now, host_id=host.id)
        _kill_vms(engine, host, cid)
        engine.job_book.finish(job, engine.now)
        return job
    if not host.power_management_enabled:
        raise conflict(f"Cannot {fence_type} Host. Fence is disabled due to missing Power Management configuration.")
    if fence_type in ("restart", "stop") and host.status in ("up", "preparing_for_maintenance") and \
            host_running_vms(engine, host.id):
        raise host_status_illegal(fence_type, "Maintenance or Non Responsive")
    if fence_type == "start" and host.power_status == "on":
        raise conflict("Cannot start Host. Host is already powered on.")
    verb = {"restart": "Restarting", "stop": "Stopping", "start": "Starting"}[fence_type]
    job = engine.job_book.begin(f"{verb} Host {host.name}", cid, engine.now, host_id=host.id)
    key = {"restart": "USER_VDS_RESTART", "stop": "USER_VDS_STOP", "start": "USER_VDS_START"}[fence_type]
    engine.events_log.log(engine, key, correlation_id=cid, host=host, UserName=user, by_user=True)
    clear_pending(engine, host.id)
    _kill_vms(engine, host, cid)  # a power cycle takes its VMs down
    if fence_type == "stop":
        host.power_status = "off"
        set_status(engine, host, "down", cid)
        engine.job_book.finish(job, engine.now)
        return job
    back_to_maintenance = host.status == "maintenance" or bool(params.get("maintenance_after_restart"))
    host.power_status = "on"
    set_status(engine, host, "reboot", cid)

    def booted() -> None:
        host.boot_time = engine.now
        if back_to_maintenance:
            set_status(engine, host, "maintenance", cid)
            finish_pending(engine, host.id)
            return
        host.status = "unassigned"
        set_pending(engine, host.id, engine.transition_seconds, up, job)

    def up() -> None:
        set_status(engine, host, "up", cid)
        finish_pending(engine, host.id)

    set_pending(engine, host.id, engine.transition_seconds, booted, job)
    return job


def _kill_vms(engine: Engine, host: Host, cid: str) -> None:
    """Fencing takes the host's VMs down; highly available ones are restarted elsewhere."""
    for vm in host_running_vms(engine, host.id):
        clear_pending(engine, vm.id)
        go_down(engine, vm, "Exit message: VM was shut down by fencing of its host.", cid)
        if vm.high_availability_enabled:
            engine.events_log.log(engine, "HA_VM_FAILED", correlation_id=cid, vm=vm)
            engine.schedule(engine.transition_seconds, functools.partial(_restart_ha, engine, vm, cid))


def _restart_ha(engine: Engine, vm: Vm, cid: str) -> None:
    if vm.status != "down" or vm.id not in engine.vms:
        return  # someone started (or removed) it meanwhile
    try:
        perform_vm(engine, vm, "start", {}, cid, ADMIN_USER_NAME)
    except EngineFault:
        engine.events_log.log(engine, "HA_VM_RESTART_FAILED", correlation_id=cid, vm=vm)


def _quick(description: str, event: str, allowed: frozenset[str], action: str, allowed_text: str):  # type: ignore[no-untyped-def]
    """Verbs that complete after one step with a single event (refresh, upgradecheck)."""
    def handler(engine: Engine, host: Host, params: dict[str, Any], cid: str, user: str) -> Job:
        if host.status not in allowed:
            raise host_status_illegal(action, allowed_text)
        job = engine.job_book.begin(description.format(host=host.name), cid, engine.now, host_id=host.id)

        def done() -> None:
            engine.events_log.log(engine, event, correlation_id=cid, host=host, UserName=user)
            if event == "HOST_UPGRADE_CHECK_NO_UPDATES":
                host.update_available = False
            engine.job_book.finish(job, engine.now)

        engine.schedule(engine.transition_seconds, done)
        return job

    return handler


def _force_select_spm(engine: Engine, host: Host, params: dict[str, Any], cid: str, user: str) -> Job:
    if host.status != "up":
        raise host_status_illegal("force select SPM", "Up")
    if host.spm_status == "spm":
        raise conflict("Cannot force select SPM. Host is already SPM.")
    if host.spm_priority < 0:
        raise conflict("Cannot force select SPM. Host is marked as never to be selected as SPM.")
    job = engine.job_book.begin(f"Force selecting Host {host.name} as SPM", cid, engine.now, host_id=host.id)
    engine.events_log.log(engine, "USER_FORCE_SELECTED_SPM", correlation_id=cid, host=host, UserName=user,
                          by_user=True)
    dc_id = engine.clusters[host.cluster_id].data_center_id
    for other in engine.hosts_in_data_center(dc_id):
        if other.spm_status == "spm":
            other.spm_status = "none"
    host.spm_status = "contending"

    def done() -> None:
        if host.spm_status == "contending":
            host.spm_status = "spm"
        engine.job_book.finish(job, engine.now)

    engine.schedule(engine.transition_seconds, done)
    return job


VERBS = {
    "deactivate": _deactivate,
    "activate": _activate,
    "fence": _fence,
    "refresh": _quick("Refreshing Host {host} capabilities", "USER_REFRESH_HOST_CAPS",
                      frozenset({"up", "maintenance", "non_operational"}), "refresh",
                      "Up, Maintenance or Non Operational"),
    "forceselectspm": _force_select_spm,
    "upgradecheck": _quick("Checking for available updates on Host {host}", "HOST_UPGRADE_CHECK_NO_UPDATES",
                           frozenset({"up", "maintenance", "non_operational"}), "check for upgrade",
                           "Up, Maintenance or Non Operational"),
}
