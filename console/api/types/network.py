"""Logical networks, vNIC profiles, VM NICs with guest-reported devices, host NICs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.api.enums import (
    BootProtocol,
    IpVersion,
    NetworkStatus,
    NetworkUsage,
    NicInterface,
    NicStatus,
    ReportedDeviceType,
    VnicPassThroughMode,
)
from console.api.types.base import (
    CustomProperty,
    Entity,
    Mac,
    Option,
    Property,
    Ref,
    Struct,
)

if TYPE_CHECKING:
    from console.api.types.clusters import Cluster, DataCenter
    from console.api.types.compute import Template, Vm
    from console.api.types.events import Statistic
    from console.api.types.hosts import Host


@dataclass(slots=True, kw_only=True, repr=False)
class Ip(Struct):
    address: str | None = None
    version: IpVersion | str | None = None
    gateway: str | None = None
    netmask: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Network(Entity):
    data_center: Ref | DataCenter | None = None
    cluster: Ref | Cluster | None = None
    mtu: int | None = None  # 0 = engine default
    stp: bool | None = None
    vlan: Ref | None = None  # <vlan id="100"/>: the id is the VLAN tag
    usages: list[NetworkUsage | str] | None = None
    required: bool | None = None
    status: NetworkStatus | str | None = None  # only in a cluster's context
    display: bool | None = None
    profile_required: bool | None = None
    port_isolation: bool | None = None
    vdsm_name: str | None = None
    external_provider: Ref | None = None
    qos: Ref | None = None
    vnic_profiles: list[VnicProfile] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class VnicPassThrough(Struct):
    mode: VnicPassThroughMode | str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class VnicProfile(Entity):
    network: Ref | Network | None = None
    network_filter: Ref | None = None
    pass_through: VnicPassThrough | None = None
    port_mirroring: bool | None = None
    migratable: bool | None = None
    qos: Ref | None = None
    custom_properties: list[CustomProperty] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class ReportedDevice(Entity):
    """A network device the guest agent reports, with the guest's IP addresses."""

    type: ReportedDeviceType | str | None = None
    mac: Mac | None = None
    ips: list[Ip] | None = None
    vm: Ref | Vm | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Nic(Entity):
    """A VM's virtual network interface."""

    interface: NicInterface | str | None = None
    mac: Mac | None = None
    linked: bool | None = None
    plugged: bool | None = None
    synced: bool | None = None
    on_boot: bool | None = None
    boot_protocol: BootProtocol | str | None = None
    vnic_profile: Ref | VnicProfile | None = None
    network: Ref | Network | None = None  # API v3 leftover; v4 uses vnic_profile
    vm: Ref | Vm | None = None
    template: Ref | Template | None = None
    reported_devices: list[ReportedDevice] | None = None
    statistics: list[Statistic] | None = None

    @property
    def ips(self) -> list[Ip]:
        """Every guest-reported IP on this NIC (empty without a guest agent)."""
        return [ip for dev in self.reported_devices or () for ip in dev.ips or ()]


@dataclass(slots=True, kw_only=True, repr=False)
class Bonding(Struct):
    options: list[Option] | None = None
    slaves: list[Ref | HostNic] | None = None
    active_slave: Ref | HostNic | None = None
    ad_partner_mac: Mac | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class HostNic(Entity):
    """A host's network interface (physical, bond or VLAN)."""

    status: NicStatus | str | None = None
    mac: Mac | None = None
    ip: Ip | None = None
    ipv6: Ip | None = None
    boot_protocol: BootProtocol | str | None = None
    ipv6_boot_protocol: BootProtocol | str | None = None
    mtu: int | None = None
    speed: int | None = None  # bits per second
    bridged: bool | None = None
    custom_configuration: bool | None = None
    override_configuration: bool | None = None
    check_connectivity: bool | None = None
    base_interface: str | None = None
    ad_aggregator_id: int | None = None
    bonding: Bonding | None = None
    vlan: Ref | None = None
    properties: list[Property] | None = None
    network: Ref | Network | None = None
    host: Ref | Host | None = None
    statistics: list[Statistic] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class IpAddressAssignment(Struct):
    assignment_method: BootProtocol | str | None = None
    ip: Ip | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class ReportedConfiguration(Struct):
    """One setting of a network attachment as configured vs as found on the host."""

    name: str | None = None
    expected_value: str | None = None
    actual_value: str | None = None
    in_sync: bool | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class NetworkAttachment(Entity):
    """A logical network attached to a host NIC."""

    in_sync: bool | None = None
    network: Ref | Network | None = None
    host_nic: Ref | HostNic | None = None
    host: Ref | Host | None = None
    ip_address_assignments: list[IpAddressAssignment] | None = None
    reported_configurations: list[ReportedConfiguration] | None = None
