"""The simulator's own test hooks (/ovirt-engine/simulator/, not part of oVirt)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from console.simulator.clock import RealClock
from console.simulator.server import SimulatorServer

from .conftest import origin


def hook(sim: SimulatorServer, name: str) -> str:
    return f"{origin(sim.url)}/ovirt-engine/simulator/{name}"


async def test_request_log(sim: SimulatorServer, api: httpx.AsyncClient, http: httpx.AsyncClient) -> None:
    await http.post(hook(sim, "reset-log"))
    await api.get("/vms", params={"search": "status=up", "max": "2"}, headers={"Correlation-Id": "log-1"})
    await api.get("/vms/nope")
    log = (await http.get(hook(sim, "requests"))).json()
    assert [entry["path"] for entry in log] == ["/ovirt-engine/api/vms", "/ovirt-engine/api/vms/nope"]
    first = log[0]
    assert set(first) == {"method", "path", "query", "status", "correlation_id", "time"}
    assert first["method"] == "GET" and first["status"] == 200 and first["correlation_id"] == "log-1"
    assert "search=status%3Dup" in first["query"] and "max=2" in first["query"]
    assert first["time"] == sim.engine.clock.now().isoformat()
    assert log[1]["status"] == 404
    await http.post(hook(sim, "reset-log"))
    assert (await http.get(hook(sim, "requests"))).json() == []


async def test_sso_requests_are_logged_but_hooks_are_not(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    await http.post(hook(sim, "reset-log"))
    await http.post(f"{origin(sim.url)}/ovirt-engine/sso/oauth/token", data={"grant_type": "password"},
                    headers={"Accept": "application/json"})
    await http.get(hook(sim, "chaos"))
    log = (await http.get(hook(sim, "requests"))).json()
    assert [(e["path"], e["status"]) for e in log] == [("/ovirt-engine/sso/oauth/token", 400)]


async def test_chaos_hook(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    assert (await http.get(hook(sim, "chaos"))).json()["error_rate"] == 0.0
    changed = await http.post(hook(sim, "chaos"), json={"latency": 0.01, "error_rate": 0.25})
    assert changed.status_code == 200 and changed.json()["error_rate"] == 0.25
    assert sim.chaos.latency == 0.01
    rejected = await http.post(hook(sim, "chaos"), json={"nonsense": 1})
    assert rejected.status_code == 400 and "unknown chaos setting" in rejected.json()["error"]
    assert (await http.post(hook(sim, "chaos"), content=b"[1]")).status_code == 400
    cleared = await http.post(hook(sim, "chaos"), json={"token_ttl": None, "error_rate": 0, "latency": 0})
    assert cleared.json()["token_ttl"] is None


async def test_clock_advance_hook_applies_due_transitions(sim: SimulatorServer, api: httpx.AsyncClient,
                                                          http: httpx.AsyncClient) -> None:
    before = sim.engine.clock.now()
    vm = next(v for v in sim.engine.vms.values() if v.status == "down")
    await api.post(f"/vms/{vm.id}/start", content="<action/>")
    response = await http.post(hook(sim, "clock/advance"), json={"seconds": 6})
    assert response.status_code == 200
    assert sim.engine.clock.now() == before + timedelta(seconds=6)
    assert response.json()["now"] == sim.engine.clock.now().isoformat()
    assert vm.status == "up"  # applied by the hook itself, before any API request
    assert (await http.post(hook(sim, "clock/advance"), json={"seconds": -1})).status_code == 400
    assert (await http.post(hook(sim, "clock/advance"), json={"seconds": "x"})).status_code == 400


async def test_clock_advance_refused_for_a_real_clock(http: httpx.AsyncClient) -> None:
    from console.simulator.engine import Engine

    server = SimulatorServer(Engine(vms=5, clock=RealClock(), life=False))
    await server.start()
    try:
        assert (await http.post(hook(server, "clock/advance"), json={"seconds": 1})).status_code == 409
    finally:
        await server.stop()


async def test_credentials_never_reach_the_request_log(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    await http.post(hook(sim, "reset-log"))
    await http.post(f"{origin(sim.url)}/ovirt-engine/sso/oauth/token",
                    params={"grant_type": "password", "scope": "ovirt-app-api", "username": "admin@internal",
                            "password": "ovirt"}, headers={"Accept": "application/json"})
    log = (await http.get(hook(sim, "requests"))).json()
    assert log[0]["status"] == 200
    assert "ovirt&" not in log[0]["query"] and not log[0]["query"].endswith("=ovirt")
    assert "password=%2A%2A%2A" in log[0]["query"]
