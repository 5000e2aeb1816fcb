"""Themes: the console's high-contrast and production themes, ``:theme``, and the profile's theme."""

from __future__ import annotations

from console.config.profiles import Config, Profile
from console.ui.app import make_app
from console.ui.comfort.themes import HIGH_CONTRAST
from console.ui.widgets.chrome.status_line import StatusLine
from tests.ui.conftest import SIZE, engine_settings
from tests.ui.fakes import FROZEN_NOW, factory


def app_for(settings, config=None):
    build, _made = factory()
    return make_app(settings, backend_factory=build, clock=lambda: FROZEN_NOW, config=config)


async def test_theme_command_switches_and_refuses_unknown_names():
    app = app_for(engine_settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "ovirt-high-contrast" in app.available_themes and "ovirt-production" in app.available_themes
        await pilot.press("colon", *"theme ovirt-high-contrast", "enter")
        await pilot.pause()
        assert app.theme == "ovirt-high-contrast"
        assert app.current_theme.background == HIGH_CONTRAST.background
        # The table's cursor row uses the theme's colours: black on yellow.
        assert app.get_css_variables()["block-cursor-background"] == "#FFFF00"
        await pilot.press("colon", *"theme nope", "enter")
        await pilot.pause()
        assert app.theme == "ovirt-high-contrast"
        message = screen.query_one(StatusLine).message
        assert message.startswith("no theme 'nope' (themes: ") and "textual-dark" in message


async def test_profile_theme_applies_and_falls_back_to_the_global_theme():
    config = Config(profiles={"prod": Profile("prod", url="https://prod/ovirt-engine/api", theme="ovirt-production"),
                              "lab": Profile("lab", url="https://lab/ovirt-engine/api")},
                    theme="ovirt-high-contrast")
    app = app_for(engine_settings(profile="prod"), config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "ovirt-production"
    app = app_for(engine_settings(profile="lab"), config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "ovirt-high-contrast"


async def test_unknown_profile_theme_warns_and_keeps_the_default():
    config = Config(profiles={"prod": Profile("prod", url="https://prod/ovirt-engine/api", theme="bright-pink")})
    app = app_for(engine_settings(profile="prod"), config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no theme 'bright-pink'" in n.message for n in app._notifications)


async def test_a_broken_config_file_is_reported_once_and_never_stops_the_app(tmp_path, monkeypatch):
    from console.config.profiles import config_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.prod\nurl = ", encoding="utf-8")
    path.chmod(0o600)
    app = app_for(engine_settings(profile="prod"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("colon", *"profile prod", "enter")
        await pilot.pause()
        assert screen.query_one(StatusLine).message == "no profiles: define [profiles.NAME] in config.toml"
        problems = [n for n in app._notifications if n.title == "config.toml"]
        assert len(problems) == 1 and str(path) in problems[0].message
        assert app.theme == "textual-dark"


async def test_logging_in_to_the_profiles_engine_keeps_the_profile_and_its_theme():
    config = Config(profiles={"prod": Profile("prod", url="https://prod.example.com/ovirt-engine/api",
                                              theme="ovirt-production")})
    app = app_for(engine_settings(url="https://prod.example.com/ovirt-engine/api", password=None,
                                  profile="prod"), config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "ovirt-production"
        await pilot.click("#login-password")
        await pilot.press(*"secret", "enter")
        await pilot.pause()
        assert app.connected is not None and app.settings.profile == "prod"
        assert app.theme == "ovirt-production"
