"""The one-shot commands against the in-process simulator: output, exit statuses, read-only."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.backend.settings import EngineSettings
from console.cli import main
from console.oneshot.common import session
from console.oneshot.events import follow
from tests.backend.conftest import Sim, start_sim

ENV = {"OVIRT_PASSWORD": "ovirt"}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_umask():
    """Files written here are private, as a user's config and password files must be (else refused)."""
    old = os.umask(0o077)
    yield
    os.umask(old)


@pytest.fixture(scope="module")
def sim() -> Iterator[Sim]:
    s = start_sim()
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, env: dict[str, str] = ENV
) -> tuple[int, str, str]:
    code = main(list(argv), env=env)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def vms(sim: Sim, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    code, out, err = run(
        capsys, "list", "vms", "--output", "json", "--url", sim.url, *extra
    )
    assert (code, err) == (0, "")
    return json.loads(out)


def changes(sim: Sim) -> list[tuple[str, str]]:
    """Requests that could change something (SSO token and logout are not)."""
    return [
        (r["method"], r["path"]) for r in sim.requests()
        if r["method"] != "GET" and "/sso" not in r["path"] and "sso-logout" not in r["path"]
    ]  # fmt: skip


def test_list_vms_json_matches_the_engine(sim: Sim, capsys) -> None:
    listed = vms(sim, capsys)
    assert len(listed) == 60
    assert set(listed[0]) == {
        "name",
        "status",
        "host",
        "cluster",
        "memory",
        "ips",
        "fqdn",
        "description",
        "id",
    }
    by_name = {v["name"]: v for v in listed}
    running = next(v for v in listed if v["status"] == "up")
    assert running["host"].startswith("host-")  # a name, not the host's id
    assert isinstance(running["memory"], int) and running["ips"]
    # The engine's own search runs server-side.
    up = vms(sim, capsys, "--search", "status=up")
    assert up and all(v["status"] == "up" for v in up)
    assert {v["name"] for v in up} == {
        n for n, v in by_name.items() if v["status"] == "up"
    }
    assert any(
        r["path"].endswith("/vms") and "search=status%3Dup" in r["query"]
        for r in sim.requests()
    )


def test_list_table_with_max(sim: Sim, capsys) -> None:
    code, out, err = run(capsys, "list", "hosts", "--max", "1", "--url", sim.url)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["NAME", "STATUS", "ADDRESS", "CLUSTER"]
    assert len(lines) == 2 and lines[1].startswith("host-")


def test_list_storage_csv_carries_data_center_status(sim: Sim, capsys) -> None:
    code, out, _ = run(capsys, "list", "storage", "-o", "csv", "--url", sim.url)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"name", "status", "type", "available", "used"} <= set(rows[0])
    assert all(
        r["status"] for r in rows if r["type"] == "data"
    )  # attached: status from its DC


def test_list_events_oldest_first(sim: Sim, capsys) -> None:
    code, out, _ = run(
        capsys, "list", "events", "--max", "5", "-o", "json", "--url", sim.url
    )
    events = json.loads(out)
    assert code == 0 and len(events) == 5
    assert [e["index"] for e in events] == sorted(e["index"] for e in events)


@pytest.mark.parametrize("kind", ["clusters", "datacenters", "jobs"])
def test_list_other_kinds(sim: Sim, capsys, kind: str) -> None:
    code, out, err = run(capsys, "list", kind, "-o", "json", "--url", sim.url)
    assert code == 0 and err == "" and isinstance(json.loads(out), list)
    if kind != "jobs":
        assert json.loads(out)[0]["name"]


def test_action_start_then_the_engine_refuses(sim: Sim, capsys) -> None:
    down = next(v for v in vms(sim, capsys) if v["status"] == "down")
    sim.reset_log()
    code, out, err = run(
        capsys, "action", "vm", down["name"], "start", "--url", sim.url
    )
    assert code == 0 and err == ""
    assert out.startswith(f"Run vm {down['name']}: sent (job ")
    assert changes(sim) == [("POST", f"/ovirt-engine/api/vms/{down['id']}/start")]
    code, out, err = run(
        capsys, "action", "vm", down["id"], "run", "--url", sim.url
    )  # by id, alias
    assert code == 1 and out == ""
    assert (
        err == f"ovirt-console: Run vm {down['name']}: Cannot run VM. VM is running.\n"
    )


