"""The --demo launcher: the simulator runs in its own process, started and stopped by us."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from console.backend.demo import DemoEngine, DemoStartError, parse_banner
from console.backend.settings import DemoOptions


def fake_python(tmp_path: Path, body: str) -> str:
    """An executable standing in for ``python -m console.simulator``."""
    script = tmp_path / "fake-python"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0); it is dead once reaped by wait() in stop().
    return False


def test_parse_banner() -> None:
    assert parse_banner(
        "http://127.0.0.1:4321/ovirt-engine/api\n",
        "user: admin@internal password: ovirt\n",
    ) == (
        "http://127.0.0.1:4321/ovirt-engine/api",
        "admin@internal",
        "ovirt",
    )
    with pytest.raises(DemoStartError, match="instead of its API URL"):
        parse_banner("Traceback (most recent call last):", "")
    with pytest.raises(DemoStartError, match="instead of its user and password"):
        parse_banner("http://x/ovirt-engine/api", "ready")


def test_command_carries_size_seed_and_chaos() -> None:
    engine = DemoEngine(DemoOptions(vms=600, seed=9, chaos="latency=0.1"), python="/py")
    assert engine.command() == [
        "/py", "-m", "console.simulator", "--host", "127.0.0.1", "--port", "0",
        "--vms", "600", "--seed", "9", "--chaos", "latency=0.1",
    ]  # fmt: skip


def test_start_reads_banner_and_stop_terminates(tmp_path: Path) -> None:
    python = fake_python(
        tmp_path,
        'echo "http://127.0.0.1:5555/ovirt-engine/api"\n'
        'echo "user: admin@internal password: ovirt"\n'
        "exec sleep 60\n",
    )
    engine = DemoEngine(python=python)
    settings = engine.start(timeout=10)
    assert settings.url == "http://127.0.0.1:5555/ovirt-engine/api"
    assert settings.username == "admin@internal" and settings.password == "ovirt"
    assert settings.demo is True
    assert "password" not in repr(settings) and "ovirt'" not in repr(engine)
    pid = engine.pid
    assert engine.running
    started = time.monotonic()
    engine.stop()
    assert time.monotonic() - started < 2
    assert not engine.running and gone(pid)
    engine.stop()  # twice is fine


def test_process_that_dies_reports_its_last_stderr_line(tmp_path: Path) -> None:
    python = fake_python(tmp_path, 'echo "error: --vms must be positive" >&2\nexit 3\n')
    with pytest.raises(DemoStartError) as info:
        DemoEngine(python=python).start(timeout=10)
    assert (
        str(info.value)
        == "demo engine exited (code 3) before serving: error: --vms must be positive"
    )


def test_silent_process_times_out_and_is_stopped(tmp_path: Path) -> None:
    python = fake_python(tmp_path, "exec sleep 60\n")
    engine = DemoEngine(python=python)
    with pytest.raises(DemoStartError, match=r"did not start within 0.3 s"):
        engine.start(timeout=0.3)
    assert not engine.running


def test_missing_interpreter_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DemoStartError, match="cannot start the demo engine"):
        DemoEngine(python=str(tmp_path / "no-such-python")).start(timeout=1)


def test_real_simulator_process_serves_and_is_stopped() -> None:
    import httpx

    with DemoEngine(DemoOptions(vms=10, seed=2)) as engine:
        settings = engine.start(timeout=60)
        assert settings.url.startswith("http://127.0.0.1:") and settings.url.endswith(
            "/ovirt-engine/api"
        )
        token = httpx.post(
            settings.url.replace("/api", "/sso/oauth/token"),
            data={"grant_type": "password", "scope": "ovirt-app-api",
                  "username": settings.username, "password": settings.password},
            headers={"Accept": "application/json"}, timeout=10,
        ).json()["access_token"]  # fmt: skip
        vms = httpx.get(
            settings.url + "/vms",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert vms.status_code == 200 and vms.text.count("<vm ") == 10
        pid = engine.pid
    assert not engine.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_stop_before_start_prevents_a_late_child(tmp_path: Path) -> None:
    engine = DemoEngine(python=fake_python(tmp_path, "exec sleep 60\n"))
    engine.stop()
    with pytest.raises(DemoStartError, match="closing"):
        engine.start(timeout=1)
    assert engine.pid is None
