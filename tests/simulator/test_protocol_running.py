"""Running the simulator: the command line, TLS with the generated CA, a server in a thread."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from console.simulator.server import SimulatorServer, run_in_thread

from .conftest import JSON, SSO_FORM, login, origin

ROOT = Path(__file__).resolve().parents[2]


def spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "console.simulator", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=15)


def test_cli_prints_url_and_credentials_then_serves() -> None:
    process = spawn("--port", "0", "--vms", "5", "--seed", "3")
    try:
        url = process.stdout.readline().rstrip("\n")  # type: ignore[union-attr]
        credentials = process.stdout.readline().rstrip("\n")  # type: ignore[union-attr]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/ovirt-engine/api")
        assert not url.endswith(":0/ovirt-engine/api")
        assert credentials == "user: admin@internal password: ovirt"
        response = httpx.get(url + "/vms", auth=("admin@internal", "ovirt"), timeout=10)
        assert response.status_code == 200
        assert response.text.count("<vm href=") == 5
    finally:
        code = stop(process)
    assert code == 0
    assert process.stdout.read() == ""  # type: ignore[union-attr]  # nothing after the two lines


def test_cli_tls_prints_the_ca_file_and_verifies() -> None:
    process = spawn("--port", "0", "--vms", "3", "--tls", "--chaos", "latency=0.01")
    try:
        url = process.stdout.readline().rstrip("\n")  # type: ignore[union-attr]
        process.stdout.readline()  # type: ignore[union-attr]
        ca_line = process.stdout.readline().rstrip("\n")  # type: ignore[union-attr]
        assert url.startswith("https://127.0.0.1:")
        assert ca_line.startswith("ca-file: ")
        ca_file = ca_line.removeprefix("ca-file: ")
        assert Path(ca_file).read_text().startswith("-----BEGIN CERTIFICATE-----")
        verified = httpx.get(url + "/clusters", auth=("admin@internal", "ovirt"), verify=ssl.create_default_context(
            cafile=ca_file), timeout=10)
        assert verified.status_code == 200
        with pytest.raises(httpx.ConnectError):
            httpx.get(url + "/clusters", timeout=10)  # system trust store: the simulator CA is unknown
    finally:
        assert stop(process) == 0
    assert not Path(ca_file).exists()  # the throw-away CA is removed on exit


def test_cli_rejects_bad_options() -> None:
    process = spawn("--chaos", "nonsense=1")
    assert process.wait(timeout=15) == 2
    assert "nonsense" in process.stderr.read()  # type: ignore[union-attr]


async def test_tls_in_process(engine, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    server = SimulatorServer(engine, tls=True)
    url = await server.start()
    try:
        assert url.startswith("https://") and server.ca_file
        async with httpx.AsyncClient(verify=ssl.create_default_context(cafile=server.ca_file)) as client:
            token = await login(client, url)
            response = await client.get(url, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200
            pem = await client.get(f"{origin(url)}/ovirt-engine/services/pki-resource",
                                   params={"resource": "ca-certificate", "format": "X509-PEM-CA"})
            assert pem.content == Path(server.ca_file).read_bytes()
    finally:
        await server.stop()


def test_run_in_thread_for_synchronous_callers() -> None:
    from console.simulator.clock import ManualClock
    from console.simulator.engine import Engine

    engine = Engine(vms=4, clock=ManualClock(), life=False)
    with run_in_thread(engine=engine) as sim:
        assert sim.engine is engine
        grant = httpx.post(f"{origin(sim.url)}/ovirt-engine/sso/oauth/token", data=SSO_FORM, headers=JSON)
        token = grant.json()["access_token"]
        response = httpx.get(sim.url + "/vms", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.text.count("<vm href=") == 4
        url = sim.url
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/vms", timeout=2)
