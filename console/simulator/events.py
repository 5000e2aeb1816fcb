"""The audit log: events with the engine's AuditLogType codes and message templates.

Codes and wording follow ovirt-engine's AuditLogType / AuditLogMessages.properties
(protocol reference §9). Placeholders use the engine's names (${VmName} -> {VmName}).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .lifecycle.faults import EngineFault, not_found
from .model import ADMIN_USER_ID, ADMIN_USER_NAME, Event, Host, StorageDomain, Vm

if TYPE_CHECKING:
    from .engine import Engine
    from .inventory import Inventory

__all__ = ["AUDIT", "SEVERITIES", "EventLog"]

SEVERITIES = ("normal", "warning", "error", "alert")

# key: (code, severity, template)
AUDIT: dict[str, tuple[int, str, str]] = {
    "USER_VDC_LOGIN": (30, "normal", "User {UserName} connecting from '{SourceIP}' using session '{SessionID}' logged in."),
    "VDS_FAILURE": (12, "error", "Host {VdsName} is non responsive."),
    "VDS_DETECTED": (13, "normal", "Status of host {VdsName} was set to {HostStatus}."),
    "VDS_MAINTENANCE_MANUAL_INTERVENTION": (17, "warning", "Host {VdsName} cannot change into maintenance mode - not all Vms have been migrated successfully. Consider manual intervention: stopping/migrating Vms: {failedVms} (User: {UserName})."),
    "VDS_ACTIVATE": (16, "normal", "Activation of host {VdsName} initiated by {UserName}."),
    "IRS_DISK_SPACE_LOW": (26, "warning", "Warning, Low disk space. {StorageDomainName} domain has {DiskSpace} GB of free space."),
    "USER_RUN_VM": (32, "normal", "VM {VmName} started on Host {VdsName}"),
    "USER_STOP_VM": (33, "normal", "VM {VmName} powered off by {UserName} (Host: {VdsName})."),
    "USER_VDS_RESTART": (41, "normal", "Host {VdsName} was restarted by {UserName}."),
    "USER_VDS_STOP": (43, "normal", "Host {VdsName} was stopped by {UserName}."),
    "USER_VDS_START": (40, "normal", "Host {VdsName} was started by {UserName}."),
    "USER_CREATE_SNAPSHOT": (45, "normal", "Snapshot '{SnapshotName}' creation for VM '{VmName}' was initiated by {UserName}."),
    "VM_DOWN": (61, "normal", "VM {VmName} is down. {ExitMessage}"),
    "VM_MIGRATION_START": (62, "normal", "Migration started (VM: {VmName}, Source: {VdsName}, Destination: {DestinationVdsName}, User: {UserName})."),
    "VM_MIGRATION_DONE": (63, "normal", "Migration completed (VM: {VmName}, Source: {VdsName}, Destination: {DestinationVdsName}, Duration: {Duration}, Total: {TotalDuration}, Actual downtime: {ActualDowntime})"),
    "VM_MIGRATION_FAILED": (65, "error", "Migration failed{DueToMigrationError} (VM: {VmName}, Source: {VdsName})."),
    "USER_CREATE_SNAPSHOT_FINISHED_SUCCESS": (68, "normal", "Snapshot '{SnapshotName}' creation for VM '{VmName}' has been completed."),
    "USER_INITIATED_SHUTDOWN_VM": (73, "normal", "VM shutdown initiated by {UserName} on VM {VmName} (Host: {VdsName})."),
    "USER_TRY_BACK_TO_SNAPSHOT": (99, "normal", "Snapshot-Preview {SnapshotName} for VM {VmName} was initiated by {UserName}."),
    "USER_TRY_BACK_TO_SNAPSHOT_FINISH_SUCCESS": (100, "normal", "Snapshot-Preview {SnapshotName} for VM {VmName} has been completed."),
    "USER_RESTORE_FROM_SNAPSHOT": (97, "normal", "VM {VmName} restored from Snapshot by {UserName}."),
    "USER_RESTORE_FROM_SNAPSHOT_FINISH_SUCCESS": (98, "normal", "VM {VmName} restoring from Snapshot has been completed."),
    "USER_REMOVE_VM_FINISHED": (113, "normal", "VM {VmName} was successfully removed."),
    "VM_NOT_RESPONDING": (126, "warning", "VM {VmName} is not responding."),
    "VM_MIGRATION_START_SYSTEM_INITIATED": (136, "normal", "Migration initiated by system (VM: {VmName}, Source: {VdsName}, Destination: {DestinationVdsName}, Reason: {OptionalReason})."),
    "USER_STARTED_VM": (153, "normal", "VM {VmName} was started by {UserName} (Host: {VdsName})."),
    "USER_REBOOT_VM": (157, "normal", "User {UserName} initiated reboot of VM {VmName}."),
    "USER_RESET_VM": (221, "normal", "User {UserName} initiated reset of VM {VmName}."),
    "USER_REMOVE_SNAPSHOT": (342, "normal", "Snapshot '{SnapshotName}' deletion for VM '{VmName}' was initiated by {UserName}."),
    "USER_REMOVE_SNAPSHOT_FINISHED_SUCCESS": (356, "normal", "Snapshot '{SnapshotName}' deletion for VM '{VmName}' has been completed."),
    "USER_SUSPEND_VM": (501, "normal", "Suspending VM {VmName} was initiated by User {UserName} (Host: {VdsName})."),
    "USER_SUSPEND_VM_FINISH_SUCCESS": (503, "normal", "VM {VmName} on Host {VdsName} is suspended."),
    "VDS_HIGH_MEM_USE": (532, "warning", "Used memory of host {HostName} [{UsedMemory}%] exceeded defined threshold [{Threshold}%]."),
    "VDS_HIGH_CPU_USE": (534, "warning", "Max CPU used of host {HostName} [{CpuUtilization}%] exceeded defined threshold [{Threshold}%]."),
    "USER_VDS_MAINTENANCE": (600, "normal", "Host {VdsName} was switched to Maintenance mode by {UserName}."),
    "VDS_MAINTENANCE": (620, "normal", "Host {VdsName} was switched to Maintenance Mode."),
    "USER_REFRESH_HOST_CAPS": (606, "normal", "Successfully refreshed the capabilities of host {VdsName}."),
    "USER_FORCE_SELECTED_SPM": (159, "normal", "Host {VdsName} was force selected by {UserName}"),
    "HOST_UPGRADE_CHECK_NO_UPDATES": (839, "normal", "Check for update of host {VdsName}. No updates found."),
    "USER_ACTIVATED_STORAGE_DOMAIN": (966, "normal", "Storage Domain {StorageDomainName} (Data Center {StoragePoolName}) was activated by {UserName}"),
    "USER_DEACTIVATED_STORAGE_DOMAIN": (968, "normal", "Storage Domain {StorageDomainName} (Data Center {StoragePoolName}) was deactivated and has moved to 'Maintenance' by {UserName}."),
    "HA_VM_FAILED": (9602, "error", "Highly Available VM {VmName} failed. It will be restarted automatically."),
    "HA_VM_RESTART_FAILED": (9603, "error", "Restart of the Highly Available VM {VmName} failed."),
    "VDS_ALERT_FENCE_IS_NOT_CONFIGURED": (9000, "alert", "Failed to verify Power Management configuration for Host {VdsName}."),
    # Logged when a console ticket is set: a .vv file or an explicit ticket (engine SetVmTicketCommand).
    "VM_SET_TICKET": (164, "normal", "User {UserName} initiated console session for VM {VmName}"),
    "VM_PAUSED_EIO": (145, "error", "VM {VmName} has been paused due to storage I/O problem."),
    "VM_RECOVERED_FROM_PAUSE_ERROR": (196, "normal", "VM {VmName} has recovered from paused back to up."),
}


class EventLog:
    __slots__ = ("_by_id", "_next_id", "events")

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._next_id = 1
        self._by_id: dict[int, Event] = {}

    def log(self, engine: Engine, key: str, *, correlation_id: str = "", vm: Vm | None = None,
            host: Host | None = None, sd: StorageDomain | None = None, by_user: bool = False,
            **values: Any) -> Event:
        """Append an engine event; references are derived from vm/host/sd like the engine does."""
        code, severity, template = AUDIT[key]
        values.setdefault("UserName", ADMIN_USER_NAME)
        if vm is not None:
            values.setdefault("VmName", vm.name)
        if host is not None:
            values.setdefault("VdsName", host.name)
            values.setdefault("HostName", host.name)
        if sd is not None:
            values.setdefault("StorageDomainName", sd.name)
        event = Event(id=self._next_id, code=code, description=template.format(**values), severity=severity,
                      time=engine.now, correlation_id=correlation_id,
                      user_id=ADMIN_USER_ID if by_user else None)
        cluster_id = vm.cluster_id if vm is not None else host.cluster_id if host is not None else None
        if vm is not None:
            event.vm_id = vm.id
            event.host_id = vm.host_id
        if host is not None:
            event.host_id = host.id
        if cluster_id is not None:
            event.cluster_id = cluster_id
            event.data_center_id = engine.clusters[cluster_id].data_center_id
        if sd is not None:
            event.storage_domain_id = sd.id
            event.data_center_id = sd.data_center_id
        return self._append(event)

    def add_external(self, engine: Engine, *, description: str, severity: str, origin: str, custom_id: int,
                     flood_rate: int, log_on_host: bool, correlation_id: str, refs: dict[str, str]) -> Event:
        if not description or not origin or severity is None or custom_id is None:
            raise EngineFault(400, "Incomplete parameters",
                              "Event [description, severity, origin, customId] required for add")
        if severity not in SEVERITIES:
            raise EngineFault(400, "Invalid value", f"{severity} is not a member of LogSeverity. Possible values "
                              f"for LogSeverity are: {', '.join(sorted(SEVERITIES))}")
        tables: dict[str, Mapping[str, object]] = {"vm_id": engine.vms, "host_id": engine.hosts, "cluster_id": engine.clusters,
                  "data_center_id": engine.data_centers, "storage_domain_id": engine.storage_domains,
                  "template_id": engine.templates}
        event = Event(id=self._next_id, code=0, description=description, severity=severity, time=engine.now,
                      correlation_id=correlation_id, origin=origin, custom_id=custom_id, flood_rate=flood_rate,
                      log_on_host=log_on_host)
        for key, ident in refs.items():
            if key == "user_id":
                event.user_id = ident
                continue
            table = tables.get(key)
            if table is None:
                raise EngineFault(400, "Operation Failed", f"[Unknown event reference {key}.]")
            if ident not in table:
                raise not_found(key.removesuffix("_id").replace("_", " ").title(), ident)
            setattr(event, key, ident)
        return self._append(event)

    def dismiss(self, event_id: int) -> None:
        event = self._by_id.get(event_id)
        if event is None or event.deleted:
            raise not_found("Event", str(event_id))
        event.deleted = True

    def undelete(self) -> None:
        for event in self.events:
            event.deleted = False

    def get(self, event_id: int) -> Event | None:
        event = self._by_id.get(event_id)
        return None if event is None or event.deleted else event

    def seed_history(self, engine: Engine, inv: Inventory) -> None:
        """A short plausible past so a fresh engine's event list is not empty (bounded size)."""
        start = engine.now - timedelta(minutes=30)
        saved = engine._now
        try:
            engine._now = start
            self.log(engine, "USER_VDC_LOGIN", SourceIP="192.168.1.10", SessionID="9ZfTj3Q8", by_user=True)
            step = 0
            for host in list(engine.hosts.values())[:12]:
                step += 1
                engine._now = start + timedelta(seconds=20 * step)
                self.log(engine, "VDS_DETECTED", host=host, HostStatus=_host_status_name(host.status))
            for vm in [v for v in engine.vms.values() if v.host_id is not None][:20]:
                step += 1
                engine._now = start + timedelta(seconds=20 * step)
                self.log(engine, "USER_RUN_VM", vm=vm, VdsName=engine.hosts[vm.host_id or ""].name)
        finally:
            engine._now = saved

    def _append(self, event: Event) -> Event:
        self._next_id += 1
        self.events.append(event)
        self._by_id[event.id] = event
        return event


def _host_status_name(status: str) -> str:
    # VDSStatus display names used in host status messages.
    return {"up": "Up", "maintenance": "Maintenance", "non_responsive": "NonResponsive",
            "preparing_for_maintenance": "PreparingForMaintenance", "reboot": "Reboot", "down": "Down",
            "unassigned": "Unassigned", "initializing": "Initializing"}.get(status, status)


host_status_name = _host_status_name
