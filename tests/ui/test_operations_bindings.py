"""The footer is rebuilt only when what the operations allow changes, not on every
cursor move: rebuilding it cost 15-30 ms of CPU per key while a refresh streamed in."""

from __future__ import annotations

import dataclasses
from typing import Any

from console.ui.widgets.table.resource_table import ResourceTable
from tests.ui.conftest import SIZE, Harness, engine_settings
from tests.ui.fakes import dataset


def _vms(statuses: list[str]) -> dict[str, list[Any]]:
    """Rows in name order with the given statuses (vm-00 … vm-NN)."""
    data = dataset()
    template = data["vms"][0]
    data["vms"] = [dataclasses.replace(template, id=f"vm-{n:02d}", name=f"vm-{n:02d}", status=status)
                   for n, status in enumerate(statuses)]
    return data


def _count_refreshes(screen: Any) -> list[int]:
    calls = [0]
    original = screen.refresh_bindings

    def counting() -> None:
        calls[0] += 1
        original()

    screen.refresh_bindings = counting
    return calls


async def test_moving_between_rows_that_allow_the_same_operations_keeps_the_footer():
    h = Harness(engine_settings(), data=_vms(["down", "down", "down", "down", "up"]))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        table = screen.query_one("#table-vms", ResourceTable)
        assert table.cursor_id == "vm-00"
        calls = _count_refreshes(screen)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert table.cursor_id == "vm-03"
        assert calls[0] == 0
        # A running VM: start is refused, stop allowed — the footer must say so.
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_id == "vm-04"
        assert calls[0] == 1
        assert screen.check_operation("op_vm_start", True) is None
        await pilot.press("up")
        await pilot.pause()
        assert calls[0] == 2
        assert screen.check_operation("op_vm_start", True) is True


async def test_with_marks_the_cursor_moves_without_touching_the_footer():
    h = Harness(engine_settings(), data=_vms(["down", "up", "up"]))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        table = screen.query_one("#table-vms", ResourceTable)
        calls = _count_refreshes(screen)
        screen.action_mark_toggle()  # marks vm-00 (down), the cursor moves on to vm-01 (up)
        await pilot.pause()
        assert table.cursor_id == "vm-01" and calls[0] == 0  # the target is still the down VM
        await pilot.press("down")  # marks are the targets: where the cursor is does not matter
        await pilot.pause()
        assert table.cursor_id == "vm-02" and calls[0] == 0
        assert screen.check_operation("op_vm_start", True) is True
        screen.action_mark_clear()  # the cursor's running VM is the target now
        await pilot.pause()
        assert calls[0] == 1
        assert screen.check_operation("op_vm_start", True) is None
