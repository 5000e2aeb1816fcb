"""Seeded generation of a plausible oVirt inventory, from 1 to 50,000 VMs.

Everything comes from one random.Random(seed) (ids included), so a seed and a
size always give the same world. Sizes scale proportionately: the default 60
VMs give 2 data centers, 4 clusters and 10 hosts; 50,000 VMs give ~2,100 hosts.
"""

from __future__ import annotations

import gc
import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import inventory_data as data
from .model import (
    BLANK_TEMPLATE_ID,
    Cluster,
    DataCenter,
    Disk,
    DiskAttachment,
    Host,
    HostNic,
    Ip,
    Network,
    Nic,
    ReportedDevice,
    Snapshot,
    StorageDomain,
    Template,
    Vm,
    VnicProfile,
)

__all__ = ["Inventory", "generate", "scale"]

GIB = 1 << 30
TIB = 1 << 40


@dataclass(slots=True)
class Inventory:
    data_centers: dict[str, DataCenter] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    hosts: dict[str, Host] = field(default_factory=dict)
    host_nics: dict[str, list[HostNic]] = field(default_factory=dict)
    vms: dict[str, Vm] = field(default_factory=dict)
    storage_domains: dict[str, StorageDomain] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)
    vnic_profiles: dict[str, VnicProfile] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    disks: dict[str, Disk] = field(default_factory=dict)
    disk_attachments: dict[str, list[DiskAttachment]] = field(default_factory=dict)
    nics: dict[str, list[Nic]] = field(default_factory=dict)
    reported_devices: dict[str, list[ReportedDevice]] = field(default_factory=dict)
    snapshots: dict[str, list[Snapshot]] = field(default_factory=dict)


def uuid4_str(rng: random.Random) -> str:
    """str(uuid.UUID(int=rng.getrandbits(128), version=4)), without the UUID object (5x faster)."""
    n = (rng.getrandbits(128) & _V4_MASK) | _V4_BITS
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_V4_MASK = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_V4_BITS = (0x4000 << 64) | (0x8000 << 48)


def scale(vms: int) -> tuple[int, int, int]:
    """(data centers, clusters, hosts) for a VM count: 60 -> (2, 4, 10), 50,000 -> (4, 57, 2127)."""
    hosts = max(2, round(vms / 6)) if vms <= 1000 else 167 + math.ceil((vms - 1000) / 25)
    clusters = max(1, round(hosts * 0.4)) if hosts <= 10 else 4 + math.ceil((hosts - 10) / 40)
    dcs = 1 if clusters == 1 else 2 + clusters // 20
    return dcs, clusters, hosts


class _Gen:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.inv = Inventory()
        self.mac_counter = 0

    def uid(self) -> str:
        return uuid4_str(self.rng)

    def mac(self) -> str:
        # oVirt's default MAC pool range 56:6f:xx:xx:xx:xx; sequential keeps them unique.
        self.mac_counter += 1
        c = self.mac_counter
        return f"56:6f:{(c >> 24) & 0xff:02x}:{(c >> 16) & 0xff:02x}:{(c >> 8) & 0xff:02x}:{c & 0xff:02x}"


def generate(*, seed: int = 0, vms: int = 60, now: datetime) -> Inventory:
    # Hundreds of thousands of acyclic objects: pausing the cyclic GC halves the time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(seed, vms, now)
    finally:
        if was_enabled:
            gc.enable()


def _generate(seed: int, vms: int, now: datetime) -> Inventory:
    g = _Gen(seed, now)
    n_dc, n_cl, n_hosts = scale(vms)
    dcs = _data_centers(g, n_dc)
    clusters = _clusters(g, dcs, n_cl)
    _networks(g, dcs, clusters)
    hosts = _hosts(g, clusters, n_hosts)
    data_sds = _storage(g, dcs, vms)
    templates = _templates(g, clusters)
    _vms(g, clusters, hosts, data_sds, templates, vms)
    _settle_storage(g, data_sds)
    return g.inv


def _data_centers(g: _Gen, n: int) -> list[DataCenter]:
    out = []
    for i in range(n):
        name = data.DC_NAMES[i] if i < len(data.DC_NAMES) else f"dc-{i + 1:02d}"
        dc = DataCenter(id=g.uid(), name=name, description=f"Data center {name}")
        g.inv.data_centers[dc.id] = dc
        out.append(dc)
    return out


