"""Entities of the simulated engine: plain, slotted dataclasses.

Naming contract with the XML writer:
- A field named like a top-level oVirt element maps 1:1 (`name` -> <name>).
- A field for a nested element is flattened with `_`; its exact XML path is
  given in the class's `XML_PATHS` (field -> "a/b/c"), e.g. Vm.os_type -> "os/type".
- A reference is the referenced id in `<element>_id` (vm.cluster_id -> <cluster id>);
  None means "absent". `XML_REFS` lists them (field -> element name).
- Fields listed in `INTERNAL` are simulator bookkeeping, never written.
Sizes are bytes, times tz-aware datetimes, enums their lower-case wire strings.
Slots keep 50,000 VMs memory-lean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

__all__ = [
    "BLANK_TEMPLATE_ID", "ADMIN_USER_ID", "ADMIN_USER_NAME", "ProductInfo",
    "DataCenter", "Cluster", "Host", "HostNic", "Vm", "StorageDomain", "Network",
    "VnicProfile", "Template", "Disk", "DiskAttachment", "Nic", "Ip", "ReportedDevice",
    "Snapshot", "Statistic", "Event", "Job", "Step", "PowerManagement",
]

BLANK_TEMPLATE_ID = "00000000-0000-0000-0000-000000000000"
# The engine's built-in admin user id and the name events print for it.
ADMIN_USER_ID = "0000002c-002c-002c-002c-000000000149"
ADMIN_USER_NAME = "admin@internal-authz"


@dataclass(slots=True, frozen=True)
class ProductInfo:
    name: str = "oVirt Engine"
    vendor: str = "ovirt.org"
    major: int = 4
    minor: int = 5
    build: int = 5
    revision: int = 1
    full_version: str = "4.5.5-1.el9"
    instance_id: str = "c7c5e4a6-0d4f-11ef-9a3d-00163e1f2b3c"


@dataclass(slots=True)
class DataCenter:
    XML_PATHS: ClassVar[dict[str, str]] = {"version_major": "version/major", "version_minor": "version/minor"}
    XML_REFS: ClassVar[dict[str, str]] = {}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str
    description: str = ""
    comment: str = ""
    status: str = "up"  # DataCenterStatus
    local: bool = False
    quota_mode: str = "disabled"
    storage_format: str = "v5"
    version_major: int = 4
    version_minor: int = 7


@dataclass(slots=True)
class Cluster:
    XML_PATHS: ClassVar[dict[str, str]] = {
        "cpu_architecture": "cpu/architecture", "cpu_type": "cpu/type",
        "version_major": "version/major", "version_minor": "version/minor",
        "memory_over_commit_percent": "memory_policy/over_commit/percent",
        "ksm_enabled": "ksm/enabled", "error_handling_on_error": "error_handling/on_error",
    }
    XML_REFS: ClassVar[dict[str, str]] = {"data_center_id": "data_center", "management_network_id": "management_network"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str
    data_center_id: str
    description: str = ""
    comment: str = ""
    cpu_architecture: str = "x86_64"
    cpu_type: str = "Secure Intel Cascadelake Server Family"
    version_major: int = 4
    version_minor: int = 7
    memory_over_commit_percent: int = 100
    ballooning_enabled: bool = True
    ksm_enabled: bool = True
    error_handling_on_error: str = "migrate"
    switch_type: str = "legacy"
    firewall_type: str = "firewalld"
    bios_type: str = "q35_ovmf"
    threads_as_cores: bool = False
    management_network_id: str | None = None


@dataclass(slots=True)
class Host:
    XML_PATHS: ClassVar[dict[str, str]] = {
        "cpu_name": "cpu/name", "cpu_speed": "cpu/speed", "cpu_type": "cpu/type",
        "cpu_sockets": "cpu/topology/sockets", "cpu_cores": "cpu/topology/cores", "cpu_threads": "cpu/topology/threads",
        "os_type": "os/type", "os_version_full": "os/version/full_version",
        "os_version_major": "os/version/major", "os_version_minor": "os/version/minor",
        "version_full": "version/full_version", "libvirt_version_full": "libvirt_version/full_version",
        "hw_family": "hardware_information/family", "hw_manufacturer": "hardware_information/manufacturer",
        "hw_product_name": "hardware_information/product_name", "hw_serial_number": "hardware_information/serial_number",
        "hw_uuid": "hardware_information/uuid", "hw_version": "hardware_information/version",
        "spm_priority": "spm/priority", "spm_status": "spm/status",
        "power_management_enabled": "power_management/enabled", "ksm_enabled": "ksm/enabled",
        "se_linux_mode": "se_linux/mode", "ssh_port": "ssh/port", "ssh_fingerprint": "ssh/fingerprint",
    }
    XML_REFS: ClassVar[dict[str, str]] = {"cluster_id": "cluster"}
    # power_status feeds fence status; boot_time feeds the boot.time statistic.
    INTERNAL: ClassVar[tuple[str, ...]] = ("power_status", "boot_time")
    id: str
    name: str
    cluster_id: str
    address: str
    status: str = "up"  # HostStatus
    description: str = ""
    comment: str = ""
    status_detail: str = ""
    port: int = 54321
    cpu_name: str = "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz"
    cpu_speed: int = 3000  # MHz
    cpu_type: str = "Secure Intel Cascadelake Server Family"
    cpu_sockets: int = 2
    cpu_cores: int = 24
    cpu_threads: int = 2
    memory: int = 0
    max_scheduling_memory: int = 0
    os_type: str = "RHEL"
    os_version_full: str = "9 - 2.el9"
    os_version_major: int = 9
    os_version_minor: int = 2
    version_full: str = "vdsm-4.50.5.1-1.el9"
    libvirt_version_full: str = "libvirt-9.0.0-10.el9"
    hw_family: str = ""
    hw_manufacturer: str = "Dell Inc."
    hw_product_name: str = "PowerEdge R640"
    hw_serial_number: str = ""
    hw_uuid: str = ""
    hw_version: str = ""
    spm_priority: int = 5
    spm_status: str = "none"  # spm|none|contending
    type: str = "rhel"
    protocol: str = "stomp"
    power_management_enabled: bool = True
    kdump_status: str = "disabled"
    ksm_enabled: bool = True
    se_linux_mode: str = "enforcing"
    ssh_port: int = 22
    ssh_fingerprint: str = ""
    update_available: bool = False
    external_status: str = "ok"
    power_status: str = "on"  # PowerManagementStatus: on|off|unknown
    boot_time: datetime | None = None


@dataclass(slots=True)
class HostNic:
    XML_PATHS: ClassVar[dict[str, str]] = {
        "mac_address": "mac/address", "ip_address": "ip/address", "ip_netmask": "ip/netmask",
        "ip_gateway": "ip/gateway", "ip_version": "ip/version",
    }
    XML_REFS: ClassVar[dict[str, str]] = {"host_id": "host", "network_id": "network"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str
    host_id: str
    mac_address: str
    ip_address: str = ""
    ip_netmask: str = "255.255.255.0"
    ip_gateway: str = ""
    ip_version: str = "v4"
    boot_protocol: str = "static"
    mtu: int = 1500
    speed: int = 10_000_000_000  # bits/s
    status: str = "up"
    bridged: bool = True
    network_id: str | None = None


@dataclass(slots=True)
class Vm:
    XML_PATHS: ClassVar[dict[str, str]] = {
        "memory_guaranteed": "memory_policy/guaranteed", "memory_max": "memory_policy/max",
        "memory_ballooning": "memory_policy/ballooning",
        "cpu_architecture": "cpu/architecture", "cpu_sockets": "cpu/topology/sockets",
        "cpu_cores": "cpu/topology/cores", "cpu_threads": "cpu/topology/threads",
        "os_type": "os/type", "os_boot_devices": "os/boot/devices/device", "bios_type": "bios/type",
        "high_availability_enabled": "high_availability/enabled",
        "high_availability_priority": "high_availability/priority",
        "guest_os_architecture": "guest_operating_system/architecture",
        "guest_os_codename": "guest_operating_system/codename",
        "guest_os_distribution": "guest_operating_system/distribution",
        "guest_os_family": "guest_operating_system/family",
        "guest_os_kernel_version": "guest_operating_system/kernel/version/full_version",
        "guest_os_version_full": "guest_operating_system/version/full_version",
        "guest_os_version_major": "guest_operating_system/version/major",
        "guest_os_version_minor": "guest_operating_system/version/minor",
        "guest_time_zone_name": "guest_time_zone/name", "guest_time_zone_utc_offset": "guest_time_zone/utc_offset",
        "time_zone_name": "time_zone/name",
        "display_type": "display/type", "display_address": "display/address", "display_port": "display/port",
        "display_secure_port": "display/secure_port", "display_monitors": "display/monitors",
        "placement_policy_affinity": "placement_policy/affinity",
        "usb_enabled": "usb/enabled", "console_enabled": "console/enabled", "io_threads": "io/threads",
    }
    XML_REFS: ClassVar[dict[str, str]] = {
        "cluster_id": "cluster", "host_id": "host", "template_id": "template",
        "original_template_id": "original_template",
    }
    # guest_agent: whether guest-reported data (fqdn, guest OS, IPs) appears while running.
    # migration_target_host_id / previous_status: in-flight transition bookkeeping.
    # guest fields (fqdn, guest_os_*, guest_time_zone_*) are stored always but only
    # meaningful while the VM runs; use Engine.vm_guest_visible(vm) before writing them.
    INTERNAL: ClassVar[tuple[str, ...]] = ("guest_agent", "migration_target_host_id", "previous_status")
    id: str
    name: str
    cluster_id: str
    status: str = "down"  # VmStatus
    description: str = ""
    comment: str = ""
    status_detail: str = ""
    stop_reason: str = ""
    type: str = "server"
    memory: int = 0
    memory_guaranteed: int = 0
    memory_max: int = 0
    memory_ballooning: bool = True
    cpu_architecture: str = "x86_64"
    cpu_sockets: int = 1
    cpu_cores: int = 1
    cpu_threads: int = 1
    cpu_shares: int = 0
    os_type: str = "other_linux"
    os_boot_devices: tuple[str, ...] = ("hd",)
    bios_type: str = "q35_ovmf"
    host_id: str | None = None
    template_id: str = BLANK_TEMPLATE_ID
    original_template_id: str = BLANK_TEMPLATE_ID
    creation_time: datetime | None = None
    start_time: datetime | None = None
    stop_time: datetime | None = None
    high_availability_enabled: bool = False
    high_availability_priority: int = 1
    stateless: bool = False
    delete_protected: bool = False
    run_once: bool = False
    start_paused: bool = False
    fqdn: str = ""
    guest_os_architecture: str = "x86_64"
    guest_os_codename: str = ""
    guest_os_distribution: str = ""
    guest_os_family: str = ""
    guest_os_kernel_version: str = ""
    guest_os_version_full: str = ""
    guest_os_version_major: int = 0
    guest_os_version_minor: int = 0
    guest_time_zone_name: str = "Etc/GMT"
    guest_time_zone_utc_offset: str = "+00:00"
    time_zone_name: str = "Etc/GMT"
    display_type: str = "vnc"
    display_address: str = ""
    display_port: int = -1
    display_secure_port: int = -1
    display_monitors: int = 1
    placement_policy_affinity: str = "migratable"
    migration_downtime: int = -1
    next_run_configuration_exists: bool = False
    origin: str = "ovirt"
    usb_enabled: bool = False
    console_enabled: bool = False
    io_threads: int = 1
    guest_agent: bool = True
    migration_target_host_id: str | None = None
    previous_status: str = ""


@dataclass(slots=True)
class StorageDomain:
    XML_PATHS: ClassVar[dict[str, str]] = {
        "storage_type": "storage/type", "storage_address": "storage/address",
        "storage_path": "storage/path", "storage_nfs_version": "storage/nfs_version",
    }
    XML_REFS: ClassVar[dict[str, str]] = {"data_center_id": "data_center"}
    INTERNAL: ClassVar[tuple[str, ...]] = ("low_space_warned",)
    id: str
    name: str
    type: str  # data|iso|export
    storage_type: str  # nfs|iscsi|fcp
    data_center_id: str | None = None  # None = unattached
    # Status inside its data center; the top-level /storagedomains view omits it for attached domains.
    status: str = "active"
    description: str = ""
    comment: str = ""
    storage_address: str = ""
    storage_path: str = ""
    storage_nfs_version: str = ""
    available: int = 0
    used: int = 0
    committed: int = 0
    master: bool = False
    external_status: str = "ok"
    storage_format: str = "v5"
    block_size: int = 512
    backup: bool = False
    critical_space_action_blocker: int = 5  # GiB
    warning_low_space_indicator: int = 10  # percent
    discard_after_delete: bool = False
    supports_discard: bool = False
    supports_discard_zeroes_data: bool = False
    wipe_after_delete: bool = False
    low_space_warned: bool = False


@dataclass(slots=True)
class Network:
    XML_PATHS: ClassVar[dict[str, str]] = {"vlan_id": "vlan/id", "usages": "usages/usage"}
    XML_REFS: ClassVar[dict[str, str]] = {"data_center_id": "data_center"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str
    data_center_id: str
    description: str = ""
    comment: str = ""
    mtu: int = 0
    stp: bool = False
    vlan_id: int | None = None
    usages: tuple[str, ...] = ("vm",)
    required: bool = True
    display: bool = False
    profile_required: bool = True
    vdsm_name: str = ""


@dataclass(slots=True)
class VnicProfile:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {"network_id": "network"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str
    network_id: str
    description: str = ""
    pass_through_mode: str = "disabled"
    port_mirroring: bool = False


@dataclass(slots=True)
class Template:
    XML_PATHS: ClassVar[dict[str, str]] = {
        "cpu_architecture": "cpu/architecture", "cpu_sockets": "cpu/topology/sockets",
        "cpu_cores": "cpu/topology/cores", "cpu_threads": "cpu/topology/threads",
        "os_type": "os/type", "bios_type": "bios/type", "display_type": "display/type",
        "version_number": "version/version_number", "version_name": "version/version_name",
        "high_availability_enabled": "high_availability/enabled",
    }
    XML_REFS: ClassVar[dict[str, str]] = {"cluster_id": "cluster", "base_template_id": "version/base_template"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str
    description: str = ""
    comment: str = ""
    status: str = "ok"
    type: str = "server"
    memory: int = 1 << 30
    cpu_architecture: str = "x86_64"
    cpu_sockets: int = 1
    cpu_cores: int = 1
    cpu_threads: int = 1
    os_type: str = "other"
    bios_type: str = "i440fx_sea_bios"
    display_type: str = "vnc"
    cluster_id: str | None = None
    creation_time: datetime | None = None
    version_number: int = 1
    version_name: str = "base version"
    base_template_id: str | None = None
    stateless: bool = False
    high_availability_enabled: bool = False


@dataclass(slots=True)
class Disk:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    # `name` is also written as <alias> (the engine sends both). A disk lives on one storage domain: <storage_domains><storage_domain id/></storage_domains>.
    XML_REFS: ClassVar[dict[str, str]] = {"storage_domain_id": "storage_domains/storage_domain"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    name: str  # also written as <alias>
    storage_domain_id: str
    provisioned_size: int = 0
    actual_size: int = 0
    total_size: int = 0
    description: str = ""
    format: str = "cow"
    sparse: bool = True
    status: str = "ok"  # DiskStatus
    storage_type: str = "image"
    content_type: str = "data"
    shareable: bool = False
    wipe_after_delete: bool = False
    propagate_errors: bool = False
    backup: str = "none"
    qcow_version: str = "qcow2_v3"
    image_id: str = ""

    @property
    def alias(self) -> str:
        return self.name


@dataclass(slots=True)
class DiskAttachment:
    """A disk attached to a VM; its id equals the disk id (as in the engine)."""

    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {"disk_id": "disk", "vm_id": "vm"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    vm_id: str
    disk_id: str
    active: bool = True
    bootable: bool = False
    interface: str = "virtio_scsi"
    logical_name: str = ""  # guest-reported; write only while the VM runs with an agent
    pass_discard: bool = False
    read_only: bool = False
    uses_scsi_reservation: bool = False


@dataclass(slots=True)
class Nic:
    XML_PATHS: ClassVar[dict[str, str]] = {"mac_address": "mac/address"}
    XML_REFS: ClassVar[dict[str, str]] = {"vm_id": "vm", "vnic_profile_id": "vnic_profile"}
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    vm_id: str
    name: str
    mac_address: str
    vnic_profile_id: str | None = None
    interface: str = "virtio"
    linked: bool = True
    plugged: bool = True
    synced: bool = True


@dataclass(slots=True, frozen=True)
class Ip:
    address: str
    version: str  # v4|v6
    gateway: str = ""
    netmask: str = ""


@dataclass(slots=True)
class ReportedDevice:
    """Guest-agent view of a NIC; visible only while the VM runs (Engine.vm_reported_devices)."""

    XML_PATHS: ClassVar[dict[str, str]] = {"mac_address": "mac/address", "ips": "ips/ip"}
    XML_REFS: ClassVar[dict[str, str]] = {"vm_id": "vm"}
    INTERNAL: ClassVar[tuple[str, ...]] = ("nic_id",)
    id: str
    vm_id: str
    nic_id: str
    name: str
    mac_address: str
    ips: tuple[Ip, ...] = ()
    description: str = "guest reported data"
    type: str = "network"


@dataclass(slots=True)
class Snapshot:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {"vm_id": "vm"}
    # disk_ids: the VM disks captured (for /snapshots/{id}/disks).
    INTERNAL: ClassVar[tuple[str, ...]] = ("disk_ids",)
    id: str
    vm_id: str
    description: str
    date: datetime
    snapshot_status: str = "ok"  # in_preview|locked|ok
    snapshot_type: str = "regular"  # active|preview|regular|stateless
    persist_memorystate: bool = False
    disk_ids: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class Statistic:
    """One statistic; `values` newest first (numbers -> <datum>, strings -> <detail>).

    id is uuid3(NAMESPACE_OID... see stats.statistic_id): name-derived like the engine.
    Exactly one parent field is set.
    """

    id: str
    name: str
    description: str
    kind: str  # gauge|counter
    type: str  # integer|decimal|string
    unit: str
    values: tuple[float | int | str, ...]
    vm_id: str | None = None
    host_id: str | None = None
    nic_id: str | None = None
    host_nic_id: str | None = None
    disk_id: str | None = None


@dataclass(slots=True)
class Event:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {
        "cluster_id": "cluster", "data_center_id": "data_center", "host_id": "host",
        "storage_domain_id": "storage_domain", "template_id": "template", "user_id": "user", "vm_id": "vm",
    }
    # deleted: dismissed events are hidden from lists but can be undeleted.
    INTERNAL: ClassVar[tuple[str, ...]] = ("deleted",)
    id: int  # audit_log_id; <index> carries the same number
    code: int
    description: str
    severity: str  # normal|warning|error|alert
    time: datetime
    correlation_id: str = ""
    origin: str = "oVirt"
    custom_id: int = -1
    flood_rate: int = 30
    custom_data: str = ""
    log_on_host: bool = False
    vm_id: str | None = None
    host_id: str | None = None
    cluster_id: str | None = None
    data_center_id: str | None = None
    storage_domain_id: str | None = None
    template_id: str | None = None
    user_id: str | None = None
    deleted: bool = False

    @property
    def index(self) -> int:
        return self.id


@dataclass(slots=True)
class Step:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {
        "job_id": "job", "parent_step_id": "parent_step", "execution_host_id": "execution_host",
    }
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    job_id: str
    description: str
    type: str  # StepEnum
    number: int
    start_time: datetime
    status: str = "started"  # StepStatus
    end_time: datetime | None = None
    external: bool = False
    external_type: str | None = None  # vdsm|gluster
    progress: int | None = None
    parent_step_id: str | None = None
    execution_host_id: str | None = None


@dataclass(slots=True)
class Job:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {"owner_id": "owner"}
    # correlation_id is searchable (jobs?search=correlation_id=X) but not an XML element.
    INTERNAL: ClassVar[tuple[str, ...]] = ("correlation_id", "steps")
    id: str
    description: str
    start_time: datetime
    last_updated: datetime
    status: str = "started"  # JobStatus
    end_time: datetime | None = None
    auto_cleared: bool = True
    external: bool = False
    owner_id: str = ADMIN_USER_ID
    correlation_id: str = ""
    steps: list[Step] = field(default_factory=list)  # in `number` order


@dataclass(slots=True, frozen=True)
class PowerManagement:
    """Result of host fence with fence_type=status: <power_management><status>."""

    status: str  # on|off|unknown
