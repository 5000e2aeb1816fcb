"""Operations end to end: the console, the real backend and a fresh in-process simulator.

Each test gets its own simulator (operations change the engine) with a ManualClock
and no background life, so the engine changes only when the console acts.
Waiting is for the backend thread's answers (bounded), never for a clock.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from textual.widgets import Button, Static

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import OvirtConsole, make_app
from console.ui.dialogs.confirm import ConfirmDialog, Target
from console.ui.dialogs.migrate import SCHEDULER, MigrateDialog
from console.ui.operations.specs import BY_ID
from console.ui.render.common import enum_value
from console.ui.screens.main import MainScreen
from tests.ui.conftest import SIZE, until
from tests.ui.screen_text import screen_text

VMS = 24


class Simulated:
    def __init__(self, vms: int = VMS) -> None:
        self.clock = ManualClock()
        self.threaded = run_in_thread(engine=Engine(seed=3, vms=vms, clock=self.clock, life=False))
        self.url = self.threaded.url
        self.engine = self.threaded.engine
        self.vms = vms

    def app(self, **settings: Any) -> OvirtConsole:
        values: dict[str, Any] = {"url": self.url, "password": "ovirt", "refresh": 3600.0}
        values.update(settings)
        return make_app(EngineSettings(**values), clock=self.clock)

    def requests(self) -> list[dict[str, Any]]:
        return list(self.threaded.server.request_log)

    def changes(self) -> list[dict[str, Any]]:
        """Every request that could change the engine (SSO login aside)."""
        return [r for r in self.requests() if r["method"] in ("POST", "PUT", "DELETE")
                and "/sso/" not in r["path"]]

    def posts(self, suffix: str) -> list[dict[str, Any]]:
        return [r for r in self.changes() if r["path"].endswith(suffix)]

    def vm(self, status: str, index: int = 0) -> Any:
        return [vm for vm in self.engine.vms.values() if vm.status == status][index]

    def stop(self) -> None:
        self.threaded.stop()


def loaded(app: OvirtConsole, vms: int = VMS) -> bool:
    screen = app.screen
    return (isinstance(screen, MainScreen) and app.inventory.count_of("vms") == vms
            and app.inventory.count_of("hosts") > 0 and not screen.progress)


async def ready(pilot, app: OvirtConsole) -> MainScreen:
    await until(pilot, lambda: loaded(app))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.table.focus()
    return screen


def finished(app: OvirtConsole) -> list[m.ActionFinished]:
    return [p for p in app.received if isinstance(p, m.ActionFinished)]


def notifications(app: OvirtConsole) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


@pytest.fixture
def sim():
    simulated = Simulated()
    yield simulated
    simulated.stop()


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    """The audit log goes to a temporary state directory, never the developer's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


async def test_start_a_down_vm_after_confirming(sim, state_dir):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("down")
        assert screen.table.select(vm.id)
        assert screen.check_action("op_vm_start", ()) is True
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and not isinstance(dialog, MigrateDialog)
        assert dialog.request.targets == (Target(vm.id, vm.name),) and dialog.request.typed is None
        assert "Run 1 VM?" in screen_text(app) and vm.name in screen_text(app)
        assert sim.changes() == []  # nothing before the confirmation
        await pilot.press("enter")
        await until(pilot, lambda: bool(finished(app)))
        done = finished(app)[0]
        assert done.ok and done.id == vm.id and done.action == "start" and done.correlation_id
        sent = sim.posts(f"/vms/{vm.id}/start")
        assert len(sent) == 1 and sent[0]["correlation_id"] == done.correlation_id
        await until(pilot, lambda: sim.engine.vms[vm.id].status != "down")
        await pilot.pause()
        line = screen.query_one("#operation-line").content.plain
        assert f"Run {vm.name}" in line and done.correlation_id in line
        assert any(f"{vm.name}: accepted by the engine" in n for n in notifications(app))
        # The row follows the engine without a refresh: the re-read after the action.
        await until(pilot, lambda: enum_value(app.inventory.get("vms", vm.id).status) != "down")
        audit = [json.loads(x) for x in (state_dir / "ovirt-console" / "audit.log").read_text().splitlines()]
        assert [(a["action"], a["target"]["id"], a["correlation_id"], a["result"]) for a in audit] == [
            ("start", vm.id, done.correlation_id, "ok")]
        assert audit[0]["user"] == "admin@internal" and audit[0]["engine"] == sim.url
        assert "ovirt\"" not in json.dumps(audit) and "password" not in json.dumps(audit)


