"""VM-side entities: Vm, Template, disks, NICs, guest-reported devices, snapshots.

Same field-naming contract as console.simulator.model (see its docstring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from .model_base import BLANK_TEMPLATE_ID

__all__ = ["Disk", "DiskAttachment", "Ip", "Nic", "ReportedDevice", "Snapshot", "Template", "Vm"]


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
