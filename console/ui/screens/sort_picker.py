"""Pick the column to sort by (``o``), for when the Shift+letter is not remembered."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.ui.render.common import Column


class SortPicker(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="sort.cancel")]

    def __init__(self, columns: tuple[Column, ...], current: str | None) -> None:
        super().__init__(id="sort-picker")
        self.columns = columns
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="sort-box"):
            yield Static("Sort by (again to reverse)", id="sort-title")
            options = []
            for column in self.columns:
                label = Text(f"{column.sort_letter or ' '}  ", style="bold cyan", end="")
                label.append(column.title)
                if column.key == self.current:
                    label.append("  (current)", style="dim")
                options.append(Option(label, id=column.key))
            yield OptionList(*options, id="sort-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [c.key for c in self.columns]
        options.highlighted = keys.index(self.current) if self.current in keys else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
