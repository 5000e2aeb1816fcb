"""Storage domains, disks, disk attachments and files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from console.api.enums import (
    DiskBackup,
    DiskContentType,
    DiskFormat,
    DiskInterface,
    DiskStatus,
    DiskStorageType,
    ExternalStatus,
    LunStatus,
    NfsVersion,
    QcowVersion,
    StorageDomainStatus,
    StorageDomainType,
    StorageFormat,
    StorageType,
)
from console.api.types.base import Entity, Ref

if TYPE_CHECKING:
    from console.api.types.clusters import DataCenter
    from console.api.types.compute import Template, Vm
    from console.api.types.events import Statistic
    from console.api.types.hosts import Host


@dataclass(slots=True, kw_only=True, repr=False)
class LogicalUnit(Entity):
    """A LUN of a block storage domain or a direct LUN disk."""

    address: str | None = None
    port: int | None = None
    target: str | None = None
    portal: str | None = None
    size: int | None = None
    status: LunStatus | str | None = None
    vendor_id: str | None = None
    product_id: str | None = None
    serial: str | None = None
    paths: int | None = None
    active_paths: int | None = None
    lun_mapping: int | None = None
    volume_group_id: str | None = None
    storage_domain_id: str | None = None
    disk_id: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class VolumeGroup(Entity):
    logical_units: list[LogicalUnit] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class HostStorage(Entity):
    """Where a storage domain lives: ``type`` nfs/iscsi/fcp/..., ``address``, ``path``."""

    type: StorageType | str | None = None
    address: str | None = None
    path: str | None = None
    port: int | None = None
    target: str | None = None
    portal: str | None = None
    nfs_version: NfsVersion | str | None = None
    mount_options: str | None = None
    vfs_type: str | None = None
    volume_group: VolumeGroup | None = None
    logical_units: list[LogicalUnit] | None = None
    host: Ref | Host | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class StorageDomain(Entity):
    type: StorageDomainType | str | None = None
    storage: HostStorage | None = None
    # Bytes. An attached domain listed under /storagedomains has no <status>: its
    # status is per data center (/datacenters/{dc}/storagedomains/{sd}).
    available: int | None = None
    used: int | None = None
    committed: int | None = None
    status: StorageDomainStatus | str | None = None
    external_status: ExternalStatus | str | None = None
    master: bool | None = None
    storage_format: StorageFormat | str | None = None
    block_size: int | None = None
    backup: bool | None = None
    critical_space_action_blocker: int | None = None  # GiB
    warning_low_space_indicator: int | None = None  # percent
    discard_after_delete: bool | None = None
    supports_discard: bool | None = None
    supports_discard_zeroes_data: bool | None = None
    wipe_after_delete: bool | None = None
    import_: bool | None = field(default=None, metadata={"tag": "import"})
    data_center: Ref | DataCenter | None = None
    data_centers: list[Ref | DataCenter] | None = None
    host: Ref | Host | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Disk(Entity):
    alias: str | None = None
    status: DiskStatus | str | None = None
    provisioned_size: int | None = None  # virtual size, bytes
    actual_size: int | None = None  # allocated on storage, bytes
    total_size: int | None = None  # including snapshots, bytes
    initial_size: int | None = None
    format: DiskFormat | str | None = None
    sparse: bool | None = None
    storage_type: DiskStorageType | str | None = None
    content_type: DiskContentType | str | None = None
    shareable: bool | None = None
    bootable: bool | None = None  # legacy; the attachment carries the live value
    interface: DiskInterface | str | None = None  # legacy; see DiskAttachment
    active: bool | None = None
    read_only: bool | None = None
    wipe_after_delete: bool | None = None
    propagate_errors: bool | None = None
    backup: DiskBackup | str | None = None
    qcow_version: QcowVersion | str | None = None
    image_id: str | None = None
    logical_name: str | None = None
    external_disk: str | None = None
    lun_storage: HostStorage | None = None
    storage_domain: Ref | StorageDomain | None = None
    storage_domains: list[Ref | StorageDomain] | None = None
    disk_profile: Ref | None = None
    quota: Ref | None = None
    snapshot: Ref | None = None
    template: Ref | Template | None = None
    vm: Ref | Vm | None = None
    statistics: list[Statistic] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class DiskAttachment(Entity):
    """A disk attached to a VM or template; its id equals the disk's id."""

    active: bool | None = None
    bootable: bool | None = None
    interface: DiskInterface | str | None = None
    logical_name: str | None = None  # guest device (/dev/vda), reported by the agent
    pass_discard: bool | None = None
    read_only: bool | None = None
    uses_scsi_reservation: bool | None = None
    disk: Ref | Disk | None = None
    vm: Ref | Vm | None = None
    template: Ref | Template | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class File(Entity):
    """A file in an ISO domain; its id is the file name."""

    type: str | None = None
    storage_domain: Ref | StorageDomain | None = None
