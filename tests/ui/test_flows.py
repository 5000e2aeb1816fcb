"""Pilot flows on the fake backend: what an admin does, and what the console sends."""

from __future__ import annotations

from textual.widgets import DataTable, Input, TabbedContent, TextArea

from console.backend import messages as m
from console.ui.app import BackendMessage
from console.ui.screens.help import HelpScreen
from console.ui.screens.login import LoginScreen
from console.ui.screens.main import MainScreen
from console.ui.screens.sort_picker import SortPicker
from console.ui.screens.xml import XmlScreen
from console.ui.widgets.chrome.header import ConsoleHeader
from console.ui.widgets.chrome.status_line import StatusLine
from console.ui.widgets.detail.detail_pane import DetailPane
from console.ui.widgets.tree.inventory_tree import InventoryTree
from tests.ui.conftest import SIZE, Harness, engine_settings
from tests.ui.screen_text import screen_text


def names(screen: MainScreen) -> list[str]:
    table = screen.table
    return [table.model.record(i).name for i in table.model.order]


async def test_login_with_settings_goes_to_main_screen_and_fills_header():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, MainScreen)
        header = h.app.screen.query_one(ConsoleHeader)
        assert (header.product, header.version, header.user, header.state) == (
            "oVirt Engine", "4.3.8.2-1.el7", "admin@internal", "connected")
        assert header.refresh_interval == 10.0
        assert not header.read_only
        assert h.backend.calls[0] == ("start",)
        assert any(isinstance(p, m.Connected) for p in h.app.received)


async def test_login_screen_asks_for_password_and_connects():
    h = Harness(engine_settings(password=None))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, LoginScreen)
        assert h.backends == []
        assert h.app.focused.id == "login-password"
        assert h.app.screen.query_one("#login-password", Input).password  # masked
        await pilot.press(*"secret", "enter")
        await pilot.pause()
        assert isinstance(h.app.screen, MainScreen)
        assert h.backend.settings.password == "secret"
        assert h.backend.settings.url == "https://engine.example.com/ovirt-engine/api"


async def test_wrong_password_shows_one_line_on_login_screen():
    h = Harness(engine_settings(password="wrong"))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, LoginScreen)
        text = screen_text(h.app)
        assert "✗ Wrong user name or password for admin@internal: check them and retry" in text
        assert "Traceback" not in text
        assert h.backend.calls[-1] == ("stop",)
        # Retrying with the right password from the same screen works.
        await pilot.click("#login-password")
        await pilot.press(*"secret", "enter")
        await pilot.pause()
        assert isinstance(h.app.screen, MainScreen)


async def test_refused_connection_is_shown_with_the_fix():
    message = "Connection refused by engine.example.com:443: is the engine running and the URL right?"
    h = Harness(engine_settings(), fail=message)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, LoginScreen)
        assert f"✗ {message}" in screen_text(h.app)


async def test_bad_url_is_refused_before_any_backend_starts():
    h = Harness(None)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert h.app.screen.query_one("#login-demo").display  # no URL: the demo is offered
        await pilot.click("#login-url")
        await pilot.press(*"ftp://x", "tab", "tab", *"pw", "enter")
        await pilot.pause()
        assert h.backends == []
        assert "unsupported URL scheme 'ftp'" in screen_text(h.app)


async def test_demo_button_starts_a_demo_backend():
    h = Harness(None)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#login-demo")
        await pilot.pause()
        assert h.backend.settings.demo and h.backend.demo is not None
        assert isinstance(h.app.screen, MainScreen)


async def test_engine_text_is_rendered_literally():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(h.app)
        assert "web[1]" in text and "[red]x" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "bell red" in text  # the escape sequence is stripped, the text kept


async def test_views_switch_with_colon_commands_and_number_keys():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        assert screen.view == "vms"
        await pilot.press("colon", *"hosts", "enter")
        assert screen.view == "hosts" and names(screen) == ["bodh1", "bodh2"]
        await pilot.press("colon", *"sds", "enter")
        assert screen.view == "storage_domains" and len(screen.table.model.order) == 8
        for key, kind in [("1", "vms"), ("2", "hosts"), ("3", "clusters"), ("4", "data_centers"),
                          ("5", "storage_domains"), ("6", "networks"), ("7", "templates"), ("8", "disks"),
                          ("9", "events"), ("0", "jobs")]:
            await pilot.press(key)
            assert screen.view == kind
            assert screen.table.model.total == h.app.inventory.count_of(kind) > 0
        await pilot.press("colon", *"zz", "enter")
        assert screen.query_one(StatusLine).message == "unknown command 'zz'"


