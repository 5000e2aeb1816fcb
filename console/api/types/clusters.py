"""Data centers and clusters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.api.enums import (
    BiosType,
    DataCenterStatus,
    FipsMode,
    FirewallType,
    LogMaxMemoryUsedThresholdType,
    MigrateOnError,
    QuotaModeType,
    RngSource,
    StorageFormat,
    SwitchType,
)
from console.api.types.base import Entity, Property, Ref, Struct, Version
from console.api.types.compute import Cpu, MemoryPolicy, MigrationOptions
from console.api.types.hosts import Ksm

if TYPE_CHECKING:
    from console.api.types.network import Network
    from console.api.types.storage import StorageDomain


@dataclass(slots=True, kw_only=True, repr=False)
class ErrorHandling(Struct):
    """What the cluster does with VMs when a host fails."""

    on_error: MigrateOnError | str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class SkipIfConnectivityBroken(Struct):
    enabled: bool | None = None
    threshold: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class SkipIfSdActive(Struct):
    enabled: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class FencingPolicy(Struct):
    enabled: bool | None = None
    skip_if_connectivity_broken: SkipIfConnectivityBroken | None = None
    skip_if_sd_active: SkipIfSdActive | None = None
    skip_if_gluster_bricks_up: bool | None = None
    skip_if_gluster_quorum_not_met: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class DataCenter(Entity):
    status: DataCenterStatus | str | None = None
    local: bool | None = None
    quota_mode: QuotaModeType | str | None = None
    storage_format: StorageFormat | str | None = None
    version: Version | None = None
    supported_versions: list[Version] | None = None
    mac_pool: Ref | None = None
    clusters: list[Cluster] | None = None
    networks: list[Network] | None = None
    storage_domains: list[StorageDomain] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Cluster(Entity):
    cpu: Cpu | None = None
    version: Version | None = None
    data_center: Ref | DataCenter | None = None
    scheduling_policy: Ref | None = None
    mac_pool: Ref | None = None
    management_network: Ref | Network | None = None
    memory_policy: MemoryPolicy | None = None
    ballooning_enabled: bool | None = None
    ksm: Ksm | None = None
    error_handling: ErrorHandling | None = None
    fencing_policy: FencingPolicy | None = None
    migration: MigrationOptions | None = None
    required_rng_sources: list[RngSource | str] | None = None
    switch_type: SwitchType | str | None = None
    firewall_type: FirewallType | str | None = None
    bios_type: BiosType | str | None = None
    fips_mode: FipsMode | str | None = None
    ha_reservation: bool | None = None
    virt_service: bool | None = None
    gluster_service: bool | None = None
    threads_as_cores: bool | None = None
    trusted_service: bool | None = None
    tunnel_migration: bool | None = None
    vnc_encryption: bool | None = None
    maintenance_reason_required: bool | None = None
    optional_reason: bool | None = None
    log_max_memory_used_threshold: int | None = None
    log_max_memory_used_threshold_type: LogMaxMemoryUsedThresholdType | str | None = None
    custom_scheduling_policy_properties: list[Property] | None = None
    supported_versions: list[Version] | None = None
    upgrade_in_progress: bool | None = None
    upgrade_percent_complete: int | None = None
    upgrade_correlation_id: str | None = None
    networks: list[Network] | None = None
