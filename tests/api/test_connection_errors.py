"""Failures: status -> exception mapping, faults, non-XML replies, timeouts, drops.

No raw httpx exception may escape: every failure is one of the api's errors.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web

from console.api import (
    ApiError,
    AuthError,
    ConflictError,
    Connection,
    ConnectionError,
    NotFoundError,
    TimeoutError,
)
from tests.api.server import PASSWORD, USER, EngineStub

FAULT = "<fault><reason>myreason</reason><detail>mydetail</detail></fault>"


async def test_404_with_empty_body_is_not_found(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms/123", 404, "")
    with pytest.raises(NotFoundError) as caught:
        await connection.system_service().vms_service().vm_service("123").get()
    assert caught.value.code == 404
    assert "404" in str(caught.value)
    assert caught.value.reason is None and caught.value.fault is None


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (400, ApiError),
        (401, AuthError),
        (403, AuthError),
        (404, NotFoundError),
        (409, ConflictError),
        (500, ApiError),
    ],
)
async def test_status_codes_map_to_the_hierarchy(
    engine: EngineStub, connection: Connection, code: int, error: type[ApiError]
) -> None:
    engine.set_xml_response("clusters/1", code, FAULT)
    with pytest.raises(error) as caught:
        await connection.system_service().clusters_service().cluster_service("1").get()
    assert type(caught.value) is error
    assert caught.value.code == code
    assert caught.value.reason == "myreason"
    assert caught.value.detail == "mydetail"
    assert caught.value.fault.reason == "myreason"
    assert str(caught.value) == (
        f'Fault reason is "myreason". Fault detail is "mydetail". HTTP response code is {code}.'
    )


async def test_engine_conflict_fault_reads_its_detail(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response(
        "vms/1/start",
        409,
        "<action><fault><reason>Operation Failed</reason>"
        "<detail>[Cannot run VM. VM is running.]</detail></fault><status>failed</status></action>",
    )
    with pytest.raises(ConflictError) as caught:
        await connection.system_service().vms_service().vm_service("1").start()
    assert caught.value.summary == "Cannot run VM. VM is running."
    assert caught.value.correlation_id  # the id the failed request carried


async def test_html_error_page_names_status_and_content_type(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response(
        "vms",
        502,
        "<html><body>Proxy Error</body></html>",
        content_type="text/html; charset=iso-8859-1",
    )
    with pytest.raises(ApiError) as caught:
        await connection.system_service().vms_service().list()
    message = str(caught.value)
    assert "502" in message and "text/html" in message
    assert caught.value.code == 502


async def test_html_reply_under_200_is_refused_clearly(
    engine: EngineStub, connection: Connection
) -> None:
    # A proxy's portal page can come back as 200 text/html.
    engine.set_xml_response("", 200, "<html>Please log in</html>", content_type="text/html")
    with pytest.raises(ApiError) as caught:
        await connection.system_service().get()
    assert "200" in str(caught.value) and "text/html" in str(caught.value)


async def test_wrong_api_path_is_named_in_the_error(engine: EngineStub) -> None:
    async with Connection(engine.root + "/ovirt-engine/wrong", USER, PASSWORD) as conn:
        with pytest.raises(NotFoundError) as caught:
            await conn.system_service().get()
    assert "text/html" in str(caught.value)
    assert "'/ovirt-engine/wrong'" in str(caught.value)
    assert "/ovirt-engine/api" in str(caught.value)


async def test_unreadable_xml_is_an_api_error(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms", 200, "<vms><vm id='1'><name>x</name>")
    with pytest.raises(ApiError):
        await connection.system_service().vms_service().list()


async def test_timeout_becomes_timeout_error(engine: EngineStub) -> None:
    engine.set_xml_response("vms", 200, "<vms/>", delay=0.6)
    async with Connection(engine.url, USER, PASSWORD, timeout=0.25) as conn:
        with pytest.raises(TimeoutError) as caught:
            await conn.system_service().vms_service().list()
    assert "in time" in str(caught.value)


async def test_dropped_connection_becomes_connection_error(
    engine: EngineStub, connection: Connection
) -> None:
    async def drop(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.abort()
        await asyncio.sleep(0.05)
        return web.Response(status=200)

    engine.set_handler("vms", drop)
    with pytest.raises(ConnectionError):
        await connection.system_service().vms_service().list()


async def test_body_cut_mid_stream_becomes_connection_error(
    engine: EngineStub, connection: Connection
) -> None:
    async def cut(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "application/xml", "Content-Length": "100000"}
        )
        await response.prepare(request)
        await response.write(b'<vms><vm id="1"><name>a</name></vm><vm id="2">')
        assert request.transport is not None
        request.transport.abort()
        return response

    engine.set_handler("vms", cut)
    with pytest.raises(ConnectionError):
        await connection.system_service().vms_service().list()


async def test_refused_port_becomes_connection_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with Connection(
        f"http://127.0.0.1:{port}/ovirt-engine/api", USER, PASSWORD, timeout=2
    ) as conn:
        with pytest.raises(ConnectionError) as caught:
            await conn.system_service().get()
    assert f"127.0.0.1:{port}" in str(caught.value)


async def test_errors_wrap_the_transport_cause(engine: EngineStub) -> None:
    engine.set_xml_response("vms", 200, "<vms/>", delay=0.6)
    async with Connection(engine.url, USER, PASSWORD, timeout=0.25) as conn:
        with pytest.raises(TimeoutError) as caught:
            await conn.system_service().vms_service().list()
    # The httpx exception is kept as the cause for debugging, never raised itself.
    assert caught.value.__cause__ is not None
    assert not isinstance(caught.value, type(caught.value.__cause__))