def _clusters(g: _Gen, dcs: list[DataCenter], n: int) -> list[Cluster]:
    out = []
    for i in range(n):
        name = data.CLUSTER_NAMES[i] if n <= len(data.CLUSTER_NAMES) else f"cluster-{i + 1:02d}"
        _, cpu_type, _, _ = data.CPU_MODELS[i % len(data.CPU_MODELS)]
        cl = Cluster(id=g.uid(), name=name, data_center_id=dcs[i % len(dcs)].id, cpu_type=cpu_type,
                     description=f"{name} workloads")
        g.inv.clusters[cl.id] = cl
        out.append(cl)
    return out


def _networks(g: _Gen, dcs: list[DataCenter], clusters: list[Cluster]) -> None:
    for dc in dcs:
        mgmt = Network(id=g.uid(), name="ovirtmgmt", data_center_id=dc.id, description="Management Network",
                       usages=("default_route", "display", "management", "migration", "vm"), vdsm_name="ovirtmgmt")
        nets = [mgmt]
        for label, vlan in data.VLANS:
            nets.append(Network(id=g.uid(), name=f"{label}-vlan{vlan}", data_center_id=dc.id, vlan_id=vlan,
                                description=f"{label.capitalize()} VLAN {vlan}", mtu=9000 if label == "storage" else 0,
                                usages=() if label == "storage" else ("vm",), required=label != "backup",
                                vdsm_name=f"{label}-vlan{vlan}"))
        for net in nets:
            g.inv.networks[net.id] = net
            if "vm" in net.usages:
                prof = VnicProfile(id=g.uid(), name=net.name, network_id=net.id)
                g.inv.vnic_profiles[prof.id] = prof
        for cl in clusters:
            if cl.data_center_id == dc.id:
                cl.management_network_id = mgmt.id


