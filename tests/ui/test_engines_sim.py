"""Two engines at once, end to end: the console, two real backends, two in-process simulators.

Each simulator runs on a ManualClock with no background life, so an engine changes
only when the console acts; each request log then says exactly which engine heard what.
"""

from __future__ import annotations

from typing import Any

import pytest

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.config.profiles import Config, Profile
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import OvirtConsole, make_app
from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.render.common import enum_value
from console.ui.screens.main import MainScreen
from tests.ui.conftest import SIZE, until

VMS_LAB, VMS_PROD = 9, 14


class Site:
    """One simulated engine and what it was asked."""

    def __init__(self, seed: int, vms: int, clock: ManualClock) -> None:
        self.threaded = run_in_thread(engine=Engine(seed=seed, vms=vms, clock=clock, life=False))
        self.url, self.engine, self.vms = self.threaded.url, self.threaded.engine, vms

    def requests(self) -> list[dict[str, Any]]:
        return list(self.threaded.server.request_log)

    def changes(self) -> list[dict[str, Any]]:
        return [r for r in self.requests() if r["method"] in ("POST", "PUT", "DELETE") and "/sso/" not in r["path"]
                and "sso-logout" not in r["path"]]

    def settings(self, profile: str, **more: Any) -> EngineSettings:
        values: dict[str, Any] = {"url": self.url, "password": "ovirt", "refresh": 3600.0, "profile": profile}
        return EngineSettings(**{**values, **more})

    def vm(self, status: str) -> Any:
        return next(vm for vm in self.engine.vms.values() if vm.status == status)