def test_action_on_a_missing_object_is_status_1(sim: Sim, capsys) -> None:
    code, _, err = run(capsys, "action", "vm", "no-such-vm", "start", "--url", sim.url)
    assert (
        code == 1 and err == "ovirt-console: the engine has no vm named 'no-such-vm'\n"
    )


def test_action_host_maintenance_with_reason(sim: Sim, capsys) -> None:
    sim.reset_log()
    code, out, _ = run(
        capsys,
        "action",
        "host",
        "host-02",
        "maintenance",
        "--reason",
        "kernel",
        "--url",
        sim.url,
    )
    assert code == 0 and out.startswith("Maintenance host host-02: sent")
    [(method, path)] = changes(sim)
    assert method == "POST" and path.endswith("/deactivate")
    run(capsys, "action", "host", "host-02", "activate", "--url", sim.url)


def test_unknown_action_is_usage_and_sends_nothing(sim: Sim, capsys) -> None:
    sim.reset_log()
    code, _, err = run(capsys, "action", "vm", "x", "explode", "--url", sim.url)
    assert code == 2 and "no action 'explode' for vms (actions: start, stop" in err
    code, _, err = run(capsys, "action", "toaster", "x", "start", "--url", sim.url)
    assert code == 2 and "unknown kind 'toaster'" in err
    assert sim.requests() == []


def test_read_only_flag_refuses_before_any_request(sim: Sim, capsys) -> None:
    sim.reset_log()
    code, out, err = run(
        capsys, "--read-only", "action", "vm", "web-01", "stop", "--url", sim.url
    )
    assert (code, out) == (2, "")
    assert (
        err
        == "ovirt-console: read-only (--read-only): power off refused, nothing was sent\n"
    )
    code, _, _ = run(
        capsys, "action", "vm", "web-01", "stop", "--read-only", "--url", sim.url
    )
    assert code == 2
    assert sim.requests() == []  # not even a login reached the engine


