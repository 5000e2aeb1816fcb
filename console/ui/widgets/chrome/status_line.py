"""The line above the footer: view, scope, rows shown, filter, sort, load progress."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    view_title: reactive[str] = reactive("")
    scope: reactive[str] = reactive("")
    shown: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    filter_text: reactive[str] = reactive("")
    sort_text: reactive[str] = reactive("")
    progress: reactive[str] = reactive("")
    message: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f" {self.view_title}", style="bold")
        if self.scope:
            text.append(" in ")
            text.append(self.scope, style="cyan")  # already literal: built from Text.plain
        text.append(f"  {self.shown:,}/{self.total:,}")
        if self.filter_text:
            text.append("  filter: ", style="dim")
            text.append(self.filter_text, style="yellow")
        if self.sort_text:
            text.append(f"  sort: {self.sort_text}", style="dim")
        if self.progress:
            text.append(f"  {self.progress}", style="bold yellow")
        if self.message:
            text.append(f"  {self.message}", style="red")
        return text
