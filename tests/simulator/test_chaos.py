"""Faults on demand: parsing, 5xx answers, dropped connections, latency, token lifetime, restarts."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time

import httpx
import pytest

from console.simulator.chaos import Chaos, ChaosSpecError, Handled
from console.simulator.server import SimulatorServer, run_in_thread

from .conftest import JSON, SSO_FORM, login, origin, xml


def test_parse_spec() -> None:
    chaos = Chaos.parse("latency=0.5,error_rate=0.1,drop_rate=0.05,token_ttl=30")
    assert chaos.as_dict() == {"latency": 0.5, "error_rate": 0.1, "drop_rate": 0.05, "drop_after_rate": 0.0,
                               "drop_after_actions": 0, "token_ttl": 30.0}
    assert Chaos.parse(None).as_dict() == {"latency": 0.0, "error_rate": 0.0, "drop_rate": 0.0,
                                           "drop_after_rate": 0.0, "drop_after_actions": 0, "token_ttl": None}
    assert Chaos.parse("drop_after_rate=0.25").drop_after_rate == 0.25
    counted = Chaos.parse("drop_after_actions=2").drop_after_actions
    assert counted == 2 and isinstance(counted, int)
    assert Chaos.parse(" latency = 1 , ").latency == 1.0


@pytest.mark.parametrize("spec", ["latency", "bogus=1", "error_rate=2", "drop_rate=-0.1", "latency=fast",
                                  "token_ttl=0", "latency=-1", "drop_after_rate=1.5",
                                  "drop_after_rate=-0.1", "drop_after_actions=1.5", "drop_after_actions=-1",
                                  "drop_after_actions=some", "drop_after_actions=inf"])
def test_bad_specs(spec: str) -> None:
    with pytest.raises(ChaosSpecError):
        Chaos.parse(spec)


def test_failed_update_changes_nothing() -> None:
    chaos = Chaos.parse("latency=0.2")
    with pytest.raises(ChaosSpecError):
        chaos.update({"latency": "1", "error_rate": "5"})
    assert chaos.latency == 0.2 and chaos.error_rate == 0.0


def test_draws_are_repeatable_for_a_seed() -> None:
    one, two = Chaos(error_rate=0.5, seed=7), Chaos(error_rate=0.5, seed=7)
    assert [one.should_fail() for _ in range(50)] == [two.should_fail() for _ in range(50)]
    chaos = Chaos(error_rate=0.5, seed=1)
    assert 60 < sum(chaos.should_fail() for _ in range(200)) < 140


def test_drop_after_at_rate_zero_draws_nothing() -> None:
    """Seeded runs from before drop_after_rate existed repeat exactly: at 0 it takes no draw."""
    plain, with_option = Chaos(error_rate=0.5, seed=7), Chaos(error_rate=0.5, seed=7)
    expected = [plain.should_fail() for _ in range(50)]
    got = []
    for _ in range(50):
        got.append(with_option.should_fail())
        assert not with_option.should_drop_after()
    assert got == expected


def test_drop_after_actions_without_a_noted_action_draws_nothing() -> None:
    """A pending count takes no draw and spends nothing on requests that are not actions."""
    plain, counting = Chaos(error_rate=0.5, seed=7), Chaos(error_rate=0.5, seed=7, drop_after_actions=3)
    expected = [plain.should_fail() for _ in range(30)]
    got = []
    for index in range(30):
        got.append(counting.should_fail())
        reads = Handled("GET", "/ovirt-engine/api/vms", 200, f"cid-{index}")
        refused = Handled("POST", "/ovirt-engine/api/vms/1/start", 409, f"no-{index}")  # no verb: it did not act
        for handled in (reads, refused):
            assert not counting.should_drop_after(handled)
        assert not counting.should_drop_after()  # nothing noted at all
    assert got == expected
    assert counting.drop_after_actions == 3 and counting.dropped_after == []


def test_drop_after_actions_counts_down_and_records() -> None:
    chaos = Chaos(drop_after_actions=2)
    acted = [Handled("POST", f"/ovirt-engine/api/vms/{n}/stop", 200, f"cid-{n}", "stop") for n in range(3)]
    decisions = []
    for handled in acted:
        decisions.append(chaos.should_drop_after(handled))
        assert not chaos.should_drop_after()  # no request given: nothing to aim at, nothing spent
    assert decisions == [True, True, False]
    assert chaos.drop_after_actions == 0 and chaos.as_dict()["drop_after_actions"] == 0
    assert chaos.dropped_after == [
        {"method": "POST", "path": f"/ovirt-engine/api/vms/{n}/stop", "status": 200, "correlation_id": f"cid-{n}",
         "verb": "stop", "cause": "count"} for n in range(2)
    ]


async def test_error_rate_answers_5xx(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    server = SimulatorServer(engine, chaos=Chaos(error_rate=1.0))
    await server.start()
    try:
        statuses = set()
        for _ in range(20):
            response = await http.get(server.url + "/vms", auth=("admin@internal", "ovirt"))
            statuses.add(response.status_code)
            assert "correlation-id" in response.headers
        assert statuses <= {500, 502, 503} and len(statuses) > 1
        server.chaos.update({"error_rate": 0})
        assert (await http.get(server.url + "/vms", auth=("admin@internal", "ovirt"))).status_code == 200
    finally:
        await server.stop()


async def test_drop_rate_closes_the_connection(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    server = SimulatorServer(engine, chaos=Chaos(drop_rate=1.0))
    await server.start()
    try:
        with pytest.raises(httpx.TransportError):
            await http.get(server.url + "/vms", auth=("admin@internal", "ovirt"))
        server.chaos.update({"drop_rate": 0})
        assert (await http.get(server.url + "/vms", auth=("admin@internal", "ovirt"))).status_code == 200
        log = list(server.request_log)
        assert log[0]["status"] == 0  # dropped: no status was ever sent
    finally:
        await server.stop()


async def test_drop_after_rate_acts_then_loses_the_reply(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    """The engine shuts the VM down, the client hears nothing: only reading the VM settles it."""
    vm = next(v for v in engine.vms.values() if v.status == "up")
    server = SimulatorServer(engine, chaos=Chaos(drop_after_rate=1.0))
    await server.start()
    try:
        with pytest.raises(httpx.TransportError):
            await http.post(f"{server.url}/vms/{vm.id}/shutdown", content="<action/>",
                            headers={"Content-Type": "application/xml", "Correlation-Id": "lost-1"},
                            auth=("admin@internal", "ovirt"))
        entry = list(server.request_log)[-1]
        assert (entry["method"], entry["correlation_id"], entry["status"]) == ("POST", "lost-1", 200)
        assert server.chaos.dropped_after == [{"method": "POST", "path": f"/ovirt-engine/api/vms/{vm.id}/shutdown",
                                               "status": 200, "correlation_id": "lost-1", "verb": "shutdown",
                                               "cause": "rate"}]
        server.chaos.update({"drop_after_rate": 0})
        answer = await http.get(f"{server.url}/vms/{vm.id}", auth=("admin@internal", "ovirt"))
        assert answer.status_code == 200
        assert xml(answer).findtext("status") == "powering_down"  # it happened although the reply was lost
    finally:
        await server.stop()


async def test_drop_after_rate_through_the_hook(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    hook = f"{origin(sim.url)}/ovirt-engine/simulator/chaos"
    answer = await http.post(hook, json={"drop_after_rate": 0.5})
    assert answer.status_code == 200 and answer.json()["drop_after_rate"] == 0.5
    assert (await http.post(hook, json={"drop_after_rate": 2})).status_code == 400
    assert sim.chaos.drop_after_rate == 0.5


async def test_drop_after_actions_loses_the_next_action_replies_only(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    """Set at start-up: reads, a refused action and adds keep their replies; the next action the
    engine carries out loses its reply (it still happened), the one after that is answered."""
    up = [v for v in engine.vms.values() if v.status == "up"][:2]
    server = SimulatorServer(engine, chaos=Chaos.parse("drop_after_actions=1"))
    await server.start()
    auth = ("admin@internal", "ovirt")
    xml_headers = {"Content-Type": "application/xml"}
    try:
        assert (await http.get(f"{server.url}/vms/{up[0].id}", auth=auth)).status_code == 200
        refused = await http.post(f"{server.url}/vms/{up[0].id}/start", content="<action/>", auth=auth,
                                  headers={**xml_headers, "Correlation-Id": "refused"})
        assert refused.status_code == 409  # already up: the engine did nothing, so nothing is spent
        assert server.chaos.drop_after_actions == 1
        with pytest.raises(httpx.TransportError):
            await http.post(f"{server.url}/vms/{up[0].id}/shutdown", content="<action/>", auth=auth,
                            headers={**xml_headers, "Correlation-Id": "lost-1"})
        answered = await http.post(f"{server.url}/vms/{up[1].id}/shutdown", content="<action/>", auth=auth,
                                   headers={**xml_headers, "Correlation-Id": "kept-1"})
        assert answered.status_code == 200
        assert server.chaos.drop_after_actions == 0
        assert server.chaos.dropped_after == [{"method": "POST", "path": f"/ovirt-engine/api/vms/{up[0].id}/shutdown",
                                               "status": 200, "correlation_id": "lost-1", "verb": "shutdown",
                                               "cause": "count"}]
        posts = [(e["path"], e["correlation_id"], e["status"]) for e in server.request_log if e["method"] == "POST"]
        assert posts == [(f"/ovirt-engine/api/vms/{up[0].id}/start", "refused", 409),
                         (f"/ovirt-engine/api/vms/{up[0].id}/shutdown", "lost-1", 200),
                         (f"/ovirt-engine/api/vms/{up[1].id}/shutdown", "kept-1", 200)]
        lost = await http.get(f"{server.url}/vms/{up[0].id}", auth=auth)
        assert xml(lost).findtext("status") == "powering_down"  # done although the reply was lost
        jobs = [j for j in engine.job_book.jobs.values() if j.correlation_id == "lost-1"]
        assert len(jobs) == 1  # the engine's job for it: what a client settles by
    finally:
        await server.stop()


async def test_drop_after_actions_through_the_hook(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    hook = f"{origin(sim.url)}/ovirt-engine/simulator/chaos"
    answer = await http.post(hook, json={"drop_after_actions": 1})
    assert answer.status_code == 200 and answer.json()["drop_after_actions"] == 1
    for bad in (1.5, -1, "many", True):
        rejected = await http.post(hook, json={"drop_after_actions": bad})
        assert rejected.status_code == 400, bad
    assert (await http.get(hook)).json()["drop_after_actions"] == 1
    assert (await http.get(hook + "/dropped-after")).json() == []
    vm = next(v for v in sim.engine.vms.values() if v.status == "down")
    with pytest.raises(httpx.TransportError):
        await http.post(f"{sim.url}/vms/{vm.id}/start", content="<action/>", auth=("admin@internal", "ovirt"),
                        headers={"Content-Type": "application/xml", "Correlation-Id": "lost-start"})
    assert (await http.get(hook)).json()["drop_after_actions"] == 0
    assert (await http.get(hook + "/dropped-after")).json() == [
        {"method": "POST", "path": f"/ovirt-engine/api/vms/{vm.id}/start", "status": 200,
         "correlation_id": "lost-start", "verb": "start", "cause": "count"}]
    assert [e["path"] for e in sim.request_log] == [f"/ovirt-engine/api/vms/{vm.id}/start"]  # hooks unlogged


async def test_latency_delays_answers(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    server = SimulatorServer(engine, chaos=Chaos(latency=0.2, seed=3))
    await server.start()
    try:
        expected = Chaos(latency=0.2, seed=3).delay()  # the same seeded draw the server makes first
        started = time.monotonic()
        await http.get(server.url + "/clusters", auth=("admin@internal", "ovirt"))
        assert time.monotonic() - started >= expected * 0.9
    finally:
        await server.stop()


async def test_token_ttl_from_chaos_expires_existing_tokens(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    token = await login(http, sim.url)
    headers = {"Authorization": f"Bearer {token}"}
    assert (await http.get(sim.url + "/vms", headers=headers)).status_code == 200
    hook = await http.post(f"{origin(sim.url)}/ovirt-engine/simulator/chaos", json={"token_ttl": 10})
    assert hook.status_code == 200 and hook.json()["token_ttl"] == 10
    sim.engine.clock.advance(11)
    assert (await http.get(sim.url + "/vms", headers=headers)).status_code == 401
    grant = await http.post(f"{origin(sim.url)}/ovirt-engine/sso/oauth/token", data=SSO_FORM, headers=JSON)
    assert int(grant.json()["exp"]) == int((sim.engine.clock.now().timestamp() + 10) * 1000)


async def test_stop_and_restart_on_the_same_port(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    url = sim.url
    token = await login(http, url)
    headers = {"Authorization": f"Bearer {token}"}
    await sim.stop()
    async with httpx.AsyncClient(timeout=2) as fresh:
        with pytest.raises(httpx.ConnectError):
            await fresh.get(url + "/vms", headers=headers)
    assert await sim.start() == url
    # Same engine, same SSO state: the session survives a restart like an engine behind Apache.
    assert (await http.get(url + "/vms", headers=headers)).status_code == 200


def test_drops_and_stop_are_quiet(capfd, caplog) -> None:
    """Dropped connections are intended chaos and a stop with requests in flight is normal:
    neither may print tracebacks, 'Task was destroyed but it is pending!' or unretrieved errors."""
    sim = run_in_thread(chaos=Chaos(drop_rate=0.3, drop_after_rate=0.3, latency=3.0, seed=5))
    vm_ids = [vm.id for vm in sim.engine.vms.values() if vm.status == "up"][:6]
    outcomes: list[str] = []

    def client(vm_id: str) -> None:
        # A client that gives up before the chaos latency is over hangs up on a handler
        # that keeps running: stop() must still end it.
        with httpx.Client(timeout=0.5, auth=("admin@internal", "ovirt")) as http:
            for _ in range(4):
                try:
                    http.get(f"{sim.url}/vms")
                    http.post(f"{sim.url}/vms/{vm_id}/reboot", content="<action/>",
                              headers={"Content-Type": "application/xml"})
                    outcomes.append("answered")
                except httpx.TransportError:
                    outcomes.append("dropped")

    with caplog.at_level(logging.DEBUG, logger="asyncio"):
        threads = [threading.Thread(target=client, args=(vm_id,)) for vm_id in vm_ids]
        for thread in threads:
            thread.start()
        time.sleep(0.8)  # a real server on a real clock: let drops happen, then stop mid-flight
        sim.stop()
        for thread in threads:
            thread.join(timeout=30)
        gc.collect()
    assert "dropped" in outcomes
    assert not sim._thread.is_alive()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    err = capfd.readouterr().err
    assert "Traceback" not in err and "destroyed" not in err and "ConnectionResetError" not in err, err


async def test_stop_ends_handlers_whose_client_hung_up(engine) -> None:  # type: ignore[no-untyped-def]
    """A client that gave up leaves its handler sleeping in chaos latency, outside aiohttp's
    connection list; stop() must end it rather than leave it pending on the loop."""
    server = SimulatorServer(engine, chaos=Chaos(latency=30.0, seed=1))
    await server.start()
    async with httpx.AsyncClient(timeout=0.3) as impatient:
        with pytest.raises(httpx.TimeoutException):
            await impatient.get(server.url + "/vms", auth=("admin@internal", "ovirt"))
    await asyncio.sleep(0.05)  # the hang-up reaches the server
    waiting = [task for task in server._inflight if not task.done()]
    assert waiting  # the handler is still asleep: the case under test
    await server.stop()
    assert all(task.done() for task in waiting)
    assert [entry["status"] for entry in server.request_log] == [0]  # logged once, as unanswered
