"""Hosts (hypervisors) and their nested structures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.api.enums import (
    AutoNumaStatus,
    ExternalStatus,
    HostProtocol,
    HostStatus,
    HostType,
    KdumpStatus,
    PowerManagementStatus,
    RngSource,
    SeLinuxMode,
    SpmStatus,
    VgpuPlacement,
)
from console.api.types.base import Certificate, Entity, Ref, Struct, Version
from console.api.types.compute import Cpu, OperatingSystem, TransparentHugePages

if TYPE_CHECKING:
    from console.api.types.clusters import Cluster
    from console.api.types.events import Statistic
    from console.api.types.network import HostNic, NetworkAttachment


@dataclass(slots=True, kw_only=True, repr=False)
class Spm(Struct):
    """Storage pool manager role: ``status`` is spm, contending or none."""

    status: SpmStatus | str | None = None
    priority: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class VmSummary(Struct):
    """VM counts on a host."""

    active: int | None = None
    migrating: int | None = None
    total: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class HardwareInformation(Struct):
    manufacturer: str | None = None
    product_name: str | None = None
    family: str | None = None
    version: str | None = None
    serial_number: str | None = None
    uuid: str | None = None
    supported_rng_sources: list[RngSource | str] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class PowerManagement(Struct):
    enabled: bool | None = None
    automatic_pm_enabled: bool | None = None
    kdump_detection: bool | None = None
    status: PowerManagementStatus | str | None = None
    type: str | None = None
    address: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class HostedEngine(Struct):
    active: bool | None = None
    configured: bool | None = None
    global_maintenance: bool | None = None
    local_maintenance: bool | None = None
    score: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Ksm(Struct):
    enabled: bool | None = None
    merge_across_nodes: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class SeLinux(Struct):
    mode: SeLinuxMode | str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Ssh(Struct):
    port: int | None = None
    fingerprint: str | None = None
    user: Ref | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class IscsiDetails(Struct):
    """iSCSI initiator of a host, or a discovery request/result."""

    address: str | None = None
    port: int | None = None
    target: str | None = None
    portal: str | None = None
    initiator: str | None = None
    username: str | None = None
    status: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class DevicePassthrough(Struct):
    enabled: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Host(Entity):
    address: str | None = None
    port: int | None = None
    status: HostStatus | str | None = None
    status_detail: str | None = None
    external_status: ExternalStatus | str | None = None
    type: HostType | str | None = None
    protocol: HostProtocol | str | None = None
    cpu: Cpu | None = None
    memory: int | None = None
    max_scheduling_memory: int | None = None
    os: OperatingSystem | None = None
    version: Version | None = None
    libvirt_version: Version | None = None
    hardware_information: HardwareInformation | None = None
    spm: Spm | None = None
    summary: VmSummary | None = None
    power_management: PowerManagement | None = None
    kdump_status: KdumpStatus | str | None = None
    hosted_engine: HostedEngine | None = None
    ksm: Ksm | None = None
    se_linux: SeLinux | None = None
    ssh: Ssh | None = None
    certificate: Certificate | None = None
    iscsi: IscsiDetails | None = None
    transparent_hugepages: TransparentHugePages | None = None
    device_passthrough: DevicePassthrough | None = None
    auto_numa_status: AutoNumaStatus | str | None = None
    numa_supported: bool | None = None
    update_available: bool | None = None
    vgpu_placement: VgpuPlacement | str | None = None
    network_operation_in_progress: bool | None = None
    reinstallation_required: bool | None = None
    cluster: Ref | Cluster | None = None
    nics: list[HostNic] | None = None
    network_attachments: list[NetworkAttachment] | None = None
    statistics: list[Statistic] | None = None
