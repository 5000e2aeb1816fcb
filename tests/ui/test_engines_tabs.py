"""Several engines open at once, one header tab each (fake backends: every message is exact).

Each tab has its own backend, records, main screen and header; a hidden tab's
messages land in its own screens; switching is instant; ``:open``/``:close``
and the keys work from the registry. End to end on two simulators:
test_engines_sim.py.
"""

from __future__ import annotations

import dataclasses

from console.backend import messages as m
from console.config.profiles import Config, Profile
from console.ui.actions.registry import spec
from console.ui.app import make_app
from console.ui.comfort.commands import CloseEngine, OpenEngine, Usage, parse_comfort
from console.ui.screens.login import LoginScreen
from console.ui.screens.main import MainScreen
from console.ui.widgets.chrome.header import ConsoleHeader
from console.ui.widgets.chrome.status_line import StatusLine
from console.ui.widgets.chrome.tabs import EngineTab, tab_strip
from tests.ui.conftest import SIZE, engine_settings
from tests.ui.fakes import FROZEN_NOW, dataset, factory

LAB_URL = "https://lab.example.com/ovirt-engine/api"
PROD_URL = "https://prod.example.com/ovirt-engine/api"


def prod_data() -> dict:
    """The prod engine's own VMs: same shapes, other ids and names than lab's."""
    data = dataset()
    data["vms"] = [dataclasses.replace(vm, id=f"prod-{n}", name=f"prod-vm-{n}") for n, vm in enumerate(data["vms"])]
    return data


def two_engine_app(**app_options):
    """lab (first tab) and prod (read-only, behind it), each on its own fake backend."""
    made = []
    build_lab, _ = factory()
    build_prod, _ = factory(data=prod_data())

    def build(settings, sink, *, demo=None):
        backend = (build_prod if settings.profile == "prod" else build_lab)(settings, sink, demo=demo)
        made.append(backend)
        return backend

    lab = engine_settings(url=LAB_URL, profile="lab")
    prod = engine_settings(url=PROD_URL, profile="prod", read_only=True)
    app = make_app(lab, backend_factory=build, clock=lambda: FROZEN_NOW, engines=[prod], **app_options)
    return app, made


def header_of(screen) -> ConsoleHeader:
    return screen.query_one(ConsoleHeader)


def names(screen) -> set[str]:
    """The VM names the screen's table shows (rows in order, read through its own engine)."""
    inventory = screen.session.inventory
    return {inventory.get("vms", i).name for i in screen.table.model.order}


async def settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


# -- pure parts ---------------------------------------------------------------------------------
def test_open_and_close_parse():
    assert parse_comfort(":open prod") == OpenEngine("prod")
    assert parse_comfort("open") == OpenEngine("")
    assert parse_comfort(":close") == CloseEngine()
    assert isinstance(parse_comfort(":close prod"), Usage)


def test_tab_strip_marks_the_active_tab_state_read_only_and_alerts():
    strip = tab_strip((EngineTab("lab", "connected", active=True),
                       EngineTab("prod", "reconnecting", read_only=True, alerts=2, stale=True)))
    assert strip.plain == "  1 lab ● connected   2 prod ◐ reconnecting stale READ-ONLY !2 "
    active = [s for s in strip.spans if "reverse" in str(s.style)]
    assert active and all(strip.plain[s.start:s.end].strip() in ("1 lab", "●", "connected", "")
                          for s in active)


def test_engine_keys_are_in_the_registry_and_leave_tmux_alone():
    keys = {spec(i).key for i in ("app.next_engine", "app.previous_engine", "app.open_engine",
                                  "app.close_engine")}
    assert keys == {"right_square_bracket", "left_square_bracket", "ctrl+n", "ctrl+w"}
    assert {spec("app.next_engine").also, spec("app.previous_engine").also} == {"ctrl+pagedown", "ctrl+pageup"}
    assert not (keys | {"ctrl+pagedown", "ctrl+pageup"}) & {"ctrl+a", "ctrl+b"}
    from console.ui.actions.registry import bindings, unknown_ids

    also = [b for b in bindings("app") if b.priority]
    assert {(b.key, b.id) for b in also} == {("ctrl+pagedown", "app.next_engine.also"),
                                            ("ctrl+pageup", "app.previous_engine.also")}
    assert unknown_ids({"app.next_engine": "n", "app.next_engine.also": "f6", "app.nxt": "x"}) == ["app.nxt"]


# -- two engines ----------------------------------------------------------------------------------
async def test_two_engines_each_load_their_own_records_and_switch_instantly():
    app, made = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        assert [s.label for s in app.sessions] == ["lab", "prod"] and app.session is lab
        assert [b.settings.profile for b in made] == ["lab", "prod"]  # one backend (worker) each
        assert lab.backend is made[0] and prod.backend is made[1]
        lab_screen = app.screen
        assert isinstance(lab_screen, MainScreen) and lab_screen.session is lab
        assert all(n.startswith("prod-vm-") for n in (r.name for r in prod.inventory.records("vms")))
        assert "prod-vm-0" not in names(lab_screen)
        lab_screen.table.select(lab_screen.table.model.order[2])
        cursor = lab_screen.table.cursor_id
        calls = [list(b.calls) for b in made]

        await pilot.press("right_square_bracket")
        prod_screen = app.screen
        assert app.session is prod and isinstance(prod_screen, MainScreen) and prod_screen.session is prod
        assert prod_screen is not lab_screen and "prod-vm-0" in names(prod_screen)
        assert prod_screen.session.read_only and header_of(prod_screen).read_only
        assert not header_of(lab_screen).read_only  # read-only belongs to its engine
        # Instant: nothing was asked of either engine to show the other tab.
        assert [list(b.calls) for b in made] == calls

        await pilot.press("left_square_bracket")
        assert app.screen is lab_screen and lab_screen.table.cursor_id == cursor  # as it was left
        await pilot.press("left_square_bracket")  # wraps round
        assert app.screen is prod_screen


