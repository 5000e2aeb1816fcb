"""Element shapes compared with real engine documents (xml-examples/v4-real-*).

For each type the set of element paths we write must cover the real document's
paths, except the listed ones the model has no data for (icons, quotas, CPU
profiles, certificates…); anything extra must be a known, documented element.
"""

from __future__ import annotations

import httpx
import pytest
from lxml import etree

from console.simulator.server import SimulatorServer

from .conftest import EXAMPLES, xml

# Real elements we do not write: references to objects the simulator does not model.
NOT_MODELLED = {
    "vm": {"/cpu_profile", "/quota", "/large_icon", "/small_icon", "/custom_compatibility_version",
           "/custom_properties", "/display/certificate", "/initialization",
           "/stop_time"},  # absent for a VM that has not stopped since the inventory began
    "template": {"/cpu_profile", "/large_icon", "/small_icon"},
    "cluster": {"/custom_scheduling_policy_properties"},
    "disk": {"/disk_profile", "/quota"},
    "host_nic": {"/ipv6", "/ipv6_boot_protocol"},
    "vnic_profile": {"/network_filter"},
}
# Elements of newer engines (4.4+) or of model data the 4.3 recording lacked.
KNOWN_EXTRAS = {
    "vm": {"/fqdn", "/guest_operating_system", "/guest_time_zone",  # guest agent data of a running VM
           "/memory_policy/ballooning", "/run_once"},  # in the real single-VM document
    "cluster": {"/bios_type", "/management_network"},
    "data_center": {"/description", "/comment"},
    "network": {"/vlan"},
    "disk": {"/qcow_version", "/total_size"},
    "nic": {"/synced", "/reported_devices/reported_device/ips/ip/gateway",
            "/reported_devices/reported_device/ips/ip/netmask"},
    "reported_device": {"/ips/ip/gateway", "/ips/ip/netmask"},
    "host_nic": {"/speed"},
}


def paths(element: etree._Element, prefix: str = "") -> set[str]:
    result = set()
    for child in element:
        if isinstance(child.tag, str):
            path = f"{prefix}/{child.tag}"
            result.add(path)
            result |= paths(child, path)
    return result


def covered(path: str, allowed: set[str]) -> bool:
    return any(path == a or path.startswith(a + "/") for a in allowed)


def compare(kind: str, real: etree._Element, ours: etree._Element) -> None:
    assert ours.tag == real.tag
    missing = {p for p in paths(real) - paths(ours) if not covered(p, NOT_MODELLED.get(kind, set()))}
    extra = {p for p in paths(ours) - paths(real) if not covered(p, KNOWN_EXTRAS.get(kind, set()))}
    assert not missing, f"{kind}: elements of the real engine missing: {sorted(missing)}"
    assert not extra, f"{kind}: unexpected elements: {sorted(extra)}"
    # Engine order: actions, name, description, comment, links, then properties.
    order = [c.tag for c in ours if isinstance(c.tag, str)]
    real_order = [c.tag for c in real if isinstance(c.tag, str)]
    head = [t for t in real_order if t in ("actions", "name", "description", "comment", "link")]
    assert [t for t in order if t in ("actions", "name", "description", "comment", "link")][:len(head)] == head \
        or kind in ("data_center",)


def real_doc(name: str, index: int | None = None) -> etree._Element:
    root = etree.parse(str(EXAMPLES / name)).getroot()
    return root if index is None else root[index]


def running_vm(sim: SimulatorServer):  # type: ignore[no-untyped-def]
    return next(vm for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name)
                if vm.status == "up" and sim.engine.vm_guest_visible(vm))


