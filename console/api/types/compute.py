"""Virtual machines, templates, snapshots and their nested structures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from console.api.enums import (
    Architecture,
    BiosType,
    BootDevice,
    CpuMode,
    CpuPinningPolicy,
    DisplayType,
    InheritableBoolean,
    MigrationBandwidthAssignmentMethod,
    NumaTuneMode,
    SnapshotStatus,
    SnapshotType,
    TemplateStatus,
    UsbType,
    VideoType,
    VmAffinity,
    VmStatus,
    VmStorageErrorResumeBehaviour,
    VmType,
)
from console.api.types.base import (
    Certificate,
    CustomProperty,
    Entity,
    Ref,
    Struct,
    Version,
)

if TYPE_CHECKING:  # cross-module record types, resolved by the reader's schema
    from console.api.types.clusters import Cluster
    from console.api.types.events import Statistic
    from console.api.types.hosts import Host
    from console.api.types.network import Nic, ReportedDevice
    from console.api.types.storage import DiskAttachment, StorageDomain


@dataclass(slots=True, kw_only=True, repr=False)
class CpuTopology(Struct):
    cores: int | None = None
    sockets: int | None = None
    threads: int | None = None

    @property
    def vcpus(self) -> int | None:
        """Virtual CPUs = sockets x cores x threads (None when incomplete)."""
        if self.cores is None or self.sockets is None or self.threads is None:
            return None
        return self.cores * self.sockets * self.threads


@dataclass(slots=True, kw_only=True, repr=False)
class Cpu(Struct):
    """A VM's virtual CPU, a host's physical CPU or a cluster's CPU type."""

    architecture: Architecture | str | None = None
    topology: CpuTopology | None = None
    type: str | None = None
    name: str | None = None
    speed: float | None = None
    mode: CpuMode | str | None = None
    level: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Boot(Struct):
    devices: list[BootDevice | str] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class OperatingSystem(Struct):
    """``<os>``: an osinfo id on VMs (``rhel_8x64``), the distribution on hosts (``RHEL``)."""

    type: str | None = None
    version: Version | None = None
    boot: Boot | None = None
    custom_kernel_cmdline: str | None = None
    reported_kernel_cmdline: str | None = None
    cmdline: str | None = None
    kernel: str | None = None
    initrd: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class BootMenu(Struct):
    enabled: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Bios(Struct):
    type: BiosType | str | None = None
    boot_menu: BootMenu | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Display(Struct):
    type: DisplayType | str | None = None
    address: str | None = None
    port: int | None = None
    secure_port: int | None = None
    monitors: int | None = None
    proxy: str | None = None
    allow_override: bool | None = None
    copy_paste_enabled: bool | None = None
    file_transfer_enabled: bool | None = None
    smartcard_enabled: bool | None = None
    single_qxl_pci: bool | None = None
    disconnect_action: str | None = None  # free text such as LOCK_SCREEN
    keyboard_layout: str | None = None
    video_type: VideoType | str | None = None
    certificate: Certificate | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class HighAvailability(Struct):
    enabled: bool | None = None
    priority: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class MemoryOverCommit(Struct):
    percent: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class TransparentHugePages(Struct):
    enabled: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class MemoryPolicy(Struct):
    guaranteed: int | None = None
    max: int | None = None
    ballooning: bool | None = None
    over_commit: MemoryOverCommit | None = None
    transparent_hugepages: TransparentHugePages | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Kernel(Struct):
    version: Version | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class GuestOperatingSystem(Struct):
    """What the guest agent reports about the running OS."""

    architecture: str | None = None
    codename: str | None = None
    distribution: str | None = None
    family: str | None = None
    kernel: Kernel | None = None
    version: Version | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class TimeZone(Struct):
    name: str | None = None
    utc_offset: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Usb(Struct):
    enabled: bool | None = None
    type: UsbType | str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Io(Struct):
    threads: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Console(Struct):
    enabled: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class MigrationBandwidth(Struct):
    assignment_method: MigrationBandwidthAssignmentMethod | str | None = None
    custom_value: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class MigrationOptions(Struct):
    auto_converge: InheritableBoolean | str | None = None
    compressed: InheritableBoolean | str | None = None
    encrypted: InheritableBoolean | str | None = None
    bandwidth: MigrationBandwidth | None = None
    policy: Ref | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class VmPlacementPolicy(Struct):
    affinity: VmAffinity | str | None = None
    hosts: list[Ref | Host] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Sso(Struct):
    methods: list[Ref] | None = None  # <method id="guest_agent"/>: the id is the method


