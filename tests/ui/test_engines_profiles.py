"""Engine tabs and profiles: :open and :profile per tab, login forms, the palette, keys
and themes per tab (fake backends; the basics are in test_engines_tabs.py)."""

from __future__ import annotations

from console.config.profiles import Config, Profile
from console.ui.app import make_app
from console.ui.screens.login import LoginScreen
from console.ui.screens.main import MainScreen
from console.ui.widgets.chrome.status_line import StatusLine
from console.ui.widgets.chrome.tabs import EngineTab
from tests.ui.conftest import SIZE, engine_settings
from tests.ui.fakes import FROZEN_NOW, factory
from tests.ui.test_engines_tabs import LAB_URL, PROD_URL, header_of, settle, two_engine_app


def profiles_config() -> Config:
    return Config(default_profile="lab", profiles={
        "lab": Profile("lab", url=LAB_URL, password_command="echo pw"),
        "prod": Profile("prod", url=PROD_URL, password_command="echo pw", read_only=True,
                        theme="ovirt-production"),
        "qa": Profile("qa", url="https://qa.example.com/ovirt-engine/api"),
    })


async def test_open_a_profile_in_a_new_tab_then_profile_switches_only_this_tab():
    build, made = factory()
    lab = engine_settings(url=LAB_URL, profile="lab")
    app = make_app(lab, backend_factory=build, clock=lambda: FROZEN_NOW, config=profiles_config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab_session, lab_screen = app.session, app.screen
        assert app.theme == "textual-dark"
        await pilot.press("colon", *"open prod", "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [s.label for s in app.sessions] == ["lab", "prod"] and app.session.label == "prod"
        assert made[1].settings.password == "pw" and made[1].settings.read_only  # password_command ran
        assert isinstance(app.screen, MainScreen) and app.screen.session.read_only
        assert app.theme == "ovirt-production"  # the profile's theme, for its tab only
        await pilot.press("left_square_bracket")
        assert app.screen is lab_screen and app.theme == "textual-dark"
        await pilot.press("right_square_bracket")
        assert app.theme == "ovirt-production"
        # :open of an open profile shows its tab instead of a second one.
        await pilot.press("left_square_bracket", "colon", *"open prod", "enter")
        await settle(pilot)
        assert len(app.sessions) == 2 and app.session.label == "prod"
        # :profile switches this tab's engine; the other tab keeps its own.
        await pilot.press("colon", *"profile lab", "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert made[1].calls[-1] == ("stop",) and app.session.label == "lab"
        assert app.sessions[0] is lab_session and lab_session.backend is made[0]
        assert made[0].calls[-1] != ("stop",) and len(made) == 3
        # :open with no name lists the profiles, marking those open.
        await pilot.press("colon", *"open", "enter")
        await settle(pilot)
        assert any(n.message == "lab (open), prod, qa" for n in app._notifications)


async def test_open_a_profile_without_password_shows_its_login_form_in_the_new_tab():
    build, made = factory()
    app = make_app(engine_settings(url=LAB_URL, profile="lab"), backend_factory=build,
                   clock=lambda: FROZEN_NOW, config=profiles_config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"open qa", "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.session.label == "qa" and len(made) == 1
        await pilot.click("#login-password")
        await pilot.press(*"pw", "enter")
        await settle(pilot)
        assert len(made) == 2 and made[1].settings.profile == "qa" and app.session.backend is made[1]
        assert isinstance(app.screen, MainScreen) and app.screen.session.label == "qa"
        assert app.sessions[0].backend is made[0]  # lab keeps running behind


async def test_open_unknown_profile_and_palette_entries():
    build, _ = factory()
    app = make_app(engine_settings(url=LAB_URL, profile="lab"), backend_factory=build,
                   clock=lambda: FROZEN_NOW, config=profiles_config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("colon", *"open nope", "enter")
        await settle(pilot)
        assert "no profile 'nope'" in screen.query_one(StatusLine).message and len(app.sessions) == 1
        await pilot.press("ctrl+n")  # the palette's "Open another engine": the prompt, ready
        await settle(pilot)
        from console.ui.widgets.chrome.prompt import CommandPrompt

        prompt = screen.query_one(CommandPrompt)
        assert prompt.display and prompt.value == "open "


async def test_each_tab_keeps_its_own_screens_over_the_main_one():
    """Screens of one class open in two tabs (two :top screens) coexist, each where it was left."""
    from console.ui.live.top import TopScreen

    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await settle(pilot)
        lab_top = app.screen
        assert isinstance(lab_top, TopScreen)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.session.label == "prod"
        await pilot.press("percent_sign")
        await settle(pilot)
        prod_top = app.screen
        assert isinstance(prod_top, TopScreen) and prod_top is not lab_top
        await pilot.press("left_square_bracket")
        assert app.screen is lab_top
        await pilot.press("right_square_bracket")
        assert app.screen is prod_top


async def test_a_dialog_is_answered_before_leaving_its_tab():
    """Modal screens (a confirmation, help) keep the keys: ] does not slip past them."""
    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        await pilot.press("right_square_bracket")
        assert app.screen is help_screen and app.session.label == "lab"
        await pilot.press("escape", "right_square_bracket")
        assert app.session.label == "prod"


async def test_profile_lands_in_the_tab_it_was_typed_in_even_after_switching_away():
    import sys

    slow = f"{sys.executable} -c \"import time; time.sleep(0.5); print('pw')\""
    config = Config(profiles={"slow": Profile("slow", url="https://slow.example.com/ovirt-engine/api",
                                              password_command=slow)})
    app, made = two_engine_app(config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        await pilot.press("right_square_bracket", "colon", *"profile slow", "enter")
        await pilot.press("left_square_bracket")  # back to lab while the password command runs
        lab_screen = app.screen
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.session is lab and app.screen is lab_screen and lab.backend is made[0]
        assert prod.settings.profile == "slow" and prod.backend is made[2] and made[1].calls[-1] == ("stop",)
        assert [s.label for s in app.sessions] == ["lab", "slow"]
        prod_main = next(s for s in app.get_screen_stack(prod.mode) if isinstance(s, MainScreen))
        assert prod_main.session is prod and prod.connected.url == "https://slow.example.com/ovirt-engine/api"


async def test_palette_opens_and_closes_engine_tabs():
    app, made = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _lab, prod = app.sessions
        await pilot.press("ctrl+p", *"Close this engine")
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert app.sessions == [prod] and made[0].calls[-1] == ("stop",) and app.screen.session is prod
        await pilot.press("ctrl+p", *"Open another engine")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        from console.ui.widgets.chrome.prompt import CommandPrompt

        prompt = app.screen.query_one(CommandPrompt)
        assert prompt.display and prompt.value == "open "


async def test_a_tab_waiting_for_its_password_says_so_and_ctrl_pgdn_leaves_a_login_form():
    from textual.widgets import Input

    build, made = factory()
    lab = engine_settings(url=LAB_URL, profile="lab")
    qa = engine_settings(url="https://qa.example.com/ovirt-engine/api", profile="qa", password=None)
    app = make_app(lab, backend_factory=build, clock=lambda: FROZEN_NOW, engines=[qa])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(made) == 1  # qa has no password: nothing connects until it is typed
        lab_screen = app.screen
        assert header_of(lab_screen).tabs[1] == EngineTab("qa", "login", False, False)
        assert "2 qa ○ password needed" in header_of(lab_screen).render().plain
        await pilot.press("ctrl+pagedown")
        login = app.screen
        assert isinstance(login, LoginScreen) and app.session.label == "qa"
        assert isinstance(app.focused, Input)
        await pilot.press("right_square_bracket")  # typed into the form, not a tab switch
        assert app.screen is login and app.focused.value.endswith("]")
        await pilot.press("ctrl+pageup")
        assert app.screen is lab_screen
        # Connecting from the form: the tab strip follows.
        await pilot.press("ctrl+pagedown")
        await pilot.click("#login-password")
        await pilot.press(*"pw", "enter")
        await settle(pilot)
        assert len(made) == 2 and isinstance(app.screen, MainScreen)
        assert header_of(lab_screen).tabs[1] == EngineTab("qa", "connected", False, False)


async def test_palette_from_a_login_form_offers_the_engine_tabs():
    build, _ = factory()
    qa = engine_settings(url="https://qa.example.com/ovirt-engine/api", profile="qa", password=None)
    app = make_app(engine_settings(url=LAB_URL, profile="lab"), backend_factory=build,
                   clock=lambda: FROZEN_NOW, engines=[qa])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+pagedown")
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("ctrl+p", *"Close this engine")
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert [s.label for s in app.sessions] == ["lab"] and isinstance(app.screen, MainScreen)


async def test_engine_keys_are_remappable_by_id():
    app, _ = two_engine_app(keymap={"app.next_engine": "f7"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        assert app.session.label == "lab"
        await pilot.press("f7")
        assert app.session.label == "prod"
        await pilot.press("ctrl+pageup")  # the priority key keeps its own id, and its key
        assert app.session.label == "lab"


async def test_each_tab_keeps_its_own_theme():
    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        base = app.theme
        await pilot.press("colon", *"theme ovirt-high-contrast", "enter")
        await settle(pilot)
        assert app.theme == "ovirt-high-contrast"
        await pilot.press("right_square_bracket")
        assert app.theme == base  # prod's profile names no theme: the console's default
        await pilot.press("left_square_bracket")
        assert app.theme == "ovirt-high-contrast"  # lab's :theme stayed with lab


async def test_a_tabs_login_form_shows_the_tab_strip_only_with_several_engines():
    from console.ui.widgets.chrome.tabs import EngineTabStrip

    build, made = factory()
    qa = engine_settings(url="https://qa.example.com/ovirt-engine/api", profile="qa", password=None)
    app = make_app(engine_settings(url=LAB_URL, profile="lab"), backend_factory=build,
                   clock=lambda: FROZEN_NOW, engines=[qa])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        strip = app.screen.query_one(EngineTabStrip)
        assert strip.display and strip.tabs == (EngineTab("lab", "connected", False, False),
                                                EngineTab("qa", "login", False, True))
        assert strip.render().plain.startswith("  1 lab ● connected   2 qa ○ password needed")
        # Back to one engine: the form has no strip, as the single-engine login always looked.
        await pilot.press("ctrl+p", *"Close this engine")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        h_app = make_app(None, backend_factory=build, clock=lambda: FROZEN_NOW)
    async with h_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(h_app.screen, LoginScreen)
        assert not h_app.screen.query_one(EngineTabStrip).display


async def test_open_with_a_failing_password_command_opens_no_tab():
    config = Config(profiles={"broken": Profile("broken", url=PROD_URL, password_command="false")})
    build, made = factory()
    app = make_app(engine_settings(url=LAB_URL, profile="lab"), backend_factory=build,
                   clock=lambda: FROZEN_NOW, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("colon", *"open broken", "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert len(app.sessions) == 1 and app.screen is screen and len(made) == 1
        assert any(n.title == "profile broken" and n.severity == "error" for n in app._notifications)


async def test_top_open_in_one_tab_is_not_the_other_tabs():
    """A hidden tab must not think :top is open (and watch 100 VMs' statistics) because another tab has it."""
    from console.ui.live.top import TopScreen

    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        lab_screen = app.screen
        await pilot.press("right_square_bracket")
        prod_screen = app.screen
        await pilot.press("left_square_bracket")
        await pilot.press("percent_sign")
        await settle(pilot)
        assert isinstance(app.screen, TopScreen) and app.session is lab
        assert lab_screen._live_top_screen() is app.screen
        assert prod_screen._live_top_screen() is None
