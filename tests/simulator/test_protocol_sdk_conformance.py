"""Pins what driving the simulator with the official SDK (sdk_conformance.py) found, over plain httpx.

CI has no ovirtsdk4, so each discrepancy the SDK run exposed is held here on the wire:
the element names the SDK's generated readers look for, and the actions it calls.
"""

from __future__ import annotations

import httpx

from console.simulator.engine import Engine

from .conftest import child_names, xml


async def test_followed_host_nics_are_inlined_as_nics(api: httpx.AsyncClient, engine: Engine) -> None:
    # The SDK's HostReader reads <nics><host_nic>; an inline <host_nics> was silently dropped.
    hosts = xml(await api.get("/hosts", params={"follow": "nics"}))
    for host in hosts:
        assert "host_nics" not in child_names(host)
        nics = host.find("nics")
        assert nics is not None
        assert [n.get("id") for n in nics] == [n.id for n in engine.host_nics[host.get("id")]]
        assert {n.tag for n in nics} <= {"host_nic"}
    # The collection document itself stays rooted at <host_nics>.
    first = hosts[0].get("id")
    assert xml(await api.get(f"/hosts/{first}/nics")).tag == "host_nics"


async def test_followed_host_nic_statistics_nest_inside_each_nic(api: httpx.AsyncClient) -> None:
    host = xml(await api.get("/hosts", params={"follow": "nics.statistics", "max": "1"}))[0]
    for nic in host.find("nics"):
        stats = nic.find("statistics")
        assert stats is not None and len(stats) > 0
        assert all(s.find("host_nic").get("id") == nic.get("id") for s in stats)


async def test_data_center_follows_storage_domains_clusters_networks(api: httpx.AsyncClient,
                                                                      engine: Engine) -> None:
    # follow=storage_domains on a data center answered 400 "Link not found"; the SDK reads
    # <storage_domains>, <clusters> and <networks> inside <data_center>.
    response = await api.get("/datacenters", params={"follow": "storage_domains,clusters,networks"})
    assert response.status_code == 200, response.text
    for dc in xml(response):
        dc_id = dc.get("id")
        names = child_names(dc)
        assert {"storage_domains", "clusters", "networks"} <= set(names)
        attached = dc.find("storage_domains")
        assert sorted(s.get("id") for s in attached) == sorted(
            s.id for s in engine.storage_domains.values() if s.data_center_id == dc_id)
        # Inlined as the attached view: it carries the per-data-center status.
        assert all(s.findtext("status") for s in attached)
        assert all(s.get("href").startswith(f"/ovirt-engine/api/datacenters/{dc_id}/storagedomains/")
                   for s in attached)
        assert sorted(c.get("id") for c in dc.find("clusters")) == sorted(
            c.id for c in engine.clusters.values() if c.data_center_id == dc_id)
        assert sorted(n.get("id") for n in dc.find("networks")) == sorted(
            n.id for n in engine.networks.values() if n.data_center_id == dc_id)


async def test_single_data_center_follow(api: httpx.AsyncClient, engine: Engine) -> None:
    dc_id = next(iter(engine.data_centers))
    dc = xml(await api.get(f"/datacenters/{dc_id}", params={"follow": "storage_domains"}))
    assert dc.tag == "data_center"
    assert len(dc.find("storage_domains")) == sum(1 for s in engine.storage_domains.values()
                                                   if s.data_center_id == dc_id)


async def test_storage_domain_isattached_answers_is_attached(api: httpx.AsyncClient, engine: Engine) -> None:
    # StorageDomainService.is_attached() returns the <is_attached> member of the <action> reply.
    domains = list(engine.storage_domains.values())
    assert any(sd.data_center_id for sd in domains)
    for sd in domains:
        response = await api.post(f"/storagedomains/{sd.id}/isattached", content="<action/>")
        assert response.status_code == 200, response.text
        action = xml(response)
        assert action.tag == "action"
        assert action.findtext("is_attached") == ("true" if sd.data_center_id else "false")
        assert action.findtext("status") == "complete"
        target = action.find("storage_domain")
        assert target.get("id") == sd.id and target.get("href") == f"/ovirt-engine/api/storagedomains/{sd.id}"
        assert child_names(action) == sorted(child_names(action))  # JAXB order


