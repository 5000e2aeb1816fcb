"""The detail pane builds a remote tab's table only when the tab is first shown:
opening a pane (enter, or moving in the split view) must not build every tab."""

from __future__ import annotations

from textual.widgets import DataTable, TabbedContent

from console.ui.render.subtabs import TABLES
from console.ui.screens.main_detail import SPARE_QUIET
from console.ui.widgets.detail.detail_pane import ROWS_AT_ONCE, DetailPane
from tests.ui.conftest import main_screen, until
from tests.ui.fakes import dataset

VM_REMOTE_TABS = ("nics", "disks", "snapshots", "statistics", "events")


def _tables(pane: DetailPane) -> set[str]:
    return {table.id or "" for table in pane.query(DataTable)}


async def test_opening_a_vm_builds_general_only_and_asks_nothing():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        assert pane.active_tab == "general"
        assert _tables(pane) == set()
        # Every tab is still there to pick, with its id.
        assert [p.id for p in pane.query("TabPane")] == ["tab-general", *(f"tab-{t}" for t in VM_REMOTE_TABS)]
        assert not [c for c in h.backend.calls if c[0] == "load_detail"]
        assert pane.requested == set() and pane.loaded == {}


async def test_a_tab_gets_its_table_and_request_when_first_shown_once():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        tabs = screen.query_one(TabbedContent)
        tabs.active = "tab-nics"
        await pilot.pause()
        assert _tables(pane) == {"detail-nics"}
        nics = screen.query_one("#detail-nics", DataTable)
        assert nics.row_count == 1 and nics.get_row_at(0)[0].plain == "nic1"
        assert [str(c.label) for c in nics.columns.values()] == [str(t) for t in TABLES["vm_nics"].titles]
        tabs.active = "tab-general"
        await pilot.pause()
        tabs.active = "tab-nics"
        await pilot.pause()
        # Shown again: the same table, not a second one, and no second request.
        assert screen.query_one("#detail-nics", DataTable) is nics
        assert len(pane.query("#detail-nics")) == 1
        assert h.backend.calls.count(("load_detail", "vms", pane.ident, "nics")) == 1
        assert _tables(pane) == {"detail-nics"}


async def test_rows_that_arrive_before_the_tab_is_shown_fill_it_when_it_is():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        # The rows the fake engine gives for this VM's NICs…
        screen.query_one(TabbedContent).active = "tab-nics"
        await pilot.pause()
        records = screen.query_one(DetailPane).loaded["nics"]
        # …reach a fresh pane of the same VM while its General tab shows.
        pane = screen.open_detail("vms", screen.query_one(DetailPane).record)
        await pilot.pause()
        assert records
        pane.records_loaded("nics", records)
        assert pane.loaded["nics"] == records and "detail-nics" not in _tables(pane)
        pane.show_tab("nics")
        await pilot.pause()
        table = screen.query_one("#detail-nics", DataTable)
        assert table.row_count == len(records)
        assert table.get_row_at(0)[0].plain == "nic1"


async def test_the_split_view_builds_only_the_tab_that_stays_shown():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one(DetailPane).show_tab("disks")
        await pilot.pause()
        first = screen.query_one(DetailPane).ident
        await pilot.press("down")
        await pilot.pause()
        pane = screen.detail
        assert pane is not None and pane.display and pane.ident != first
        assert pane.ident == screen.table.cursor_id
        assert pane.active_tab == "disks"
        assert _tables(pane) == {"detail-disks"}
        assert ("load_detail", "vms", pane.ident, "disk_attachments") in h.backend.calls
        assert screen.query_one("#detail-disks", DataTable).row_count >= 1


