"""Transport-level behaviour: root document, headers, correlation ids, 404s, versions, gzip."""

from __future__ import annotations

import re
import uuid

import httpx
from lxml import etree

from console.simulator.server import SimulatorServer

from .conftest import EXAMPLES, child_names, origin, xml

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$")


async def test_root_document_matches_the_real_engine_shape(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    response = await api.get("")
    assert response.status_code == 200
    assert response.text.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<api>\n    <link ')
    root = xml(response)
    real = etree.parse(str(EXAMPLES / "v4-real-api-root-4.1.xml")).getroot()
    real_links = {(link.get("rel"), link.get("href")) for link in real.findall("link")}
    ours = {(link.get("rel"), link.get("href")) for link in root.findall("link")}
    assert real_links <= ours  # every 4.1 link, plus the newer ones
    assert ("events/search", "/ovirt-engine/api/events;from={event_id}?search={query}") in ours
    assert [n for n in child_names(root) if n != "link"] == [
        "product_info", "special_objects", "summary", "time", "authenticated_user", "effective_user"]
    assert root.findtext("product_info/name") == "oVirt Engine"
    assert root.findtext("product_info/version/major") == "4"
    assert root.findtext("product_info/version/minor") == "5"
    assert root.find("special_objects/blank_template").get("id") == "00000000-0000-0000-0000-000000000000"
    assert DATE_RE.match(root.findtext("time"))
    engine = sim.engine
    assert int(root.findtext("summary/vms/total")) == len(engine.vms)
    assert int(root.findtext("summary/hosts/total")) == len(engine.hosts)
    assert int(root.findtext("summary/storage_domains/total")) == len(engine.storage_domains)
    running = sum(1 for vm in engine.vms.values() if vm.host_id is not None)
    assert int(root.findtext("summary/vms/active")) == running


async def test_root_link_header_and_head(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    head = await api.head("")
    assert head.status_code == 200
    assert head.content == b""
    link = head.headers["link"]
    entries = link.split(",")
    assert entries == sorted(entries)
    assert f"<{origin(sim.url)}/ovirt-engine/api/vms>; rel=vms" in entries
    assert f"<{origin(sim.url)}/ovirt-engine/api/vms?search={{query}}>; rel=vms/search" in entries


async def test_v4_prefix_and_trailing_slash(api: httpx.AsyncClient) -> None:
    plain = xml(await api.get("/vms"))
    prefixed = xml(await api.get("/v4/vms"))
    assert [vm.get("id") for vm in plain] == [vm.get("id") for vm in prefixed]
    assert prefixed[0].get("href").startswith("/ovirt-engine/api/vms/")  # hrefs never carry /v4


async def test_correlation_id_is_echoed_sanitised_or_generated(api: httpx.AsyncClient) -> None:
    echoed = await api.get("/clusters", headers={"Correlation-Id": "abc-123_X"})
    assert echoed.headers["correlation-id"] == "abc-123_X"
    cleaned = await api.get("/clusters", headers={"Correlation-Id": "a b!c/" + "x" * 50})
    assert cleaned.headers["correlation-id"] == ("abc" + "x" * 50)[:36]
    from_query = await api.get("/clusters", params={"correlation_id": "q-1"})
    assert from_query.headers["correlation-id"] == "q-1"
    generated = await api.get("/clusters")
    uuid.UUID(generated.headers["correlation-id"])
    missing = await api.get(f"/vms/{uuid.uuid4()}", headers={"Correlation-Id": "nf"})
    assert missing.headers["correlation-id"] == "nf"


async def test_missing_objects_and_unknown_paths_are_404_with_empty_body(api: httpx.AsyncClient) -> None:
    for path in (f"/vms/{uuid.uuid4()}", f"/hosts/{uuid.uuid4()}", "/nosuchcollection", "/events/999999999",
                 f"/vms/{uuid.uuid4()}/nics", "/jobs/x/steps"):
        response = await api.get(path)
        assert response.status_code == 404, path
        assert response.content == b"", path
        assert response.headers["content-length"] == "0"


async def test_unsupported_version_is_a_container_error(api: httpx.AsyncClient) -> None:
    response = await api.get("/vms", headers={"Version": "3"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


async def test_gzip_when_asked(api: httpx.AsyncClient) -> None:
    zipped = await api.get("/vms", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    plain = await api.get("/vms", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content


async def test_entity_document_format(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm_id = sorted(sim.engine.vms)[0]
    response = await api.get(f"/vms/{vm_id}")
    text = response.text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<vm href="/ovirt-engine/api/vms/{vm_id}" id="{vm_id}">\n    <actions>\n')
    assert text.endswith("</vm>\n")
    for line in text.splitlines()[1:]:
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 4 == 0, line
    assert response.headers["server"].startswith("Apache")


async def test_matrix_parameters(api: httpx.AsyncClient) -> None:
    newest = xml(await api.get("/events", params={"max": "1"}))[0]
    newest_id = int(newest.get("id"))
    all_events = xml(await api.get("/events"))
    older = int(all_events[3].get("id"))
    via_matrix = xml(await api.get(f"/events;from={older}"))
    assert [int(e.get("id")) for e in via_matrix] == [int(e.get("id")) for e in all_events[:3]]
    assert int(via_matrix[0].get("id")) == newest_id


async def test_every_advertised_link_answers(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    """Crawl links from the root (first item of each list): a hypermedia explorer never meets a 404."""
    vm = next(v for v in sim.engine.vms.values() if v.status == "down")
    await api.post(f"/vms/{vm.id}/start", content="<action/>")  # so that jobs and steps exist
    queue = [link.get("href") for link in xml(await api.get("")).findall("link") if "{" not in link.get("href")]
    seen: set[str] = set()
    tags: set[str] = set()
    while queue:
        href = queue.pop(0)
        if href in seen:
            continue
        seen.add(href)
        response = await api.get(href.removeprefix("/ovirt-engine/api"))
        assert response.status_code == 200, href
        body = xml(response)
        tags.add(body.tag)
        items = [body] if body.get("href") else list(body)[:1]
        for item in items:
            if item.get("href") and item.get("href") != href:
                queue.append(item.get("href"))
            queue += [link.get("href") for link in item.findall("link")]
    assert len(seen) > 150
    assert {"permissions", "tags", "affinity_labels", "host_numa_nodes", "vm_numa_nodes", "graphics_consoles",
            "nics", "host_nics", "disk_attachments", "snapshots", "statistics", "vnic_profiles", "steps",
            "reported_devices", "network_filter_parameters", "link_layer_discovery_protocol_elements",
            "users", "cdroms", "disks", "storage_domains", "clusters", "networks"} <= tags


async def test_unexpected_errors_become_engine_style_500_faults(api: httpx.AsyncClient, sim: SimulatorServer,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(sim.engine, "summary", broken)
    response = await api.get("")
    assert response.status_code == 500
    fault = xml(response)
    assert fault.tag == "fault" and fault.findtext("reason") == "Operation Failed"
    assert "boom" not in response.text  # no internals leak to clients
    assert (await api.get("/clusters")).status_code == 200  # and the server keeps serving


async def test_head_of_a_collection(api: httpx.AsyncClient) -> None:
    head = await api.head("/vms")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "application/xml;charset=UTF-8"
    assert "correlation-id" in head.headers