@dataclass(slots=True, kw_only=True, repr=False)
class Initialization(Struct):
    """Cloud-init/sysprep settings; only the fields a console shows (no secrets)."""

    host_name: str | None = None
    user_name: str | None = None
    timezone: str | None = None
    dns_servers: str | None = None
    dns_search: str | None = None
    domain: str | None = None
    cloud_init_network_protocol: str | None = None
    regenerate_ssh_keys: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class VmBase(Entity):
    """Fields shared by VMs, templates and snapshots (the model's VmBase)."""

    type: VmType | str | None = None
    memory: int | None = None
    memory_policy: MemoryPolicy | None = None
    cpu: Cpu | None = None
    cpu_shares: int | None = None
    os: OperatingSystem | None = None
    bios: Bios | None = None
    display: Display | None = None
    console: Console | None = None
    usb: Usb | None = None
    io: Io | None = None
    high_availability: HighAvailability | None = None
    migration: MigrationOptions | None = None
    migration_downtime: int | None = None
    placement_policy: VmPlacementPolicy | None = None
    time_zone: TimeZone | None = None
    origin: str | None = None
    creation_time: datetime | None = None
    stateless: bool | None = None
    start_paused: bool | None = None
    delete_protected: bool | None = None
    multi_queues_enabled: bool | None = None
    tpm_enabled: bool | None = None
    soundcard_enabled: bool | None = None
    tunnel_migration: bool | None = None
    storage_error_resume_behaviour: VmStorageErrorResumeBehaviour | str | None = None
    custom_compatibility_version: Version | None = None
    custom_cpu_model: str | None = None
    custom_emulated_machine: str | None = None
    custom_properties: list[CustomProperty] | None = None
    cpu_pinning_policy: CpuPinningPolicy | str | None = None
    initialization: Initialization | None = None
    sso: Sso | None = None
    cluster: Ref | Cluster | None = None
    storage_domain: Ref | StorageDomain | None = None
    cpu_profile: Ref | None = None
    quota: Ref | None = None
    large_icon: Ref | None = None
    small_icon: Ref | None = None
    # Inline sub-collections (present with follow=...); links stay in ``links``.
    nics: list[Nic] | None = None
    disk_attachments: list[DiskAttachment] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Vm(VmBase):
    status: VmStatus | str | None = None
    status_detail: str | None = None
    stop_reason: str | None = None
    fqdn: str | None = None
    guest_operating_system: GuestOperatingSystem | None = None
    guest_time_zone: TimeZone | None = None
    start_time: datetime | None = None
    stop_time: datetime | None = None
    run_once: bool | None = None
    next_run_configuration_exists: bool | None = None
    has_illegal_images: bool | None = None
    numa_tune_mode: NumaTuneMode | str | None = None
    use_latest_template_version: bool | None = None
    host: Ref | Host | None = None
    template: Ref | Template | None = None
    original_template: Ref | Template | None = None
    instance_type: Ref | None = None
    vm_pool: Ref | None = None
    reported_devices: list[ReportedDevice] | None = None
    statistics: list[Statistic] | None = None
    snapshots: list[Snapshot] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class TemplateVersion(Struct):
    version_name: str | None = None
    version_number: int | None = None
    base_template: Ref | Template | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Template(VmBase):
    status: TemplateStatus | str | None = None
    version: TemplateVersion | None = None
    vm: Ref | Vm | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Snapshot(Vm):
    """A VM snapshot; with all_content it also carries the VM configuration it saved."""

    date: datetime | None = None
    snapshot_status: SnapshotStatus | str | None = None
    snapshot_type: SnapshotType | str | None = None
    persist_memorystate: bool | None = None
    vm: Ref | Vm | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Application(Entity):
    """An application the guest agent reports as installed."""

    vm: Ref | Vm | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class AffinityRule(Struct):
    enabled: bool | None = None
    enforcing: bool | None = None
    positive: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class AffinityGroup(Entity):
    cluster: Ref | Cluster | None = None
    enforcing: bool | None = None
    positive: bool | None = None
    priority: float | None = None
    broken: bool | None = None
    vms_rule: AffinityRule | None = None
    hosts_rule: AffinityRule | None = None
    vms: list[Ref | Vm] | None = None
    hosts: list[Ref | Host] | None = None
