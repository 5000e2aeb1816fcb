"""``?``: every key of the current view, read from the action registry (and the user's keymap)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from console.ui.actions.registry import display_key, for_view
from console.ui.render import COLUMNS
from console.ui.views import BY_KIND


def help_table(kind: str | None, keymap: dict[str, str], read_only: bool) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", justify="right")
    table.add_column()
    groups: dict[str, list] = {}
    for action in for_view(kind, read_only=read_only):
        groups.setdefault(action.group, []).append(action)
    for group, actions in groups.items():
        table.add_row(Text(""), Text(group, style="bold underline"))
        for action in actions:
            text = Text(action.description)
            if action.mutating:
                text.append("  (changes the engine)", style="yellow")
            table.add_row(Text(display_key(action, keymap)), text)
    if kind in COLUMNS:
        table.add_row(Text(""), Text(f"Sort {BY_KIND[kind].title} (Shift+letter, again reverses)",
                                     style="bold underline"))
        for column in COLUMNS[kind]:
            if column.sort_letter:
                table.add_row(Text(column.sort_letter), Text(column.title.title()))
    table.add_row(Text(""), Text("Filter (/)", style="bold underline"))
    table.add_row(Text("text"), Text("rows containing text (any column, any case)"))
    table.add_row(Text("~regex"), Text("regular expression; ^ $ .* | also switch to regex"))
    table.add_row(Text("!text"), Text("rows NOT matching"))
    table.add_row(Text(""), Text("Commands (:)", style="bold underline"))
    table.add_row(Text(":vms …"), Text("views: vms hosts clusters dcs storage networks templates disks events jobs"))
    table.add_row(Text(":search"), Text("engine search, e.g. :search vms status=up and cluster=prod sortby name"))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, kind: str | None, keymap: dict[str, str], read_only: bool) -> None:
        super().__init__(id="help-screen")
        self.kind = kind
        self.keymap = keymap
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            title = BY_KIND[self.kind].title if self.kind in BY_KIND else "ovirt-console"
            yield Static(Text(f"Keys: {title}", style="bold"), id="help-title")
            yield Static(help_table(self.kind, self.keymap, self.read_only), id="help-table")
