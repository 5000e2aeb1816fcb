"""Host maintenance: lists the VMs the engine will migrate away, and takes an optional reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from console.ui.dialogs.confirm import MAX_LISTED, ConfirmDialog, Request
from console.ui.dialogs.validation import clean_description

__all__ = ["MaintenanceDialog", "vm_lines"]


def vm_lines(vms: Sequence[tuple[str, str]]) -> Text:
    """``host: vm`` lines, literal, capped like the target list."""
    if not vms:
        return Text("No VMs run on it: nothing will be migrated.", style="dim", end="")
    text = Text(f"{len(vms)} running VM(s) will be migrated away:\n", style="yellow", end="")
    for host, vm in vms[:MAX_LISTED]:
        text.append("  • ")
        text.append(vm, style="bold")
        text.append(f"  (on {host})\n", style="dim")
    if len(vms) > MAX_LISTED:
        text.append(f"  … and {len(vms) - MAX_LISTED} more\n", style="dim")
    text.rstrip()
    return text


class MaintenanceDialog(ConfirmDialog):
    def __init__(self, request: Request, running: Sequence[tuple[str, str]]) -> None:
        super().__init__(request)
        self.running = tuple(running)

    def compose_options(self) -> ComposeResult:
        with VerticalScroll(id="op-vms"):
            yield Static(vm_lines(self.running))
        yield Static("Reason (optional, shown in the engine's events):", classes="op-label")
        yield Input(placeholder="e.g. kernel update", id="op-reason")

    def focus_first_option(self) -> None:
        self.query_one("#op-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "op-reason":
            event.stop()
            self.confirm()

    def params(self) -> dict[str, Any] | None:
        reason, _empty = clean_description(self.query_one("#op-reason", Input).value)
        return {"reason": reason} if reason else {}
