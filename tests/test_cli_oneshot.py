"""The one-shot commands against the in-process simulator: list and events output, exit statuses, the log file."""

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
from pathlib import Path

import pytest

from console.backend.settings import EngineSettings
from console.cli import main
from console.oneshot.common import session
from console.oneshot.events import follow
from tests import cli_support
from tests.backend.conftest import Sim
from tests.cli_support import ENV, ROOT, run, vms

# The shared fixtures used here (private_umask and xdg are autouse); bound in this module,
# they apply to it only, and the module-scoped simulator is this module's own.
private_umask, xdg, sim = cli_support.private_umask, cli_support.xdg, cli_support.sim


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
