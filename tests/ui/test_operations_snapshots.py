"""Snapshot operations end to end: preview (picker, restore memory), commit, undo, remove.

Against a fresh in-process simulator per test (see test_operations.py): the VM's
snapshots are read first, the dialog opens, and only a confirmation sends anything.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from textual.widgets import Button, Checkbox, OptionList

from console.simulator.model import Snapshot
from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.dialogs.snapshot_pick import SnapshotPickDialog
from console.ui.operations.snapshots import plan
from console.ui.operations.specs import BY_ID
from tests.ui.conftest import SIZE
from tests.ui.screen_text import screen_text
from tests.ui.test_operations import Simulated, finished, notifications, ready, until


@pytest.fixture
def sim():
    simulated = Simulated()
    yield simulated
    simulated.stop()


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def down_vm_with_snapshot(sim: Simulated):
    """web-01 in the seed: down, with one regular snapshot; a newer one with memory is added."""
    engine = sim.engine
    for vm in engine.vms.values():
        snaps = [s for s in engine.snapshots.get(vm.id, ()) if s.snapshot_type == "regular"]
        if vm.status == "down" and snaps:
            with engine.lock:
                memory = Snapshot(id=engine.new_id(), vm_id=vm.id, description="with-ram",
                                  date=snaps[0].date + timedelta(hours=1), persist_memorystate=True,
                                  disk_ids=snaps[0].disk_ids)
                engine.snapshots[vm.id].append(memory)
            return vm, snaps[0], memory
    raise AssertionError("the seed has no down VM with a snapshot")


def put_in_preview(sim: Simulated, vm, snap) -> None:
    """The engine's state after a finished preview (as lifecycle/snapshot.preview leaves it)."""
    with sim.engine.lock:
        snap.snapshot_status = "in_preview"
        sim.engine.snapshots[vm.id].append(Snapshot(id=sim.engine.new_id(), vm_id=vm.id,
                                                    description="Active VM before the preview",
                                                    date=sim.engine.now, snapshot_type="preview"))


async def open_dialog(pilot, app, key: str):
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
    await pilot.pause()
    return app.screen


async def test_preview_picks_a_snapshot_and_restores_its_memory(sim):
    vm, older, memory = down_vm_with_snapshot(sim)
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        assert screen.table.select(vm.id)
        assert screen.check_action("op_vm_preview_snapshot", ()) is True
        dialog = await open_dialog(pilot, app, "b")
        assert isinstance(dialog, SnapshotPickDialog)
        assert [s.description for s in dialog.snapshots] == ["with-ram", "before-upgrade"]  # newest first
        text = screen_text(app)
        assert "Preview snapshot 1 VM?" in text and vm.name in text and "memory" in text
        box = dialog.query_one("#op-restore-memory", Checkbox)
        assert not box.disabled  # the highlighted snapshot saved the VM's RAM
        await pilot.press("down")
        await pilot.pause()
        assert box.disabled  # before-upgrade has no memory to restore
        await pilot.press("up")
        await pilot.pause()
        box.value = True
        assert sim.changes() == []  # reading the snapshots changed nothing
        await pilot.click("#op-confirm")
        await until(pilot, lambda: bool(finished(app)))
        done = finished(app)[0]
        assert done.ok, done.message
        assert done.action == "preview_snapshot" and done.id == vm.id
        sent = sim.posts(f"/vms/{vm.id}/previewsnapshot")
        assert len(sent) == 1 and sent[0]["correlation_id"] == done.correlation_id
        assert memory.snapshot_status == "in_preview" and older.snapshot_status == "ok"
        assert sim.engine.vms[vm.id].status == "image_locked"


async def test_esc_on_the_snapshot_picker_sends_nothing(sim):
    vm, _, _ = down_vm_with_snapshot(sim)
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.table.select(vm.id)
        await open_dialog(pilot, app, "b")
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert app.screen is screen and sim.changes() == [] and finished(app) == []
        assert "cancelled, nothing was sent" in screen.query_one("#operation-line").content.plain


