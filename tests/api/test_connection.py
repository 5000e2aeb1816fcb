"""Connection: login, the headers every call carries, keep-alive, close and logout."""

from __future__ import annotations

import gzip

import pytest
from aiohttp import web

from console.api import Connection
from tests.api.server import PASSWORD, REVOKE_PATH, TOKEN, TOKEN_PATH, USER, EngineStub

API_ROOT = "<api><product_info><name>oVirt Engine</name></product_info></api>"


async def test_login_sends_the_password_grant_exactly(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("", 200, API_ROOT)
    await connection.system_service().get()
    [login] = engine.sso_requests()
    assert login.method == "POST"
    assert login.headers.getall("Accept") == ["application/json"]  # exactly, and only once
    assert login.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert login.body == (
        b"grant_type=password&scope=ovirt-app-api&username=admin%40internal&password=vzhJgfyaDPHRhg"
    )


async def test_every_api_call_carries_token_version_and_accept(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    await connection.system_service().vms_service().list()
    request = engine.last_request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Version"] == "4"
    assert request.headers.getall("Accept") == ["application/xml"]
    assert "gzip" in request.headers["Accept-Encoding"]
    assert "Content-Type" not in request.headers  # no body, no content type
    assert request.headers["User-Agent"].startswith("ovirt-console/")


async def test_one_login_serves_many_calls(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    for _ in range(3):
        await connection.system_service().vms_service().list()
    assert len(engine.sso_requests()) == 1
    assert len(engine.api_requests) == 3


async def test_calls_reuse_one_keep_alive_connection(
    engine: EngineStub, connection: Connection
) -> None:
    peers: list[object] = []

    async def handler(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername") if request.transport else None)
        return web.Response(body=b"<vms/>", content_type="application/xml")

    engine.set_handler("vms", handler)
    for _ in range(3):
        await connection.system_service().vms_service().list()
    assert len(peers) == 3 and peers[0] is not None
    assert len(set(peers)) == 1  # same client socket each time


async def test_gzip_replies_are_decoded(engine: EngineStub, connection: Connection) -> None:
    async def handler(request: web.Request) -> web.Response:
        body = gzip.compress(b'<vm id="123"><name>zipped</name></vm>')
        return web.Response(
            body=body, headers={"Content-Type": "application/xml", "Content-Encoding": "gzip"}
        )

    engine.set_handler("vms/123", handler)
    vm = await connection.system_service().vms_service().vm_service("123").get()
    assert vm.name == "zipped"


async def test_a_given_token_is_used_without_login(engine: EngineStub) -> None:
    engine.valid_tokens.add("handed-over")
    engine.set_xml_response("vms", 200, "<vms/>")
    async with Connection(engine.url, token="handed-over") as conn:
        await conn.system_service().vms_service().list()
    assert engine.sso_requests() == []
    assert engine.last_request.headers["Authorization"] == "Bearer handed-over"
    # A token we were handed belongs to the caller: close() does not revoke it.
    assert engine.sso_requests(REVOKE_PATH) == []


async def test_close_revokes_the_token(engine: EngineStub) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    async with Connection(engine.url, USER, PASSWORD) as conn:
        await conn.system_service().vms_service().list()
    [logout] = engine.sso_requests(REVOKE_PATH)
    assert logout.headers["Accept"] == "application/json"
    assert logout.form == {"scope": "ovirt-app-api", "token": TOKEN}
    assert engine.revoked == [TOKEN]


async def test_close_without_a_login_sends_nothing(engine: EngineStub) -> None:
    conn = Connection(engine.url, USER, PASSWORD)
    await conn.close()
    await conn.close()  # idempotent
    assert engine.requests == []


async def test_close_can_skip_logout(engine: EngineStub) -> None:
    conn = Connection(engine.url, USER, PASSWORD)
    await conn.authenticate()
    await conn.close(logout=False)
    assert engine.sso_requests(REVOKE_PATH) == []


async def test_password_never_shows_in_repr(engine: EngineStub) -> None:
    conn = Connection(engine.url, USER, PASSWORD)
    text = repr(conn) + repr(vars(conn) if hasattr(conn, "__dict__") else "")
    assert PASSWORD not in text
    assert USER in repr(conn)
    await conn.close()


async def test_global_headers_and_per_call_override(engine: EngineStub) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    async with Connection(engine.url, USER, PASSWORD, headers={"my": "value"}) as conn:
        vms = conn.system_service().vms_service()
        await vms.list()
        assert engine.last_request.headers["my"] == "value"
        await vms.list(headers={"my": "overridden", "your": "value"})
        assert engine.last_request.headers.getall("my") == ["overridden"]
        assert engine.last_request.headers["your"] == "value"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "ftp://engine/ovirt-engine/api", "username": USER, "password": "x"}, "URL"),
        ({"url": "https://engine:99999/ovirt-engine/api", "token": "t"}, "[Pp]ort"),
        ({"url": "https:///ovirt-engine/api", "token": "t"}, "URL"),
        ({"url": "https://engine/ovirt-engine/api"}, "password"),
        ({"url": "https://engine/ovirt-engine/api", "token": "t", "timeout": 0}, "timeout"),
        ({"url": "https://engine/ovirt-engine/api", "token": "t", "headers": {"x": "é"}}, "ASCII"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Connection(**kwargs)


async def test_connection_test_reports_reachability(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("", 200, API_ROOT)
    assert await connection.test() is True
    engine.set_xml_response("", 500, "")
    assert await connection.test() is False


def test_sso_urls_derive_from_the_api_url() -> None:
    conn = Connection("https://engine.example.com:8443/ovirt-engine/api/", token="t")
    assert conn.url == "https://engine.example.com:8443/ovirt-engine/api"
    assert conn._sso_url == "https://engine.example.com:8443" + TOKEN_PATH
    assert conn._sso_revoke_url == "https://engine.example.com:8443" + REVOKE_PATH


async def test_password_never_reaches_the_logs(
    engine: EngineStub, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    engine.set_xml_response("vms", 200, "<vms/>")
    async with Connection(engine.url, USER, PASSWORD) as conn:
        await conn.system_service().vms_service().list()
    assert caplog.records  # httpx/httpcore did log the exchange at debug level
    assert PASSWORD not in caplog.text


async def test_a_closed_connection_refuses_new_calls(engine: EngineStub) -> None:
    from console.api import ConnectionError

    conn = Connection(engine.url, USER, PASSWORD)
    await conn.close()
    with pytest.raises(ConnectionError, match="closed"):
        await conn.system_service().vms_service().list()
    assert engine.requests == []


async def test_context_manager_logs_out_even_when_the_body_fails(engine: EngineStub) -> None:
    engine.set_xml_response("vms/1", 404, "")
    from console.api import NotFoundError

    with pytest.raises(NotFoundError):
        async with Connection(engine.url, USER, PASSWORD) as conn:
            await conn.system_service().vms_service().vm_service("1").get()
    assert engine.revoked == [TOKEN]