async def test_header_shows_one_tab_per_engine_with_its_state():
    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _lab, prod = app.sessions
        header = header_of(app.screen)
        assert header.tabs == (EngineTab("lab", "connected", False, True),
                               EngineTab("prod", "connected", True, False))
        assert header.size.height == 2
        lines = header.render().plain.splitlines()
        assert lines[0].startswith("  1 lab ● connected   2 prod ● connected READ-ONLY")
        assert "admin@internal" in lines[1]
        # A hidden engine's link trouble shows on the visible tab strip at once.
        prod.backend.sink(m.ConnectionState("reconnecting", attempt=2, next_retry_in=4.0, stale_since=1.0))
        await settle(pilot)
        assert header.tabs[1] == EngineTab("prod", "reconnecting", True, False, 0, True)
        assert header.state == "connected"  # the visible line is still lab's


async def test_a_single_engine_keeps_the_one_line_header(harness):
    h = harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = header_of(h.app.screen)
        assert header.tabs == () and header.size.height == 1 and "\n" not in header.render().plain


async def test_a_hidden_engines_messages_land_in_its_own_records_and_screen():
    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        prod_screen = next(s for s in app.get_screen_stack(prod.mode) if isinstance(s, MainScreen))
        vm = prod.inventory.records("vms")[0]
        renamed = dataclasses.replace(vm, name="prod-renamed")
        before = lab.inventory.count_of("vms")
        prod.backend.sink(m.RecordUpdated("vms", vm.id, renamed))
        from console.api.enums.activity import LogSeverity

        event = dataclasses.replace(lab.inventory.records("events")[0], id="990001", severity=LogSeverity.ALERT,
                                    description="Storage domain prod-sd is unreachable")
        prod.backend.sink(m.RecordsLoaded("events", (event,), replace=False, final=True))
        await settle(pilot)
        assert prod.inventory.get("vms", vm.id).name == "prod-renamed"
        assert lab.inventory.get("vms", vm.id) is None and lab.inventory.count_of("vms") == before
        assert "prod-renamed" in names(prod_screen)  # the hidden screen is current already
        assert any(e.id == "990001" for e in prod_screen.event_feed.events())
        assert not any(e.id == "990001" for e in app.screen.event_feed.events())
        # A new alert on the hidden engine: a notification that names it, and a count on its tab.
        note = [n for n in app._notifications if n.message == "Storage domain prod-sd is unreachable"]
        assert len(note) == 1 and note[0].title == "prod: alert event 31"
        assert header_of(app.screen).tabs[1].alerts == 1


async def test_a_hidden_engines_errors_notify_naming_it_and_count_on_its_tab():
    app, _ = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        prod.backend.sink(m.BackendError("load hosts", "the engine answered 503"))
        await settle(pilot)
        note = [n for n in app._notifications if n.message == "the engine answered 503"]
        assert note and note[0].title == "prod: load hosts"
        assert header_of(app.screen).tabs[1].alerts == 1
        # The visible engine's own errors are not relabelled.
        lab.backend.sink(m.BackendError("load disks", "lab trouble"))
        await settle(pilot)
        assert [n.title for n in app._notifications if n.message == "lab trouble"] == ["load disks"]
        await pilot.press("right_square_bracket")
        assert header_of(app.screen).tabs[1] == EngineTab("prod", "connected", True, True, 0)


async def test_connect_failed_of_a_hidden_tab_shows_in_that_tab():
    app, made = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        lab_screen = app.screen
        prod.backend.sink(m.ConnectFailed("Wrong user name or password for admin@internal"))
        await settle(pilot)
        assert app.screen is lab_screen and app.session is lab  # the visible tab is untouched
        assert made[1].calls[-1] == ("stop",) and prod.backend is None
        stack = app.get_screen_stack(prod.mode)
        assert isinstance(stack[-1], LoginScreen) and not any(isinstance(s, MainScreen) for s in stack)
        assert any(n.title == "prod: cannot connect" for n in app._notifications)
        assert header_of(lab_screen).tabs[1].state == "failed"
        assert "2 prod ✕ cannot connect" in header_of(lab_screen).render().plain
        await pilot.press("right_square_bracket")
        assert app.screen is stack[-1]
        assert "Wrong user name" in str(app.screen.query_one("#login-error").render())


async def test_close_stops_the_tabs_backend_and_never_the_last_one():
    app, made = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = app.sessions
        await pilot.press("right_square_bracket")
        await pilot.press("colon", *"close", "enter")
        await settle(pilot)
        assert made[1].calls[-1] == ("stop",) and prod.backend is None
        assert app.sessions == [lab] and app.session is lab and app.screen.session is lab
        assert prod.mode not in app._modes
        header = header_of(app.screen)
        assert header.tabs == () and header.size.height == 1  # back to one engine, one line
        # A late answer from the closed engine is dropped.
        made[1].sink(m.RecordsLoaded("vms", (), replace=True, final=True))
        await settle(pilot)
        assert lab.inventory.count_of("vms") > 0
        await pilot.press("ctrl+w")  # the only one left: refused
        await settle(pilot)
        assert app.sessions == [lab] and made[0].calls[-1] != ("stop",)
        assert any(n.message == "the only engine open: :q quits" for n in app._notifications)


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
