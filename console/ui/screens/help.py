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
from console.ui.commands import COMMAND_HELP
from console.ui.render import COLUMNS
from console.ui.views import BY_KIND

Section = tuple[str, list[tuple[str, Text]]]


def help_sections(kind: str | None, keymap: dict[str, str], read_only: bool) -> list[Section]:
    """Titled lists of (key, what it does), from the registry and the view's columns."""
    groups: dict[str, list[tuple[str, Text]]] = {}
    for action in for_view(kind, read_only=read_only):
        text = Text(action.description)
        if action.mutating:
            text.append(" (changes the engine)", style="yellow")
        groups.setdefault(action.group, []).append((display_key(action, keymap), text))
    sections: list[Section] = list(groups.items())
    if kind in COLUMNS:
        sections.append((f"Sort {BY_KIND[kind].title} (Shift+letter; again reverses)",
                         [(c.sort_letter, Text(c.title)) for c in COLUMNS[kind] if c.sort_letter]))
    sections.append(("Filter (/)", [
        ("text", Text("rows containing text, any column")),
        ("~regex", Text("regular expression (^ $ .* | too)")),
        ("!text", Text("rows NOT matching")),
    ]))
    sections.append(("Commands (:)", [(command, Text(use)) for command, use in COMMAND_HELP]))
    return sections


def _section_table(sections: list[Section]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", justify="right", no_wrap=True)
    table.add_column()
    for n, (title, rows) in enumerate(sections):
        if n:
            table.add_row("", "")
        table.add_row(Text(""), Text(title, style="bold underline"))
        for key, text in rows:
            table.add_row(Text(key), text)
    return table


def help_table(kind: str | None, keymap: dict[str, str], read_only: bool) -> Table:
    """Two columns of sections, balanced by line count, so most views fit one screen."""
    sections = help_sections(kind, keymap, read_only)
    sizes = [len(rows) + 2 for _, rows in sections]
    half, acc, split = sum(sizes) / 2, 0, len(sections)
    for n, size in enumerate(sizes):
        if acc + size / 2 > half:
            split = n
            break
        acc += size
    outer = Table.grid(padding=(0, 3))
    outer.add_column(ratio=1)
    outer.add_column(ratio=1)
    outer.add_row(_section_table(sections[:split]), _section_table(sections[split:]))
    return outer


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
