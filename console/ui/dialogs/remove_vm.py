"""Remove VM: always typed to confirm; the disks are removed with it unless kept."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox

from console.ui.dialogs.confirm import ConfirmDialog

__all__ = ["RemoveVmDialog"]


class RemoveVmDialog(ConfirmDialog):
    def compose_options(self) -> ComposeResult:
        yield Checkbox("Keep the disks (detach them instead of removing them)", id="op-keep-disks")

    def params(self) -> dict[str, Any] | None:
        keep = self.query_one("#op-keep-disks", Checkbox).value
        return {"detach_only": True} if keep else {}
