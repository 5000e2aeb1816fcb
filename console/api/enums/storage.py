"""Storage domains and disks. See ``console.api.enums`` for how unknown values read."""

from __future__ import annotations

from enum import StrEnum


class DiskBackup(StrEnum):
    INCREMENTAL = "incremental"
    NONE = "none"


class DiskContentType(StrEnum):
    BACKUP_SCRATCH = "backup_scratch"
    DATA = "data"
    HOSTED_ENGINE = "hosted_engine"
    HOSTED_ENGINE_CONFIGURATION = "hosted_engine_configuration"
    HOSTED_ENGINE_METADATA = "hosted_engine_metadata"
    HOSTED_ENGINE_SANLOCK = "hosted_engine_sanlock"
    ISO = "iso"
    MEMORY_DUMP_VOLUME = "memory_dump_volume"
    MEMORY_METADATA_VOLUME = "memory_metadata_volume"
    OVF_STORE = "ovf_store"


class DiskFormat(StrEnum):
    COW = "cow"
    RAW = "raw"


class DiskInterface(StrEnum):
    IDE = "ide"
    SATA = "sata"
    SPAPR_VSCSI = "spapr_vscsi"
    VIRTIO = "virtio"
    VIRTIO_SCSI = "virtio_scsi"


class DiskStatus(StrEnum):
    ILLEGAL = "illegal"
    LOCKED = "locked"
    OK = "ok"


class DiskStorageType(StrEnum):
    CINDER = "cinder"
    IMAGE = "image"
    LUN = "lun"
    MANAGED_BLOCK_STORAGE = "managed_block_storage"


class LunStatus(StrEnum):
    FREE = "free"
    UNUSABLE = "unusable"
    USED = "used"


class NfsVersion(StrEnum):
    AUTO = "auto"
    V3 = "v3"
    V4 = "v4"
    V4_0 = "v4_0"
    V4_1 = "v4_1"
    V4_2 = "v4_2"


class QcowVersion(StrEnum):
    QCOW2_V2 = "qcow2_v2"
    QCOW2_V3 = "qcow2_v3"


class StorageDomainStatus(StrEnum):
    ACTIVATING = "activating"
    ACTIVE = "active"
    DETACHING = "detaching"
    INACTIVE = "inactive"
    LOCKED = "locked"
    MAINTENANCE = "maintenance"
    MIXED = "mixed"
    PREPARING_FOR_MAINTENANCE = "preparing_for_maintenance"
    UNATTACHED = "unattached"
    UNKNOWN = "unknown"


class StorageDomainType(StrEnum):
    DATA = "data"
    EXPORT = "export"
    IMAGE = "image"
    ISO = "iso"
    MANAGED_BLOCK_STORAGE = "managed_block_storage"
    VOLUME = "volume"


class StorageFormat(StrEnum):
    V1 = "v1"
    V2 = "v2"
    V3 = "v3"
    V4 = "v4"
    V5 = "v5"


class StorageType(StrEnum):
    CINDER = "cinder"
    FCP = "fcp"
    GLANCE = "glance"
    GLUSTERFS = "glusterfs"
    ISCSI = "iscsi"
    LOCALFS = "localfs"
    MANAGED_BLOCK_STORAGE = "managed_block_storage"
    NFS = "nfs"
    POSIXFS = "posixfs"
