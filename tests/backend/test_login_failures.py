"""Real failures over real sockets, each shown as one line naming the fix."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.backend.messages import Connected, ConnectFailed, RecordsLoaded
from console.backend.session import Backend
from console.backend.settings import EngineSettings
from console.simulator.clock import ManualClock
from console.simulator.engine import Engine
from console.simulator.server import run_in_thread
from tests.backend.helpers import Collector


@pytest.fixture(scope="module")
def tls_sim():
    sim = run_in_thread(
        engine=Engine(seed=1, vms=10, clock=ManualClock(), life=False), tls=True
    )
    yield sim
    sim.stop()


def login(settings: EngineSettings) -> tuple[Backend, Collector]:
    sink = Collector()
    backend = Backend(settings, sink)
    backend.start()
    return backend, sink


def test_untrusted_certificate(tls_sim) -> None:
    backend, sink = login(EngineSettings(url=tls_sim.url, password="ovirt"))
    try:
        message = sink.wait_for(ConnectFailed).message
    finally:
        backend.stop()
    host = tls_sim.url.split("/")[2]
    assert message == (
        f"Certificate not trusted: pass --ca-file with the engine CA (https://{host}/ovirt-engine/"
        "services/pki-resource?resource=ca-certificate&format=X509-PEM-CA) or --insecure"
    )


def test_ca_file_is_trusted(tls_sim) -> None:
    backend, sink = login(
        EngineSettings(url=tls_sim.url, password="ovirt", ca_file=tls_sim.ca_file)
    )
    try:
        connected = sink.wait_for(Connected)
    finally:
        backend.stop()
    assert connected.insecure is False


def test_insecure_is_explicit_and_reported(tls_sim) -> None:
    backend, sink = login(
        EngineSettings(url=tls_sim.url, password="ovirt", insecure=True)
    )
    try:
        assert sink.wait_for(Connected).insecure is True
    finally:
        backend.stop()


def test_https_to_a_plain_http_port(sim) -> None:
    url = sim.url.replace("http://", "https://")
    backend, sink = login(EngineSettings(url=url, password="ovirt"))
    try:
        message = sink.wait_for(ConnectFailed).message
    finally:
        backend.stop()
    assert "does not speak HTTPS" in message


def test_wrong_path_is_named(sim) -> None:
    root = sim.url.rsplit("/ovirt-engine/api", 1)[0]
    backend, sink = login(
        EngineSettings(url=root + "/engine/ovirt-engine/api", password="ovirt")
    )
    try:
        message = sink.wait_for(ConnectFailed).message
    finally:
        backend.stop()
    assert message == (
        f"No oVirt API at {root}/engine/ovirt-engine/api (HTTP 404): check the URL path; "
        f"the API is usually {root}/ovirt-engine/api"
    )


def test_unknown_host_name() -> None:
    backend, sink = login(
        EngineSettings(
            url="https://no-such-engine.invalid/ovirt-engine/api",
            password="x",
            timeout=5,
        )
    )
    try:
        message = sink.wait_for(ConnectFailed).message
    finally:
        backend.stop()
    assert (
        message
        == "Cannot resolve host name 'no-such-engine.invalid': check the --url host name and DNS"
    )


def test_expired_token_is_renewed_silently(sim) -> None:
    backend, sink = login(EngineSettings(url=sim.url, password="ovirt", refresh=3600))
    try:
        sink.wait_for(Connected)
        sink.wait_for(RecordsLoaded, lambda m: m.kind == "jobs" and m.final)
        sim.engine.clock.advance(
            timedelta(days=30).total_seconds()
        )  # far past any token lifetime
        sim.reset_log()
        before = len(sink.of(RecordsLoaded))
        backend.refresh("vms")
        sink.wait_count(
            lambda m: isinstance(m, RecordsLoaded) and m.kind == "vms" and m.final, 2
        )
        log = sim.requests()
        assert [r["status"] for r in log if r["path"].endswith("/api/vms")] == [
            401,
            200,
        ]
        assert any(r["path"].endswith("/sso/oauth/token") for r in log)
        assert len(sink.of(RecordsLoaded)) > before
    finally:
        backend.stop()


def test_engine_that_never_answers() -> None:
    import socket

    with socket.socket() as silent:  # accepts connections (backlog), never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        url = f"http://127.0.0.1:{port}/ovirt-engine/api"
        backend, sink = login(EngineSettings(url=url, password="x", timeout=1))
        try:
            message = sink.wait_for(ConnectFailed, timeout=10).message
        finally:
            backend.stop()
    assert message == (
        f"No answer from 127.0.0.1:{port} within 1 s: check the URL, network and firewall, "
        "or raise --timeout"
    )
