"""What the XML writer needs from the engine, behind one small per-request object.

A context lives for one request: derived values that cost a scan (host VM counts)
are computed once per request instead of once per rendered entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..engine import Engine
    from ..model import DiskAttachment, Nic, ReportedDevice, Snapshot, Vm


class RenderContext:
    def __init__(self, engine: "Engine") -> None:
        self.engine = engine
        self._summaries: dict[str, tuple[int, int, int]] = {}

    def guest_visible(self, vm: "Vm") -> bool:
        return self.engine.vm_guest_visible(vm)

    def host_summary(self, host_id: str) -> tuple[int, int, int]:
        summary = self._summaries.get(host_id)
        if summary is None:
            summary = self._summaries[host_id] = self.engine.host_summary(host_id)
        return summary

    def reported_devices(self, vm_id: str) -> list["ReportedDevice"]:
        vm = self.engine.vms.get(vm_id)
        if vm is None or not self.engine.vm_guest_visible(vm):
            return []
        return list(self.engine.reported_devices.get(vm_id, ()))

    def nics(self, vm_id: str) -> list["Nic"]:
        return list(self.engine.nics.get(vm_id, ()))

    def disk_attachments(self, vm_id: str) -> list["DiskAttachment"]:
        return list(self.engine.disk_attachments.get(vm_id, ()))

    def snapshots(self, vm_id: str) -> list["Snapshot"]:
        return list(self.engine.snapshots.get(vm_id, ()))

    def lookup(self, kind: str, id_: str) -> Any:
        """An object of ``kind`` by id, or None."""
        table: dict[str, dict[str, Any]] | None = {
            "vm": self.engine.vms, "host": self.engine.hosts, "cluster": self.engine.clusters,
            "data_center": self.engine.data_centers, "storage_domain": self.engine.storage_domains,
            "template": self.engine.templates, "disk": self.engine.disks, "network": self.engine.networks,
            "vnic_profile": self.engine.vnic_profiles, "job": self.engine.jobs,
        }.get(kind)  # type: ignore[assignment]
        return None if table is None else table.get(id_)
