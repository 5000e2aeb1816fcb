"""Storage objects: storage domains (top-level and attached), disks, attachments, snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import API, actions, block, fmt_date, leaf, links, opt, ref, ref_to, struct

if TYPE_CHECKING:
    from ..model import Disk, DiskAttachment, Snapshot, StorageDomain
    from .context import RenderContext

SD_ACTIONS = ("isattached", "updateovfstore", "refreshluns", "reduceluns")
SD_LINKS = ("diskprofiles", "disks", "disksnapshots", "storageconnections", "permissions", "templates", "vms")
ATTACHED_SD_ACTIONS = ("activate", "deactivate")
ATTACHED_SD_LINKS = ("disks",)
DISK_ACTIONS = ("reduce", "copy", "export", "move", "sparsify", "refreshlun", "convert")
DISK_LINKS = ("permissions", "disksnapshots", "statistics")
SNAPSHOT_ACTIONS = ("restore",)
SNAPSHOT_LINKS = ("cdroms", "disks", "nics")


def _sd_properties(sd: "StorageDomain", status: str | None) -> list[str]:
    storage = [*opt("address", sd.storage_address or None)]
    storage += opt("nfs_version", sd.storage_nfs_version or None)
    storage += opt("path", sd.storage_path or None)
    storage.append(leaf("type", sd.storage_type))
    return [
        leaf("available", sd.available),
        leaf("backup", sd.backup),
        leaf("block_size", sd.block_size),
        leaf("committed", sd.committed),
        leaf("critical_space_action_blocker", sd.critical_space_action_blocker),
        leaf("discard_after_delete", sd.discard_after_delete),
        leaf("external_status", sd.external_status),
        leaf("master", sd.master),
        *opt("status", status),
        *block("storage", storage),
        leaf("storage_format", sd.storage_format),
        leaf("supports_discard", sd.supports_discard),
        leaf("supports_discard_zeroes_data", sd.supports_discard_zeroes_data),
        leaf("type", sd.type),
        leaf("used", sd.used),
        leaf("warning_low_space_indicator", sd.warning_low_space_indicator),
        leaf("wipe_after_delete", sd.wipe_after_delete),
    ]


def storage_domain_children(sd: "StorageDomain", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    """Top-level view: an attached domain has no <status> (it is per data center)."""
    href = f"{API}/storagedomains/{sd.id}"
    lines = [
        *actions(href, SD_ACTIONS),
        leaf("name", sd.name),
        leaf("description", sd.description),
        leaf("comment", sd.comment),
        *links(href, SD_LINKS),
        *_sd_properties(sd, None if sd.data_center_id else "unattached"),
    ]
    if sd.data_center_id:
        lines += block("data_centers", ref_to("data_center", "datacenters", sd.data_center_id))
    return lines


def attached_storage_domain_children(sd: "StorageDomain", ctx: "RenderContext",
                                     all_content: bool = False) -> list[str]:
    """``/datacenters/{dc}/storagedomains/{sd}``: carries the status and activate/deactivate."""
    href = f"{API}/datacenters/{sd.data_center_id}/storagedomains/{sd.id}"
    return [
        *actions(href, ATTACHED_SD_ACTIONS),
        leaf("name", sd.name),
        leaf("description", sd.description),
        leaf("comment", sd.comment),
        *links(href, ATTACHED_SD_LINKS),
        *_sd_properties(sd, sd.status),
        *ref_to("data_center", "datacenters", sd.data_center_id),
        *block("data_centers", ref_to("data_center", "datacenters", sd.data_center_id)),
    ]


def _disk_properties(disk: "Disk") -> list[str]:
    return [
        leaf("actual_size", disk.actual_size),
        leaf("alias", disk.name),
        leaf("backup", disk.backup),
        leaf("content_type", disk.content_type),
        leaf("format", disk.format),
        *opt("image_id", disk.image_id or None),
        leaf("propagate_errors", disk.propagate_errors),
        leaf("provisioned_size", disk.provisioned_size),
        *opt("qcow_version", disk.qcow_version if disk.format == "cow" else None),
        leaf("shareable", disk.shareable),
        leaf("sparse", disk.sparse),
        leaf("status", disk.status),
        leaf("storage_type", disk.storage_type),
        leaf("total_size", disk.total_size),
        leaf("wipe_after_delete", disk.wipe_after_delete),
    ]


def disk_children(disk: "Disk", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/disks/{disk.id}"
    return [
        *actions(href, DISK_ACTIONS),
        leaf("name", disk.name),
        leaf("description", disk.description),
        *links(href, DISK_LINKS),
        *_disk_properties(disk),
        *block("storage_domains", ref_to("storage_domain", "storagedomains", disk.storage_domain_id)),
    ]


def snapshot_disk_children(disk: "Disk", ctx: "RenderContext", snapshot_id: str) -> list[str]:
    """A disk as captured in a snapshot (no href/actions, as the real document shows)."""
    return [
        leaf("name", disk.name),
        leaf("description", disk.description),
        *_disk_properties(disk),
        f'<snapshot id="{snapshot_id}"/>',
        *block("storage_domains", [f'<storage_domain id="{disk.storage_domain_id}"/>']),
    ]


def disk_attachment_children(att: "DiskAttachment", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    vm = ctx.engine.vms.get(att.vm_id)
    guest = vm is not None and ctx.guest_visible(vm)
    return [
        leaf("active", att.active),
        leaf("bootable", att.bootable),
        leaf("interface", att.interface),
        *opt("logical_name", att.logical_name if guest and att.logical_name else None),
        leaf("pass_discard", att.pass_discard),
        leaf("read_only", att.read_only),
        leaf("uses_scsi_reservation", att.uses_scsi_reservation),
        *ref_to("disk", "disks", att.disk_id),
        *ref_to("vm", "vms", att.vm_id),
    ]


def snapshot_children(snap: "Snapshot", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/vms/{snap.vm_id}/snapshots/{snap.id}"
    return [
        *actions(href, SNAPSHOT_ACTIONS),
        leaf("description", snap.description),
        *links(href, SNAPSHOT_LINKS),
        *opt("date", fmt_date(snap.date)),
        leaf("persist_memorystate", snap.persist_memorystate),
        leaf("snapshot_status", snap.snapshot_status),
        leaf("snapshot_type", snap.snapshot_type),
        ref("vm", f"{API}/vms/{snap.vm_id}", snap.vm_id),
    ]


def attached_sd_struct(sd: "StorageDomain") -> list[str]:
    return struct("storage_domain", name=sd.name)