@pytest.fixture
def sites(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the audit log stays here
    clock = ManualClock()
    lab, prod = Site(5, VMS_LAB, clock), Site(6, VMS_PROD, clock)
    yield lab, prod, clock
    lab.threaded.stop()
    prod.threaded.stop()


def main_of(app: OvirtConsole, session) -> MainScreen | None:
    return next((s for s in app.get_screen_stack(session.mode) if isinstance(s, MainScreen)), None)


def loaded(app: OvirtConsole, session, vms: int) -> bool:
    screen = main_of(app, session)
    return (screen is not None and session.inventory.count_of("vms") == vms
            and session.inventory.count_of("hosts") > 0 and not screen.progress)


def shown_ids(screen: MainScreen) -> set[str]:
    return set(screen.table.model.order)


async def test_two_engines_load_switch_act_and_close_each_on_its_own_engine(sites):
    lab, prod, clock = sites
    app = make_app(lab.settings("lab"), clock=clock, engines=[prod.settings("prod")])
    async with app.run_test(size=SIZE) as pilot:
        lab_session, prod_session = app.sessions
        await until(pilot, lambda: loaded(app, lab_session, VMS_LAB) and loaded(app, prod_session, VMS_PROD))
        # Each tab loaded its own engine's VMs, with its own backend thread.
        assert lab_session.backend is not prod_session.backend
        assert lab_session.connected.url == lab.url and prod_session.connected.url == prod.url
        lab_screen, prod_screen = main_of(app, lab_session), main_of(app, prod_session)
        assert app.screen is lab_screen
        assert shown_ids(lab_screen) == set(lab.engine.vms)
        assert set(lab.engine.vms).isdisjoint(prod.engine.vms)

        await pilot.press("right_square_bracket")
        assert app.screen is prod_screen and shown_ids(prod_screen) == set(prod.engine.vms)
        await pilot.pause()

        # An action in the prod tab goes to the prod engine only.
        lab_before = len(lab.requests())
        vm = prod.vm("down")
        prod_screen.table.focus()
        assert prod_screen.table.select(vm.id)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("enter")
        await until(pilot, lambda: any(isinstance(p, m.ActionFinished) for p in app.received), what="the action")
        done = next(p for p in app.received if isinstance(p, m.ActionFinished))
        assert done.ok and done.id == vm.id
        sent = [r for r in prod.changes() if r["path"].endswith(f"/vms/{vm.id}/start")]
        assert len(sent) == 1 and sent[0]["correlation_id"] == done.correlation_id
        assert lab.changes() == []  # nothing reached the lab engine
        assert not any(vm.id in r["path"] for r in lab.requests()[lab_before:])
        # The re-read after the action lands in the prod tab's records, not lab's.
        await until(pilot, lambda: enum_value(prod_session.inventory.get("vms", vm.id).status) != "down",
                    what="the re-read")
        assert lab_session.inventory.get("vms", vm.id) is None

        # Closing the prod tab stops its backend, which logs out of the prod engine (and only it).
        prod_backend = prod_session.backend
        await pilot.press("colon", *"close", "enter")
        await until(pilot, lambda: any("sso-logout" in r["path"] for r in prod.requests()), what="the logout")
        assert prod_backend._stopped and prod_session.backend is None
        assert app.sessions == [lab_session] and app.screen is lab_screen
        assert not any("sso-logout" in r["path"] for r in lab.requests())
        assert lab_session.backend is not None and lab_session.state == "connected"


async def test_a_hidden_engines_changes_keep_arriving_while_another_tab_is_shown(sites):
    lab, prod, clock = sites
    app = make_app(lab.settings("lab"), clock=clock, engines=[prod.settings("prod", refresh=0.2)])
    async with app.run_test(size=SIZE) as pilot:
        lab_session, prod_session = app.sessions
        await until(pilot, lambda: loaded(app, lab_session, VMS_LAB) and loaded(app, prod_session, VMS_PROD))
        assert app.session is lab_session
        # The prod engine changes while its tab is hidden: its rolling refresh brings the change in.
        vm = prod.vm("up")
        prod.engine.vms[vm.id].name = "renamed-while-hidden"  # one attribute: atomic for the server thread
        await until(pilot, lambda: prod_session.inventory.get("vms", vm.id).name == "renamed-while-hidden",
                    what="the hidden tab's refresh")
        prod_screen = main_of(app, prod_session)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        # Shown at once, already current: no reload was needed to see it.
        assert app.screen is prod_screen and vm.id in shown_ids(prod_screen)
        row = prod_screen.table.model.order.index(vm.id)
        assert row >= 0 and prod_session.inventory.get("vms", vm.id).name == "renamed-while-hidden"
        assert lab_session.inventory.get("vms", vm.id) is None


async def test_profile_switches_only_the_current_tab(sites):
    lab, prod, clock = sites
    config = Config(default_profile="lab", profiles={
        "lab": Profile("lab", url=lab.url, password_command="echo ovirt"),
        "prod": Profile("prod", url=prod.url, password_command="echo ovirt"),
    })
    app = make_app(lab.settings("lab"), clock=clock, config=config)
    async with app.run_test(size=SIZE) as pilot:
        first = app.session
        await until(pilot, lambda: loaded(app, first, VMS_LAB))
        lab_screen = app.screen
        await pilot.press("colon", *"open prod", "enter")
        await until(pilot, lambda: len(app.sessions) == 2, what="the new tab")
        second = app.sessions[1]
        # Straight back to lab: prod connects and loads while its tab is hidden.
        await pilot.press("left_square_bracket")
        assert app.screen is lab_screen
        await until(pilot, lambda: loaded(app, second, VMS_PROD), what="the hidden tab's load")
        assert app.screen is lab_screen and app.session is first
        await pilot.press("right_square_bracket")
        assert app.screen is main_of(app, second) and shown_ids(app.screen) == set(prod.engine.vms)
        assert app.session is second and second.settings.password == "ovirt"
        lab_backend = first.backend
        # :profile in the second tab: that tab moves to lab; the first tab is left alone.
        prod_backend = second.backend
        await pilot.press("colon", *"profile lab", "enter")
        await until(pilot, lambda: second.connected is not None and second.connected.url == lab.url
                    and loaded(app, second, VMS_LAB))
        assert prod_backend._stopped and first.backend is lab_backend and not lab_backend._stopped
        assert [s.label for s in app.sessions] == ["lab", "lab"]
