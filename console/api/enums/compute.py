"""Virtual machines, templates and clusters. See ``console.api.enums`` for how unknown values read."""

from __future__ import annotations

from enum import StrEnum


class Architecture(StrEnum):
    AARCH64 = "aarch64"
    LOONGARCH64 = "loongarch64"
    PPC64 = "ppc64"
    S390X = "s390x"
    UNDEFINED = "undefined"
    X86_64 = "x86_64"


class BiosType(StrEnum):
    CLUSTER_DEFAULT = "cluster_default"
    I440FX_SEA_BIOS = "i440fx_sea_bios"
    Q35_OVMF = "q35_ovmf"
    Q35_SEA_BIOS = "q35_sea_bios"
    Q35_SECURE_BOOT = "q35_secure_boot"


class BootDevice(StrEnum):
    CDROM = "cdrom"
    HD = "hd"
    NETWORK = "network"


class ClusterUpgradeAction(StrEnum):
    FINISH = "finish"
    START = "start"
    UPDATE_PROGRESS = "update_progress"


class CpuMode(StrEnum):
    CUSTOM = "custom"
    HOST_MODEL = "host_model"
    HOST_PASSTHROUGH = "host_passthrough"


class CpuPinningPolicy(StrEnum):
    DEDICATED = "dedicated"
    ISOLATE_THREADS = "isolate_threads"
    MANUAL = "manual"
    NONE = "none"
    RESIZE_AND_PIN_NUMA = "resize_and_pin_numa"


class DisplayType(StrEnum):
    SPICE = "spice"
    VNC = "vnc"


class FipsMode(StrEnum):
    DISABLED = "disabled"
    ENABLED = "enabled"
    UNDEFINED = "undefined"


class FirewallType(StrEnum):
    FIREWALLD = "firewalld"
    IPTABLES = "iptables"


class GraphicsType(StrEnum):
    SPICE = "spice"
    VNC = "vnc"


class InheritableBoolean(StrEnum):
    FALSE = "false"
    INHERIT = "inherit"
    TRUE = "true"


class LogMaxMemoryUsedThresholdType(StrEnum):
    ABSOLUTE_VALUE_IN_MB = "absolute_value_in_mb"
    PERCENTAGE = "percentage"


class MigrateOnError(StrEnum):
    DO_NOT_MIGRATE = "do_not_migrate"
    MIGRATE = "migrate"
    MIGRATE_HIGHLY_AVAILABLE = "migrate_highly_available"


class MigrationBandwidthAssignmentMethod(StrEnum):
    AUTO = "auto"
    CUSTOM = "custom"
    HYPERVISOR_DEFAULT = "hypervisor_default"


class NumaTuneMode(StrEnum):
    INTERLEAVE = "interleave"
    PREFERRED = "preferred"
    STRICT = "strict"


class RngSource(StrEnum):
    HWRNG = "hwrng"
    RANDOM = "random"
    URANDOM = "urandom"


class SnapshotStatus(StrEnum):
    IN_PREVIEW = "in_preview"
    LOCKED = "locked"
    OK = "ok"


class SnapshotType(StrEnum):
    ACTIVE = "active"
    PREVIEW = "preview"
    REGULAR = "regular"
    STATELESS = "stateless"


class SwitchType(StrEnum):
    LEGACY = "legacy"
    OVS = "ovs"


class TemplateStatus(StrEnum):
    ILLEGAL = "illegal"
    LOCKED = "locked"
    OK = "ok"


class UsbType(StrEnum):
    LEGACY = "legacy"
    NATIVE = "native"


class VideoType(StrEnum):
    BOCHS = "bochs"
    CIRRUS = "cirrus"
    QXL = "qxl"
    VGA = "vga"


class VmAffinity(StrEnum):
    MIGRATABLE = "migratable"
    PINNED = "pinned"
    USER_MIGRATABLE = "user_migratable"


class VmPoolType(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"


class VmStatus(StrEnum):
    DOWN = "down"
    IMAGE_LOCKED = "image_locked"
    MIGRATING = "migrating"
    NOT_RESPONDING = "not_responding"
    PAUSED = "paused"
    POWERING_DOWN = "powering_down"
    POWERING_UP = "powering_up"
    REBOOT_IN_PROGRESS = "reboot_in_progress"
    RESTORING_STATE = "restoring_state"
    SAVING_STATE = "saving_state"
    SUSPENDED = "suspended"
    UNASSIGNED = "unassigned"
    UNKNOWN = "unknown"
    UP = "up"
    WAIT_FOR_LAUNCH = "wait_for_launch"


class VmStorageErrorResumeBehaviour(StrEnum):
    AUTO_RESUME = "auto_resume"
    KILL = "kill"
    LEAVE_PAUSED = "leave_paused"


class VmType(StrEnum):
    DESKTOP = "desktop"
    HIGH_PERFORMANCE = "high_performance"
    SERVER = "server"
