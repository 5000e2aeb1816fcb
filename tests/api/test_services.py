"""The service tree: paths, exact query strings, header pass-through, list/get/raw."""

from __future__ import annotations

import pytest

from console.api import ApiError, Connection, ParseError
from tests.api.server import EngineStub

VMS = (
    '<vms><vm href="/ovirt-engine/api/vms/1" id="1"><name>web</name><status>up</status></vm>'
    '<vm href="/ovirt-engine/api/vms/2" id="2"><name>db</name><status>down</status></vm></vms>'
)


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda s: s.vms_service(), "vms"),
        (lambda s: s.vms_service().vm_service("1").nics_service(), "vms/1/nics"),
        (
            lambda s: (
                s.vms_service()
                .vm_service("1")
                .nics_service()
                .nic_service("n")
                .reported_devices_service()
            ),
            "vms/1/nics/n/reporteddevices",
        ),
        (
            lambda s: s.vms_service().vm_service("1").disk_attachments_service(),
            "vms/1/diskattachments",
        ),
        (
            lambda s: (
                s.vms_service()
                .vm_service("1")
                .snapshots_service()
                .snapshot_service("s")
                .disks_service()
            ),
            "vms/1/snapshots/s/disks",
        ),
        (lambda s: s.vms_service().vm_service("1").statistics_service(), "vms/1/statistics"),
        (
            lambda s: s.vms_service().vm_service("1").reported_devices_service(),
            "vms/1/reporteddevices",
        ),
        (lambda s: s.hosts_service().host_service("h").nics_service(), "hosts/h/nics"),
        (
            lambda s: (
                s.hosts_service()
                .host_service("h")
                .nics_service()
                .nic_service("n")
                .statistics_service()
            ),
            "hosts/h/nics/n/statistics",
        ),
        (lambda s: s.hosts_service().host_service("h").statistics_service(), "hosts/h/statistics"),
        (lambda s: s.clusters_service(), "clusters"),
        (
            lambda s: s.data_centers_service().data_center_service("d").storage_domains_service(),
            "datacenters/d/storagedomains",
        ),
        (
            lambda s: s.data_centers_service().data_center_service("d").clusters_service(),
            "datacenters/d/clusters",
        ),
        (lambda s: s.storage_domains_service(), "storagedomains"),
        (lambda s: s.networks_service(), "networks"),
        (
            lambda s: s.templates_service().template_service("t").disk_attachments_service(),
            "templates/t/diskattachments",
        ),
        (lambda s: s.disks_service().disk_service("k").statistics_service(), "disks/k/statistics"),
        (lambda s: s.events_service(), "events"),
        (lambda s: s.jobs_service().job_service("j").steps_service(), "jobs/j/steps"),
        (
            lambda s: (
                s.jobs_service()
                .job_service("j")
                .steps_service()
                .step_service("p")
                .statistics_service()
            ),
            "jobs/j/steps/p/statistics",
        ),
    ],
)
async def test_service_tree_mirrors_the_sdk_paths(
    engine: EngineStub, connection: Connection, build, path: str
) -> None:
    service = build(connection.system_service())
    assert service.path == path
    # Any collection root element reads as an empty list when it has no members.
    engine.set_xml_response(path, 200, f"<{_collection(path)}/>")
    assert await service.list() == []
    assert engine.last_request.path == path


def _collection(path: str) -> str:
    return {
        "vms": "vms",
        "nics": "nics",
        "reporteddevices": "reported_devices",
        "diskattachments": "disk_attachments",
        "disks": "disks",
        "statistics": "statistics",
        "clusters": "clusters",
        "storagedomains": "storage_domains",
        "networks": "networks",
        "events": "events",
        "steps": "steps",
    }[path.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("body", ["<vms/>", "<vms></vms>", "<vms>\n    </vms>"])
async def test_empty_lists_in_every_spelling(
    engine: EngineStub, connection: Connection, body: str
) -> None:
    engine.set_xml_response("vms", 200, body)
    assert await connection.system_service().vms_service().list() == []


async def test_list_returns_records(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms", 200, VMS)
    vms = await connection.system_service().vms_service().list()
    assert [(vm.id, vm.name, vm.status) for vm in vms] == [("1", "web", "up"), ("2", "db", "down")]
    assert engine.last_request.query == ""


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({"search": "name=ugly"}, "search=name%3Dugly"),
        ({"search": "name=web* and status=up"}, "search=name%3Dweb%2A+and+status%3Dup"),
        ({"max": 10, "case_sensitive": False}, "case_sensitive=false&max=10"),
        ({"follow": ["nics", "disk_attachments"]}, "follow=nics%2Cdisk_attachments"),
        ({"all_content": True, "search": "a"}, "all_content=true&search=a"),
        ({"query": {"my": "value", "your": "value"}}, "my=value&your=value"),
        ({"search": "x", "query": {"a": "1", "z": "2"}}, "a=1&search=x&z=2"),
        ({"filter": True, "max": 1}, "filter=true&max=1"),
    ],
)
async def test_list_query_strings_are_exact(
    engine: EngineStub, connection: Connection, kwargs: dict, query: str
) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    await connection.system_service().vms_service().list(**kwargs)
    assert engine.last_request.query == query