async def test_command_prompt_completes_and_keeps_history():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("colon", *"stor")
        await pilot.pause()
        await pilot.press("tab")
        assert screen.query_one("#prompt", Input).value == "storage"
        await pilot.press("enter")
        assert screen.view == "storage_domains"
        await pilot.press("colon", "up")
        assert screen.query_one("#prompt", Input).value == "storage"
        await pilot.press("escape")
        assert not screen.query_one("#prompt").display
        assert screen.view == "storage_domains"


async def test_filter_substring_regex_and_inverted():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("slash", *"vm_", "enter")
        assert names(screen) == ["vm_off", "vm_on"]
        assert screen.query_one(StatusLine).filter_text == "vm_"
        await pilot.press("slash", "ctrl+u", *"~^vm_o(n|ff)$", "enter")
        assert names(screen) == ["vm_off", "vm_on"]
        await pilot.press("slash", "ctrl+u", *"!vm_", "enter")
        assert names(screen) == ["web[1]", "[red]x", "bell\x07\x1b[31mred"]
        await pilot.press("slash", "ctrl+u", *"web[1]", "enter")  # brackets are literal text
        assert names(screen) == ["web[1]"]
        await pilot.press("escape")  # esc clears the filter, nothing else
        assert len(names(screen)) == 5
        await pilot.press("slash", "up")
        assert screen.query_one("#prompt", Input).value == "web[1]"


async def test_sort_by_shift_letter_and_picker_keeps_cursor_on_object():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("down")
        assert screen.table.cursor_record.name == "vm_on"
        await pilot.press("N")
        assert names(screen) == sorted(names(screen), key=str.lower)
        assert screen.table.cursor_record.name == "vm_on"  # the cursor followed its VM
        await pilot.press("N")
        assert names(screen) == sorted(names(screen), key=str.lower, reverse=True)
        assert screen.query_one(StatusLine).sort_text == "name ▼"
        await pilot.press("o")
        assert isinstance(h.app.screen, SortPicker)
        await pilot.press("down", "enter")  # from "name" to the next column, "host"
        assert screen.table.model.sort_column == "host"
        assert screen.table.cursor_record.name == "vm_on"


async def test_server_side_search_sends_the_query_verbatim():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("colon", *"search vms status=up sortby name", "enter")
        await pilot.pause()
        assert ("search", "vms", "status=up sortby name") in h.backend.calls
        assert names(screen) == ["vm_on"]
        assert "search “status=up sortby name”" in screen.query_one(StatusLine).scope
        await pilot.press("escape")
        assert len(names(screen)) == 5


async def choose(pilot, tree: InventoryTree, node) -> None:
    """Put the tree cursor on ``node`` and press enter, as an admin would."""
    tree.focus()
    tree.move_cursor(node)
    await pilot.press("enter")
    await pilot.pause()


async def test_tree_scopes_the_main_view():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        tree = screen.query_one(InventoryTree)
        assert [str(n.label) for n in tree.root.children] == ["▲ Newd", "▲ newd1", "• Default"]
        assert all(not n.children for n in tree.root.children)  # nothing built before it is opened
        dc = tree.root.children[1]
        await choose(pilot, tree, dc)  # data center newd1 → its clusters
        assert screen.view == "clusters" and names(screen) == ["newd1_cluster"]
        assert dc.is_expanded
        assert [str(c.label) for c in dc.children] == ["• newd1_cluster", "Storage (3)", "Networks (1)"]
        cluster = dc.children[0]
        await choose(pilot, tree, cluster)  # cluster → its VMs
        odd = ["web[1]", "[red]x", "bell\x07\x1b[31mred"]  # clones of vm_off in the same cluster
        assert screen.view == "vms" and names(screen) == ["vm_off", "vm_on", *odd]
        assert [str(c.label) for c in cluster.children] == ["▲ bodh1 1 VMs", "Not running (4)"]
        host = cluster.children[0]
        await choose(pilot, tree, host)  # host → the VMs running on it
        assert names(screen) == ["vm_on"]
        assert screen.query_one(StatusLine).scope == "host bodh1, running"
        assert [str(c.label) for c in host.children] == ["▲ vm_on"]
        await choose(pilot, tree, cluster.children[1])  # not running
        assert names(screen) == ["vm_off", *odd]
        storage = dc.children[1]
        await choose(pilot, tree, storage)
        assert screen.view == "storage_domains"
        assert sorted(names(screen)) == ["data_spider_1", "iscsi_n", "yellow"]
        await choose(pilot, tree, storage.children[0])  # one domain: its row is selected
        assert screen.table.cursor_record.name == storage.children[0].label.plain[2:]
        await choose(pilot, tree, dc.children[2])
        assert screen.view == "networks" and names(screen) == ["ovirtmgmt"]
        screen.table.focus()
        await pilot.press("escape")  # esc drops the scope, nothing else
        assert screen.view == "networks" and len(names(screen)) == 3