async def test_preview_of_a_running_vm_is_disabled_with_the_reason(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        vm = sim.vm("up")
        screen.table.select(vm.id)
        await pilot.pause()
        assert screen.check_action("op_vm_preview_snapshot", ()) is None
        for op in ("vm.preview_snapshot", "vm.commit_snapshot", "vm.undo_snapshot"):
            assert screen.operation_refusal(BY_ID[op]) == "VM is running: it must be down"
        assert screen.operation_refusal(BY_ID["vm.remove_snapshot"]) is None  # removed live
        await pilot.press("b")
        await pilot.pause(0.3)
        assert app.screen is screen
        assert "Not sent: Preview snapshot: VM is running: it must be down" in notifications(app)
        assert sim.changes() == []


async def test_undo_without_a_preview_says_why_and_sends_nothing(sim):
    vm, _, _ = down_vm_with_snapshot(sim)
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.table.select(vm.id)
        await pilot.press("ctrl+u")
        await until(pilot, lambda: any("not previewing" in n for n in notifications(app)))
        assert "Not sent: Undo snapshot preview: VM is not previewing a snapshot" in notifications(app)
        assert app.screen is screen and sim.changes() == []


@pytest.mark.parametrize(("key", "verb"), [("ctrl+t", "commitsnapshot"), ("ctrl+u", "undosnapshot")])
async def test_commit_or_undo_names_the_previewed_snapshot(sim, key, verb):
    vm, older, memory = down_vm_with_snapshot(sim)
    put_in_preview(sim, vm, older)
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.table.select(vm.id)
        dialog = await open_dialog(pilot, app, key)
        assert not isinstance(dialog, SnapshotPickDialog) and dialog.request.typed is None
        assert "'before-upgrade'" in dialog.request.note
        assert sim.changes() == []
        await pilot.click("#op-confirm")
        await until(pilot, lambda: bool(finished(app)))
        assert finished(app)[0].ok, finished(app)[0].message
        assert len(sim.posts(f"/vms/{vm.id}/{verb}")) == 1
        sim.clock.advance(60)
        sim.engine.advance()  # the engine's job ends
        snaps = sim.engine.snapshots[vm.id]
        assert older.snapshot_status == "ok" and all(s.snapshot_type != "preview" for s in snaps)
        # Commit drops the snapshots newer than the previewed one; undo keeps them.
        assert (memory in snaps) is (verb == "undosnapshot")


async def test_preview_while_previewing_is_refused_in_words(sim):
    vm, older, _ = down_vm_with_snapshot(sim)
    put_in_preview(sim, vm, older)
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.table.select(vm.id)
        await pilot.press("b")
        await until(pilot, lambda: any("commit or undo it first" in n for n in notifications(app)))
        assert app.screen is screen and sim.changes() == []


async def test_remove_snapshot_requires_typing_the_vm_name(sim):
    vm, older, memory = down_vm_with_snapshot(sim)
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        screen.table.select(vm.id)
        dialog = await open_dialog(pilot, app, "ctrl+e")
        assert isinstance(dialog, SnapshotPickDialog) and dialog.request.typed == vm.name
        assert not dialog.query("#op-restore-memory")  # only a preview restores memory
        dialog.query_one("#op-snapshots", OptionList).highlighted = 1  # before-upgrade
        confirm = dialog.query_one("#op-confirm", Button)
        assert confirm.disabled
        await pilot.press(*vm.name[:-1], "enter")
        await pilot.pause()
        assert app.screen is dialog and sim.changes() == []
        await pilot.press(vm.name[-1], "enter")
        await until(pilot, lambda: bool(finished(app)))
        assert finished(app)[0].ok, finished(app)[0].message
        deletes = [r for r in sim.changes() if r["method"] == "DELETE"]
        assert [r["path"] for r in deletes] == [f"/ovirt-engine/api/vms/{vm.id}/snapshots/{older.id}"]
        assert older.snapshot_status == "locked" and memory.snapshot_status == "ok"


async def test_snapshot_operations_take_one_vm_at_a_time(sim):
    app = sim.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("space", "space")
        await pilot.pause()
        assert len(screen.table.model.marked) == 2
        assert screen.operation_refusal(BY_ID["vm.remove_snapshot"]).startswith("one VM at a time")
        await pilot.press("ctrl+e")
        await pilot.pause(0.3)
        assert app.screen is screen and sim.changes() == []


def _record(status: str, kind: str = "regular", description: str = "s", hour: int = 0, memory: bool = False):
    return SimpleNamespace(id=f"{description}-id", description=description, snapshot_type=kind,
                           snapshot_status=status, persist_memorystate=memory,
                           date=datetime(2026, 1, 1, hour, tzinfo=UTC))


def test_plan_mirrors_the_engines_snapshot_checks():
    active = _record("ok", kind="active", description="Active VM")
    assert plan("preview_snapshot", [active]).refused == "VM has no snapshots"
    assert plan("remove_snapshot", [active, _record("locked")]).refused.startswith("VM's snapshots are locked")
    assert plan("commit_snapshot", [active, _record("ok")]).refused == "VM is not previewing a snapshot"
    chosen = plan("preview_snapshot", [active, _record("ok", description="a", hour=1),
                                       _record("ok", description="b", hour=2, memory=True),
                                       _record("locked", description="c", hour=3)])
    assert [(c.description, c.memory) for c in chosen.choices] == [("b", True), ("a", False)]
    previewing = [active, _record("in_preview", description="a")]
    assert plan("undo_snapshot", previewing).previewed.description == "a"
    assert plan("remove_snapshot", previewing).refused == "VM is previewing snapshot 'a': commit or undo it first"
