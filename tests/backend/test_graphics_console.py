"""Opening a graphics console: choosing the console, the private file, the audit line, refusals."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from console.backend.assembly import ConsoleBackend
from console.backend.console_messages import GraphicsConsoleFailed, GraphicsConsoleReady
from console.backend.graphics_console import (
    KEEP_SECONDS,
    console_directory,
    pick_console,
    save_viewer_file,
    without_sso_token,
)
from console.backend.settings import EngineSettings
from tests.backend.helpers import Collector
from tests.backend.test_session import settings_for, wait_initial_load

VV = ("[virt-viewer]\ntype=spice\nhost=10.0.0.5\nport=5900\npassword=T1cket-Secret\ndelete-this-file=1\n\n"
      "[ovirt]\nhost=engine:443\nvm-guid=v1\nsso-token=Bearer-Secret-Token\nadmin=1\n")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def dirs(tmp_path, monkeypatch) -> SimpleNamespace:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    os.chmod(runtime, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return SimpleNamespace(runtime=runtime, state=tmp_path / "state", consoles=runtime / "ovirt-console" / "consoles")


def test_spice_is_preferred_then_vnc() -> None:
    spice, vnc = SimpleNamespace(id="s", protocol="spice"), SimpleNamespace(id="v", protocol="vnc")
    assert pick_console([vnc, spice]) is spice
    assert pick_console([vnc]) is vnc
    assert pick_console([SimpleNamespace(id="x", protocol="rdp")]) is None and pick_console([]) is None


def test_the_sso_token_line_is_dropped_and_nothing_else() -> None:
    kept = without_sso_token(VV)
    assert "Bearer-Secret-Token" not in kept and "sso-token" not in kept
    assert kept == VV.replace("sso-token=Bearer-Secret-Token\n", "")


def test_console_directory_is_the_runtime_dir_only_when_it_is_private(dirs, tmp_path) -> None:
    assert console_directory() == dirs.consoles
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    assert console_directory({"XDG_RUNTIME_DIR": str(shared)}) == dirs.state / "ovirt-console" / "consoles"
    assert console_directory({}) == dirs.state / "ovirt-console" / "consoles"  # no /tmp fallback


def test_saved_private_whatever_the_umask(dirs) -> None:
    previous = os.umask(0)
    try:
        path = save_viewer_file(VV, "web 01/../x", "spice")
    finally:
        os.umask(previous)
    assert path.parent == dirs.consoles and path.suffix == ".vv"
    assert path.name.startswith("web_01_.._x-spice-")  # no path separators from the VM's name
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert path.read_text() == without_sso_token(VV)
    assert save_viewer_file(VV, "web 01/../x", "spice") != path  # a fresh file each time, never reused


def test_a_loose_directory_is_tightened_and_a_symlinked_one_refused(tmp_path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    os.chmod(loose, 0o755)
    save_viewer_file(VV, "vm", "vnc", directory=loose)
    assert mode(loose) == 0o700
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(OSError, match="not a directory"):
        save_viewer_file(VV, "vm", "vnc", directory=link)
    assert list(target.iterdir()) == []


def test_old_files_are_pruned(tmp_path) -> None:
    folder = tmp_path / "consoles"
    old = save_viewer_file(VV, "old", "vnc", directory=folder)
    recent = save_viewer_file(VV, "recent", "vnc", directory=folder)
    now = os.lstat(recent).st_mtime
    os.utime(old, (now - KEEP_SECONDS - 1, now - KEEP_SECONDS - 1))
    newest = save_viewer_file(VV, "new", "vnc", directory=folder, now=lambda: now)
    assert sorted(p.name for p in folder.iterdir()) == sorted([recent.name, newest.name])


@pytest.fixture
def console_backend() -> Iterator[Callable[[EngineSettings], tuple[ConsoleBackend, Collector]]]:
    made: list[ConsoleBackend] = []

    def make(settings: EngineSettings) -> tuple[ConsoleBackend, Collector]:
        sink = Collector()
        backend = ConsoleBackend(settings, sink)
        made.append(backend)
        backend.start()
        wait_initial_load(sink)
        return backend, sink

    yield make
    for backend in made:
        backend.stop()


def vm_with(sim, status: str, display: str | None = None):  # type: ignore[no-untyped-def]
    return next(vm for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name)
                if vm.status == status and display in (None, vm.display_type))


def audit_lines(dirs) -> list[dict]:
    path = dirs.state / "ovirt-console" / "audit.log"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_open_console_saves_the_engines_file_and_audits_it(sim, console_backend, dirs, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    backend, sink = console_backend(settings_for(sim))
    vm = vm_with(sim, "up", "spice")
    sim.reset_log()
    backend.open_console(vm.id)
    ready = sink.wait_for(GraphicsConsoleReady)
    assert (ready.vm_id, ready.vm_name, ready.protocol) == (vm.id, vm.name, "spice")
    path = Path(ready.path)
    assert path.parent == dirs.consoles and mode(path) == 0o600 and mode(path.parent) == 0o700
    text = path.read_text()
    ticket = next(line.split("=", 1)[1] for line in text.splitlines() if line.startswith("password="))
    assert len(ticket) == 12 and f"host={vm.display_address}\n" in text and f"vm-guid={vm.id}\n" in text
    assert "sso-token" not in text
    requests = [(r["method"], r["path"].split("/api/", 1)[1]) for r in sim.requests()]
    assert requests == [("GET", f"vms/{vm.id}/graphicsconsoles"),
                        ("POST", f"vms/{vm.id}/graphicsconsoles/7370696365/remoteviewerconnectionfile")]
    posted = sim.requests()[-1]
    assert posted["correlation_id"] == ready.correlation_id
    (line,) = audit_lines(dirs)
    assert (line["action"], line["kind"], line["target"], line["result"]) == (
        "graphics_console", "vms", {"id": vm.id, "name": vm.name}, "ok")
    assert line["correlation_id"] == ready.correlation_id and line["params"] == {"protocol": "spice"}
    assert ticket not in json.dumps(line)
    assert ticket not in caplog.text  # never logged, at any level


def test_a_vm_that_is_not_running_fails_with_the_reason(sim, console_backend, dirs) -> None:
    backend, sink = console_backend(settings_for(sim))
    vm = vm_with(sim, "down")
    backend.open_console(vm.id)
    failed = sink.wait_for(GraphicsConsoleFailed)
    assert failed.vm_name == vm.name and failed.sent and "not running" in failed.message
    assert not dirs.consoles.exists() or list(dirs.consoles.iterdir()) == []
    (line,) = audit_lines(dirs)
    assert line["result"] == "failed" and "not running" in line["message"]


def test_read_only_sends_nothing(sim, console_backend, dirs) -> None:
    backend, sink = console_backend(settings_for(sim, read_only=True))
    vm = vm_with(sim, "up")
    sim.reset_log()
    backend.open_console(vm.id)
    failed = sink.wait_for(GraphicsConsoleFailed)
    assert "read-only" in failed.message and not failed.sent
    assert [r for r in sim.requests() if "graphicsconsoles" in r["path"]] == []
    assert not (dirs.state / "ovirt-console" / "audit.log").exists()