async def test_tree_follows_inventory_changes_keeping_nodes_open():
    import dataclasses

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        tree = screen.query_one(InventoryTree)
        dc = tree.root.children[1]
        dc.expand()
        await pilot.pause()
        cluster = dc.children[0]
        cluster.expand()
        await pilot.pause()
        host = next(x for x in h.app.inventory.records("hosts") if x.name == "bodh1")
        screen.handle(m.RecordUpdated("hosts", host.id, dataclasses.replace(host, status="maintenance")))
        await pilot.pause()
        assert dc.is_expanded and cluster.is_expanded
        assert str(cluster.children[0].label) == "◆ bodh1 1 VMs"


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
        assert nics.row_count == 1 and not nics.loading
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
        assert not screen.query(DetailPane)


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
            assert [p.id for p in pane.plans][0] == "general"
            assert str(screen.query_one("#general-fields").render()).strip()
            assert len(pane.query("TabPane")) == len(PLANS[kind])
        await pilot.press("escape")
        assert not screen.query(DetailPane)


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


async def test_progress_shows_while_loading_and_clears():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        screen.handle(m.LoadProgress("vms", 4200))
        assert "loading vms: 4,200 received" in screen.query_one(StatusLine).progress
        await pilot.press("2")  # keyboard works during the load
        assert screen.view == "hosts"
        screen.handle(m.LoadProgress("vms", 10000, done=True))
        assert screen.query_one(StatusLine).progress == ""


async def test_record_update_repaints_and_keeps_cursor():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("down")
        vm = screen.table.cursor_record
        import dataclasses

        screen.handle(m.RecordUpdated("vms", vm.id, dataclasses.replace(vm, name="renamed")))
        await pilot.pause()
        assert screen.table.cursor_record.name == "renamed"
        assert "renamed" in screen_text(h.app)
        screen.handle(m.RecordUpdated("vms", vm.id, None))
        assert screen.table.cursor_id != vm.id


async def test_backend_error_is_shown_not_raised():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        screen.handle(m.BackendError("search vms", "Cannot search: syntax error near 'x'"))
        assert "Cannot search" in screen.query_one(StatusLine).message


async def test_quit_key_and_read_only_badge():
    h = Harness(engine_settings(read_only=True))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "READ-ONLY" in screen_text(h.app)
        await pilot.press("q")
        await pilot.pause()
    assert h.backend.calls[-1] == ("stop",)




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


async def test_marked_rows_are_drawn_and_kept():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = h.app.screen.table
        table.toggle_mark()
        await pilot.press("down")
        table.toggle_mark()
        assert [r.name for r in table.model.targets()] == ["vm_off", "vm_on"]
        h.app.screen.handle(m.RecordsLoaded("vms", tuple(h.app.inventory.records("vms")), replace=True))
        assert len(table.model.marked) == 2


async def test_header_shows_reconnecting_stale_data_and_running_jobs():
    import dataclasses
    from datetime import datetime, timezone

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        stale = datetime(2020, 2, 20, 11, 58, 30, tzinfo=timezone.utc).timestamp()
        h.app.post_message(BackendMessage(m.ConnectionState("reconnecting", attempt=3, next_retry_in=8.0,
                                                           stale_since=stale)))
        await pilot.pause()
        header = h.app.screen.query_one(ConsoleHeader)
        assert header.state == "reconnecting"
        assert header.state_detail == "attempt 3, next in 8s; stale since 11:58:30 UTC"
        assert "reconnecting (attempt 3, next in 8s; stale since 11:58:30 UTC)" in screen_text(h.app)
        job = h.app.inventory.records("jobs")[0]
        h.app.screen.handle(m.RecordsLoaded("jobs", (dataclasses.replace(job, status="started"),), replace=True))
        assert header.running_jobs == 1
        assert "jobs: 1" in screen_text(h.app)


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
