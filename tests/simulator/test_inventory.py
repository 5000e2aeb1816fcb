"""Seeded inventory: determinism, proportions, realism and scale."""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

from console.simulator.inventory import generate, scale
from console.simulator.model import BLANK_TEMPLATE_ID

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def _fingerprint(inv) -> list[tuple]:
    return [(vm.id, vm.name, vm.status, vm.host_id, vm.memory, vm.os_type) for vm in inv.vms.values()]


def test_same_seed_same_world_and_other_seed_differs() -> None:
    a, b = generate(seed=3, vms=60, now=NOW), generate(seed=3, vms=60, now=NOW)
    assert _fingerprint(a) == _fingerprint(b)
    assert list(a.hosts) == list(b.hosts) and list(a.disks) == list(b.disks)
    assert _fingerprint(generate(seed=4, vms=60, now=NOW)) != _fingerprint(a)


def test_default_size_proportions() -> None:
    inv = generate(seed=0, vms=60, now=NOW)
    assert (len(inv.data_centers), len(inv.clusters), len(inv.hosts), len(inv.vms)) == (2, 4, 10, 60)
    assert scale(60) == (2, 4, 10)
    kinds = Counter((sd.type, sd.storage_type) for sd in inv.storage_domains.values())
    assert kinds[("data", "nfs")] >= 2 and kinds[("data", "iscsi")] >= 2 and kinds[("data", "fcp")] == 1
    assert kinds[("iso", "nfs")] == 1 and kinds[("export", "nfs")] == 1
    assert BLANK_TEMPLATE_ID in inv.templates and inv.templates[BLANK_TEMPLATE_ID].name == "Blank"
    assert len(inv.templates) >= 4
    names = {n.name for n in inv.networks.values()}
    assert "ovirtmgmt" in names and any(n.vlan_id for n in inv.networks.values())
    # Each data center has exactly one master data domain and one SPM host.
    for dc in inv.data_centers:
        assert sum(1 for sd in inv.storage_domains.values() if sd.data_center_id == dc and sd.master) == 1
        spms = [h for h in inv.hosts.values() if inv.clusters[h.cluster_id].data_center_id == dc and h.spm_status == "spm"]
        assert len(spms) == 1


def test_states_mix_and_placement_is_consistent() -> None:
    inv = generate(seed=0, vms=300, now=NOW)
    statuses = Counter(vm.status for vm in inv.vms.values())
    assert statuses["up"] > len(inv.vms) / 2
    assert statuses["down"] > 0 and statuses["suspended"] + statuses["paused"] > 0
    assert any(h.status == "maintenance" for h in inv.hosts.values())
    used: Counter[str] = Counter()
    for vm in inv.vms.values():
        if vm.status in ("up", "paused"):
            host = inv.hosts[vm.host_id]
            assert host.status == "up" and host.cluster_id == vm.cluster_id
            used[host.id] += vm.memory
            assert vm.start_time is not None and vm.display_port >= 5900
        else:
            assert vm.host_id is None
    for host_id, mem in used.items():
        assert mem <= inv.hosts[host_id].max_scheduling_memory


def test_realistic_names_ids_and_devices() -> None:
    inv = generate(seed=1, vms=120, now=NOW)
    names = [vm.name for vm in inv.vms.values()]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z0-9-]+-\d{2,}", n) for n in names)
    assert {"rhel_9x64", "windows_2022"} <= {vm.os_type for vm in inv.vms.values()}
    for vm in inv.vms.values():
        assert uuid.UUID(vm.id).version == 4
        assert vm.fqdn.startswith(vm.name + ".") and vm.fqdn.endswith(".example.com")
        atts = inv.disk_attachments[vm.id]
        assert 1 <= len(atts) <= 3 and sum(a.bootable for a in atts) == 1
        assert all(a.id == a.disk_id and a.disk_id in inv.disks for a in atts)
        assert inv.snapshots[vm.id][0].snapshot_type == "active"
        devices = inv.reported_devices[vm.id]
        assert {ip.version for d in devices for ip in d.ips} == {"v4", "v6"}
    macs = [n.mac_address for nics in inv.nics.values() for n in nics]
    assert len(set(macs)) == len(macs)
    assert all(re.fullmatch(r"56:6f(:[0-9a-f]{2}){4}", m) for m in macs)


def test_storage_usage_matches_disks() -> None:
    inv = generate(seed=2, vms=60, now=NOW)
    for sd in inv.storage_domains.values():
        if sd.type != "data":
            continue
        on_sd = [d for d in inv.disks.values() if d.storage_domain_id == sd.id]
        assert sd.used >= sum(d.actual_size for d in on_sd)
        assert sd.committed == sum(d.provisioned_size for d in on_sd)
        assert sd.available > 0


def test_fifty_thousand_vms_scale() -> None:
    started = time.perf_counter()
    inv = generate(seed=5, vms=50_000, now=NOW)
    elapsed = time.perf_counter() - started
    print(f"\n50,000-VM inventory generated in {elapsed:.2f}s")  # a figure, not an assertion
    assert len(inv.vms) == 50_000
    dcs, clusters, hosts = scale(50_000)
    assert (len(inv.data_centers), len(inv.clusters), len(inv.hosts)) == (dcs, clusters, hosts)
    assert hosts > 1000 and len(inv.storage_domains) > 10
    assert len({vm.name for vm in inv.vms.values()}) == 50_000
    assert len(inv.disks) >= 50_000