async def test_vm_shape(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = running_vm(sim)
    ours = xml(await api.get(f"/vms/{vm.id}"))
    compare("vm", real_doc("v4-real-vm-get.xml"), ours)
    real_actions = {link.get("rel") for link in real_doc("v4-real-vm-get.xml").find("actions")}
    assert real_actions <= {link.get("rel") for link in ours.find("actions")}
    real_links = {link.get("rel") for link in real_doc("v4-real-vm-get.xml").findall("link")}
    assert real_links <= {link.get("rel") for link in ours.findall("link")}
    assert ours.find("host").get("href") == f"/ovirt-engine/api/hosts/{vm.host_id}"


async def test_vm_list_item_shape_for_a_down_vm(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    ours = xml(await api.get("/vms", params={"search": f"name={down.name}"}))
    assert len(ours) == 1
    item = ours[0]
    assert item.find("host") is None and item.find("fqdn") is None and item.find("display/port") is None
    compare("vm", real_doc("v4-real-vms-list.xml", 0), item)


@pytest.mark.parametrize("kind, example, index, path", [
    ("host", "v4-real-host-get.xml", None, "/hosts/{host}"),
    ("host", "v4-real-hosts-list.xml", 0, "/hosts"),
    ("cluster", "v4-real-cluster-get.xml", None, "/clusters/{cluster}"),
    ("data_center", "v4-real-datacenter-get.xml", None, "/datacenters/{dc}"),
    ("storage_domain", "v4-real-storagedomain-get.xml", None, "/storagedomains/{sd}"),
    ("template", "v4-real-templates-list.xml", 1, "/templates/{template}"),
    ("network", "v4-real-networks-list.xml", 0, "/networks"),
    ("disk", "v4-real-disks-list.xml", 0, "/disks"),
    ("vnic_profile", "v4-real-vnicprofiles-list.xml", 0, "/vnicprofiles"),
    ("host_nic", "v4-real-host-nics.xml", 0, "/hosts/{host}/nics"),
    ("nic", "v4-real-vm-nics.xml", 0, "/vms/{vm}/nics"),
    ("disk_attachment", "v4-real-vm-diskattachments.xml", 0, "/vms/{vm}/diskattachments"),
    ("reported_device", "v4-real-vm-reporteddevices.xml", 0, "/vms/{vm}/reporteddevices"),
])
async def test_entity_shapes(api: httpx.AsyncClient, sim: SimulatorServer, kind: str, example: str,
                             index: int | None, path: str) -> None:
    engine = sim.engine
    vm = running_vm(sim)
    template = next(t for t in engine.templates.values() if t.cluster_id)
    attached = next(s for s in engine.storage_domains.values() if s.data_center_id and s.type == "data")
    url = path.format(host=sorted(engine.hosts)[0], cluster=sorted(engine.clusters)[0],
                      dc=sorted(engine.data_centers)[0], sd=attached.id, template=template.id, vm=vm.id)
    body = xml(await api.get(url))
    ours = body if body.get("id") else body[0]
    compare(kind, real_doc(example, index), ours)


async def test_snapshot_disks_shape(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = running_vm(sim)
    snapshot = next(s for s in sim.engine.snapshots[vm.id] if s.disk_ids)
    body = xml(await api.get(f"/vms/{vm.id}/snapshots/{snapshot.id}/disks"))
    assert body.tag == "disks" and len(body) == len(snapshot.disk_ids)
    real = real_doc("v4-real-vm-snapshot-disks.xml", 0)
    assert paths(real) - paths(body[0]) == set()
    assert body[0].find("snapshot").get("id") == snapshot.id


async def test_attached_storage_domain_has_status_and_actions(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    sd = next(s for s in sim.engine.storage_domains.values() if s.data_center_id)
    top = xml(await api.get(f"/storagedomains/{sd.id}"))
    assert top.find("status") is None  # per data center only
    assert top.find("data_centers/data_center").get("id") == sd.data_center_id
    inner = xml(await api.get(f"/datacenters/{sd.data_center_id}/storagedomains/{sd.id}"))
    assert inner.get("href") == f"/ovirt-engine/api/datacenters/{sd.data_center_id}/storagedomains/{sd.id}"
    assert inner.findtext("status") == sd.status
    assert {link.get("rel") for link in inner.find("actions")} == {"activate", "deactivate"}
    unattached = [s for s in sim.engine.storage_domains.values() if not s.data_center_id]
    for sd in unattached:
        assert xml(await api.get(f"/storagedomains/{sd.id}")).findtext("status") == "unattached"


async def test_statistics_shape(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = running_vm(sim)
    stats = xml(await api.get(f"/vms/{vm.id}/statistics"))
    assert stats.tag == "statistics" and len(stats)
    real = etree.parse(str(EXAMPLES / "model-doc-vm-statistics-list.xml")).getroot()[0]
    for stat in stats:
        assert [c.tag for c in stat][:5] == [c.tag for c in real][:5]
        assert stat.get("href") == f"/ovirt-engine/api/vms/{vm.id}/statistics/{stat.get('id')}"
        assert stat.find("vm").get("id") == vm.id
        assert stat.find("values/value/datum") is not None or stat.find("values/value/detail") is not None \
            or len(stat.find("values")) == 0
    names = {s.findtext("name") for s in stats}
    assert {"memory.installed", "cpu.current.total", "memory.used"} <= names
    one = stats[0]
    single = xml(await api.get(f"/vms/{vm.id}/statistics/{one.get('id')}"))
    assert single.findtext("name") == one.findtext("name")
    host_stats = xml(await api.get(f"/hosts/{vm.host_id}/statistics"))
    assert {"memory.total", "cpu.current.user"} <= {s.findtext("name") for s in host_stats}


async def test_event_and_job_shapes(api: httpx.AsyncClient) -> None:
    event = xml(await api.get("/events", params={"max": "1"}))[0]
    real = real_doc("v4-real-event-vm-updated.xml")
    scalar = [t for t in (c.tag for c in real) if t not in ("cluster", "data_center", "template", "user", "vm")]
    ours = [c.tag for c in event]
    assert set(scalar) - {"correlation_id"} <= set(ours)
    assert event.findtext("index") == event.get("id")
    assert ours.index("description") == 0


async def test_follow_inlines_collections_and_references(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = running_vm(sim)
    body = xml(await api.get(f"/vms/{vm.id}", params={"follow": "nics,disk_attachments.disk,statistics,cluster"}))
    nics = body.find("nics")
    assert nics is not None and len(nics) == len(sim.engine.nics[vm.id])
    assert body.find("link[@rel='nics']") is not None  # link kept next to the inline list
    attachments = body.find("disk_attachments")
    assert len(attachments) == len(sim.engine.disk_attachments[vm.id])
    assert attachments[0].find("disk/provisioned_size") is not None  # the disk is inlined
    assert len(body.find("statistics")) > 0
    assert body.find("cluster/name").text == sim.engine.clusters[vm.cluster_id].name
    listed = xml(await api.get("/vms", params={"follow": "nics", "max": "3"}))
    assert all(item.find("nics") is not None for item in listed)
    ips = nics.findall("nic/reported_devices/reported_device/ips/ip/address")
    assert ips, "a running VM with a guest agent reports its IPs"


async def test_unknown_follow_is_rejected(api: httpx.AsyncClient) -> None:
    response = await api.get("/vms", params={"follow": "nosuchlink"})
    assert response.status_code == 400
    assert xml(response).findtext("reason") == "Operation Failed"


async def test_all_content_adds_expensive_attributes(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = running_vm(sim)
    plain = xml(await api.get(f"/vms/{vm.id}"))
    full = xml(await api.get(f"/vms/{vm.id}", params={"all_content": "true"}))
    header = xml(await api.get(f"/vms/{vm.id}", headers={"All-Content": "true"}))
    assert plain.find("console") is None
    assert full.find("console/enabled") is not None and header.find("console/enabled") is not None


async def test_down_vm_hides_guest_data(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    assert xml(await api.get(f"/vms/{down.id}/reporteddevices")).tag == "reported_devices"
    assert len(xml(await api.get(f"/vms/{down.id}/reporteddevices"))) == 0
    nics = xml(await api.get(f"/vms/{down.id}/nics"))
    assert nics.find("nic/reported_devices") is None
