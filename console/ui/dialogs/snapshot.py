"""Create snapshot: a description (required, at most 4,000 characters) and whether to save memory."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Static

from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.dialogs.validation import MAX_DESCRIPTION, clean_description

__all__ = ["SnapshotDialog"]


class SnapshotDialog(ConfirmDialog):
    def compose_options(self) -> ComposeResult:
        yield Static("Description:", classes="op-label")
        yield Input(placeholder="e.g. before kernel update", max_length=MAX_DESCRIPTION * 2, id="op-description")
        yield Checkbox("Save memory (running VMs: their RAM state is included)", id="op-memory")

    def focus_first_option(self) -> None:
        self.query_one("#op-description", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "op-description":
            event.stop()
            self.confirm()

    def params(self) -> dict[str, Any] | None:
        description, error = clean_description(self.query_one("#op-description", Input).value)
        if error is not None:
            self.show_error(error)
            self.query_one("#op-description", Input).focus()
            return None
        return {"description": description,
                "persist_memorystate": self.query_one("#op-memory", Checkbox).value}
