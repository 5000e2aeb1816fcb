"""The API explorer in the console, against the embedded simulator over loopback HTTP."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Tree

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import make_app
from console.ui.commands import Explore, parse
from console.ui.explorer import ExplorerScreen, parse_query
from console.ui.explorer.form import ActionFormDialog
from console.ui.screens.main import MainScreen
from tests.ui.conftest import SIZE
from tests.ui.screen_text import screen_text
from tests.ui.test_simulator_e2e import until

VMS = 30


@pytest.fixture
def simulator(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the audit log stays in the test
    clock = ManualClock()
    sim = run_in_thread(engine=Engine(seed=3, vms=VMS, clock=clock, life=False))
    yield sim, clock
    sim.stop()


def test_api_command_and_query_parsing() -> None:
    assert parse("api") == Explore("")
    assert parse(":api vms/1/nics") == Explore("vms/1/nics")
    assert parse_query("status=up and name=web*") == {"search": "status=up and name=web*"}
    assert parse_query("search=status=up&max=5&follow=nics") == {"search": "status=up", "max": "5", "follow": "nics"}
    with pytest.raises(ValueError, match="sortby"):
        parse_query("max=5&sortby=name")


def loaded(app) -> bool:
    return (isinstance(app.screen, MainScreen) and app.inventory.count_of("vms") == VMS
            and not app.screen.progress and app.inventory.count_of("data_centers") > 0)


def pages(screen: ExplorerScreen) -> int:
    return len(screen.pages)


async def open_explorer(pilot, app, command: str) -> ExplorerScreen:
    await until(pilot, lambda: loaded(app))
    await pilot.press("colon", *command, "enter")
    await until(pilot, lambda: isinstance(app.screen, ExplorerScreen) and pages(app.screen) == 1)
    await pilot.pause()
    return app.screen


async def test_api_vms_enter_follows_esc_goes_back_x_shows_xml(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_explorer(pilot, app, "api vms")
        table = screen.query_one("#explorer-table", DataTable)
        assert screen.page.is_collection and table.row_count == VMS
        first = screen.page.rows[0]
        text = screen_text(app)
        assert "api › vms" in text and "name" in text and "status" in text
        await pilot.press("enter")  # follow the row to its VM
        await until(pilot, lambda: pages(screen) == 2)
        await pilot.pause()
        assert screen.page.path == first.path and screen.page.tag == "vm"
        tree = screen.query_one("#explorer-tree", Tree)
        assert tree.has_focus
        labels = [str(n.label) for n in tree.root.children]
        assert any(label.startswith("links") for label in labels) and any(label.startswith("actions") for label in labels)
        # follow the cluster reference from the field tree
        cluster = next(n for n in tree.root.children if str(n.label).startswith("cluster"))
        tree.move_cursor(cluster)
        await pilot.press("enter")
        await until(pilot, lambda: pages(screen) == 3)
        await pilot.pause()
        assert screen.page.tag == "cluster" and "api › clusters ›" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert screen.showing_xml and "<cluster href=" in screen_text(app)
        await pilot.press("escape")  # esc first closes the XML, then goes back page by page
        assert not screen.showing_xml
        await pilot.press("escape")
        await pilot.pause()
        assert screen.page.tag == "vm"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.page.tag == "vms" and screen.query_one("#explorer-table", DataTable).display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_query_bar_runs_a_search(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_explorer(pilot, app, "api vms")
        await pilot.press("slash")
        bar = screen.query_one("#explorer-query", Input)
        assert bar.has_focus
        bar.value = "search=status=up&max=2"
        await pilot.press("enter")
        await until(pilot, lambda: pages(screen) == 2)
        assert dict(screen.page.query) == {"search": "status=up", "max": "2"}
        assert 0 < len(screen.page.rows) <= 2
        get = [r for r in sim.server.request_log if r["method"] == "GET" and r["path"].endswith("/vms")][-1]
        assert "max=2" in get["query"]


async def start_through_the_form(pilot, app, sim, vm_id: str) -> ExplorerScreen:
    screen = await open_explorer(pilot, app, f"api vms/{vm_id}")
    tree = screen.query_one("#explorer-tree", Tree)
    actions = next(n for n in tree.root.children if str(n.label).startswith("actions"))
    tree.move_cursor(actions)
    await pilot.press("enter")  # unfold the actions
    await pilot.pause()
    start = next(n for n in actions.children if str(n.label) == "start")
    tree.move_cursor(start)
    await pilot.press("enter")
    await pilot.pause()
    return screen


async def test_action_form_is_confirmed_then_reaches_the_engine(simulator):
    sim, clock = simulator
    down = next(v for v in sim.engine.vms.values() if v.status == "down")
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_through_the_form(pilot, app, sim, down.id)
        dialog = app.screen
        assert isinstance(dialog, ActionFormDialog)
        assert {"pause", "use_cloud_init", "vm"} <= {p.name for p in dialog.form.params}
        assert not [r for r in sim.server.request_log if r["method"] == "POST" and "/vms/" in r["path"]]
        dialog.query_one("#param-pause", Input).value = "perhaps"
        dialog.confirm()
        await pilot.pause()
        assert app.screen is dialog and "pause" in screen_text(app)  # a bad value is never sent
        dialog.query_one("#param-pause", Input).value = "false"
        dialog.confirm()
        await until(pilot, lambda: any(isinstance(p, m.ExplorerActionFinished) for p in app.received))
        done = next(p for p in app.received if isinstance(p, m.ExplorerActionFinished))
        assert done.ok, done.message
        sent = [r for r in sim.server.request_log if r["method"] == "POST" and r["path"].endswith(f"/{down.id}/start")]
        assert len(sent) == 1 and sent[0]["correlation_id"] == done.correlation_id
        assert sim.engine.vms[down.id].status != "down"
        assert sim.engine.jobs[done.job_id].correlation_id == done.correlation_id
        await until(pilot, lambda: pages(screen) == 1 and screen.pending is None)  # the page re-read after it
        app.backend.stop()  # no poller answer may land while the app tears down
        await pilot.pause()


async def test_read_only_refuses_the_form(simulator):
    sim, clock = simulator
    down = next(v for v in sim.engine.vms.values() if v.status == "down")
    app = make_app(EngineSettings(url=sim.url, password="ovirt", read_only=True), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_through_the_form(pilot, app, sim, down.id)
        assert app.screen is screen  # no form opened
        assert "read-only" in screen_text(app)
        assert [r for r in sim.server.request_log if r["method"] not in ("GET", "HEAD") and "/api" in r["path"]] == []
        assert sim.engine.vms[down.id].status == "down"


async def test_typed_view_opens_the_same_object_and_back(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        main = app.screen
        main.table.focus()
        selected = main.table.cursor_id
        await pilot.press("X")
        await until(pilot, lambda: isinstance(app.screen, ExplorerScreen) and pages(app.screen) == 1)
        assert app.screen.page.path == f"vms/{selected}"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main


async def test_explorer_entity_opens_its_typed_view(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    host = next(iter(sim.engine.hosts.values()))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        main = app.screen
        main.open_explorer_at(f"hosts/{host.id}")
        await until(pilot, lambda: isinstance(app.screen, ExplorerScreen) and pages(app.screen) == 1)
        await pilot.press("v")
        await until(pilot, lambda: app.screen is main and main.view == "hosts")
        assert main.table.cursor_id == host.id
        main.open_explorer_at("vms")
        await until(pilot, lambda: isinstance(app.screen, ExplorerScreen) and pages(app.screen) == 1)
        await pilot.press("v")  # a collection has no single typed object: stay, and say so
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)
        assert "no typed view shows this page" in screen_text(app)


async def test_root_search_link_asks_for_the_query(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_explorer(pilot, app, "api")
        assert screen.page.tag == "api" and "api" in screen_text(app)
        tree = screen.query_one("#explorer-tree", Tree)
        links = next(n for n in tree.root.children if str(n.label).startswith("links"))
        links.expand()
        await pilot.pause()
        search = next(n for n in links.children if str(n.label).startswith("vms/search "))
        tree.move_cursor(search)
        await pilot.press("enter")
        bar = screen.query_one("#explorer-query", Input)
        assert bar.has_focus and pages(screen) == 1  # nothing fetched before the query is typed
        await pilot.press(*"status=up", "enter")
        await until(pilot, lambda: pages(screen) == 2)
        assert screen.page.path == "vms" and dict(screen.page.query) == {"search": "status=up"}
        status = screen.page.columns.index("status")
        assert screen.page.rows and {row.cells[status] for row in screen.page.rows} == {"up"}


def test_huge_xml_is_cut_with_a_hint() -> None:
    from console.ui.explorer.screen import MAX_XML_CHARS, _xml_text

    small = _xml_text("<vms/>")
    assert small.plain == "<vms/>"
    big = _xml_text("x" * (MAX_XML_CHARS + 10))
    assert big.plain.startswith("x" * MAX_XML_CHARS) and "10 more characters" in big.plain and "max=N" in big.plain