async def test_all_content_is_also_sent_as_header(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("hosts/h", 200, '<host id="h"><name>h1</name></host>')
    await connection.system_service().hosts_service().host_service("h").get(all_content=True)
    assert engine.last_request.headers["All-Content"] == "true"
    assert engine.last_request.query == "all_content=true"


async def test_events_from_is_sent_as_from(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("events", 200, "<events/>")
    await connection.system_service().events_service().list(from_=123, max=50)
    assert engine.last_request.query == "from=123&max=50"


async def test_list_refuses_a_parameter_the_endpoint_lacks(connection: Connection) -> None:
    nics = connection.system_service().vms_service().vm_service("1").nics_service()
    with pytest.raises(TypeError, match="search"):
        await nics.list(search="name=eth0")


async def test_iter_list_yields_batches_as_they_stream(
    engine: EngineStub, connection: Connection
) -> None:
    # ~1 MB: several reads of the stream, so several batches.
    members = "".join(
        f'<vm id="{i}"><name>vm{i:04d}</name><description>{"x" * 300}</description></vm>'
        for i in range(3000)
    )
    engine.set_xml_response("vms", 200, f"<vms>{members}</vms>")
    batches = [batch async for batch in connection.system_service().vms_service().iter_list()]
    assert len(batches) > 1  # progress can be shown before the end
    names = [vm.name for batch in batches for vm in batch]
    assert names == [f"vm{i:04d}" for i in range(3000)]


async def test_get_by_id(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms/123", 200, '<vm id="123"><name>testvm</name></vm>')
    vm = await connection.system_service().vms_service().vm_service("123").get()
    assert (vm.id, vm.name) == ("123", "testvm")


async def test_get_with_follow(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms/1", 200, '<vm id="1"/>')
    await (
        connection.system_service()
        .vms_service()
        .vm_service("1")
        .get(follow="nics.reported_devices")
    )
    assert engine.last_request.query == "follow=nics.reported_devices"


async def test_get_raw_returns_the_bytes_as_sent(
    engine: EngineStub, connection: Connection
) -> None:
    body = '<?xml version="1.0"?>\n<vm id="1">\n    <name>Ünïcode</name>\n</vm>\n'.encode()
    engine.set_xml_response("vms/1", 200, body)
    raw = await connection.system_service().vms_service().vm_service("1").get_raw()
    assert raw == body


async def test_system_get_reads_the_api_root(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response(
        "",
        200,
        "<api><product_info><name>oVirt Engine</name><version><full_version>4.5.6-1.el9"
        "</full_version><major>4</major><minor>5</minor></version></product_info>"
        "<summary><vms><active>3</active><total>7</total></vms></summary>"
        "<time>2024-05-01T10:00:00.000+02:00</time></api>",
    )
    api = await connection.system_service().get()
    assert api.product_info.name == "oVirt Engine"
    assert api.product_info.version.full_version == "4.5.6-1.el9"
    assert (api.summary.vms.active, api.summary.vms.total) == (3, 7)
    assert api.time.utcoffset() is not None


async def test_list_of_a_single_object_is_refused(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms", 200, '<vm id="1"/>')
    with pytest.raises(ApiError, match="expected a collection"):
        await connection.system_service().vms_service().list()


async def test_unknown_root_tag_is_a_parse_error(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/1", 200, "<ugly/>")
    with pytest.raises(ParseError):
        await connection.system_service().vms_service().vm_service("1").get()


async def test_get_sends_no_correlation_id(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    await connection.system_service().vms_service().list()
    assert "Correlation-Id" not in engine.last_request.headers


async def test_stopping_a_stream_early_leaves_the_connection_usable(
    engine: EngineStub, connection: Connection
) -> None:
    import contextlib

    members = "".join(
        f'<vm id="{i}"><name>vm{i}</name><description>{"x" * 300}</description></vm>'
        for i in range(3000)
    )
    engine.set_xml_response("vms", 200, f"<vms>{members}</vms>")
    service = connection.system_service().vms_service()
    async with contextlib.aclosing(service.iter_list()) as batches:
        async for first in batches:
            assert first[0].name == "vm0"
            break
    # The abandoned body was released: the next call works on the same connection.
    engine.set_xml_response("vms/1", 200, '<vm id="1"><name>after</name></vm>')
    assert (await service.vm_service("1").get()).name == "after"


async def test_ids_are_quoted_into_the_path(engine: EngineStub, connection: Connection) -> None:
    service = connection.system_service().vms_service().vm_service("a/b c")
    assert service.path == "vms/a%2Fb%20c"
    events = connection.system_service().events_service().event_service(123)
    assert events.path == "events/123"
