"""``c``: the graphics console end to end (console, real backend, in-process simulator),
plus RemoteViewer itself with its program, runner and environment injected."""

from __future__ import annotations

import os
import stat
import subprocess
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from console.backend import messages as m
from console.backend.console_messages import CONTEXT as CONSOLE_CONTEXT
from console.backend.console_messages import GraphicsConsoleFailed, GraphicsConsoleReady
from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.operations.graphics_console import RemoteViewer
from console.ui.operations.specs import CONSOLE
from tests.ui.conftest import SIZE
from tests.ui.test_operations import Simulated, notifications, ready, until


class Recorder:
    """A viewer that is always there and records what it was asked to open."""

    def __init__(self, reason: str | None = None, status: int = 0) -> None:
        self.reason, self.status = reason, status
        self.opened: list[tuple[str, str, int]] = []  # path, first line, mode when launched

    def unavailable(self) -> str | None:
        return self.reason

    def launch(self, app: Any, path: str, banner: str) -> int:
        st = os.stat(path)
        self.opened.append((path, Path(path).read_text().splitlines()[0], stat.S_IMODE(st.st_mode)))
        return self.status


@pytest.fixture
def sim():
    simulated = Simulated()
    yield simulated
    simulated.stop()


@pytest.fixture(autouse=True)
def dirs(tmp_path, monkeypatch) -> SimpleNamespace:
    """Audit log and console files in temporary per-user directories, never the developer's."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    os.chmod(runtime, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return SimpleNamespace(consoles=runtime / "ovirt-console" / "consoles", state=tmp_path / "state")


def console_requests(sim: Simulated) -> list[tuple[str, str]]:
    return [(r["method"], r["path"].split("/api/", 1)[1]) for r in sim.requests() if "graphicsconsoles" in r["path"]]


def line_text(screen) -> str:
    return screen.query_one("#operation-line").content.plain


def messages(app, cls) -> list[Any]:
    return [p for p in app.received if isinstance(p, cls)]


async def test_c_on_a_running_vm_opens_remote_viewer_on_the_saved_file(sim, dirs):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        viewer = screen.console_viewer = Recorder()
        vm = sim.vm("up")
        screen.table.select(vm.id)
        await pilot.pause()
        assert screen.check_action(CONSOLE.method, ()) is True
        await pilot.press("c")
        await until(pilot, lambda: bool(viewer.opened))
        assert not isinstance(app.screen, ConfirmDialog)  # nothing to confirm: the VM is untouched
        (ready_msg,) = messages(app, GraphicsConsoleReady)
        path, first_line, mode = viewer.opened[0]
        assert path == ready_msg.path and Path(path).parent == dirs.consoles
        assert first_line == "[virt-viewer]" and mode == 0o600
        await until(pilot, lambda: "remote-viewer closed" in line_text(screen))
        assert f"Graphics console {vm.name}" in line_text(screen)
        cid = f"vms/{vm.id}/graphicsconsoles/{vm.display_type.encode().hex()}/remoteviewerconnectionfile"
        assert console_requests(sim) == [("GET", f"vms/{vm.id}/graphicsconsoles"), ("POST", cid)]
        assert [r for r in sim.changes() if "graphicsconsoles" not in r["path"]] == []  # nothing else sent


async def test_without_remote_viewer_the_path_and_command_are_shown(sim, dirs):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.console_viewer = RemoteViewer(environ={})  # over SSH: no display at all
        vm = sim.vm("up")
        screen.table.select(vm.id)
        await pilot.press("c")
        await until(pilot, lambda: bool(messages(app, GraphicsConsoleReady)))
        await pilot.pause()
        path = messages(app, GraphicsConsoleReady)[0].path
        assert Path(path).exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert f"run: remote-viewer {path}" in line_text(screen)
        shown = "\n".join(notifications(app))
        assert "no graphical display here" in shown and f"remote-viewer {path}" in shown
        assert "within 120 s" in shown


async def test_a_terminal_that_cannot_suspend_falls_back_to_the_path(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        ran: list[list[str]] = []
        # Installed and with a display, but the headless test driver cannot be suspended.
        screen.console_viewer = RemoteViewer(which=lambda _: "/usr/bin/remote-viewer",
                                             run=lambda argv, **_: ran.append(argv),
                                             environ={"DISPLAY": ":0"})
        screen.table.select(sim.vm("up").id)
        await pilot.press("c")
        await until(pilot, lambda: "run: remote-viewer" in line_text(screen))
        assert ran == []
        assert any("cannot hand itself over" in n for n in notifications(app))


async def test_c_on_a_down_vm_is_disabled_with_the_reason_and_sends_nothing(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        viewer = screen.console_viewer = Recorder()
        vm = sim.vm("down")
        screen.table.select(vm.id)
        await pilot.pause()
        assert screen.check_action(CONSOLE.method, ()) is None  # shown, disabled
        assert screen.operation_refusal(CONSOLE) == "VM is down"
        assert screen.operation_states()["main.vm.console"] == "VM is down"
        await pilot.press("c")
        await pilot.pause(0.3)
        assert "Not sent: Graphics console: VM is down" in notifications(app)
        assert console_requests(sim) == [] and viewer.opened == []


async def test_read_only_disables_the_console_and_sends_nothing(sim):
    app = sim.app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        viewer = screen.console_viewer = Recorder()
        screen.table.select(sim.vm("up").id)
        await pilot.pause()
        assert screen.check_action(CONSOLE.method, ()) is False
        await pilot.press("c")
        screen.operate(CONSOLE.id)  # even asked directly (the palette)
        await pilot.pause(0.3)
        assert any("read-only" in n for n in notifications(app))
        assert console_requests(sim) == [] and sim.changes() == [] and viewer.opened == []


async def test_one_vm_at_a_time(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        ups = [sim.vm("up", 0), sim.vm("up", 1)]
        for vm in ups:
            screen.table.select(vm.id)
            await pilot.press("space")
        await pilot.pause()
        assert screen.operation_refusal(CONSOLE).startswith("one VM at a time: a console opens")
        await pilot.press("c")
        await pilot.pause(0.3)
        assert console_requests(sim) == []


async def test_a_vm_stopped_behind_the_consoles_back_reports_the_engines_answer(sim, dirs):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        viewer = screen.console_viewer = Recorder()
        vm = sim.vm("up")
        screen.table.select(vm.id)
        sim.engine.vm_action(vm.id, "stop", {}, "elsewhere")  # another admin powers it off
        sim.clock.advance(600)
        sim.engine.advance()
        assert sim.engine.vms[vm.id].status == "down"
        await pilot.press("c")  # the console's row still says up
        await until(pilot, lambda: bool(messages(app, GraphicsConsoleFailed)))
        await pilot.pause()
        failed = messages(app, GraphicsConsoleFailed)[0]
        assert failed.sent and "not running" in failed.message
        assert any(n.startswith("Graphics console failed") and "not running" in n for n in notifications(app))
        assert "✗" in line_text(screen) and viewer.opened == []
        assert not dirs.consoles.exists() or list(dirs.consoles.iterdir()) == []


def test_remote_viewer_needs_a_display_and_the_program():
    found = RemoteViewer(which=lambda _: "/usr/bin/remote-viewer", environ={"WAYLAND_DISPLAY": "wayland-0"})
    assert found.unavailable() is None
    assert "not installed" in RemoteViewer(which=lambda _: None, environ={"DISPLAY": ":0"}).unavailable()
    assert "DISPLAY" in RemoteViewer(which=lambda _: "/x", environ={"DISPLAY": ""}).unavailable()


def test_remote_viewer_runs_suspended_and_waits():
    events: list[str] = []

    @contextmanager
    def suspend():
        events.append("suspend")
        yield
        events.append("resume")

    def run(argv, check):
        events.append(f"run {' '.join(argv)} check={check}")
        return subprocess.CompletedProcess(argv, 3)

    viewer = RemoteViewer(which=lambda _: "/usr/bin/remote-viewer", run=run, environ={"DISPLAY": ":0"})
    status = viewer.launch(SimpleNamespace(suspend=suspend), "/run/user/1/x.vv", "banner")
    assert status == 3
    assert events == ["suspend", "run /usr/bin/remote-viewer /run/user/1/x.vv check=False", "resume"]


async def test_a_broken_call_ends_the_waiting_line(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.operation_message(m.BackendError(CONSOLE_CONTEXT, "not connected to an engine"))
        await pilot.pause()
        assert line_text(screen).startswith(" ✗ Graphics console  not connected to an engine")


async def test_a_second_c_while_the_first_is_on_its_way_sends_nothing_more(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        viewer = screen.console_viewer = Recorder()
        vm = sim.vm("up")
        screen.table.select(vm.id)
        screen.operate(CONSOLE.id)
        screen.operate(CONSOLE.id)  # same turn: the first answer cannot have arrived
        await until(pilot, lambda: bool(viewer.opened))
        await pilot.pause(0.3)
        assert [m for m, _ in console_requests(sim)] == ["GET", "POST"]
        assert any("already asking the engine" in n for n in notifications(app))
        screen.operate(CONSOLE.id)  # answered: c asks again (a fresh ticket)
        await until(pilot, lambda: len(viewer.opened) == 2)
        assert [m for m, _ in console_requests(sim)] == ["GET", "POST", "GET", "POST"]
