"""Faults between the console and the engine: lost replies, hung engines, cancelled loads.

A mutating request whose reply is lost is settled by reading the engine (jobs by
Correlation-Id, then the object's state), never by sending it again.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from console.api.connection import Connection
from console.api.errors import ApiError, ConnectionError, TimeoutError
from console.backend import outcome
from console.backend.actions import check, run_one
from console.backend.details import NameIndex
from console.backend.messages import (
    ActionFinished,
    BackendError,
    ConnectFailed,
    ConnectionState,
    LoadProgress,
)
from tests.backend.test_session import settings_for, wait_initial_load


class LoseReply(httpx.AsyncBaseTransport):
    """Forwards to the real transport; for matching POSTs, loses the reply.

    ``deliver=True``: the engine receives and carries out the request, then the
    connection drops before the answer arrives. ``deliver=False``: the connection
    drops while sending, so the engine never sees it. Both look the same to the client.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, suffix: str, *, deliver: bool,
                 error: type[Exception] = httpx.ReadError, then=None) -> None:  # fmt: skip
        self.inner = inner
        self.then = then  # called once the reply is lost (e.g. the engine dies too)
        self.suffix = suffix
        self.deliver = deliver
        self.error = error

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        hit = request.method == "POST" and request.url.path.endswith(self.suffix)
        if hit and not self.deliver:
            raise self.error("connection dropped", request=request)
        response = await self.inner.handle_async_request(request)
        if hit:
            await response.aread()
            await response.aclose()
            if self.then is not None:
                self.then()
            raise self.error("connection dropped", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def connect(sim, suffix: str, **lose) -> Connection:
    conn = Connection(sim.url, "admin@internal", "ovirt", timeout=10)
    await conn.authenticate()
    client = conn._ensure_client()
    client._transport = LoseReply(client._transport, suffix, **lose)
    return conn


def posts(sim, suffix: str) -> list[dict]:
    return [r for r in sim.requests() if r["method"] == "POST" and r["path"].endswith(suffix)]


@pytest.fixture(autouse=True)
def no_waits(monkeypatch) -> None:
    monkeypatch.setattr(outcome, "RETRY_DELAYS", (0.01, 0.01))


async def test_lost_reply_of_an_action_the_engine_did_is_confirmed_not_resent(sim) -> None:
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    conn = await connect(sim, f"/vms/{down.id}/start", deliver=True)
    try:
        done = await run_one(conn, check("vms", "start"), down.id, {}, NameIndex())
    finally:
        await conn.close()
    assert done.ok, done.message
    assert done.extra.get("settled") is True
    sent = posts(sim, f"/vms/{down.id}/start")
    assert len(sent) == 1  # never replayed
    assert sent[0]["correlation_id"] == done.correlation_id
    assert done.job_id in sim.engine.jobs
    assert sim.engine.jobs[done.job_id].correlation_id == done.correlation_id
    job_searches = [r for r in sim.requests() if r["path"].endswith("/api/jobs")]
    assert job_searches and done.correlation_id in job_searches[0]["query"]


async def test_lost_request_is_reported_failed_with_the_state_not_resent(sim) -> None:
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    conn = await connect(sim, f"/vms/{down.id}/start", deliver=False)
    try:
        done = await run_one(conn, check("vms", "start"), down.id, {}, NameIndex())
    finally:
        await conn.close()
    assert not done.ok
    assert done.message.startswith("outcome unknown")
    assert "state is down" in done.message and "not resent" in done.message
    assert posts(sim, f"/vms/{down.id}/start") == []
    assert sim.engine.vms[down.id].status == "down"


async def test_read_timeout_after_sending_is_settled_by_reading(sim) -> None:
    up = next(vm for vm in sim.engine.vms.values() if vm.status == "up")
    conn = await connect(sim, f"/vms/{up.id}/stop", deliver=True, error=httpx.ReadTimeout)
    try:
        done = await run_one(conn, check("vms", "stop"), up.id, {}, NameIndex())
    finally:
        await conn.close()
    assert done.ok, done.message
    assert len(posts(sim, f"/vms/{up.id}/stop")) == 1


async def test_connect_failure_is_a_plain_failure_with_no_settling(sim) -> None:
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    conn = await connect(sim, f"/vms/{down.id}/start", deliver=False, error=httpx.ConnectError)
    sim.reset_log()
    try:
        done = await run_one(conn, check("vms", "start"), down.id, {}, NameIndex())
        asked = sim.requests()
    finally:
        await conn.close()
    assert not done.ok and "outcome unknown" not in done.message
    assert asked == []  # nothing sent, so nothing to ask about


async def test_engine_unreachable_afterwards_reports_unknown_outcome_once(sim) -> None:
    down = next(vm for vm in sim.engine.vms.values() if vm.status == "down")
    # the engine goes away right after the reply is lost
    conn = await connect(sim, f"/vms/{down.id}/start", deliver=True, then=sim.stop)
    try:
        done = await run_one(conn, check("vms", "start"), down.id, {}, NameIndex())
    finally:
        await conn.close(logout=False)
    assert not done.ok
    assert done.message.startswith("outcome unknown") and "could not be asked" in done.message


def test_ambiguity_rules() -> None:
    def chained(error: ApiError, cause: Exception) -> ApiError:
        error.__cause__ = cause
        return error

    request = httpx.Request("POST", "http://engine/x")
    assert outcome.is_ambiguous(chained(ConnectionError("x"), httpx.ReadError("r", request=request)))
    assert outcome.is_ambiguous(chained(TimeoutError("x"), httpx.ReadTimeout("r", request=request)))
    assert not outcome.is_ambiguous(chained(ConnectionError("x"), httpx.ConnectError("c", request=request)))
    assert not outcome.is_ambiguous(chained(TimeoutError("x"), httpx.ConnectTimeout("c", request=request)))
    assert not outcome.is_ambiguous(chained(TimeoutError("x"), httpx.PoolTimeout("p", request=request)))
    assert not outcome.is_ambiguous(ConnectionError("the connection is closed"))
    assert outcome.is_ambiguous(ApiError("proxy", code=502))
    assert outcome.is_ambiguous(ApiError("gateway timeout", code=504))
    assert not outcome.is_ambiguous(ApiError("unavailable", code=503))
    assert not outcome.is_ambiguous(ApiError(code=409, reason="Operation Failed", fault=object()))
    assert outcome.is_ambiguous(ApiError("unreadable 201 body", code=201))


def test_backend_action_under_dropped_connections_reports_each_target_once(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    wait_initial_load(sink)
    downs = [vm.id for vm in sim.engine.vms.values() if vm.status == "down"][:6]
    sim.server.chaos.update({"drop_rate": 0.5})
    backend.run_action("vms", downs, "start")
    results = sink.wait_count(lambda m: isinstance(m, ActionFinished), len(downs), timeout=60)
    sim.server.chaos.update({"drop_rate": 0})
    assert sorted(r.id for r in results) == sorted(downs)
    for vm_id in downs:
        assert len(posts(sim, f"/vms/{vm_id}/start")) <= 1  # at most once, never replayed
    for r in results:
        if not r.ok:
            assert r.message  # the reason, in words


# -- hung engines and cancelled loads ----------------------------------------------------


@pytest.fixture
def hung_engine():
    """An engine that accepts connections and never answers (an SSH tunnel to nowhere)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(listener.accept()[0])  # read nothing, answer nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/ovirt-engine/api"
    done.set()
    thread.join(2)
    for sock in held:
        sock.close()
    listener.close()


def test_hung_engine_times_out_with_a_message_instead_of_hanging(hung_engine, backend_for) -> None:
    from console.backend.settings import EngineSettings

    backend, sink = backend_for(EngineSettings(url=hung_engine, password="pw", timeout=0.5))
    began = time.monotonic()
    backend.start()
    failed = sink.wait_for(ConnectFailed, timeout=10)
    assert time.monotonic() - began < 5
    assert "time" in failed.message.lower()
    sink.wait_for(ConnectionState, lambda m: m.state == "closed")


def test_esc_cancels_a_load_slowed_by_latency_chaos(slow_sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(slow_sim))
    backend.start()
    sink.wait_for(LoadProgress, lambda m: m.received == 0, timeout=30)
    began = time.monotonic()
    backend.cancel_load()
    cancelled = sink.wait_for(LoadProgress, lambda m: m.cancelled, timeout=10)
    assert cancelled.done
    assert time.monotonic() - began < 1.0  # not after the slow reply
    backend.refresh("vms")
    sink.wait_for(LoadProgress, lambda m: m.kind == "vms" and m.done and not m.cancelled, timeout=30)
    assert not [e for e in sink.of(BackendError) if "Cancelled" in e.message]


async def test_failed_lookup_before_a_storage_domain_action_is_not_settled(sim) -> None:
    domain = next(iter(sim.engine.storage_domains.values()))
    conn = Connection(sim.url, "admin@internal", "ovirt", timeout=10)
    await conn.authenticate()
    client = conn._ensure_client()
    inner = client._transport

    class DropReads(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.method == "GET" and request.url.path.endswith(f"/storagedomains/{domain.id}"):
                raise httpx.ReadError("connection dropped", request=request)
            return await inner.handle_async_request(request)

    client._transport = DropReads()
    sim.reset_log()
    try:
        done = await run_one(conn, check("storage_domains", "deactivate"), domain.id, {}, NameIndex())
        asked = sim.requests()
    finally:
        await conn.close()
    assert not done.ok and done.message.startswith("not sent: could not find")
    assert [r for r in asked if r["method"] == "POST"] == []
    assert not [r for r in asked if r["path"].endswith("/api/jobs")]  # nothing to settle