async def test_isattached_on_a_missing_domain_is_404(api: httpx.AsyncClient) -> None:
    response = await api.post("/storagedomains/00000000-0000-0000-0000-0000000000ff/isattached",
                              content="<action/>")
    assert response.status_code == 404
    assert response.content == b""


async def test_following_a_link_the_simulator_never_fills_keeps_the_link(api: httpx.AsyncClient) -> None:
    # vms_service.list(follow='tags') answered 400; the engine follows any advertised link, and
    # an empty one reads in the SDK as an empty list, exactly what the kept <link> gives.
    response = await api.get("/vms", params={"follow": "tags,permissions,graphics_consoles,nics", "max": "2"})
    assert response.status_code == 200, response.text
    for vm in xml(response):
        rels = {link.get("rel") for link in vm.findall("link")}
        assert {"tags", "permissions", "graphicsconsoles"} <= rels
        assert vm.find("nics") is not None and len(vm.find("nics")) > 0  # filled links still inline
    host = xml(await api.get("/hosts", params={"follow": "katello_errata", "max": "1"}))[0]
    assert host.find("link[@rel='katelloerrata']") is not None


async def test_following_an_unknown_link_is_still_a_fault(api: httpx.AsyncClient) -> None:
    response = await api.get("/vms", params={"follow": "no_such_link", "max": "1"})
    assert response.status_code == 400
    assert xml(response).tag == "fault"


async def test_follow_expands_a_disks_storage_domains(api: httpx.AsyncClient, engine: Engine) -> None:
    # vm.get(follow='disk_attachments.disk.storage_domains') answered 400 "Link not found for disk".
    response = await api.get("/vms", params={"follow": "disk_attachments.disk.storage_domains", "max": "3"})
    assert response.status_code == 200, response.text
    seen = 0
    for attachment in xml(response).iter("disk_attachment"):
        disk = attachment.find("disk")
        domains = disk.findall("storage_domains")
        assert len(domains) == 1  # replaced in place, never duplicated
        (domain,) = list(domains[0])
        expected = engine.disks[disk.get("id")].storage_domain_id
        assert domain.tag == "storage_domain" and domain.get("id") == expected
        assert domain.findtext("name") == engine.storage_domains[expected].name
        seen += 1
    assert seen > 0


async def test_follow_expands_a_storage_domains_data_centers(api: httpx.AsyncClient, engine: Engine) -> None:
    response = await api.get("/storagedomains", params={"follow": "data_centers"})
    assert response.status_code == 200, response.text
    for sd in xml(response):
        dc_id = engine.storage_domains[sd.get("id")].data_center_id
        blocks = sd.findall("data_centers")
        if dc_id is None:
            assert blocks == []
            continue
        (dc,) = list(blocks[0])
        assert len(blocks) == 1 and dc.get("id") == dc_id
        assert dc.findtext("name") == engine.data_centers[dc_id].name


async def test_storage_domains_is_not_followable_on_a_vm(api: httpx.AsyncClient) -> None:
    response = await api.get("/vms", params={"follow": "storage_domains", "max": "1"})
    assert response.status_code == 400


async def test_host_nics_are_physical_interfaces_with_the_management_network_on_one(
        api: httpx.AsyncClient, engine: Engine) -> None:
    # As in the real /hosts/{id}/nics: eth/eno devices; the ovirtmgmt bridge is not a NIC of its own,
    # it is the <network> of the bridged NIC that carries the host's address.
    host_id = next(iter(engine.hosts))
    nics = xml(await api.get(f"/hosts/{host_id}/nics"))
    names = [n.findtext("name") for n in nics]
    assert "ovirtmgmt" not in names and all(name.startswith("eno") for name in names)
    management = [n for n in nics if n.find("network") is not None]
    assert len(management) == 1
    (nic,) = management
    assert nic.findtext("bridged") == "true"
    network_id = nic.find("network").get("id")
    assert engine.networks[network_id].name == "ovirtmgmt"
    assert nic.find("ip").findtext("address") == next(n.ip_address for n in engine.host_nics[host_id]
                                                   if n.network_id == network_id)
