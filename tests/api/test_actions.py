"""Actions: results, faults, correlation ids, remove and add."""

from __future__ import annotations

import uuid

import pytest

from console.api import ApiError, ConflictError, Connection
from tests.api.server import EngineStub

SDK_TEST_FAULT = "<fault><reason>myreason</reason><detail>mydetail</detail></fault>"
DONE = (
    '<action><job href="/ovirt-engine/api/jobs/j1" id="j1"/><status>complete</status>'
    '<vm href="/ovirt-engine/api/vms/123" id="123"/></action>'
)


def vm(conn: Connection):
    return conn.system_service().vms_service().vm_service("123")


def host(conn: Connection):
    return conn.system_service().hosts_service().host_service("123")


async def test_action_result_carries_the_correlation_id_it_sent(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/123/start", 200, DONE)
    first = await vm(connection).start()
    sent_first = engine.last_request.headers["Correlation-Id"]
    second = await vm(connection).start()
    sent_second = engine.last_request.headers["Correlation-Id"]
    assert uuid.UUID(sent_first).version == 4
    assert first.correlation_id == sent_first
    assert second.correlation_id == sent_second != sent_first  # fresh for every call
    assert first.action.correlation_id == sent_first  # the record carries it too
    assert first.vm.id == "123"  # other action members read through


async def test_caller_chosen_correlation_id_is_kept(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/123/start", 200, DONE)
    by_header = await vm(connection).start(headers={"correlation-id": "triage-42"})
    assert engine.last_request.headers.getall("Correlation-Id") == ["triage-42"]
    by_query = await vm(connection).start(query={"correlation_id": "batch-7"})
    assert engine.last_request.headers["Correlation-Id"] == "batch-7"
    assert engine.last_request.query == "correlation_id=batch-7"
    assert (by_header.correlation_id, by_query.correlation_id) == ("triage-42", "batch-7")


async def test_action_passes_custom_query_and_headers(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/123/start", 200, "<action/>")
    await vm(connection).start(
        query={"my": "value", "your": "value"}, headers={"my": "value", "your": "value"}
    )
    request = engine.last_request
    assert request.query == "my=value&your=value"
    assert (request.headers["my"], request.headers["your"]) == ("value", "value")


@pytest.mark.parametrize("code", [200, 201, 202])
async def test_fault_inside_a_successful_action_raises(
    engine: EngineStub, connection: Connection, code: int
) -> None:
    engine.set_xml_response(
        "vms/123/start",
        code,
        "<action><fault><reason>myreason</reason><detail>mydetail</detail></fault></action>",
    )
    with pytest.raises(ApiError) as caught:
        await vm(connection).start()
    assert "myreason" in str(caught.value)
    assert (caught.value.fault.reason, caught.value.fault.detail) == ("myreason", "mydetail")
    assert caught.value.correlation_id == engine.last_request.headers["Correlation-Id"]


async def test_bare_fault_with_400_raises(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms/123/start", 400, SDK_TEST_FAULT)
    with pytest.raises(ApiError) as caught:
        await vm(connection).start()
    assert (caught.value.code, caught.value.reason, caught.value.detail) == (
        400,
        "myreason",
        "mydetail",
    )


async def test_409_action_is_a_conflict(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response(
        "hosts/123/activate",
        409,
        "<action><fault><reason>Operation Failed</reason><detail>[Cannot activate Host. "
        "Host in Up status.]</detail></fault><status>failed</status></action>",
    )
    with pytest.raises(ConflictError, match="Cannot activate Host"):
        await host(connection).activate()


async def test_202_pending_action(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response(
        "vms/123/suspend", 202, "<action><async>true</async><status>pending</status></action>"
    )
    result = await vm(connection).suspend()
    assert (result.code, result.status) == (202, "pending")


async def test_fence_status_reads_power_management(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response(
        "hosts/123/fence",
        200,
        "<action><power_management><status>on</status></power_management>"
        "<status>complete</status></action>",
    )
    result = await host(connection).fence(fence_type="status")
    assert result.power_management.status == "on"


async def test_vm_remove_sends_delete_with_query(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response(
        "vms/123", 200, "<action><status>complete</status></action>", method="DELETE"
    )
    result = await vm(connection).remove(detach_only=True, force=False)
    request = engine.last_request
    assert (request.method, request.path, request.query) == (
        "DELETE",
        "vms/123",
        "detach_only=true&force=false",
    )
    assert request.body == b""
    assert result.status == "complete"
    assert result.correlation_id == request.headers["Correlation-Id"]


async def test_async_remove_accepts_202_without_body(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/123/snapshots/s1", 202, "", method="DELETE")
    result = await vm(connection).snapshots_service().snapshot_service("s1").remove(async_=True)
    assert engine.last_request.query == "async=true"
    assert (result.code, result.status, result.action) == (202, "pending", None)


async def test_remove_of_a_missing_vm_is_not_found(
    engine: EngineStub, connection: Connection
) -> None:
    from console.api import NotFoundError

    with pytest.raises(NotFoundError):
        await vm(connection).remove()


@pytest.mark.parametrize("code", [200, 201, 202])
async def test_snapshot_add_posts_the_snapshot(
    engine: EngineStub, connection: Connection, code: int
) -> None:
    engine.set_xml_response(
        "vms/123/snapshots",
        code,
        '<snapshot href="/ovirt-engine/api/vms/123/snapshots/s9" id="s9">'
        "<description>before upgrade</description><snapshot_status>locked</snapshot_status>"
        "</snapshot>",
        method="POST",
    )
    created = (
        await vm(connection)
        .snapshots_service()
        .add({"description": "before upgrade", "persist_memorystate": False})
    )
    request = engine.last_request
    assert request.content == (
        "<snapshot><description>before upgrade</description>"
        "<persist_memorystate>false</persist_memorystate></snapshot>"
    )
    assert created.code == code
    assert created.id == "s9" and created.snapshot_status == "locked"
    assert created.record.description == "before upgrade"
    assert created.correlation_id == request.headers["Correlation-Id"]


async def test_snapshot_add_accepts_a_record(engine: EngineStub, connection: Connection) -> None:
    from console.api import Snapshot

    engine.set_xml_response("vms/123/snapshots", 201, '<snapshot id="s9"/>', method="POST")
    await (
        vm(connection)
        .snapshots_service()
        .add(Snapshot(description="nightly", persist_memorystate=True))
    )
    assert engine.last_request.content == (
        "<snapshot><description>nightly</description>"
        "<persist_memorystate>true</persist_memorystate></snapshot>"
    )


async def test_snapshot_add_failure_raises(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response(
        "vms/123/snapshots",
        409,
        "<fault><reason>Operation Failed</reason><detail>[Cannot create Snapshot. "
        "Snapshot is currently being created for VM web.]</detail></fault>",
        method="POST",
    )
    with pytest.raises(ConflictError):
        await vm(connection).snapshots_service().add({"description": "x"})


def test_public_exports() -> None:
    import console.api as api

    assert api.Connection.__name__ == "Connection"
    assert api.VmStatus.UP == "up"
    assert api.parse(b'<vm id="1"><status>up</status></vm>').status == api.VmStatus.UP
    assert issubclass(api.ReadOnlyError, api.ApiError)
    assert {"Vm", "Host", "ActionResult", "Created"} <= set(dir(api))


async def test_caller_correlation_id_is_cut_down_as_the_engine_does(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/123/start", 200, DONE)
    result = await vm(connection).start(headers={"Correlation-Id": "nightly run #7 / " + "x" * 40})
    expected = ("nightlyrun7" + "x" * 40)[:36]
    assert engine.last_request.headers["Correlation-Id"] == expected
    assert result.correlation_id == expected