async def test_esc_on_the_confirm_dialog_sends_nothing(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("down")
        screen.table.select(vm.id)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.pause(0.3)
        assert sim.changes() == [] and finished(app) == []
        assert "cancelled, nothing was sent" in screen.query_one("#operation-line").content.plain


async def test_start_on_an_up_vm_is_disabled_with_the_reason(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("up")
        screen.table.select(vm.id)
        await pilot.pause()
        assert screen.check_action("op_vm_start", ()) is None  # shown, disabled
        assert screen.operation_refusal(BY_ID["vm.start"]) == "VM is already up"
        assert screen.check_action("op_host_refresh", ()) is False  # another view's: hidden
        states = screen.operation_states()
        assert states["main.vm.start"] == "VM is already up" and states["main.vm.shutdown"] is None
        assert "main.host.refresh" not in states
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen  # no dialog
        assert "Not sent: Run: VM is already up" in notifications(app)
        await pilot.pause(0.3)
        assert sim.changes() == []


async def test_power_off_requires_typing_the_name(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("up")
        screen.table.select(vm.id)
        await pilot.press("ctrl+k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.request.typed == vm.name
        confirm = dialog.query_one("#op-confirm", Button)
        assert confirm.disabled
        await pilot.press("enter")  # nothing typed: refused
        await pilot.press(*vm.name[:-1], "enter")  # almost the name: refused
        await pilot.pause()
        assert app.screen is dialog and confirm.disabled and sim.changes() == []
        assert "exactly" in str(dialog.query_one("#op-error", Static).render())
        await pilot.press(vm.name[-1])
        await pilot.pause()
        assert not confirm.disabled
        await pilot.press("enter")
        await until(pilot, lambda: bool(finished(app)))
        assert finished(app)[0].ok and len(sim.posts(f"/vms/{vm.id}/stop")) == 1


async def test_read_only_refuses_every_operation_and_sends_nothing(sim):
    app = sim.app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("down")
        screen.table.select(vm.id)
        for method in ("op_vm_start", "op_vm_stop", "op_vm_remove", "op_vm_migrate"):
            assert screen.check_action(method, ()) is False
        assert screen.operation_refusal(BY_ID["vm.start"]).startswith("the console is read-only")
        await pilot.press("s")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.screen is screen
        assert any("read-only" in n for n in notifications(app))
        screen.operate("vm.start")  # even asked directly (the palette), nothing is sent
        await pilot.pause(0.3)
        assert app.screen is screen
        assert sim.changes() == [] and finished(app) == []


async def open_migrate(pilot, sim: Simulated, screen: MainScreen) -> tuple[Any, MigrateDialog]:
    """``m`` on a running, migratable VM: that VM and the dialog it opened."""
    vm = next(v for v in sim.engine.vms.values()
              if v.status == "up" and v.placement_policy_affinity == "migratable")
    screen.table.select(vm.id)
    await pilot.press("m")
    await pilot.pause()
    dialog = screen.app.screen
    assert isinstance(dialog, MigrateDialog)
    return vm, dialog


async def test_migrate_dialog_lists_the_clusters_up_hosts_and_sends_the_choice(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm, dialog = await open_migrate(pilot, sim, screen)
        expected = sorted(h.name for h in sim.engine.hosts.values()
                          if h.cluster_id == vm.cluster_id and h.status == "up" and h.id != vm.host_id)
        assert [h.name for h in dialog.hosts] == expected and expected
        text = screen_text(app)
        assert SCHEDULER in text and all(name in text for name in expected)
        assert "free mem" in text and "CPU" in text
        await pilot.press("down", "enter")  # the first host listed
        await until(pilot, lambda: bool(finished(app)))
        done = finished(app)[0]
        assert done.action == "migrate" and len(sim.posts(f"/vms/{vm.id}/migrate")) == 1
        if done.ok:
            assert sim.engine.vms[vm.id].migration_target_host_id == dialog.hosts[0].id
        else:  # the engine's scheduler may still refuse: its reason is what the admin reads
            assert any(done.message in n for n in notifications(app))


async def test_migrate_dialog_shows_each_destinations_cpu_load_once_read(sim):
    # The hosts' statistics are not read while the VM view shows; the dialog asks for them.
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        _vm, dialog = await open_migrate(pilot, sim, screen)
        assert dialog.hosts
        ids = {h.id for h in dialog.hosts}
        await until(pilot, lambda: all(h.cpu_percent is not None for h in dialog.hosts))
        watched = [p for p in sim.requests() if p["path"].endswith("/statistics") and "/hosts/" in p["path"]]
        assert {p["path"].split("/hosts/")[1].split("/")[0] for p in watched} >= ids
        text = screen_text(app)
        for host in dialog.hosts:
            assert f"CPU {host.cpu_percent:3.0f}%" in text
        await pilot.press("escape")
        await pilot.pause()
        # Closed: the next check of what is on screen stops reading those hosts.
        await until(pilot, lambda: not set(screen._live_watched.get("hosts", ())) & ids)