def _hosts(g: _Gen, clusters: list[Cluster], n: int) -> list[Host]:
    rng, out = g.rng, []
    # One host in maintenance per ~100 (at least one when there are 4+ hosts).
    maintenance = {3} if n >= 4 else set()
    maintenance |= set(range(103, n, 100))
    for i in range(n):
        cl = clusters[i % len(clusters)]
        dc_idx = list(g.inv.data_centers).index(cl.data_center_id)
        domain = data.DC_DOMAINS[dc_idx] if dc_idx < len(data.DC_DOMAINS) else f"dc{dc_idx + 1}.example.com"
        name = f"host-{i + 1:02d}"
        cpu_name, cpu_type, speed, cores = data.CPU_MODELS[clusters.index(cl) % len(data.CPU_MODELS)]
        manufacturer, product = data.HW[i % len(data.HW)]
        memory = rng.choice((256, 384, 512)) * GIB
        host = Host(
            id=g.uid(), name=name, cluster_id=cl.id, address=f"{name}.{domain}",
            status="maintenance" if i in maintenance else "up",
            cpu_name=cpu_name, cpu_type=cpu_type, cpu_speed=speed, cpu_cores=cores, memory=memory,
            max_scheduling_memory=memory - 8 * GIB, hw_manufacturer=manufacturer, hw_product_name=product,
            hw_serial_number=f"SN{rng.getrandbits(40):010X}", hw_uuid=g.uid(), hw_family="Server",
            ssh_fingerprint=f"SHA256:{rng.getrandbits(128):032x}", spm_priority=5,
            boot_time=g.now - timedelta(days=rng.uniform(2, 90)),
            power_management_enabled=i % 7 != 5,  # a few hosts lack fencing (the engine alerts on them)
        )
        g.inv.hosts[host.id] = host
        a, b = 10 + dc_idx, (i // 250) % 250
        mgmt = next(net for net in g.inv.networks.values()
                    if net.data_center_id == cl.data_center_id and net.name == "ovirtmgmt")
        g.inv.host_nics[host.id] = [
            # The engine lists physical NICs; the ovirtmgmt bridge shows as the network on eno1.
            HostNic(id=g.uid(), name="eno1", host_id=host.id, mac_address=_host_mac(rng),
                    ip_address=f"{a}.0.{b}.{i % 250 + 2}", ip_gateway=f"{a}.0.{b}.1", network_id=mgmt.id),
            HostNic(id=g.uid(), name="eno2", host_id=host.id, mac_address=_host_mac(rng), bridged=False,
                    boot_protocol="none"),
            HostNic(id=g.uid(), name="eno3", host_id=host.id, mac_address=_host_mac(rng), bridged=False,
                    boot_protocol="none", mtu=9000, speed=25_000_000_000),
        ]
        out.append(host)
    # The first up host of each data center is its SPM.
    seen: set[str] = set()
    for host in out:
        dc_id = g.inv.clusters[host.cluster_id].data_center_id
        if host.status == "up" and dc_id not in seen:
            host.spm_status = "spm"
            seen.add(dc_id)
    return out


def _host_mac(rng: random.Random) -> str:
    return "b8:ca:3a:" + ":".join(f"{rng.getrandbits(8):02x}" for _ in range(3))


def _storage(g: _Gen, dcs: list[DataCenter], vms: int) -> dict[str, list[StorageDomain]]:
    """Data domains per data center (NFS master, iSCSI, FCP, more at scale) plus ISO and export."""
    out: dict[str, list[StorageDomain]] = {}
    extra = vms // 2000
    for d, dc in enumerate(dcs):
        kinds = ["nfs", "iscsi"] + (["fcp"] if d == 0 else []) + ["nfs", "iscsi"] * (extra // 2) + ["nfs"] * (extra % 2)
        sds = []
        for k, kind in enumerate(kinds):
            name = f"{dc.name}-{kind}-{k + 1:02d}"
            sd = StorageDomain(
                id=g.uid(), name=name, type="data", storage_type=kind, data_center_id=dc.id, master=k == 0,
                description=f"{kind.upper()} data domain", block_size=512,
                storage_address=f"nas-{d + 1:02d}.example.com" if kind == "nfs" else "",
                storage_path=f"/exports/{name}" if kind == "nfs" else "",
                storage_nfs_version="auto" if kind == "nfs" else "",
                supports_discard=kind != "nfs", discard_after_delete=kind == "fcp",
            )
            g.inv.storage_domains[sd.id] = sd
            sds.append(sd)
        out[dc.id] = sds
    iso = StorageDomain(id=g.uid(), name="iso", type="iso", storage_type="nfs", data_center_id=dcs[0].id,
                        storage_address="nas-01.example.com", storage_path="/exports/iso", storage_nfs_version="v3",
                        description="ISO images", storage_format="v1", available=420 * GIB, used=80 * GIB)
    export = StorageDomain(id=g.uid(), name="export", type="export", storage_type="nfs",
                           data_center_id=dcs[-1].id, status="maintenance", storage_address="nas-02.example.com",
                           storage_path="/exports/export", storage_nfs_version="v3", description="Export domain",
                           storage_format="v1", available=1800 * GIB, used=200 * GIB)
    for sd in (iso, export):
        g.inv.storage_domains[sd.id] = sd
    return out


def _templates(g: _Gen, clusters: list[Cluster]) -> dict[str, Template]:
    blank = Template(id=BLANK_TEMPLATE_ID, name="Blank", description="Blank template",
                     creation_time=g.now - timedelta(days=400), os_type="other")
    g.inv.templates[blank.id] = blank
    by_name = {}
    for i, (name, os_type, mem, desc) in enumerate(data.TEMPLATES):
        t = Template(id=g.uid(), name=name, description=desc, os_type=os_type, memory=mem * GIB,
                     cluster_id=clusters[i % len(clusters)].id, bios_type="q35_ovmf",
                     creation_time=g.now - timedelta(days=g.rng.uniform(30, 300)))
        t.base_template_id = t.id
        g.inv.templates[t.id] = t
        by_name[name] = t
    return by_name


def _vms(g: _Gen, clusters: list[Cluster], hosts: list[Host], data_sds: dict[str, list[StorageDomain]],
         templates: dict[str, Template], n: int) -> None:
    rng, inv, now = g.rng, g.inv, g.now
    # Per cluster a max-heap of (free memory, host): least-loaded placement in O(log hosts).
    up_hosts: dict[str, list[tuple[int, int, Host]]] = {c.id: [] for c in clusters}
    for k, h in enumerate(hosts):
        if h.status == "up":
            up_hosts[h.cluster_id].append((-h.max_scheduling_memory, k, h))
    for heap in up_hosts.values():
        heapq.heapify(heap)
    counters: dict[str, int] = {}
    vm_profiles = {}
    for dc in inv.data_centers:
        profs = [p for p in inv.vnic_profiles.values() if inv.networks[p.network_id].data_center_id == dc]
        # First NIC on the production VLAN; big VMs also get one on the backup VLAN.
        prod = next((p for p in profs if p.name.startswith("prod")), profs[0])
        backup = [p for p in profs if p.name.startswith("backup")][:1]
        vm_profiles[dc] = ([prod], [prod] + backup)
    dc_index = {dc: i for i, dc in enumerate(inv.data_centers)}
    display_ports: dict[str, int] = {}
    families = rng.choices(range(len(data.FAMILIES)), weights=data.FAMILY_WEIGHTS, k=n)
    for i in range(n):
        family, os_type, mems, (dmin, dmax), vtype, tname = data.FAMILIES[families[i]]
        counters[family] = counters.get(family, 0) + 1
        name = f"{family}-{counters[family]:02d}"
        cl = clusters[i % len(clusters)]
        dc_id = cl.data_center_id
        d = dc_index[dc_id]
        memory = rng.choice(mems) * GIB
        roll = rng.random()
        # A few suspended and paused VMs at fixed strides, so every world has some.
        status = ("suspended" if i % 20 == 7 else "paused" if i % 29 == 13
                  else "up" if roll < 0.78 else "down")
        host = None
        if status in ("up", "paused"):
            # Least-loaded up host in the cluster if it fits; otherwise the VM stays down.
            heap = up_hosts[cl.id]
            if heap and -heap[0][0] >= memory:
                neg_free, k, host = heap[0]
                heapq.heapreplace(heap, (neg_free + memory, k, host))
            else:
                status = "down"
        template = templates.get(tname) if tname else None
        distro, gfamily, major, minor, kernel, codename = data.GUEST_OS[os_type]
        domain = data.DC_DOMAINS[d] if d < len(data.DC_DOMAINS) else f"dc{d + 1}.example.com"
        windows = gfamily == "Windows"
        vm = Vm(
            id=g.uid(), name=name, cluster_id=cl.id, status=status, description=data.DESCRIPTIONS[family],
            type=vtype, memory=memory, memory_guaranteed=memory // 2 if not windows else memory,
            memory_max=memory * 4, cpu_sockets=max(1, memory // (4 * GIB)) if memory <= 16 * GIB else 4,
            cpu_cores=1 if memory <= 16 * GIB else 2, os_type=os_type,
            template_id=template.id if template else BLANK_TEMPLATE_ID,
            original_template_id=template.id if template else BLANK_TEMPLATE_ID,
            creation_time=now - timedelta(days=rng.uniform(1, 700)),
            high_availability_enabled=family in ("db", "win-dc", "lb", "k8s-master"),
            fqdn=f"{name}.{domain}", guest_os_distribution=distro, guest_os_family=gfamily,
            guest_os_version_full=f"{major}.{minor}", guest_os_version_major=major, guest_os_version_minor=minor,
            guest_os_kernel_version=kernel, guest_os_codename=codename,
            display_type="spice" if windows or vtype == "desktop" else "vnc",
            guest_agent=rng.random() < 0.95, delete_protected=family == "db" and rng.random() < 0.5,
        )
        if host is not None:
            vm.host_id = host.id
            vm.start_time = now - timedelta(hours=rng.uniform(0.5, 24 * 60))
            port = display_ports.get(host.id, 5900)
            display_ports[host.id] = port + 2
            vm.display_address, vm.display_port, vm.display_secure_port = host.address, port, port + 1
        else:
            vm.stop_time = now - timedelta(hours=rng.uniform(1, 24 * 30))
        inv.vms[vm.id] = vm
        _vm_devices(g, vm, d, rng.randint(dmin, dmax), data_sds[dc_id], vm_profiles[dc_id], i)


def _vm_devices(g: _Gen, vm: Vm, d: int, n_disks: int, sds: list[StorageDomain],
                profiles: tuple[list[VnicProfile], list[VnicProfile]], i: int) -> None:
    rng, inv = g.rng, g.inv
    attachments, disk_ids = [], []
    windows = vm.os_type.startswith("windows")
    iface = "sata" if windows else "virtio_scsi"
    for k in range(n_disks):
        size = (rng.choice((20, 40, 60, 100)) if k == 0 else rng.choice((50, 100, 200, 500))) * GIB
        sd = sds[rng.randrange(len(sds))]
        sparse = sd.storage_type == "nfs" or rng.random() < 0.5
        actual = int(size * rng.uniform(0.15, 0.8)) if sparse else size
        disk = Disk(id=g.uid(), name=f"{vm.name}_Disk{k + 1}", storage_domain_id=sd.id, provisioned_size=size,
                    actual_size=actual, total_size=actual, sparse=sparse, format="cow" if sparse else "raw",
                    image_id=g.uid(), description="OS" if k == 0 else "data")
        inv.disks[disk.id] = disk
        disk_ids.append(disk.id)
        attachments.append(DiskAttachment(id=disk.id, vm_id=vm.id, disk_id=disk.id, bootable=k == 0,
                                          interface=iface, logical_name=f"/dev/sd{chr(97 + k)}"))
    inv.disk_attachments[vm.id] = attachments
    nic_profiles = profiles[1] if vm.memory >= 16 * GIB else profiles[0]
    nics, devices = [], []
    for k, prof in enumerate(nic_profiles):
        nic = Nic(id=g.uid(), vm_id=vm.id, name=f"nic{k + 1}", mac_address=g.mac(), vnic_profile_id=prof.id,
                  interface="e1000e" if windows else "virtio")
        nics.append(nic)
        net = 10 * (k + 1) + d
        v4 = f"10.{net}.{(i >> 8) & 0xff}.{i & 0xff or 1}"
        ips = (Ip(address=v4, version="v4", gateway=f"10.{net}.0.1", netmask="255.255.0.0"),
               Ip(address=f"fd00:{net:x}::{i + 1:x}", version="v6", netmask="64"))
        devices.append(ReportedDevice(id=g.uid(), vm_id=vm.id, nic_id=nic.id,
                                      name=("Ethernet" if windows else "eth") + str(k), mac_address=nic.mac_address, ips=ips))
    inv.nics[vm.id] = nics
    inv.reported_devices[vm.id] = devices
    snaps = [Snapshot(id=g.uid(), vm_id=vm.id, description="Active VM", date=vm.creation_time or g.now,
                      snapshot_type="active", disk_ids=tuple(disk_ids))]
    if rng.random() < 0.12:
        snaps.append(Snapshot(id=g.uid(), vm_id=vm.id, description=rng.choice(("before-upgrade", "pre-patch", "baseline")),
                              date=g.now - timedelta(days=rng.uniform(1, 60)), disk_ids=tuple(disk_ids)))
    inv.snapshots[vm.id] = snaps


def _settle_storage(g: _Gen, data_sds: dict[str, list[StorageDomain]]) -> None:
    """Size data domains from the disks on them: 35-70% used, one domain close to its warning line."""
    rng = g.rng
    used: dict[str, int] = {}
    committed: dict[str, int] = {}
    for disk in g.inv.disks.values():
        used[disk.storage_domain_id] = used.get(disk.storage_domain_id, 0) + disk.actual_size
        committed[disk.storage_domain_id] = committed.get(disk.storage_domain_id, 0) + disk.provisioned_size
    first = True
    for sds in data_sds.values():
        for sd in sds:
            u = used.get(sd.id, 0) + 50 * GIB  # OVF stores, metadata, leases
            # The demo's "running low" domain starts just above the warning line (life pushes it under).
            fraction = 0.87 if first and sd.storage_type == "iscsi" else rng.uniform(0.35, 0.7)
            if first and sd.storage_type == "iscsi":
                first = False
            total = max(int(u / fraction), 1 * TIB)
            u = max(u, int(total * fraction))  # non-disk content (ISO uploads, OVAs) fills the rest
            sd.used, sd.available = u, total - u
            sd.committed = committed.get(sd.id, 0)
