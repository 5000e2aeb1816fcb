"""``:profile NAME`` switches the app to another engine: two in-process simulators.

The old engine's backend is stopped, its records leave with it, and the new
profile's settings (its password_command run off the UI thread) and theme apply.
"""

from __future__ import annotations

import pytest

from console.backend import messages as m
from console.config.engine import engine_settings
from console.config.profiles import Config, Profile
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import make_app
from console.ui.screens.main import MainScreen
from console.ui.widgets.chrome.status_line import StatusLine
from tests.ui.conftest import SIZE, until

VMS_A, VMS_B = 7, 11
PASSWORD = "echo ovirt"


@pytest.fixture(scope="module")
def engines():
    clock = ManualClock()
    first = run_in_thread(engine=Engine(seed=5, vms=VMS_A, clock=clock, life=False))
    second = run_in_thread(engine=Engine(seed=6, vms=VMS_B, clock=clock, life=False))
    yield first, second, clock
    first.stop()
    second.stop()


def config_for(first, second) -> Config:
    return Config(default_profile="lab", profiles={
        "lab": Profile("lab", url=first.url, password_command=PASSWORD),
        "prod": Profile("prod", url=second.url, password_command=PASSWORD, theme="ovirt-production",
                        read_only=True),
        "broken": Profile("broken", url=second.url, password_command="false"),
    })


def showing(app, url: str, vms: int) -> bool:
    screen = app.screen
    return (isinstance(screen, MainScreen) and app.connected is not None and app.connected.url == url
            and app.inventory.count_of("vms") == vms and not screen.progress
            and len(screen.table.model.order) == vms)


async def test_profile_switches_engine_stopping_the_old_backend(engines):
    first, second, clock = engines
    config = config_for(first, second)
    app = make_app(engine_settings(config.profile("lab")), clock=clock, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: showing(app, first.url, VMS_A))
        old_backend, old_main = app.backend, app.screen
        lab_ids = {r.id for r in app.inventory.records("vms")}
        assert app.theme == "textual-dark" and not app.read_only
        await pilot.press("colon", *"profile prod", "enter")
        await until(pilot, lambda: showing(app, second.url, VMS_B))
        assert app.backend is not old_backend and old_backend._stopped
        assert app.screen is not old_main  # a fresh screen: nothing of the lab engine's view remains
        assert app.settings.profile == "prod" and app.settings.password == "ovirt"
        assert app.theme == "ovirt-production" and app.read_only  # the profile's theme and read-only
        prod_ids = {r.id for r in app.inventory.records("vms")}
        assert prod_ids.isdisjoint(lab_ids)
        assert len(prod_ids) == VMS_B
        # And back: the session was not read-only, so the lab engine is writable again.
        await pilot.press("colon", *"profile lab", "enter")
        await until(pilot, lambda: showing(app, first.url, VMS_A))
        assert not app.read_only and {r.id for r in app.inventory.records("vms")} == lab_ids
        connected = [p.url for p in app.received if isinstance(p, m.Connected)]
        assert connected == [first.url, second.url, first.url]


async def test_profile_errors_leave_the_current_engine(engines):
    first, second, clock = engines
    config = config_for(first, second)
    app = make_app(engine_settings(config.profile("lab")), clock=clock, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: showing(app, first.url, VMS_A))
        backend, screen = app.backend, app.screen
        await pilot.press("colon", *"profile nope", "enter")
        await pilot.pause()
        assert screen.query_one(StatusLine).message.startswith("no profile 'nope'")
        await pilot.press("colon", *"profile broken", "enter")
        await until(pilot, lambda: any("password" in n.message.lower() for n in app._notifications))
        await app.workers.wait_for_complete()
        assert app.backend is backend and app.screen is screen and app.settings.profile == "lab"
        await pilot.press("colon", *"profile", "enter")
        await pilot.pause()
        assert any(n.message == "broken, lab (current), prod" for n in app._notifications)


async def test_a_profile_without_password_opens_its_login_form():
    from textual.widgets import Input

    from console.ui.screens.login import LoginScreen
    from tests.ui.conftest import engine_settings as fake_settings
    from tests.ui.fakes import FROZEN_NOW, factory

    config = Config(profiles={"lab": Profile("lab", url="https://lab.example.com/ovirt-engine/api")})
    build, made = factory()
    app = make_app(fake_settings(), backend_factory=build, clock=lambda: FROZEN_NOW, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"profile lab", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen) and made[0].calls[-1] == ("stop",)
        assert app.screen.query_one("#login-url", Input).value == "https://lab.example.com/ovirt-engine/api"
        assert app.backend is None and app.inventory.count_of("vms") == 0
        await pilot.click("#login-password")
        await pilot.press(*"pw", "enter")
        await pilot.pause()
        assert len(made) == 2 and made[1].settings.profile == "lab" and isinstance(app.screen, MainScreen)
