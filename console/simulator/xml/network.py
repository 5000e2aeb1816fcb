"""Network objects: logical networks, vNIC profiles, VM NICs, guest-reported devices, host NICs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import API, actions, block, leaf, links, opt, ref_to, struct

if TYPE_CHECKING:
    from ..model import HostNic, Network, Nic, ReportedDevice, VnicProfile
    from .context import RenderContext

NETWORK_LINKS = ("networklabels", "permissions", "vnicprofiles")
VNIC_PROFILE_LINKS = ("permissions",)
NIC_ACTIONS = ("activate", "deactivate")
NIC_LINKS = ("reporteddevices", "networkfilterparameters", "statistics")
HOST_NIC_LINKS = ("linklayerdiscoveryprotocolelements", "networklabels", "networkattachments", "statistics")


def network_children(net: "Network", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/networks/{net.id}"
    return [
        leaf("name", net.name),
        leaf("description", net.description),
        leaf("comment", net.comment),
        *links(href, NETWORK_LINKS),
        leaf("mtu", net.mtu),
        leaf("stp", net.stp),
        *block("usages", [leaf("usage", u) for u in net.usages]),
        *([f'<vlan id="{net.vlan_id}"/>'] if net.vlan_id is not None else []),
        *ref_to("data_center", "datacenters", net.data_center_id),
    ]


def vnic_profile_children(profile: "VnicProfile", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/vnicprofiles/{profile.id}"
    return [
        leaf("name", profile.name),
        *opt("description", profile.description or None),
        *links(href, VNIC_PROFILE_LINKS),
        *struct("pass_through", mode=profile.pass_through_mode),
        leaf("port_mirroring", profile.port_mirroring),
        *ref_to("network", "networks", profile.network_id),
    ]


def _ips(ips) -> list[str]:  # type: ignore[no-untyped-def]
    items = []
    for ip in ips:
        fields = [leaf("address", ip.address)]
        fields += opt("gateway", ip.gateway or None)
        fields += opt("netmask", ip.netmask or None)
        fields.append(leaf("version", ip.version))
        items += block("ip", fields)
    return block("ips", items)


def reported_device_children(dev: "ReportedDevice", ctx: "RenderContext", all_content: bool = False,
                             with_vm: bool = True) -> list[str]:
    lines = [
        leaf("name", dev.name),
        leaf("description", dev.description),
        *_ips(dev.ips),
        *struct("mac", address=dev.mac_address),
        leaf("type", dev.type),
    ]
    if with_vm:
        lines += ref_to("vm", "vms", dev.vm_id)
    return lines


def reported_device_href(dev: "ReportedDevice") -> str:
    return f"{API}/vms/{dev.vm_id}/reporteddevices/{dev.id}"


def nic_children(nic: "Nic", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    """VM NIC; guest-reported devices are inlined by default, as the 4.3 engine does."""
    href = f"{API}/vms/{nic.vm_id}/nics/{nic.id}"
    devices = [d for d in ctx.reported_devices(nic.vm_id) if d.nic_id == nic.id]
    reported = []
    for dev in devices:
        body = reported_device_children(dev, ctx, with_vm=False)
        reported += block("reported_device", body, f' href="{reported_device_href(dev)}" id="{dev.id}"')
    return [
        *actions(href, NIC_ACTIONS),
        leaf("name", nic.name),
        *links(href, NIC_LINKS),
        *ref_to("vm", "vms", nic.vm_id),
        leaf("interface", nic.interface),
        leaf("linked", nic.linked),
        *struct("mac", address=nic.mac_address),
        leaf("plugged", nic.plugged),
        *(block("reported_devices", reported) if devices else []),
        leaf("synced", nic.synced),
        *ref_to("vnic_profile", "vnicprofiles", nic.vnic_profile_id),
    ]


def host_nic_children(nic: "HostNic", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/hosts/{nic.host_id}/nics/{nic.id}"
    ip = []
    if nic.ip_address:
        ip = struct("ip", address=nic.ip_address, gateway=nic.ip_gateway or None,
                    netmask=nic.ip_netmask or None, version=nic.ip_version)
    return [
        "<actions/>",
        leaf("name", nic.name),
        *links(href, HOST_NIC_LINKS),
        leaf("boot_protocol", nic.boot_protocol),
        leaf("bridged", nic.bridged),
        leaf("custom_configuration", False),
        *ip,
        *struct("mac", address=nic.mac_address),
        leaf("mtu", nic.mtu),
        "<properties/>",
        leaf("speed", nic.speed),
        leaf("status", nic.status),
        *ref_to("host", "hosts", nic.host_id),
        *ref_to("network", "networks", nic.network_id),
    ]
