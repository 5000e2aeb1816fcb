"""Search, sorting, paging, max and event/job queries over HTTP."""

from __future__ import annotations

import fnmatch
from datetime import datetime

import httpx

from console.simulator.server import SimulatorServer

from .conftest import xml


async def names(api: httpx.AsyncClient, path: str, **params: str) -> list[str]:
    response = await api.get(path, params=params)
    assert response.status_code == 200, response.text
    return [item.findtext("name") for item in xml(response)]


async def test_default_order_is_by_name(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    listed = await names(api, "/vms")
    assert listed == sorted((vm.name for vm in sim.engine.vms.values()), key=str.lower)
    assert await names(api, "/hosts") == sorted((h.name for h in sim.engine.hosts.values()), key=str.lower)


async def test_name_wildcards_status_and_case(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vms = list(sim.engine.vms.values())
    prefix = sorted(vm.name for vm in vms)[0][:3]
    expected = sorted(vm.name for vm in vms if fnmatch.fnmatch(vm.name.lower(), prefix.lower() + "*"))
    assert await names(api, "/vms", search=f"name={prefix}*") == expected
    assert await names(api, "/vms", search=f"name={prefix.upper()}*") == expected
    assert await names(api, "/vms", search=f"name={prefix.upper()}*", case_sensitive="true") == \
        sorted(vm.name for vm in vms if vm.name.startswith(prefix.upper()))
    up = sorted(vm.name for vm in vms if vm.status == "up")
    assert await names(api, "/vms", search="status=up") == up
    both = sorted(vm.name for vm in vms if vm.status == "up" and vm.name.lower().startswith(prefix.lower()))
    assert await names(api, "/vms", search=f"name={prefix}* and status=up") == both


async def test_cluster_host_and_datacenter_conditions(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    engine = sim.engine
    vm = next(v for v in sorted(engine.vms.values(), key=lambda v: v.name) if v.host_id)
    cluster = engine.clusters[vm.cluster_id]
    host = engine.hosts[vm.host_id]
    dc = engine.data_centers[cluster.data_center_id]
    assert await names(api, "/vms", search=f"cluster={cluster.name}") == \
        sorted(v.name for v in engine.vms.values() if v.cluster_id == cluster.id)
    on_host = sorted(v.name for v in engine.vms.values() if v.host_id == host.id)
    assert await names(api, "/vms", search=f"host={host.name}") == on_host
    assert await names(api, "/vms", search=f"on_host={host.name}") == on_host
    in_dc = {c.id for c in engine.clusters.values() if c.data_center_id == dc.id}
    assert await names(api, "/vms", search=f"datacenter={dc.name}") == \
        sorted(v.name for v in engine.vms.values() if v.cluster_id in in_dc)
    assert await names(api, "/hosts", search=f"cluster={cluster.name}") == \
        sorted(h.name for h in engine.hosts.values() if h.cluster_id == cluster.id)
    assert await names(api, "/clusters", search=f"datacenter={dc.name}") == \
        sorted(c.name for c in engine.clusters.values() if c.data_center_id == dc.id)
    either = sorted(v.name for v in engine.vms.values() if v.host_id == host.id or v.status == "down")
    assert await names(api, "/vms", search=f"host={host.name} or status=down") == either


async def test_sortby_page_and_max(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    all_names = sorted((vm.name for vm in sim.engine.vms.values()), key=str.lower)
    assert await names(api, "/vms", search="sortby name desc") == list(reversed(all_names))
    assert await names(api, "/vms", max="5") == all_names[:5]
    assert await names(api, "/vms", search="page 2", max="7") == all_names[7:14]
    assert await names(api, "/vms", search="page 2") == []
    pages, page = [], 1
    while chunk := await names(api, "/vms", search=f"sortby name page {page}", max="25"):
        pages += chunk
        page += 1
    assert pages == all_names  # the SDK's page_vms.py loop
    memory = await api.get("/vms", params={"search": "sortby memory desc", "max": "3"})
    values = [int(v.findtext("memory")) for v in xml(memory)]
    assert values == sorted(values, reverse=True)


async def test_search_errors_are_400_operation_failed(api: httpx.AsyncClient) -> None:
    for text in ("name=", "name web", "nosuchfield=1", "status=up and", "sortby", "page x"):
        response = await api.get("/vms", params={"search": text})
        assert response.status_code == 400, text
        fault = xml(response)
        assert fault.tag == "fault" and fault.findtext("reason") == "Operation Failed"
        assert fault.findtext("detail").startswith("[")
    bad_max = await api.get("/vms", params={"max": "lots"})
    assert bad_max.status_code == 400


async def test_other_collections_are_searchable(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    engine = sim.engine
    assert await names(api, "/datacenters", search="status=up") == \
        sorted(d.name for d in engine.data_centers.values() if d.status == "up")
    data = sorted(s.name for s in engine.storage_domains.values() if s.type == "data")
    assert await names(api, "/storagedomains", search="type=data") == data
    assert await names(api, "/templates", search="name=Blank") == ["Blank"]
    net = next(iter(engine.networks.values()))
    assert net.name in await names(api, "/networks", search=f"name={net.name}")
    disk = sorted(engine.disks.values(), key=lambda d: d.name)[0]
    assert await names(api, "/disks", search=f"alias={disk.name}") == \
        sorted(d.name for d in engine.disks.values() if d.name.lower() == disk.name.lower())


async def test_events_newest_first_from_and_severity(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    events = xml(await api.get("/events"))
    ids = [int(e.get("id")) for e in events]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(sim.engine.visible_events())
    assert [int(e.get("id")) for e in xml(await api.get("/events", params={"max": "1"}))] == [ids[0]]
    pivot = ids[5]
    newer = [int(e.get("id")) for e in xml(await api.get("/events", params={"from": str(pivot)}))]
    assert newer == ids[:5]
    warnings = xml(await api.get("/events", params={"search": "severity>=warning"}))
    assert all(e.findtext("severity") in ("warning", "error", "alert") for e in warnings)
    expected = sum(1 for e in sim.engine.visible_events() if e.severity != "normal")
    assert len(warnings) == expected
    ascending = xml(await api.get("/events", params={"search": "sortby time asc"}))
    stamps = [datetime.fromisoformat(e.findtext("time")) for e in ascending]
    assert len(stamps) == len(ids) and stamps == sorted(stamps) and stamps[0] < stamps[-1]


async def test_jobs_by_correlation_id(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    down = [vm for vm in sim.engine.vms.values() if vm.status == "down"][:2]
    await api.post(f"/vms/{down[0].id}/start", content="<action/>", headers={"Correlation-Id": "corr-a"})
    await api.post(f"/vms/{down[1].id}/start", content="<action/>", params={"correlation_id": "corr-b"})
    jobs_a = xml(await api.get("/jobs", params={"search": "correlation_id=corr-a"}))
    assert len(jobs_a) == 1 and jobs_a[0].findtext("description") == f"Launching VM {down[0].name}"
    jobs_b = xml(await api.get("/jobs", params={"search": "correlation_id=corr-b"}))
    assert len(jobs_b) == 1 and jobs_b[0].findtext("status") == "started"
    assert len(xml(await api.get("/jobs", params={"search": "correlation_id=corr-*"}))) == 2
    assert len(xml(await api.get("/jobs", params={"search": "correlation_id=none"}))) == 0


async def test_non_searchable_collections_refuse_search_but_honour_max(api: httpx.AsyncClient,
                                                                      sim: SimulatorServer) -> None:
    vm = next(v for v in sim.engine.vms.values() if sim.engine.nics.get(v.id))
    response = await api.get(f"/vms/{vm.id}/nics", params={"search": "name=nic1"})
    assert response.status_code == 400
    limited = xml(await api.get(f"/vms/{vm.id}/statistics", params={"max": "2"}))
    assert len(limited) == 2


async def test_usage_fields_sort_and_filter(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    """The portal's favourite: ``status=up sortby cpu_usage desc``, values from the statistics."""
    listed = xml(await api.get("/vms", params={"search": "status=up sortby cpu_usage desc", "max": "5"}))
    cpu = []
    for vm in listed:
        stats = xml(await api.get(f"/vms/{vm.get('id')}/statistics"))
        total = next(s for s in stats if s.findtext("name") == "cpu.current.total")
        cpu.append(float(total.findtext("values/value/datum")))
    assert len(cpu) == 5 and cpu == sorted(cpu, reverse=True)
    busy = xml(await api.get("/vms", params={"search": f"cpu_usage>={cpu[2]}"}))
    assert {vm.get("id") for vm in listed[:3]} <= {vm.get("id") for vm in busy}
    down = xml(await api.get("/vms", params={"search": "status=down and cpu_usage>0"}))
    assert len(down) == 0
    hosts = xml(await api.get("/hosts", params={"search": "sortby mem_usage desc"}))
    assert len(hosts) == len(sim.engine.hosts)
    assert xml(await api.get("/vms", params={"search": "uptime>0 sortby uptime desc", "max": "1"}))[0] \
        .findtext("status") != "down"
