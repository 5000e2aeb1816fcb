"""Operation dialogs on their own: validation, typed confirmation, esc, and SVG snapshots.

A bare app hosts each dialog, so what is tested is the dialog and nothing else.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widgets import Button, Input

from console.ui.dialogs.confirm import MAX_LISTED, ConfirmDialog, Request, Target
from console.ui.dialogs.maintenance import MaintenanceDialog
from console.ui.dialogs.migrate import HostChoice, MigrateDialog
from console.ui.dialogs.remove_vm import RemoveVmDialog
from console.ui.dialogs.snapshot import SnapshotDialog
from console.ui.dialogs.validation import (
    MAX_DESCRIPTION,
    clean_description,
    typed_matches,
)
from console.ui.paths import stylesheets
from tests.ui.conftest import SIZE

GiB = 1024**3


class Host(App[None]):
    CSS_PATH = stylesheets()

    def __init__(self, dialog: ConfirmDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def request(*names: str, dangerous: bool = False, skipped=(), title="Run", note="") -> Request:
    return Request(title, "VM", tuple(Target(f"id-{n}", n) for n in names), tuple(skipped),
                   dangerous=dangerous, note=note)


HOSTS = (HostChoice("h1", "host-01", 12.0, 7, 48 * GiB), HostChoice("h3", "host-03", 63.5, 15, 6 * GiB))


# -- pure validation ----------------------------------------------------------------------
def test_description_is_required_bounded_and_loses_control_characters():
    assert clean_description("  ") == ("", "a description is required")
    assert clean_description("\x1b\x07\t") == ("", "a description is required")
    assert clean_description(" before\x00 update\x1b[2J\u200b ") == ("before update[2J", None)
    assert clean_description("x" * MAX_DESCRIPTION) == ("x" * MAX_DESCRIPTION, None)
    _text, error = clean_description("x" * (MAX_DESCRIPTION + 1))
    assert error == "the description is 4,001 characters; at most 4,000"
    assert clean_description("réplica 東京 ✓") == ("réplica 東京 ✓", None)


def test_typed_confirmation_is_exact():
    assert typed_matches("web-01", " web-01 ")
    assert not typed_matches("web-01", "WEB-01") and not typed_matches("web-01", "web-0")
    assert not typed_matches("", "")
    assert request("a", "b", dangerous=True).typed == "2" and request("a", dangerous=True).typed == "a"
    assert request("a").typed is None


# -- behaviour ----------------------------------------------------------------------------
async def test_esc_and_cancel_dismiss_with_nothing():
    for keys in (("escape",), ("tab", "enter")):  # tab: from Confirm to Cancel
        app = Host(ConfirmDialog(request("web-01")))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
        assert app.results == [None]


async def test_confirm_dismisses_with_the_parameters():
    app = Host(ConfirmDialog(request("web-01")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [{}]


async def test_typed_dialog_keeps_confirm_disabled_until_the_name_is_typed():
    app = Host(ConfirmDialog(request("web[1]", dangerous=True, title="Power off")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        confirm = app.screen.query_one("#op-confirm", Button)
        assert confirm.disabled and isinstance(app.focused, Input)
        await pilot.press(*"web[1", "enter")
        assert app.results == [] and confirm.disabled
        await pilot.press("]")
        assert not confirm.disabled
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [{}]


async def test_migrate_returns_the_chosen_host_or_the_scheduler_and_force():
    app = Host(MigrateDialog(request("web-01", title="Migrate…"), HOSTS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.results == [{"host": "h3", "force": None}]
    app = Host(MigrateDialog(request("web-01", title="Migrate…"), HOSTS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#op-force").value = True
        app.screen.query_one("#op-hosts").focus()
        await pilot.press("enter")  # the scheduler's choice, highlighted first
        await pilot.pause()
    assert app.results == [{"host": None, "force": True}]


async def test_snapshot_refuses_an_empty_description_then_sends_it_clean():
    app = Host(SnapshotDialog(request("web-01", title="Create snapshot…")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert "a description is required" in str(app.screen.query_one("#op-error").render())
        await pilot.press(*"nightly", "enter")
        await pilot.pause()
    assert app.results == [{"description": "nightly", "persist_memorystate": False}]


async def test_maintenance_reason_and_remove_keep_disks():
    app = Host(MaintenanceDialog(request("host-01", title="Maintenance…"), []))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"kernel", "enter")
        await pilot.pause()
    assert app.results == [{"reason": "kernel"}]
    app = Host(RemoveVmDialog(request("web-01", dangerous=True, title="Remove…")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#op-keep-disks").value = True
        await pilot.press(*"web-01", "enter")
        await pilot.pause()
    assert app.results == [{"detach_only": True}]


# -- snapshots ----------------------------------------------------------------------------
def _no_blink(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


async def _settle(pilot) -> None:
    await pilot.pause()
    _no_blink(pilot)


class TestDialogSnapshots:
    def test_confirm(self, snap_compare):
        app = Host(ConfirmDialog(request("web-01", note="")))
        assert snap_compare(app, terminal_size=SIZE, run_before=_settle)

    def test_migrate(self, snap_compare):
        app = Host(MigrateDialog(request("web-01", title="Migrate…",
                                         note="Cluster prod: 2 up host(s) can take it."), HOSTS))
        assert snap_compare(app, terminal_size=SIZE, run_before=_settle)

    def test_bulk_typed(self, snap_compare):
        names = [f"web-{i:02}" for i in range(1, MAX_LISTED + 3)]
        app = Host(ConfirmDialog(request(*names, dangerous=False, title="Power off",
                                         skipped=[("db-01", "VM is already down")])))
        assert app.dialog.request.typed is None
        app = Host(ConfirmDialog(Request("Power off", "VM", tuple(Target(n, n) for n in names),
                                         (("db-01", "VM is already down"),), dangerous=True)))
        assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


@pytest.mark.parametrize("count", [1, 2])
def test_heading_names_the_count(count):
    names = [f"vm-{i}" for i in range(count)]
    assert request(*names).heading() == ("Run 1 VM?" if count == 1 else "Run 2 VMs?")
