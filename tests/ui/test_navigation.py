"""Views, prompts, filter, sort, engine search, the tree, marks: what an admin does, and what is sent."""

from __future__ import annotations

from textual.widgets import Input

from console.backend import messages as m
from console.ui.screens.main import MainScreen
from console.ui.screens.sort_picker import SortPicker
from console.ui.widgets.chrome.status_line import StatusLine
from console.ui.widgets.tree.inventory_tree import InventoryTree
from tests.ui.conftest import SIZE, Harness, engine_settings
from tests.ui.screen_text import screen_text


def names(screen: MainScreen) -> list[str]:
    table = screen.table
    return [table.model.record(i).name for i in table.model.order]


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


async def test_status_change_elsewhere_does_not_repaint_the_vm_table():
    import dataclasses

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        table = screen.table
        calls: list[str] = []
        original = table.invalidate
        table.invalidate = lambda: (calls.append("invalidate"), original())[1]  # type: ignore[method-assign]
        host = h.app.inventory.records("hosts")[0]
        screen.handle(m.RecordUpdated("hosts", host.id, dataclasses.replace(host, status="maintenance")))
        assert calls == []  # the VM rows show the host's name, which did not change
        screen.handle(m.RecordUpdated("hosts", host.id, dataclasses.replace(host, name="bodh1-new")))
        assert calls == ["invalidate"]
        await pilot.pause()
        assert "bodh1-new" in screen_text(h.app)


async def test_events_view_follows_the_tail():
    import dataclasses

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("9")
        events = h.app.inventory.records("events")
        assert screen.table.cursor_id == events[-1].id  # opens on the newest, at the bottom
        newer = dataclasses.replace(events[-1], id="9999", description="newest")
        screen.handle(m.RecordsLoaded("events", (newer,), replace=False))
        assert screen.table.cursor_record.description == "newest"
        await pilot.press("home")  # looking at older events: new ones do not move the cursor
        screen.handle(m.RecordsLoaded("events", (dataclasses.replace(newer, id="10000"),), replace=False))
        assert screen.table.model.cursor_index == 0
