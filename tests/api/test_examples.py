"""Every recorded engine document reads into the fields an admin looks at.

Inventory documents (VMs, hosts, clusters, storage, networks) are checked here;
events, jobs, statistics, the API root, faults and actions in
``test_reader_examples_activity``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from console.api import types as t
from console.api.enums import (
    Architecture,
    BootDevice,
    BootProtocol,
    DataCenterStatus,
    DiskFormat,
    DiskInterface,
    DiskStatus,
    DiskStorageType,
    ExternalStatus,
    HostStatus,
    HostType,
    IpVersion,
    KdumpStatus,
    MigrateOnError,
    NetworkUsage,
    NicInterface,
    NicStatus,
    SpmStatus,
    StorageDomainStatus,
    StorageDomainType,
    StorageType,
    TemplateStatus,
    VmStatus,
    VmType,
)
from console.api.reader import parse
from tests.api import test_reader_examples_activity as activity
from tests.api.reader_fixtures import checker, example, example_names, feed_in_chunks

CET = timezone(timedelta(hours=1))
EEST = timezone(timedelta(hours=3))
VM = "a99773ed-28a3-4370-8240-df9e732bc3e1"
CHECKS: dict[str, Callable[[Any], None]] = {}
check = checker(CHECKS)


@check("v4-real-vm-get.xml")
def _vm_get(vm: t.Vm) -> None:
    assert isinstance(vm, t.Vm)
    assert (vm.id, vm.name, vm.description, vm.comment) == (VM, "vm_off", "", "")
    assert vm.href == f"/ovirt-engine/api/vms/{VM}"
    assert vm.status == "up" and vm.status is VmStatus.UP
    assert vm.type is VmType.SERVER and vm.origin == "rhev"
    assert vm.memory == 1073741824
    assert vm.memory_policy.guaranteed == 1073741824 and vm.memory_policy.max == 4294967296
    assert vm.cpu.architecture is Architecture.X86_64
    assert (vm.cpu.topology.cores, vm.cpu.topology.sockets, vm.cpu.topology.threads) == (1, 1, 1)
    assert vm.cpu.topology.vcpus == 1
    assert vm.os.type == "other_linux" and vm.os.boot.devices == [BootDevice.HD]
    assert vm.high_availability.enabled is False and vm.high_availability.priority == 1
    assert vm.start_time == datetime(2020, 2, 3, 18, 53, 23, 96000, tzinfo=CET)
    assert vm.stop_time == datetime(2020, 2, 3, 18, 53, 13, 445000, tzinfo=CET)
    assert vm.creation_time == datetime(2020, 2, 3, 18, 51, 47, 577000, tzinfo=CET)
    assert vm.cluster.id == "1930506d-e424-4a3e-8262-9c5d7bcd5125"
    assert vm.cluster.href == "/ovirt-engine/api/clusters/1930506d-e424-4a3e-8262-9c5d7bcd5125"
    assert vm.host.id == "72877001-6012-4921-bdd2-3ff17043083e"
    assert vm.template.id == "00000000-0000-0000-0000-000000000000"
    assert vm.original_template.id == "8e418698-62e0-4260-a111-11109aa80c59"
    assert vm.quota == t.Ref(id="d3a5edf0-1330-4933-afb0-ed18ca5bd1c2")  # id-only reference
    assert vm.display.type == "spice" and (vm.display.port, vm.display.secure_port) == (5904, 5905)
    assert vm.display.address == "192.168.178.49"
    assert vm.display.disconnect_action == "LOCK_SCREEN"
    assert vm.time_zone.name == "Europe/Budapest"
    assert vm.migration_downtime == -1
    assert vm.custom_properties == [t.CustomProperty(name="viodiskcache", value="writethrough")]
    assert vm.sso.methods[0].id == "guest_agent"
    assert vm.initialization.user_name == ""
    assert "start" in vm.actions and "migrate" in vm.actions and len(vm.actions) == 19
    assert vm.links["nics"] == f"/ovirt-engine/api/vms/{VM}/nics"
    assert len(vm.links) == 17
    assert vm.nics is None and vm.disk_attachments is None  # not followed


@check("v4-real-vms-list.xml")
def _vms(vms: list[t.Vm]) -> None:
    assert [(v.name, v.status) for v in vms] == [("vm_off", "down"), ("vm_on", "up")]
    assert vms[1].memory == 2147483648 and vms[1].cpu.topology.sockets == 2
    assert vms[0].stop_time == datetime(2019, 8, 20, 12, 57, 59, 357000, tzinfo=EEST)
    assert vms[0].cluster is vms[1].cluster  # equal references are shared


@check("v4-real-host-get.xml")
def _host_get(host: t.Host) -> None:
    assert isinstance(host, t.Host)
    assert (host.name, host.address, host.status) == ("bodh2", "bodh2.usersys.redhat.com", "up")
    assert host.status is HostStatus.UP and host.type is HostType.RHEL
    assert host.spm.status is SpmStatus.SPM and host.spm.priority == 5
    assert host.cpu.name == "Intel Xeon Processor (Skylake)" and host.cpu.speed == 2100
    assert host.cpu.type == "Intel Skylake Server IBRS SSBD Family"
    assert host.cpu.topology.sockets == 8
    assert host.memory == 16654532608 and host.max_scheduling_memory == 16249782272
    assert (host.summary.active, host.summary.migrating, host.summary.total) == (0, 0, 0)
    assert host.os.type == "RHEL" and host.os.version.full_version == "7.6 - 4.el7"
    assert host.version.full_version == "vdsm-4.30.17-1.el7ev" and host.version.minor == 30
    assert host.libvirt_version.full_version == "libvirt-4.5.0-10.el7_6.10"
    assert host.hardware_information.manufacturer == "Red Hat"
    assert host.hardware_information.product_name == "RHEV Hypervisor"
    assert host.kdump_status is KdumpStatus.DISABLED
    assert host.external_status is ExternalStatus.OK
    assert host.update_available is True and host.port == 54321
    assert host.power_management.enabled is False and host.power_management.kdump_detection
    assert host.ssh.port == 22 and host.se_linux.mode == "enforcing"
    assert host.cluster.id == "b875154c-5b87-4068-aa3f-f32c4d672193"
    assert "deactivate" in host.actions and "forceselectspm" in host.actions


@check("v4-real-hosts-list.xml")
def _hosts(hosts: list[t.Host]) -> None:
    assert [h.name for h in hosts] == ["bodh1", "bodh2"]
    assert hosts[0].summary.active == 1 and hosts[0].memory == 3970957312


@check("v4-real-cluster-get.xml")
def _cluster_get(cluster: t.Cluster) -> None:
    assert cluster.name == "depot-cl"
    assert cluster.cpu.type == "Intel Nehalem Family"
    assert (cluster.version.major, cluster.version.minor) == (4, 3)
    assert cluster.data_center.id == "5ca0335c-be48-4cf4-acd3-283763cb7e04"
    assert cluster.error_handling.on_error is MigrateOnError.MIGRATE
    assert cluster.fencing_policy.skip_if_connectivity_broken.threshold == 50
    assert cluster.memory_policy.over_commit.percent == 100
    assert cluster.migration.policy.id == "80554327-0569-496b-bdeb-fcbbf52b827b"
    assert cluster.custom_scheduling_policy_properties[0] == t.Property(
        name="HighUtilization", value="80"
    )
    assert cluster.ksm.merge_across_nodes is True and cluster.ballooning_enabled is False
    assert set(cluster.actions) == {"upgrade", "syncallnetworks", "resetemulatedmachine"}


@check("v4-real-clusters-list.xml")
def _clusters(clusters: list[t.Cluster]) -> None:
    assert [c.name for c in clusters] == ["Default", "newc", "newd1_cluster"]
    assert str(clusters[2].version) == "4.3" and clusters[0].switch_type == "legacy"
    assert clusters[0].required_rng_sources == ["urandom"]


@check("v4-real-datacenter-get.xml")
def _dc_get(dc: t.DataCenter) -> None:
    assert (dc.name, dc.status, dc.local, dc.quota_mode) == ("depot-dc", "up", False, "disabled")
    assert dc.status is DataCenterStatus.UP and dc.storage_format == "v5"
    assert [str(v) for v in dc.supported_versions] == ["4.3"]
    assert dc.links["storagedomains"].endswith("/storagedomains")


@check("v4-real-datacenters-list.xml")
def _dcs(dcs: list[t.DataCenter]) -> None:
    assert [(d.name, d.storage_format) for d in dcs] == [("Newd", "v4"), ("newd1", "v5")]


@check("v4-real-datacenters-search-status-up.xml")
def _dcs_up(dcs: list[t.DataCenter]) -> None:
    assert [(d.name, d.status) for d in dcs] == [("Default", "up")]


@check("v4-real-storagedomain-get.xml")
def _sd_get(sd: t.StorageDomain) -> None:
    assert (sd.name, sd.type, sd.master) == ("depot-data1", StorageDomainType.DATA, True)
    assert (sd.available, sd.used, sd.committed) == (525059751936, 10737418240, 27917287424)
    assert sd.storage.type is StorageType.NFS
    assert (sd.storage.address, sd.storage.path) == ("depot.lab.inz.redhat.com", "/exports/data1")
    assert sd.storage_format == "v5" and sd.external_status == "ok"
    assert (sd.warning_low_space_indicator, sd.critical_space_action_blocker) == (10, 5)
    assert sd.status is None  # attached: status is per data center
    assert [d.id for d in sd.data_centers] == ["5ca0335c-be48-4cf4-acd3-283763cb7e04"]


@check("v4-real-storagedomains-list.xml")
def _sds(sds: list[t.StorageDomain]) -> None:
    by_name = {sd.name: sd for sd in sds}
    assert len(sds) == 8
    assert by_name["ovirt-glance"].status is StorageDomainStatus.UNATTACHED
    assert by_name["ovirt-glance"].data_centers is None
    assert by_name["iscsi_n"].storage.type is StorageType.ISCSI
    assert by_name["venusiso"].type is StorageDomainType.ISO
    assert by_name["yellow"].used == 4159675826176


@check("v4-real-storagedomain-files.xml")
def _files(files: list[t.File]) -> None:
    assert files[0].id == files[0].name == "ubuntu-22.04.1-live-server-amd64.iso"
    assert files[0].storage_domain.id == "298209d2-9413-4f6b-86ac-987401792427"


@check("v4-real-disks-list.xml")
def _disks(disks: list[t.Disk]) -> None:
    assert len(disks) == 14
    first = disks[0]
    assert (first.name, first.alias, first.content_type) == ("OVF_STORE", "OVF_STORE", "ovf_store")
    assert first.provisioned_size == 134217728 and first.actual_size == 134217728
    assert first.format is DiskFormat.RAW and first.status is DiskStatus.OK
    assert first.storage_type is DiskStorageType.IMAGE and first.sparse is False
    assert first.storage_domains[0].id == "26c8cd54-65d4-424f-a870-8145439bba1c"
    assert first.disk_profile.id == "384ab2a2-a3c9-4cf2-8ff4-28e68f80d829"
    assert "move" in first.actions
    assert all(isinstance(d.provisioned_size, int) for d in disks)


@check("v4-real-vm-snapshot-disks.xml")
def _snapshot_disks(disks: list[t.Disk]) -> None:
    (disk,) = disks
    assert disk.alias == "GlanceDisk-fe03ebf" and disk.format is DiskFormat.COW
    assert (disk.provisioned_size, disk.actual_size, disk.total_size) == (8589934592, 1073741824, 0)
    assert disk.snapshot.id == "395ead74-54f9-4f16-88bb-21a7a1e4924e" and disk.href is None
    assert disk.storage_domains == [t.Ref(id="723b4112-1502-4b01-83a7-2ba87d1bbb35")]


@check("v4-real-vm-diskattachments.xml")
def _vm_attachments(attachments: list[t.DiskAttachment]) -> None:
    (att,) = attachments
    assert att.interface is DiskInterface.VIRTIO and att.bootable and att.active
    assert att.logical_name == "/dev/vda" and att.read_only is False
    assert att.disk.id == att.id == "08b054b2-0001-4dd6-9cf2-434213c02fbe"
    assert att.vm.id == "a1293e54-dae8-496f-baa4-27719592113e"


@check("v4-real-template-diskattachments.xml")
def _template_attachments(attachments: list[t.DiskAttachment]) -> None:
    (att,) = attachments
    assert att.template.id == "bcdd6891-68c9-4629-8c72-668c2353ab11"
    assert att.logical_name is None


@check("v4-real-vm-nics.xml")
def _nics(nics: list[t.Nic]) -> None:
    (nic,) = nics
    assert (nic.name, nic.interface, nic.linked, nic.plugged) == ("nic1", NicInterface.VIRTIO, True, True)
    assert nic.mac.address == "00:1a:4a:16:01:05"
    assert nic.vnic_profile.id == "4ec7ba24-c6bf-42fc-9975-d6a9bf3f01cf"
    (device,) = nic.reported_devices
    assert device.name == "eth0" and device.type == "network"
    assert [(ip.address, ip.version) for ip in nic.ips] == [
        ("10.46.8.199", IpVersion.V4),
        ("2620:52:0:2e08:21a:4aff:fe16:105", IpVersion.V6),
        ("fe80::21a:4aff:fe16:105", IpVersion.V6),
    ]
    assert set(nic.actions) == {"activate", "deactivate"}


@check("v4-real-vm-nics-empty.xml")
def _nics_empty(nics: list) -> None:
    assert nics == []


@check("v4-real-vm-reporteddevices.xml")
def _devices(devices: list[t.ReportedDevice]) -> None:
    (device,) = devices
    assert device.ips[0].address == "10.46.8.199" and device.mac.address == "00:1a:4a:16:01:05"
    assert device.vm.id == "a1293e54-dae8-496f-baa4-27719592113e"


@check("v4-real-vm-reporteddevices-2.xml")
def _devices_2(devices: list[t.ReportedDevice]) -> None:
    assert [d.name for d in devices] == ["eth3", "eth2", "eth1", "eth0"]
    assert [d.ips for d in devices[:3]] == [None, None, None]  # no addresses reported
    assert devices[3].ips[0].address == "10.46.8.219"


@check("v4-real-vm-reporteddevices-empty.xml")
def _devices_empty(devices: list) -> None:
    assert devices == []


@check("v4-real-vm-applications-empty.xml")
def _applications_empty(applications: list) -> None:
    assert applications == []


@check("v4-real-host-nics.xml")
def _host_nics(nics: list[t.HostNic]) -> None:
    (nic,) = nics
    assert (nic.name, nic.status, nic.mtu, nic.bridged) == ("eth0", NicStatus.UP, 1500, True)
    assert nic.boot_protocol is BootProtocol.DHCP and nic.ipv6_boot_protocol == "autoconf"
    assert (nic.ip.address, nic.ip.netmask, nic.ip.gateway) == (
        "10.46.10.132",
        "255.255.252.0",
        "10.46.11.254",
    )
    assert nic.ipv6.version is IpVersion.V6 and nic.mac.address == "00:1a:4a:16:03:84"
    assert nic.properties == [] and nic.actions == ()  # <properties/> and <actions/>
    assert nic.network.id == "f46b7c46-6196-4750-a07f-bfeab9f1c275"


@check("v4-real-host-networkattachments.xml")
def _network_attachments(attachments: list[t.NetworkAttachment]) -> None:
    (att,) = attachments
    assert att.in_sync is True and att.host_nic.id == "7b77f307-6dda-4e04-ad09-7c05fa6a9305"
    assert [a.assignment_method for a in att.ip_address_assignments] == ["dhcp", "autoconf"]
    configs = {c.name: c for c in att.reported_configurations}
    assert configs["mtu"].actual_value == "1500" and configs["mtu"].in_sync is True
    assert configs["vlan"].expected_value is None


@check("v4-real-networks-list.xml")
def _networks(networks: list[t.Network]) -> None:
    assert [n.name for n in networks] == ["newnet", "ovirtmgmt", "ovirtmgmt"]
    assert networks[1].description == "Default Management Network"
    assert networks[0].usages == [NetworkUsage.VM] and networks[0].mtu == 0
    assert networks[0].data_center.id == "2812e1c2-fb19-4bf9-ac42-74c069a5e507"


@check("v4-real-vnicprofiles-list.xml")
def _vnic_profiles(profiles: list[t.VnicProfile]) -> None:
    assert [p.network.id for p in profiles] == [
        "b6a660fd-f1ff-4d26-b535-91fae6d42a3f",
        "f46b7c46-6196-4750-a07f-bfeab9f1c275",
    ]
    assert profiles[0].pass_through.mode == "disabled" and profiles[0].port_mirroring is False


@check("v4-real-templates-list.xml")
def _templates(templates: list[t.Template]) -> None:
    assert [tp.name for tp in templates] == ["Blank", "template_cd1", "template_cd2"]
    assert all(tp.status is TemplateStatus.OK for tp in templates)
    assert templates[1].version.version_name == "base version"
    assert templates[1].version.base_template.id == "bcdd6891-68c9-4629-8c72-668c2353ab11"
    assert templates[0].creation_time == datetime(2008, 4, 1, tzinfo=EEST)


def test_every_example_has_a_check() -> None:
    assert sorted([*CHECKS, *activity.CHECKS]) == example_names()


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_example(name: str) -> None:
    CHECKS[name](parse(example(name)))


@pytest.mark.parametrize("name", sorted(CHECKS))
@pytest.mark.parametrize("size", [1, 7, 4096])
def test_example_streamed(name: str, size: int) -> None:
    """Fed in 1-byte, odd and 4 KiB chunks, every example reads exactly as parsed whole."""
    streamed = feed_in_chunks(example(name), size)
    assert streamed == parse(example(name))
    CHECKS[name](streamed)
