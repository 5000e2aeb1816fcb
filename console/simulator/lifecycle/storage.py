"""Storage domain state machine inside its data center, and the low-space check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import DataCenter, Job, StorageDomain
from .common import command_cid, finish_pending, set_pending
from .faults import conflict, not_found

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["GIB", "check_low_space", "perform"]

GIB = 1 << 30
_DISPLAY = {"active": "Active", "maintenance": "Maintenance", "inactive": "Inactive", "locked": "Locked",
            "activating": "Activating", "preparing_for_maintenance": "PreparingForMaintenance",
            "unknown": "Unknown", "detaching": "Detaching"}


def perform(engine: Engine, dc: DataCenter, sd: StorageDomain, verb: str, params: dict[str, Any],
            cid: str, user: str) -> Job:
    cid = command_cid(engine, cid)
    if verb == "activate":
        return _activate(engine, dc, sd, cid, user)
    if verb == "deactivate":
        return _deactivate(engine, dc, sd, bool(params.get("force", False)), cid, user)
    raise not_found("Action", verb)


def _illegal(action: str, sd: StorageDomain) -> Exception:
    # ACTION_TYPE_FAILED_STORAGE_DOMAIN_STATUS_ILLEGAL2
    return conflict(f"Cannot {action} Storage. The relevant Storage Domain's status is "
                    f"{_DISPLAY.get(sd.status, sd.status)}.")


def _activate(engine: Engine, dc: DataCenter, sd: StorageDomain, cid: str, user: str) -> Job:
    if sd.status not in ("maintenance", "inactive", "unknown"):
        raise _illegal("activate", sd)
    job = engine.job_book.begin(f"Activating Storage Domain {sd.name} on Data Center {dc.name}", cid, engine.now)
    sd.status = "activating"

    def done() -> None:
        sd.status = "active"
        if sd.type == "data" and not any(s.master and s.status == "active" for s in _data_domains(engine, dc)):
            _set_master(engine, dc, sd)
        engine.events_log.log(engine, "USER_ACTIVATED_STORAGE_DOMAIN", correlation_id=cid, sd=sd,
                              StoragePoolName=dc.name, UserName=user, by_user=True)
        finish_pending(engine, sd.id)

    set_pending(engine, sd.id, engine.transition_seconds, done, job)
    return job


def _deactivate(engine: Engine, dc: DataCenter, sd: StorageDomain, force: bool, cid: str, user: str) -> Job:
    if sd.status != "active":
        raise _illegal("deactivate", sd)
    if sd.type == "data":
        running = _running_vms_using(engine, sd)
        if running:
            raise conflict("Cannot deactivate Storage. The following VMs are running with disks on this "
                           f"Storage Domain: {', '.join(running[:10])}.")
        others = [s for s in _data_domains(engine, dc) if s.id != sd.id and s.status == "active"]
        if sd.master and not others and not force:
            raise conflict("Cannot deactivate Storage. The Storage Domain is the master domain and no other "
                           "active data domain exists in the Data Center.")
    job = engine.job_book.begin(f"Deactivating Storage Domain {sd.name} in Data Center {dc.name}", cid, engine.now)
    sd.status = "preparing_for_maintenance"

    def done() -> None:
        sd.status = "maintenance"
        if sd.master:
            successor = next((s for s in _data_domains(engine, dc) if s.status == "active"), None)
            if successor is not None:
                _set_master(engine, dc, successor)
        engine.events_log.log(engine, "USER_DEACTIVATED_STORAGE_DOMAIN", correlation_id=cid, sd=sd,
                              StoragePoolName=dc.name, UserName=user, by_user=True)
        finish_pending(engine, sd.id)

    set_pending(engine, sd.id, engine.transition_seconds, done, job)
    return job


def _data_domains(engine: Engine, dc: DataCenter) -> list[StorageDomain]:
    return [s for s in engine.storage_domains.values() if s.data_center_id == dc.id and s.type == "data"]


def _set_master(engine: Engine, dc: DataCenter, sd: StorageDomain) -> None:
    for other in _data_domains(engine, dc):
        other.master = other.id == sd.id


def _running_vms_using(engine: Engine, sd: StorageDomain) -> list[str]:
    """Names of VMs with a host (running or on their way) and a disk on sd; O(disks), fine for one action."""
    on_sd = {d.id for d in engine.disks.values() if d.storage_domain_id == sd.id}
    names = []
    for vm_id, atts in engine.disk_attachments.items():
        vm = engine.vms.get(vm_id)
        if vm is not None and vm.host_id is not None and any(a.disk_id in on_sd for a in atts):
            names.append(vm.name)
    return sorted(names)


def free_percent(sd: StorageDomain) -> float:
    total = sd.used + sd.available
    return 100.0 * sd.available / total if total else 100.0


def check_low_space(engine: Engine, sd: StorageDomain) -> None:
    """Warn once when free space falls under warning_low_space_indicator (IRS_DISK_SPACE_LOW)."""
    low = free_percent(sd) < sd.warning_low_space_indicator
    if low and not sd.low_space_warned:
        sd.low_space_warned = True
        sd.external_status = "warning"
        engine.events_log.log(engine, "IRS_DISK_SPACE_LOW", sd=sd, DiskSpace=sd.available // GIB)
    elif not low and sd.low_space_warned:
        sd.low_space_warned = False
        sd.external_status = "ok"
