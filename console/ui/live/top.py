"""``:top``: VMs and hosts ranked by CPU or memory, updated live (like virt-top).

A line-API widget: when a new sample arrives only the lines whose text changed
are repainted, so one busy VM costs one line on the wire, not a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.ui.live.stats_history import StatsHistory
from console.ui.live.top_rows import SORTS, SPARK, TopRow, top_line, top_rows
from console.ui.widgets.chrome.footer import ConsoleFooter

__all__ = ["TopList", "TopScreen"]

_NAME = 24


def _heading(title: str, sort: str) -> Text:
    marks = {metric: " ▼" if metric == sort else "" for metric in SORTS}
    return Text(f"{title:<{_NAME}} {'CPU' + marks['cpu']:<{6 + SPARK}}  {'MEM' + marks['memory']:<{6 + SPARK}}  NET",
                style="bold", end="", no_wrap=True)


class TopList(ScrollView, can_focus=True):
    """Ranked VMs then hosts; ``lines`` is the whole list as text (tests read it)."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="top.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="top.down"),
        Binding("enter", "open", "Go to object", id="top.open", key_display="↵"),
    ]
    COMPONENT_CLASSES = {"top-list--cursor"}
    DEFAULT_CSS = """
    TopList { height: 1fr; }
    TopList > .top-list--cursor { background: $accent 40%; }
    """

    class Open(Message):
        def __init__(self, kind: str, ident: str) -> None:
            super().__init__()
            self.kind = kind
            self.ident = ident

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[Text] = []
        self.rows: list[TopRow | None] = []  # None for heading lines
        self.cursor = 1

    def show(self, lines: list[Text], rows: list[TopRow | None]) -> None:
        old = self.lines
        self.lines, self.rows = lines, rows
        if len(lines) != len(old):
            self.virtual_size = Size(self.size.width, len(lines))
            self.refresh()
            return
        top = self.scroll_offset.y
        for index, (before, after) in enumerate(zip(old, lines, strict=True)):
            changed = before.plain != after.plain or before.spans != after.spans
            if changed and top <= index < top + self.size.height:
                self.refresh_line(index)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = self.lines[index].copy()
        style = Style()
        if index == self.cursor and self.has_focus:
            style = self.get_component_rich_style("top-list--cursor")
            line.stylize(Style(bgcolor=style.bgcolor))
        segments = list(line.render(self.app.console, end=""))
        strip = Strip(Segment.apply_style(segments, post_style=style) if style else segments)
        return strip.crop_extend(0, width, self.rich_style)

    def action_cursor(self, delta: int) -> None:
        index = self.cursor + delta
        while 0 <= index < len(self.rows) and self.rows[index] is None:
            index += 1 if delta > 0 else -1
        if 0 <= index < len(self.rows):
            previous, self.cursor = self.cursor, index
            top = self.scroll_offset.y
            for line in (previous, index):
                self.refresh_line(line)
            if index < top:
                self.scroll_to(y=index, animate=False)
            elif index >= top + self.size.height:
                self.scroll_to(y=index - self.size.height + 1, animate=False)

    def action_open(self) -> None:
        row = self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None
        if row is not None:
            self.post_message(self.Open(row.kind, row.id))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class TopScreen(Screen[tuple[str, str] | None]):
    """Pushed by ``:top``; esc goes back. ``c`` ranks by CPU, ``m`` by memory."""

    BINDINGS = [
        Binding("escape", "back", "Back", key_display="esc", id="top.back"),
        Binding("c", "sort('cpu')", "By CPU", id="top.sort_cpu"),
        Binding("m", "sort('memory')", "By memory", id="top.sort_memory"),
    ]

    def __init__(self, history: StatsHistory, records: Callable[[str], list[Any]], *,
                 limit: int = 200, sort: str = "cpu") -> None:
        super().__init__(id="top")
        self.history = history
        self._records = records
        self.limit = limit
        self.sort = sort

    def compose(self) -> ComposeResult:
        yield TopList(id="top-list")
        yield ConsoleFooter()

    def on_mount(self) -> None:
        self.sub_title = "top"
        self.update()
        self.query_one(TopList).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_top_list_open(self, message: TopList.Open) -> None:
        self.dismiss((message.kind, message.ident))

    def action_sort(self, sort: str) -> None:
        self.sort = sort
        self.update()

    def update(self) -> None:
        """Re-rank from the history (call after new samples)."""
        lines: list[Text] = []
        rows: list[TopRow | None] = []
        for kind, title in (("vms", "VIRTUAL MACHINES"), ("hosts", "HOSTS")):
            ranked = top_rows(kind, self._records(kind), self.history, self.sort, self.limit)
            lines.append(_heading(f"{title} ({len(ranked)} sampled)", self.sort))
            rows.append(None)
            for row in ranked:
                lines.append(top_line(row, self.history, _NAME))
                rows.append(row)
            if not ranked:
                lines.append(Text("  waiting for statistics…", style="dim", end=""))
                rows.append(None)
        top_list = self.query_one(TopList)
        if top_list.cursor >= len(rows) or rows[top_list.cursor] is None:
            top_list.cursor = next((i for i, r in enumerate(rows) if r is not None), 0)
        top_list.show(lines, rows)

    @property
    def ranked_ids(self) -> list[tuple[str, str]]:
        return [(r.kind, r.id) for r in self.query_one(TopList).rows if r is not None]
