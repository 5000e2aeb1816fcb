"""End to end: the console, the real backend and the embedded simulator over loopback HTTP.

Nothing is faked here: SSO login, streamed inventory, detail sub-collections, the
engine's search and the raw XML all travel through console.api and console.backend.
The simulator's clock is a ManualClock shared with the console, so times are fixed.
Waiting is for the backend thread's answers (bounded), never for a clock.
"""

from __future__ import annotations

import socket

import pytest
from textual.widgets import DataTable, TabbedContent, TextArea

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import make_app
from console.ui.render.common import enum_value
from console.ui.screens.login import LoginScreen
from console.ui.screens.main import MainScreen
from console.ui.screens.xml import XmlScreen
from console.ui.widgets.detail.detail_pane import DetailPane
from console.ui.widgets.tree.inventory_tree import InventoryTree
from tests.ui.conftest import SIZE, until
from tests.ui.screen_text import screen_text

VMS = 60


@pytest.fixture(scope="module")
def simulator():
    clock = ManualClock()
    sim = run_in_thread(engine=Engine(seed=1, vms=VMS, clock=clock))
    yield sim, clock
    sim.stop()


def loaded(app) -> bool:
    """Every kind is in and the tree has been reconciled with it."""
    return (isinstance(app.screen, MainScreen) and app.inventory.count_of("vms") == VMS
            and not app.screen.progress and app.inventory.count_of("data_centers") > 0
            and not app.screen._tree_pending and bool(app.screen.query_one(InventoryTree).root.children))


def names(screen: MainScreen) -> list[str]:
    return [screen.table.model.record(i).name for i in screen.table.model.order]


async def test_login_screen_then_inventory_then_views(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password=None), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"ovirt", "enter")
        await until(pilot, lambda: loaded(app))
        connected = next(p for p in app.received if isinstance(p, m.Connected))
        assert connected.user == "admin@internal" and connected.product
        text = screen_text(app)
        assert connected.version in text and "● connected" in text
        screen = app.screen
        assert len(screen.table.model.order) == VMS
        await pilot.press("colon", *"dcs", "enter")
        assert screen.view == "data_centers"
        for key, kind in [("2", "hosts"), ("3", "clusters"), ("5", "storage_domains"), ("6", "networks"),
                          ("7", "templates"), ("8", "disks"), ("9", "events"), ("1", "vms")]:
            await pilot.press(key)
            assert screen.view == kind
            assert screen.table.model.total == app.inventory.count_of(kind) > 0


async def test_wrong_password_and_refused_connection(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="not-the-password"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any(isinstance(p, m.ConnectFailed) for p in app.received))
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        failure = next(p for p in app.received if isinstance(p, m.ConnectFailed))
        assert "\n" not in failure.message and "Traceback" not in failure.message
        assert "password" in failure.message.lower()
        assert f"✗ {failure.message}"[:60] in screen_text(app)

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = make_app(EngineSettings(url=f"http://127.0.0.1:{port}/ovirt-engine/api", password="x"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any(isinstance(p, m.ConnectFailed) for p in app.received))
        await pilot.pause()
        failure = next(p for p in app.received if isinstance(p, m.ConnectFailed))
        assert failure.message.startswith("Connection refused by 127.0.0.1:")
        assert "✗ Connection refused" in screen_text(app)


async def test_tree_filter_sort_and_server_search(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        inv = app.inventory
        tree = screen.query_one(InventoryTree)
        dc_node = tree.root.children[0]
        tree.focus()
        tree.move_cursor(dc_node)
        await pilot.press("enter")
        dc_id = dc_node.data.id
        assert screen.view == "clusters"
        assert {c.id for c in (screen.table.model.record(i) for i in screen.table.model.order)} == {
            c.id for c in inv.records("clusters") if c.data_center.id == dc_id}
        await pilot.pause()
        cluster_node = dc_node.children[0]
        tree.move_cursor(cluster_node)
        tree.focus()
        await pilot.press("enter")
        await pilot.pause()
        host_node = next(n for n in cluster_node.children if n.data.kind == "hosts" and n.allow_expand)
        tree.focus()
        tree.move_cursor(host_node)
        await pilot.press("enter")
        await pilot.pause()
        running = {vm.id for vm in inv.records("vms") if vm.host is not None and vm.host.id == host_node.data.id
                   and enum_value(vm.status) == "up"}
        assert running and running <= set(screen.table.model.order)
        assert [n.data.id for n in host_node.children] and {n.data.id for n in host_node.children} >= running

        await pilot.press("1")
        screen.table.focus()
        await pilot.press("escape")
        await pilot.press("slash", *"~^db-0[1-3]$", "enter")
        assert names(screen) == ["db-01", "db-02", "db-03"]
        await pilot.press("N")
        await pilot.press("N")
        assert names(screen) == ["db-03", "db-02", "db-01"]
        await pilot.press("escape")  # clears the filter
        assert len(names(screen)) == VMS

        await pilot.press("colon", *"search vms status=up sortby name desc", "enter")
        await until(pilot, lambda: any(isinstance(p, m.SearchResults) for p in app.received))
        await pilot.pause()
        results = next(p for p in app.received if isinstance(p, m.SearchResults))
        expected = sorted((vm.name for vm in inv.records("vms") if enum_value(vm.status) == "up"), reverse=True)
        assert [r.name for r in results.records] == expected
        assert names(screen) == expected  # the engine's order is kept


async def test_vm_detail_tabs_and_raw_xml(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("slash", *"db-01", "enter", "enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        assert pane.record.name == "db-01"
        tabs = screen.query_one(TabbedContent)
        for tab in ("nics", "disks", "snapshots", "statistics", "events"):
            tabs.active = f"tab-{tab}"
            await until(pilot, lambda tab=tab: tab in pane.loaded)
            await pilot.pause()
        nics = screen.query_one("#detail-nics", DataTable)
        assert nics.row_count >= 1
        guest_ips = " ".join(nics.get_row_at(n)[5].plain for n in range(nics.row_count))
        assert "." in guest_ips  # guest-reported IPv4 addresses from reported_devices
        disks = screen.query_one("#detail-disks", DataTable)
        assert disks.row_count >= 1 and disks.get_row_at(0)[1].plain.endswith("GiB")
        assert screen.query_one("#detail-statistics", DataTable).row_count > 3
        await pilot.press("escape")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, XmlScreen))
        text = app.screen.query_one(TextArea).text
        assert "<vm " in text and "<name>db-01</name>" in text


async def test_host_detail_tabs(simulator):
    sim, clock = simulator
    app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("2", "enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        tabs = screen.query_one(TabbedContent)
        for tab in ("nics", "statistics", "events", "vms"):
            tabs.active = f"tab-{tab}"
            await until(pilot, lambda tab=tab: tab in pane.loaded)
        assert screen.query_one("#detail-nics", DataTable).row_count >= 1
        assert screen.query_one("#detail-vms", DataTable).row_count == len(app.inventory.running_on(pane.ident))
