"""SSO: the password grant, its error shapes, token expiry on the engine clock, logout, Basic."""

from __future__ import annotations

import base64

import httpx
import pytest

from console.simulator.clock import ManualClock
from console.simulator.server import SimulatorServer

from .conftest import JSON, SSO_FORM, advance, origin


def token_url(sim: SimulatorServer) -> str:
    return f"{origin(sim.url)}/ovirt-engine/sso/oauth/token"


async def test_password_grant(sim: SimulatorServer, http: httpx.AsyncClient, clock: ManualClock) -> None:
    response = await http.post(token_url(sim), data=SSO_FORM, headers=JSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"access_token", "scope", "exp", "token_type"}
    assert body["token_type"] == "bearer"
    assert body["scope"].split()[0] == "ovirt-app-api"
    assert isinstance(body["exp"], str)
    # exp is epoch milliseconds on the engine clock: issue time + the default lifetime.
    assert int(body["exp"]) == int((clock.now().timestamp() + 360000) * 1000)
    api = await http.get(sim.url + "/vms", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert api.status_code == 200


@pytest.mark.parametrize("form, headers, code, message", [
    (SSO_FORM, {"Accept": "application/xml"}, "invalid_request", "Missing parameter: 'Accept Header'"),
    (SSO_FORM, {}, "invalid_request", "Missing parameter: 'Accept Header'"),
    ({**SSO_FORM, "password": "wrong"}, JSON, "access_denied",
     "Cannot authenticate user 'admin@internal': The username or password is incorrect.."),
    ({k: v for k, v in SSO_FORM.items() if k != "password"}, JSON, "invalid_request", "Missing parameter: 'password'"),
    ({**SSO_FORM, "grant_type": "client_credentials"}, JSON, "unsupported_grant_type", None),
])
async def test_token_errors_in_the_api_scope_shape(sim: SimulatorServer, http: httpx.AsyncClient, form: dict,
                                                   headers: dict, code: str, message: str | None) -> None:
    response = await http.post(token_url(sim), data=form, headers=headers)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error_code", "error"}
    assert body["error_code"] == code
    if message:
        assert body["error"] == message


async def test_other_scopes_get_the_oauth_error_shape(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    response = await http.post(token_url(sim), data={**SSO_FORM, "scope": "openid"}, headers=JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"error", "error_description"}
    assert response.json()["error"] == "invalid_scope"


async def test_missing_unknown_and_malformed_credentials_get_401(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic !!!"},
                    {"Authorization": "Negotiate abc"}):
        response = await http.get(sim.url + "/vms", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == 'Basic realm="RESTAPI"'
        assert response.headers["content-type"].startswith("text/html")
        assert "<fault>" not in response.text
        assert "correlation-id" in response.headers


async def test_http_basic_is_accepted(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    ok = await http.get(sim.url + "/clusters", auth=("admin@internal", "ovirt"))
    assert ok.status_code == 200
    bad = await http.get(sim.url + "/clusters", auth=("admin@internal", "nope"))
    assert bad.status_code == 401
    creds = base64.b64encode(b"admin@internal:ovirt").decode()
    grant = await http.post(f"{origin(sim.url)}/ovirt-engine/sso/oauth/token-http-auth",
                            data={"grant_type": "urn:ovirt:params:oauth:grant-type:http", "scope": "ovirt-app-api"},
                            headers={**JSON, "Authorization": f"Basic {creds}"})
    assert grant.status_code == 200 and grant.json()["access_token"]


async def test_logout_revokes(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    token = (await http.post(token_url(sim), data=SSO_FORM, headers=JSON)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await http.get(sim.url + "/vms", headers=headers)).status_code == 200
    logout = await http.post(f"{origin(sim.url)}/ovirt-engine/services/sso-logout",
                             data={"scope": "ovirt-app-api", "token": token}, headers=JSON)
    assert logout.status_code == 200 and logout.json() == {}
    assert (await http.get(sim.url + "/vms", headers=headers)).status_code == 401


async def test_token_expiry_and_renewal(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    server = SimulatorServer(engine, token_ttl=60)
    await server.start()
    try:
        grant = (await http.post(token_url(server), data=SSO_FORM, headers=JSON)).json()
        assert int(grant["exp"]) == int((engine.clock.now().timestamp() + 60) * 1000)
        headers = {"Authorization": f"Bearer {grant['access_token']}"}
        await advance(server, http, 59)
        assert (await http.get(server.url + "/vms", headers=headers)).status_code == 200
        await advance(server, http, 1)
        expired = await http.get(server.url + "/vms", headers=headers)
        assert expired.status_code == 401
        assert expired.headers["www-authenticate"] == 'Basic realm="RESTAPI"'
        renewed = (await http.post(token_url(server), data=SSO_FORM, headers=JSON)).json()["access_token"]
        assert renewed != grant["access_token"]
        assert (await http.get(server.url + "/vms", headers={"Authorization": f"Bearer {renewed}"})).status_code == 200
    finally:
        await server.stop()


async def test_custom_credentials(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    server = SimulatorServer(engine, username="ops@internal", password="s3cret")
    await server.start()
    try:
        form = {**SSO_FORM, "username": "ops@internal", "password": "s3cret"}
        assert (await http.post(token_url(server), data=form, headers=JSON)).status_code == 200
        assert (await http.post(token_url(server), data=SSO_FORM, headers=JSON)).status_code == 400
    finally:
        await server.stop()


async def test_persistent_auth_sessions(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    first = await http.get(sim.url + "/clusters", auth=("admin@internal", "ovirt"),
                           headers={"Prefer": "persistent-auth"})
    assert first.status_code == 200
    session = first.cookies["JSESSIONID"]
    assert first.headers["jsessionid"] == session
    assert "HttpOnly" in first.headers["set-cookie"] and "Path=/ovirt-engine/api" in first.headers["set-cookie"]
    cookie = {"Cookie": f"JSESSIONID={session}"}
    async with httpx.AsyncClient() as fresh:  # no cookie jar carried over, no credentials
        again = await fresh.get(sim.url + "/clusters", headers={**cookie, "Prefer": "persistent-auth"})
        assert again.status_code == 200
        without_prefer = await fresh.get(sim.url + "/clusters", headers=cookie)
        assert without_prefer.status_code == 401
        bogus = await fresh.get(sim.url + "/clusters", headers={"Cookie": "JSESSIONID=nope",
                                                                "Prefer": "persistent-auth"})
        assert bogus.status_code == 401


async def test_login_is_audited_like_the_engine(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    token = (await http.post(token_url(sim), data=SSO_FORM, headers=JSON)).json()["access_token"]
    newest = sim.engine.visible_events()[-1]
    assert newest.code == 30 and newest.severity == "normal"
    assert newest.description == (f"User admin@internal-authz connecting from '127.0.0.1' using session "
                                  f"'{token[:16]}' logged in.")
    assert newest.user_id is not None
