"""SSO: error shapes, token renewal on 401 (once), revoke errors."""

from __future__ import annotations

import asyncio

import pytest

from console.api import ApiError, AuthError, Connection
from tests.api.server import PASSWORD, REVOKE_PATH, TOKEN, USER, EngineStub

BAD_PASSWORD = "Cannot authenticate user 'admin@internal': The username or password is incorrect.."


@pytest.mark.parametrize(
    "payload",
    [
        {"error_code": "access_denied", "error": BAD_PASSWORD},  # the engine's own shape
        {"error": "access_denied", "error_description": BAD_PASSWORD},  # OpenID shape
        [{"error_code": "access_denied", "error": BAD_PASSWORD}],  # wrapped in a list
    ],
)
async def test_sso_errors_in_every_shape_become_auth_error(
    engine: EngineStub, payload: object
) -> None:
    engine.sso_replies.append((400, payload))
    async with Connection(engine.url, USER, "wrong") as conn:
        with pytest.raises(AuthError) as caught:
            await conn.system_service().vms_service().list()
    error = caught.value
    assert str(error) == f"Error during SSO authentication access_denied : {BAD_PASSWORD}"
    assert error.reason == "access_denied"
    assert error.detail == BAD_PASSWORD
    assert error.code == 400
    assert engine.api_requests == []  # nothing was tried without a token


async def test_sso_reply_that_is_not_json_is_a_clear_error(engine: EngineStub) -> None:
    # The API URL points at something that is not an engine.
    async with Connection(
        engine.root + "/elsewhere/api", USER, PASSWORD, sso_url=engine.root + "/not-sso"
    ) as conn:
        with pytest.raises(ApiError) as caught:
            await conn.authenticate()
    assert not isinstance(caught.value, AuthError)
    assert "404" in str(caught.value) and "text/html" in str(caught.value)


async def test_sso_reply_without_token_is_refused(engine: EngineStub) -> None:
    engine.sso_replies.append((200, {"token_type": "bearer"}))
    async with Connection(engine.url, USER, PASSWORD) as conn:
        with pytest.raises(AuthError, match="without an access token"):
            await conn.authenticate()


async def test_expired_token_is_renewed_once_and_the_request_replayed(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms", 200, '<vms><vm id="1"><name>a</name></vm></vms>')
    await connection.system_service().vms_service().list()
    engine.expire_tokens()
    vms = await connection.system_service().vms_service().list()
    assert [vm.name for vm in vms] == ["a"]
    assert len(engine.sso_requests()) == 2
    _, refused, replayed = engine.api_requests
    assert refused.headers["Authorization"] == f"Bearer {TOKEN}"
    assert replayed.headers["Authorization"] == f"Bearer {TOKEN}-2"


async def test_renewal_keeps_the_same_correlation_id_and_body(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms/1/stop", 200, "<action><status>complete</status></action>")
    await connection.authenticate()
    engine.expire_tokens()
    result = await connection.system_service().vms_service().vm_service("1").stop(force=True)
    refused, replayed = engine.api_requests
    assert refused.headers["Correlation-Id"] == replayed.headers["Correlation-Id"]
    assert replayed.headers["Correlation-Id"] == result.correlation_id
    assert refused.body == replayed.body == b"<action>\n  <force>true</force>\n</action>"


async def test_second_401_gives_up_with_auth_error(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms", 401, "<html>Unauthorized</html>", content_type="text/html")
    with pytest.raises(AuthError) as caught:
        await connection.system_service().vms_service().list()
    assert caught.value.code == 401
    assert "refused the login" in str(caught.value)
    assert len(engine.api_requests) == 2  # the original and one replay, no loop
    assert len(engine.sso_requests()) == 2  # first login and one renewal


async def test_token_without_password_cannot_be_renewed(engine: EngineStub) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    async with Connection(engine.url, token="stale") as conn:
        with pytest.raises(AuthError) as caught:
            await conn.system_service().vms_service().list()
    assert caught.value.code == 401
    assert engine.sso_requests() == []
    assert len(engine.api_requests) == 1


async def test_concurrent_401s_share_one_renewal(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    await connection.authenticate()
    engine.expire_tokens()
    service = connection.system_service().vms_service()
    results = await asyncio.gather(*(service.list() for _ in range(5)))
    assert results == [[]] * 5
    assert len(engine.sso_requests()) == 2  # one login, one renewal for all five


async def test_revoke_error_is_reported(engine: EngineStub) -> None:
    engine.revoke_reply = (400, {"error_code": "invalid_token", "error": "Token not found"})
    conn = Connection(engine.url, USER, PASSWORD)
    await conn.authenticate()
    with pytest.raises(AuthError, match="Error during SSO revoke"):
        await conn.close()
    assert len(engine.sso_requests(REVOKE_PATH)) == 1
