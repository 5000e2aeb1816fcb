"""Bulk operations end to end: marks, the typed count, skipped objects, one engine refusal among successes."""

from __future__ import annotations

import pytest

from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.dialogs.maintenance import MaintenanceDialog
from console.ui.dialogs.remove_vm import RemoveVmDialog
from console.ui.dialogs.snapshot import SnapshotDialog
from tests.ui.screen_text import screen_text
from tests.ui.test_operations import (
    SIZE,
    Simulated,
    finished,
    notifications,
    ready,
    until,
)


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    """The audit log goes to a temporary state directory, never the developer's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def sim():
    simulated = Simulated()
    yield simulated
    simulated.stop()


async def mark(pilot, screen, ids) -> None:
    for ident in ids:
        assert screen.table.select(ident)
        await pilot.press("space")
    await pilot.pause()


async def test_bulk_start_of_six_types_the_count_and_reports_each_object(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        downs = [vm for vm in sim.engine.vms.values() if vm.status == "down"][:5]
        suspended = sim.vm("suspended")
        up = sim.vm("up")
        targets = [*downs, suspended]
        await mark(pilot, screen, [vm.id for vm in (*targets, up)])
        assert screen.table.model.marked == {vm.id for vm in (*targets, up)}
        assert "7 marked" in screen.query_one("#operation-line").content.plain
        # Behind the console's back the engine starts one of them: its refusal must come back in its words.
        stale = downs[0]
        with sim.engine.lock:
            stale.status, stale.host_id = "up", up.host_id
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert {t.id for t in dialog.request.targets} == {vm.id for vm in targets}
        assert dialog.request.skipped == ((up.name, "VM is already up"),)
        assert dialog.request.typed == "6"
        text = screen_text(app)
        assert "Run 6 VMs?" in text and all(vm.name in text for vm in targets)
        assert f"skipped: {up.name} (VM is already up)" in text
        await pilot.press("5", "enter")
        await pilot.pause()
        assert app.screen is dialog and sim.changes() == []
        await pilot.press("backspace", "6", "enter")
        await until(pilot, lambda: len(finished(app)) == 6)
        results = {f.id: f for f in finished(app)}
        assert set(results) == {vm.id for vm in targets}
        assert not results[stale.id].ok and results[stale.id].message == "Cannot run VM. VM is running."
        assert all(results[vm.id].ok for vm in targets if vm is not stale)
        assert sim.posts(f"/vms/{up.id}/start") == []  # skipped: never sent
        sent = {r["path"].split("/")[-2] for r in sim.changes() if r["path"].endswith("/start")}
        assert sent == {vm.id for vm in targets}
        await pilot.pause()
        notes = notifications(app)
        assert f"Run failed: {stale.name}: Cannot run VM. VM is running." in notes
        assert "Run: 5 of 6 accepted, 1 failed" in notes
        assert not screen.table.model.marked  # marks are spent by the operation
        assert "1 of 6 failed" in screen.query_one("#operation-line").content.plain


async def test_mark_all_filtered_and_clear(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("slash", *"^web", "enter")
        shown = set(screen.table.model.order)
        assert shown and len(shown) < sim.vms
        await pilot.press("asterisk")
        assert screen.table.model.marked == shown
        await pilot.press("ctrl+backslash")
        assert not screen.table.model.marked


async def test_snapshot_dialog_validates_and_sends_the_cleaned_description(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("up")
        screen.table.select(vm.id)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SnapshotDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "a description is required" in screen_text(app)
        await pilot.press(*"before update")
        await pilot.press("tab", "space", "shift+tab")  # with memory, back to the description
        dialog.query_one("#op-description").value += "\x1b[31m\x07"  # pasted escapes are dropped
        await pilot.press("enter")
        await until(pilot, lambda: bool(finished(app)))
        done = finished(app)[0]
        assert done.ok and done.action == "snapshot"
        snaps = [s for s in sim.engine.snapshots.get(vm.id, ()) if s.description.startswith("before update")]
        assert len(snaps) == 1 and snaps[0].description == "before update[31m"
        assert snaps[0].persist_memorystate


async def test_host_maintenance_lists_the_vms_to_migrate_and_types_the_name(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("2")
        host = next(h for h in sim.engine.hosts.values() if h.status == "up"
                    and any(v.host_id == h.id and v.status == "up" for v in sim.engine.vms.values()))
        running = sorted(v.name for v in sim.engine.vms.values() if v.host_id == host.id and v.status == "up")
        screen.table.select(host.id)
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MaintenanceDialog)
        assert sorted(vm for _host, vm in dialog.running) == running
        assert dialog.request.typed == host.name  # VMs run on it: dangerous
        assert f"{len(running)} running VM(s) will be migrated away" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and sim.changes() == []
        maintenance = next(h for h in sim.engine.hosts.values() if h.status == "maintenance")
        screen.table.select(maintenance.id)
        await pilot.pause()
        assert screen.check_action("op_object_maintenance", ()) is None
        assert screen.check_action("op_object_activate", ()) is True
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.screen.request.typed is None
        await pilot.press("enter")
        await until(pilot, lambda: bool(finished(app)))
        assert finished(app)[0].ok and len(sim.posts(f"/hosts/{maintenance.id}/activate")) == 1


async def test_remove_vm_keeping_disks_is_typed_and_sends_detach_only(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("down")
        screen.table.select(vm.id)
        await pilot.press("ctrl+d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RemoveVmDialog) and dialog.request.typed == vm.name
        dialog.query_one("#op-keep-disks").value = True
        dialog.query_one("#op-typed").focus()
        await pilot.press(*vm.name, "enter")
        await until(pilot, lambda: bool(finished(app)))
        assert finished(app)[0].ok
        deletes = [r for r in sim.changes() if r["method"] == "DELETE" and r["path"].endswith(f"/vms/{vm.id}")]
        assert len(deletes) == 1 and "detach_only=true" in deletes[0]["query"]


async def test_storage_domain_maintenance_uses_the_shared_key_within_its_data_center(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("5")
        await until(pilot, lambda: screen.view == "storage_domains" and screen.table.model.total > 0)
        domain = next(sd for sd in sim.engine.storage_domains.values()
                      if sd.status == "active" and sd.name == "iso")
        screen.table.select(domain.id)
        await pilot.pause()
        assert screen.check_action("op_object_maintenance", ()) is True
        assert screen.check_action("op_vm_start", ()) is False
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.request.noun == "storage domain"
        assert "Maintenance 1 storage domain?" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: bool(finished(app)))
        done = finished(app)[0]
        assert done.ok and done.kind == "storage_domains" and done.action == "deactivate"
        sent = sim.posts(f"/storagedomains/{domain.id}/deactivate")
        assert len(sent) == 1 and "/datacenters/" in sent[0]["path"]
