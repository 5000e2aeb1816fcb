"""Infrastructure entities: data centers, clusters, hosts and their NICs, storage, networks.

Same field-naming contract as console.simulator.model (see its docstring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

__all__ = [
    "ADMIN_USER_ID",
    "ADMIN_USER_NAME",
    "BLANK_TEMPLATE_ID",
    "Cluster",
    "DataCenter",
    "Host",
    "HostNic",
    "Network",
    "ProductInfo",
    "StorageDomain",
    "VnicProfile",
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