def test_profile_read_only_refuses_too(sim: Sim, capsys, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[profiles.prod]\nurl = "{sim.url}"\nread_only = true\n')
    sim.reset_log()
    code, _, err = run(
        capsys,
        "--config",
        str(config),
        "--profile",
        "prod",
        "action",
        "vm",
        "web-01",
        "reboot",
    )
    assert code == 2 and "read-only (profile prod: read_only = true)" in err
    assert sim.requests() == []
    # Reading is still allowed with that profile.
    code, out, _ = run(
        capsys, "--config", str(config), "-p", "prod", "list", "clusters", "-o", "json"
    )
    assert code == 0 and json.loads(out)


def test_wrong_password_is_status_3_in_one_line(sim: Sim, capsys) -> None:
    code, out, err = run(
        capsys, "list", "vms", "--url", sim.url, env={"OVIRT_PASSWORD": "wrong"}
    )
    assert code == 3 and out == ""
    assert (
        err.count("\n") == 1
        and err.startswith("ovirt-console: ")
        and "Traceback" not in err
    )


def test_refused_connection_is_status_3(capsys, free_port_url: str) -> None:
    code, _, err = run(
        capsys, "action", "vm", "web-01", "start", "--url", free_port_url
    )
    assert code == 3 and err.count("\n") == 1


def test_demo_engine_for_a_one_shot(capsys) -> None:
    code, out, err = run(
        capsys, "--demo", "--demo-vms", "7", "list", "vms", "-o", "json", env={}
    )
    assert (code, err) == (0, "") and len(json.loads(out)) == 7


def test_no_engine_is_usage(capsys) -> None:
    code, _, err = run(capsys, "list", "vms", env={})
    assert code == 2 and "no engine: give --url, OVIRT_URL, --profile or --demo" in err


def test_no_password_without_a_terminal_is_status_3(
    sim: Sim, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "list", "vms", "--url", sim.url, env={})
    assert code == 3 and "no password" in err


@pytest.fixture
def free_port_url() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/ovirt-engine/api"


async def test_follow_prints_backlog_then_new_events(sim: Sim) -> None:
    settings = EngineSettings(url=sim.url, password="ovirt")
    out = io.StringIO()
    polls: asyncio.Queue[None] = asyncio.Queue()
    released: asyncio.Queue[None] = asyncio.Queue()

    async def gate(seconds: float) -> None:
        assert seconds == 3.0
        polls.put_nowait(None)
        await released.get()

    async with session(settings) as conn:
        task = asyncio.create_task(
            follow(conn, out, output="json", backlog=2, sleep=gate)
        )
        await asyncio.wait_for(
            polls.get(), 10
        )  # backlog printed, first (empty) poll done
        backlog = [json.loads(line) for line in out.getvalue().splitlines()]
        assert len(backlog) == 2 and backlog[0]["index"] < backlog[1]["index"]
        sim.engine.add_event(
            description="disk almost full",
            severity="warning",
            origin="test",
            custom_id=7,
        )
        sim.engine.add_event(
            description="disk full", severity="error", origin="test", custom_id=8
        )
        released.put_nowait(None)
        await asyncio.wait_for(polls.get(), 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["description"] for e in lines[2:]] == ["disk almost full", "disk full"]
    assert (
        lines[3]["severity"] == "error"
        and lines[3]["index"] > lines[2]["index"] > backlog[1]["index"]
    )


def test_events_follow_ends_with_exit_0_on_ctrl_c(sim: Sim) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "events", "--follow", "--max", "1", "--url", sim.url],
        env={**os.environ, **ENV}, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = proc.stdout.readline()  # the backlog line: it is following now
        assert first.strip()
        sim.engine.add_event(
            description="tail me", severity="normal", origin="test", custom_id=9
        )
        deadline = time.monotonic() + 15
        line = proc.stdout.readline()
        while "tail me" not in line and time.monotonic() < deadline:
            line = proc.stdout.readline()
        assert "tail me" in line
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_one_shots_never_import_textual(sim: Sim) -> None:
    script = (
        "import sys\nfrom console.cli import main\n"
        f"code = main(['list', 'clusters', '--url', {sim.url!r}], env={{'OVIRT_PASSWORD': 'ovirt'}})\n"
        "print('TEXTUAL' if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 'CLEAN', code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.splitlines()[-1] == "CLEAN 0", done.stderr


def test_subcommand_help_has_examples() -> None:
    for command, needle in (
        ("list", "--search"),
        ("events", "--follow"),
        ("action", "migrate --host"),
    ):
        text = subprocess.run(
            [sys.executable, "-m", "console", command, "--help"], cwd=ROOT,
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
        assert "examples:" in text and needle in text, command
    top = subprocess.run([sys.executable, "-m", "console", "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, check=True).stdout  # fmt: skip
    for needle in (
        "list ",
        "events ",
        "action ",
        "--profile",
        "ovirt-console list vms --search",
    ):
        assert needle in top, needle


def test_ctrl_c_during_a_list_is_130(sim: Sim, capsys, monkeypatch) -> None:
    from console.oneshot import commands

    def interrupted(coroutine) -> int:
        coroutine.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(commands.asyncio, "run", interrupted)
    code, _, _ = run(capsys, "list", "vms", "--url", sim.url)
    assert code == 130


@pytest.mark.parametrize("package", ["oneshot", "config"])
def test_one_shot_and_config_packages_stay_below_the_ui(package: str) -> None:
    from tests.test_layers import PACKAGE, imported_modules

    banned = ("textual", "console.ui", "console.simulator")
    bad = [
        f"{path.name} imports {module}"
        for path in sorted((PACKAGE / package).rglob("*.py"))
        for module in imported_modules(path)
        if any(module == b or module.startswith(b + ".") for b in banned)
    ]
    assert (PACKAGE / package).is_dir() and bad == []


def test_log_file_records_requests_and_no_secret(sim: Sim, capsys, tmp_path: Path) -> None:
    from console.api.requestlog import LOGGER

    log = tmp_path / "ovirt.log"
    before = list(LOGGER.handlers)
    try:
        code, out, err = run(capsys, "list", "clusters", "--url", sim.url, "--log-file", str(log))
    finally:
        for handler in LOGGER.handlers[len(before):]:
            LOGGER.removeHandler(handler)
            handler.close()
        LOGGER.setLevel(logging.NOTSET)
    assert (code, err) == (0, "")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert " GET /ovirt-engine/api/clusters " in text and " 200 " in text and "correlation_id=" in text
    assert "password" not in text.lower() and "Bearer" not in text and "Authorization" not in text


def test_log_file_others_can_read_is_refused(sim: Sim, capsys, tmp_path: Path) -> None:
    log = tmp_path / "ovirt.log"
    log.write_text("")
    log.chmod(0o644)
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "clusters", "--url", sim.url, "--log-file", str(log)], env=ENV)
    assert exit_info.value.code == 2
    assert "permissions 0644" in capsys.readouterr().err
