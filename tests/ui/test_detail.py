"""Detail tabs, raw XML, copy, help, palette and the split view."""

from __future__ import annotations

from textual.widgets import ContentSwitcher, DataTable, TabbedContent, TextArea

from console.backend import messages as m
from console.ui.screens.help import HelpScreen
from console.ui.screens.xml import XmlScreen
from console.ui.widgets.detail.detail_pane import DetailPane
from tests.ui.conftest import SIZE, Harness, engine_settings
from tests.ui.screen_text import screen_text


def assert_closed(screen) -> None:
    """esc closed the pane: none shown (the last one is kept hidden for the next enter)."""
    assert screen.detail is None
    assert not [pane for pane in screen.query(DetailPane) if pane.display]
    assert screen.query_one(ContentSwitcher).styles.max_height is None


async def test_detail_tabs_of_a_vm_load_on_demand():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("down", "enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        assert pane.kind == "vms" and pane.record.name == "vm_on"
        general = str(screen.query_one("#general-fields").render())
        for label in ("Status", "Host", "Cluster", "Template", "Memory", "CPUs", "Uptime", "FQDN"):
            assert label in general
        assert "bodh1" in general
        tabs = screen.query_one(TabbedContent)
        expected = {"nics": "nics", "disks": "disk_attachments", "snapshots": "snapshots",
                    "statistics": "statistics", "events": "events"}
        for pane_id, remote in expected.items():
            tabs.active = f"tab-{pane_id}"
            await pilot.pause()
            assert ("load_detail", "vms", pane.ident, remote) in h.backend.calls
        nics = screen.query_one("#detail-nics", DataTable)
        assert nics.row_count == 1
        assert nics.get_row_at(0)[0].plain == "nic1"
        disks = screen.query_one("#detail-disks", DataTable)
        assert disks.row_count == 1
        stats = screen.query_one("#detail-statistics", DataTable)
        assert [c.plain for c in stats.get_row_at(0)[:2]] == ["memory.installed", "1 GiB"]
        assert screen.query_one("#detail-events", DataTable).row_count == 2
        # Tabs are asked for once, not on every visit.
        tabs.active = "tab-nics"
        await pilot.pause()
        assert h.backend.calls.count(("load_detail", "vms", pane.ident, "nics")) == 1
        await pilot.press("escape")
        assert_closed(screen)


async def test_host_detail_has_local_vms_tab():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("2", "enter")
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        assert pane.record.name == "bodh1"
        assert [p.id for p in pane.plans] == ["general", "nics", "vms", "statistics", "events"]
        pane.show_tab("vms")
        await pilot.pause()
        vms = screen.query_one("#detail-vms", DataTable)
        assert [vms.get_row_at(0)[1].plain] == ["vm_on"]
        screen.query_one(TabbedContent).active = "tab-nics"
        await pilot.pause()
        assert screen.query_one("#detail-nics", DataTable).row_count > 0


async def test_every_kind_opens_a_detail_pane():
    from console.ui.widgets.detail.plan import PLANS

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        for kind in PLANS:
            record = h.app.inventory.records(kind)[0]
            pane = screen.open_detail(kind, record)
            await pilot.pause()
            assert pane.plans[0].id == "general"
            assert str(screen.query_one("#general-fields").render()).strip()
            assert len(pane.query("TabPane")) == len(PLANS[kind])
        await pilot.press("escape")
        assert_closed(screen)


async def test_raw_xml_and_copy():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        ident = screen.table.cursor_id
        await pilot.press("x")
        await pilot.pause()
        assert ("fetch_xml", "vms", ident) in h.backend.calls
        assert isinstance(h.app.screen, XmlScreen)
        area = h.app.screen.query_one(TextArea)
        assert area.read_only and area.text.startswith("<?xml") and "<vm " in area.text
        await pilot.press("escape")
        assert h.app.screen is screen
        copied: list[str] = []
        h.app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.press("y")
        assert copied == [f"vm_off {ident}"]


async def test_help_lists_registry_keys_and_honours_keymap():
    h = Harness(engine_settings())
    h.app.set_keymap({"main.xml": "X"})
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(h.app.screen, HelpScreen)
        text = screen_text(h.app)
        assert "Show XML" in text and "Copy name and id" in text and "Virtual Machines view" in text
        await pilot.press("escape")
        await pilot.press("x")
        assert not any(c[0] == "fetch_xml" for c in h.backend.calls)
        await pilot.press("X")
        await pilot.pause()
        assert any(c[0] == "fetch_xml" for c in h.backend.calls)


async def test_command_palette_runs_registry_actions():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Show XML")
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert any(c[0] == "fetch_xml" for c in h.backend.calls)
        assert isinstance(h.app.screen, XmlScreen)


async def test_split_view_follows_cursor_and_updates_and_mouse_works():
    import dataclasses

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        table = screen.table
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one(DetailPane).show_tab("snapshots")
        await pilot.pause()
        await pilot.press("down")  # the table keeps focus in split view
        await pilot.pause()
        pane = screen.query_one(DetailPane)
        assert pane.record.name == "vm_on" and pane.active_tab == "snapshots"
        assert ("load_detail", "vms", pane.ident, "snapshots") in h.backend.calls
        vm = pane.record
        screen.handle(m.RecordUpdated("vms", vm.id, dataclasses.replace(vm, description="moved to rack 7")))
        await pilot.pause()
        assert "moved to rack 7" in str(screen.query_one("#general-fields").render())
        await pilot.press("escape")
        await pilot.pause()
        # Mouse: a click puts the cursor on a row, a click on a title sorts, a double click opens.
        await pilot.click(table, offset=(2, 3))
        assert table.model.cursor_index == 2
        await pilot.click(table, offset=(16, 0))  # the NAME title
        assert table.model.sort_column == "name"
        await pilot.click(table, offset=(2, 1), times=2)
        await pilot.pause()
        assert screen.query_one(DetailPane).record is table.cursor_record


async def test_a_failed_tab_says_why_instead_of_loading_forever():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        h.backend.load_detail = lambda kind, ident, tab: None  # the answer never comes …
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one(DetailPane).show_tab("snapshots")
        await pilot.pause()
        table = screen.query_one("#detail-snapshots", DataTable)
        assert table.get_row_at(0)[0].plain == "loading …"
        # … then the backend reports the failure for that tab.
        screen.handle(m.BackendError("load snapshots of vm", "HTTP 500: engine error"))
        await pilot.pause()
        assert table.get_row_at(0)[0].plain == "could not load: HTTP 500: engine error"