async def test_local_tabs_are_built_when_shown_from_the_inventory_without_a_request():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("2", "enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        assert pane.kind == "hosts"
        assert _tables(pane) == set()  # a host's VMs are read from the inventory only when shown
        pane.show_tab("vms")
        await pilot.pause()
        assert _tables(pane) == {"detail-vms"}
        vms = screen.query_one("#detail-vms", DataTable)
        assert vms.row_count == len(h.app.inventory.running_on(pane.ident)) > 0
        assert not [c for c in h.backend.calls if c[0] == "load_detail"]


async def test_a_cluster_with_thousands_of_vms_opens_at_once_and_its_vms_tab_fills_in_slices():
    async with main_screen(data=dataset(extra_vms=3000)) as (h, pilot, screen):
        screen.show_view("clusters")
        cluster = h.app.inventory.get("vms", "clone-00000").cluster.id
        screen.table.select(cluster)
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        members = h.app.inventory.children("vms", "cluster", cluster)
        assert pane.ident == cluster and len(members) > 3000
        assert _tables(pane) == set()
        slices: list[int] = []  # rows in the table as each slice starts
        add_rows = pane._add_rows
        pane._add_rows = lambda plan, table, *rest: (slices.append(table.row_count), add_rows(plan, table, *rest))
        pane.show_tab("vms")
        await until(pilot, lambda: pane.query("#detail-vms") and pane.query_one("#detail-vms", DataTable).row_count
                    == len(members))
        table = screen.query_one("#detail-vms", DataTable)
        # A slice per timer tick, ROWS_AT_ONCE rows each: keys and frames go on while it fills.
        assert slices == list(range(0, len(members), ROWS_AT_ONCE))
        assert table.get_row_at(len(members) - 1)[1].plain == members[-1].name
        # Showing another cluster stops the fill of the last one's rows, and drops its table.
        other = next(c for c in h.app.inventory.records("clusters") if c.id != cluster)
        ctx = screen._render_context()
        pane.show_object(other, ctx)
        pane.show_object(table_owner := h.app.inventory.get("clusters", cluster), ctx)
        slices.clear()
        pane.show_tab("vms")
        await until(pilot, lambda: len(slices) >= 2)
        filling = pane.query_one("#detail-vms", DataTable)
        pane.show_object(other, ctx)
        started = len(slices)
        for _ in range(5):
            await pilot.pause(0.01)
        assert len(slices) <= started + 1  # a slice already due runs and stops at once
        assert filling.row_count < len(members) and not filling.is_attached
        assert pane.loaded == {} and pane.ident == other.id != table_owner.id


async def test_a_tab_shown_as_the_pane_closes_does_not_crash_and_the_next_pane_works():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        pane.show_tab("snapshots")  # TabActivated is still queued when esc removes the pane
        await pilot.press("escape")
        await pilot.pause()
        assert screen.detail is None and not [p for p in screen.query(DetailPane) if p.display]
        await pilot.press("enter")  # the console goes on: a new pane opens and works
        await pilot.pause()
        screen.query_one(DetailPane).show_tab("nics")
        await pilot.pause()
        assert screen.query_one("#detail-nics", DataTable).get_row_at(0)[0].plain == "nic1"


async def test_enter_after_esc_shows_the_kept_pane_for_the_new_object_with_its_tabs_unread():
    async with main_screen() as (h, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        first = screen.detail
        first.show_tab("nics")
        await pilot.pause()
        first_ident = first.ident
        assert screen.query_one("#detail-nics", DataTable).row_count >= 1
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        pane = screen.detail
        # The same widgets, showing the next VM: General first, no table of the last VM left.
        assert pane is first and pane.display and pane.ident == screen.table.cursor_id != first_ident
        assert pane.active_tab == "general" and _tables(pane) == set()
        assert pane.requested == set() and pane.loaded == {}
        assert first_ident not in str(screen.query_one("#detail-title").render())
        pane.show_tab("nics")
        await pilot.pause()
        assert ("load_detail", "vms", pane.ident, "nics") in h.backend.calls
        assert screen.query_one("#detail-nics", DataTable).row_count >= 1


async def test_a_pane_is_built_ahead_for_the_shown_view_once_the_console_is_quiet(monkeypatch):
    from console.ui.screens import main_detail

    monkeypatch.setattr(main_detail, "SPARE_QUIET", 3600.0)  # the test says when it is quiet
    async with main_screen() as (h, pilot, screen):
        # A key just came: nothing is built behind the admin's back.
        for _ in range(3):
            await pilot.press("down")
            assert not h.app.quiet_for(SPARE_QUIET)
            screen.prepare_spare_pane()
            assert screen._spare_pane is None
        monkeypatch.setattr(main_detail, "SPARE_QUIET", SPARE_QUIET)
        await until(pilot, lambda: screen._spare_pane is not None and screen._spare_pane.built, timeout=5)
        spare = screen._spare_pane
        assert spare.kind == "vms" and not spare.display and screen.detail is None
        assert h.app.quiet_for(SPARE_QUIET)
        await pilot.press("enter")
        await pilot.pause()
        # The first enter shows the pane built ahead, for the row under the cursor.
        assert screen.detail is spare and spare.display and spare.ident == screen.table.cursor_id
        assert spare.active_tab == "general" and not [c for c in h.backend.calls if c[0] == "load_detail"]
        await pilot.press("escape", "2")
        await until(pilot, lambda: screen._spare_pane is not None and screen._spare_pane.kind == "hosts"
                    and screen._spare_pane.built, timeout=5)
        assert not spare.is_attached  # one pane kept: the shown view's
        assert len(screen.query(DetailPane)) == 1 and screen.detail is None
