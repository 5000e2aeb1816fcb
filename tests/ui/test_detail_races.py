"""The detail pane while a large reload streams in: messages that reach a pane
between ``mount()`` and its compose, or after esc removed it, must not crash."""

from __future__ import annotations

import dataclasses

from textual.widgets import TabbedContent

from console.backend import messages as m
from console.ui.widgets.detail.detail_pane import DetailPane
from console.ui.widgets.table.resource_table import ResourceTable
from tests.ui.conftest import Harness, engine_settings, main_screen
from tests.ui.fakes import dataset


async def test_a_batch_arriving_before_the_pane_is_built_shows_on_mount():
    async with main_screen() as (h, pilot, screen):
        record = h.app.inventory.records("vms")[0]
        pane = screen.open_detail("vms", record)
        # Same tick as mount(): the pane has no children yet when the batch lands.
        renamed = dataclasses.replace(record, name="renamed-while-mounting")
        screen.handle(m.RecordsLoaded("vms", (renamed,), replace=False, final=True))
        await pilot.pause()
        assert pane.record is h.app.inventory.get("vms", record.id)
        assert "renamed-while-mounting" in str(screen.query_one("#detail-title").render())
        assert "renamed-while-mounting" in str(screen.query_one("#general-fields").render())


async def test_esc_before_the_pane_mounts_does_not_crash():
    async with main_screen() as (h, pilot, screen):
        screen.open_detail("vms", h.app.inventory.records("vms")[0])
        assert screen.close_detail()
        await pilot.pause()
        assert not screen.query(DetailPane)
        assert screen.detail is None


async def test_a_stale_cursor_message_after_a_new_pane_mounted_is_ignored():
    async with main_screen(batch=2) as (h, pilot, screen):
        table = screen.query_one("#table-vms", ResourceTable)
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one(TabbedContent).active = "tab-disks"
        await pilot.pause()
        # Two moves in one tick: the first CursorMoved opens a pane for the row the cursor
        # rests on now; the second (stale by then) reaches it before it is built.
        table.action_cursor(1)
        table.action_cursor(1)
        # …while a reload streams in batches.
        h.backend.refresh("vms")
        await pilot.pause()
        await pilot.pause()
        panes = list(screen.query(DetailPane))
        assert len(panes) == 1
        pane = panes[0]
        assert pane.ident == table.cursor_id == h.app.inventory.records("vms")[2].id
        assert pane.active_tab == "disks"


def test_active_tab_of_an_unbuilt_pane_is_its_first_tab():
    h = Harness(engine_settings())
    record = dataset()["vms"][0]
    pane = DetailPane("vms", record, h.app.inventory, h.app.inventory.context(h.app.now()))
    assert pane.active_tab == "general"
    pane.show_tab("disks")  # nothing to switch yet: no error either


async def test_a_reload_redraws_the_open_pane_only_when_its_object_changed():
    async with main_screen() as (h, pilot, screen):
        record = h.app.inventory.records("vms")[0]
        pane = screen.open_detail("vms", record)
        await pilot.pause()
        redraws = []
        real = pane.update_record
        pane.update_record = lambda *args: (redraws.append(args[0]), real(*args))
        # A reload re-reads every VM: an equal copy of this one changes nothing on screen.
        screen.handle(m.RecordsLoaded("vms", (dataclasses.replace(record),), replace=False, final=True))
        await pilot.pause()
        assert redraws == [] and pane.record is record
        changed = dataclasses.replace(record, description="moved to rack 7")
        screen.handle(m.RecordsLoaded("vms", (changed,), replace=False, final=True))
        await pilot.pause()
        assert redraws == [changed] and pane.record is changed
        assert "moved to rack 7" in str(screen.query_one("#general-fields").render())


async def test_a_host_change_refills_its_vms_tab_only_when_its_vms_changed():
    async with main_screen() as (h, pilot, screen):
        host = next(x for x in h.app.inventory.records("hosts") if h.app.inventory.running_on(x.id))
        pane = screen.open_detail("hosts", host)
        await pilot.pause()
        pane.show_tab("vms")
        await pilot.pause()
        fills = pane._fills["vms"]
        screen.handle(m.RecordUpdated("hosts", host.id, dataclasses.replace(host, status="maintenance")))
        await pilot.pause()
        assert "maintenance" in str(screen.query_one("#general-fields").render())
        assert pane._fills["vms"] == fills  # the same VMs run there: the table is left alone
        vm = h.app.inventory.running_on(host.id)[0]
        h.app.inventory.apply_update("vms", vm.id, dataclasses.replace(vm, name="renamed-on-host"))
        screen.handle(m.RecordUpdated("hosts", host.id, dataclasses.replace(host, status="up")))
        await pilot.pause()
        assert pane._fills["vms"] == fills + 1
        assert any(str(cell) == "renamed-on-host" for cell in screen.query_one("#detail-vms").get_row_at(0))
