"""Read-only mode: every mutating call is refused before a single byte is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from console.api import Connection, ReadOnlyError
from tests.api.server import PASSWORD, REVOKE_PATH, USER, EngineStub


@pytest.fixture
async def read_only(engine: EngineStub) -> AsyncIterator[Connection]:
    conn = Connection(engine.url, USER, PASSWORD, read_only=True)
    try:
        yield conn
    finally:
        await conn.close()


MUTATIONS = [
    lambda s: s.vms_service().vm_service("1").start(),
    lambda s: s.vms_service().vm_service("1").stop(force=True),
    lambda s: s.vms_service().vm_service("1").migrate(host="h"),
    lambda s: s.vms_service().vm_service("1").remove(),
    lambda s: s.vms_service().vm_service("1").snapshots_service().add({"description": "x"}),
    lambda s: s.vms_service().vm_service("1").snapshots_service().snapshot_service("s").remove(),
    lambda s: s.hosts_service().host_service("h").deactivate(),
    lambda s: s.hosts_service().host_service("h").fence(fence_type="restart"),
    lambda s: (
        s.data_centers_service()
        .data_center_service("d")
        .storage_domains_service()
        .storage_domain_service("sd")
        .deactivate(force=True)
    ),
]


@pytest.mark.parametrize("call", MUTATIONS)
async def test_mutations_are_refused_before_anything_is_sent(
    engine: EngineStub, read_only: Connection, call
) -> None:
    with pytest.raises(ReadOnlyError):
        await call(read_only.system_service())
    assert engine.requests == []  # not even a login


async def test_reads_work_and_logout_still_happens(engine: EngineStub) -> None:
    engine.set_xml_response("vms", 200, '<vms><vm id="1"><name>a</name></vm></vms>')
    async with Connection(engine.url, USER, PASSWORD, read_only=True) as conn:
        assert conn.read_only
        vms = await conn.system_service().vms_service().list()
        assert [vm.name for vm in vms] == ["a"]
        with pytest.raises(ReadOnlyError, match="read-only"):
            await conn.system_service().vms_service().vm_service("1").start()
    assert [r.method for r in engine.api_requests] == ["GET"]
    assert len(engine.sso_requests(REVOKE_PATH)) == 1  # login and logout are allowed


async def test_low_level_requests_are_guarded_too(
    engine: EngineStub, read_only: Connection
) -> None:
    # The guard sits in the request layer, so no service can forget it.
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        with pytest.raises(ReadOnlyError):
            await read_only.request(method, "vms/1/start", body=b"<action/>")
    assert engine.requests == []
