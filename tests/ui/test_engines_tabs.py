"""Several engines open at once, one header tab each (fake backends: every message is exact).

Each tab has its own backend, records, main screen and header; a hidden tab's
messages land in its own screens; switching is instant; ``:open``/``:close``
and the keys work from the registry. End to end on two simulators:
test_engines_sim.py.
"""

from __future__ import annotations

import dataclasses

from console.backend import messages as m
from console.ui.actions.registry import spec
from console.ui.app import make_app
from console.ui.comfort.commands import CloseEngine, OpenEngine, Usage, parse_comfort
from console.ui.screens.login import LoginScreen
from console.ui.screens.main import MainScreen
from console.ui.widgets.chrome.header import ConsoleHeader
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


async def test_only_the_shown_tab_watches_statistics_of_its_rows():
    app, made = two_engine_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab, prod = made
        lab_vms = app.screen.table.model.order
        assert lab.watched["vms"] and set(lab.watched["vms"]) <= set(lab_vms)
        assert prod.watched.get("vms", ()) == () and prod.watched.get("hosts", ()) == ()

        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert lab.watched == {"vms": (), "hosts": ()}  # hidden: no rows on screen to sample
        assert prod.watched["vms"] and all(i.startswith("prod-") for i in prod.watched["vms"])

        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert prod.watched == {"vms": (), "hosts": ()}
        assert lab.watched["vms"] and set(lab.watched["vms"]) <= set(lab_vms)


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
