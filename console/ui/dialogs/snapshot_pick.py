"""Pick one of a VM's snapshots: to preview it (optionally with its memory) or to remove it.

Each line shows what an admin weighs before choosing: description, date, status and
whether the snapshot holds the VM's memory. Enter on a snapshot confirms with it
(a removal still needs the VM's name typed first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from console.ui.dialogs.confirm import ConfirmDialog, Request

__all__ = ["SnapshotChoice", "SnapshotPickDialog", "snapshot_line"]


@dataclass(frozen=True, slots=True)
class SnapshotChoice:
    id: str
    description: str
    date: datetime | None
    status: str  # ok | locked | in_preview
    memory: bool  # persist_memorystate: the VM's RAM was saved with it


def snapshot_line(snap: SnapshotChoice) -> Text:
    text = Text(no_wrap=True, end="")
    text.append(f"{snap.description[:32]:<32}", style="bold")
    when = snap.date.strftime("%Y-%m-%d %H:%M") if snap.date is not None else "–"
    text.append(f"  {when:<16}  {snap.status.replace('_', ' '):<10}")
    text.append("  memory" if snap.memory else "", style="cyan")
    return text


class SnapshotPickDialog(ConfirmDialog):
    """``memory_option``: offer "restore memory" (preview) when the highlighted snapshot has it."""

    def __init__(self, request: Request, snapshots: Sequence[SnapshotChoice], *, memory_option: bool) -> None:
        super().__init__(request)
        self.snapshots = tuple(snapshots)
        self.memory_option = memory_option

    def compose_options(self) -> ComposeResult:
        yield Static("Snapshot:", classes="op-label")
        yield OptionList(*(Option(snapshot_line(s)) for s in self.snapshots), id="op-snapshots")
        if self.memory_option:
            yield Checkbox("Restore memory (the snapshot saved the VM's RAM)", id="op-restore-memory",
                           disabled=True)

    def on_mount(self) -> None:
        self.query_one("#op-snapshots", OptionList).highlighted = 0
        super().on_mount()

    def focus_first_option(self) -> None:
        self.query_one("#op-snapshots", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.memory_option:
            chosen = self.chosen
            box = self.query_one("#op-restore-memory", Checkbox)
            box.disabled = chosen is None or not chosen.memory
            if box.disabled:
                box.value = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter on a snapshot confirms with it
        self.confirm()

    @property
    def chosen(self) -> SnapshotChoice | None:
        index = self.query_one("#op-snapshots", OptionList).highlighted
        return None if index is None or index >= len(self.snapshots) else self.snapshots[index]

    def params(self) -> dict[str, Any] | None:
        chosen = self.chosen
        if chosen is None:
            self.show_error("choose a snapshot")
            return None
        params: dict[str, Any] = {"snapshot": chosen.id}
        if self.memory_option:
            params["restore_memory"] = self.query_one("#op-restore-memory", Checkbox).value
        return params
