"""A dockable events pane: the audit log as a tail, newest at the bottom.

A line-API ScrollView (like the resource table): only visible lines render, and
each line's strip is cached by event number, so a new event repaints the lines
that moved, not the whole pane. While the cursor sits on the newest event the
pane follows new ones (a tail); move up and it stays where you are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from console.ui.live.event_feed import (
    SEVERITIES,
    EventFeed,
    EventFilter,
    event_number,
    jump_target,
)
from console.ui.live.event_lines import event_line
from console.ui.state.inventory import EVENTS_KEPT

__all__ = ["EventsDock", "EventsPane"]


class EventsPane(ScrollView, can_focus=True):
    """The newest events, filtered by severity and text; ``enter`` jumps to the VM or host."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="events.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="events.down"),
        Binding("pageup", "cursor(-10)", "Page up", show=False, id="events.page_up"),
        Binding("pagedown", "cursor(10)", "Page down", show=False, id="events.page_down"),
        Binding("home,g", "jump(0)", "Oldest", show=False, id="events.first"),
        Binding("end,G", "jump(-1)", "Newest (follow)", show=False, id="events.last"),
        Binding("enter", "jump_to_object", "Go to VM/host", id="events.jump", key_display="↵"),
        Binding("s", "cycle_severity", "Min severity", id="events.severity"),
        Binding("slash", "filter_text", "Filter text", id="events.filter", key_display="/"),
    ]

    COMPONENT_CLASSES = {"events-pane--cursor"}

    DEFAULT_CSS = """
    EventsPane > .events-pane--cursor { background: $accent 40%; }
    """

    class JumpTo(Message):
        """``enter`` on an event that names a VM or host."""

        def __init__(self, kind: str, ident: str) -> None:
            super().__init__()
            self.kind = kind
            self.ident = ident

    class FilterRequested(Message):
        """``/`` in the pane: the dock opens its filter input."""

    def __init__(self, object_name: Callable[[Any], str], *, limit: int = EVENTS_KEPT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.feed = EventFeed(limit=limit)
        self.filter = EventFilter()
        self._object_name = object_name
        self._shown: list[Any] = []
        self._cursor = -1  # index in _shown; -1: follow the newest
        self._strips: LRUCache[tuple[int, bool], Strip] = LRUCache(512)

    # -- data ------------------------------------------------------------------------------
    @property
    def shown(self) -> list[Any]:
        return list(self._shown)

    @property
    def following(self) -> bool:
        return self._cursor < 0 or self._cursor >= len(self._shown) - 1

    @property
    def cursor_event(self) -> Any | None:
        if not self._shown:
            return None
        return self._shown[self._cursor] if 0 <= self._cursor < len(self._shown) else self._shown[-1]

    def add(self, events: list[Any]) -> list[Any]:
        """Merge events (any order, repeats ignored); returns the ones new to the pane."""
        follow = self.following
        fresh = self.feed.add(events)
        if fresh:
            self._rebuild(follow)
        return fresh

    def set_filter(self, flt: EventFilter) -> None:
        self.filter = flt
        self._rebuild(True)

    def _rebuild(self, follow: bool) -> None:
        keep = None if follow else self.cursor_event
        self._shown = self.feed.visible(self.filter, self._object_name)
        if keep is not None and keep in self._shown:
            self._cursor = self._shown.index(keep)
        else:
            self._cursor = -1
        self.virtual_size = Size(self.size.width, len(self._shown))
        if self.following:
            self.call_after_refresh(self._scroll_to_cursor)
        self.refresh()

    # -- rendering -------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(self._shown):
            return Strip.blank(width, base)
        event = self._shown[index]
        is_cursor = self.has_focus and index == self._cursor_index()
        key = (event_number(event), is_cursor)
        strip = self._strips.get(key)
        if strip is None:
            line = event_line(event, self._object_name)
            style = self.get_component_rich_style("events-pane--cursor") if is_cursor else Style()
            if is_cursor:
                line.stylize(Style(bgcolor=style.bgcolor))
            segments = list(line.render(self.app.console, end=""))
            strip = Strip(Segment.apply_style(segments, post_style=style) if is_cursor else segments)
            self._strips[key] = strip
        return strip.crop_extend(self.scroll_offset.x, self.scroll_offset.x + width, base)

    def _cursor_index(self) -> int:
        return len(self._shown) - 1 if self._cursor < 0 else self._cursor

    def _scroll_to_cursor(self) -> None:
        index = self._cursor_index()
        height = max(1, self.size.height)
        top = self.scroll_offset.y
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    # -- keys ------------------------------------------------------------------------------
    def _move(self, index: int) -> None:
        if not self._shown:
            return
        index = max(0, min(len(self._shown) - 1, index))
        self._cursor = -1 if index == len(self._shown) - 1 else index
        self._scroll_to_cursor()
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        self._move(self._cursor_index() + delta)

    def action_jump(self, where: int) -> None:
        self._move(0 if where == 0 else len(self._shown) - 1)

    def action_cycle_severity(self) -> None:
        """All → warning and up → error and up → alert → all."""
        current = min((SEVERITIES.index(s) for s in self.filter.severities), default=0)
        following = (current + 1) % len(SEVERITIES)
        self.set_filter(EventFilter.at_least(SEVERITIES[following], self.filter.text))
        self._subtitle()

    def _subtitle(self) -> None:
        dock = self.parent
        if isinstance(dock, EventsDock):
            dock.border_subtitle = self.describe_filter()

    def describe_filter(self) -> str:
        words = []
        lowest = min((SEVERITIES.index(s) for s in self.filter.severities), default=0)
        if lowest:
            words.append(f"{SEVERITIES[lowest]}+")
        if self.filter.text:
            words.append(f"“{self.filter.text}”")
        return " ".join(words)

    def action_jump_to_object(self) -> None:
        event = self.cursor_event
        target = jump_target(event) if event is not None else None
        if target is None:
            self.notify("this event names no VM or host", severity="warning")
            return
        self.post_message(self.JumpTo(*target))

    def action_filter_text(self) -> None:
        self.post_message(self.FilterRequested())

    def set_text_filter(self, text: str) -> None:
        self.set_filter(EventFilter(self.filter.severities, text.strip()))
        self._subtitle()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class EventsDock(Vertical):
    """The pane plus its (normally hidden) text-filter input."""

    DEFAULT_CSS = """
    EventsDock { height: 13; border-top: solid $primary-darken-2; }
    EventsDock > Input { height: 1; border: none; padding: 0 1; display: none; }
    EventsDock > EventsPane { height: 1fr; }
    """

    def __init__(self, object_name: Callable[[Any], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = "Events"
        self.pane = EventsPane(object_name, id="events-pane")

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter events (text in description, code or object)", id="events-filter")
        yield self.pane

    @on(EventsPane.FilterRequested)
    def _open_filter(self, event: EventsPane.FilterRequested) -> None:
        event.stop()
        field = self.query_one(Input)
        field.value = self.pane.filter.text
        field.display = True
        field.focus()

    @on(Input.Changed, "#events-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.pane.set_text_filter(event.value)

    @on(Input.Submitted, "#events-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_filter()

    def on_key(self, event: events.Key) -> None:
        field = self.query_one(Input)
        if event.key == "escape" and field.display:
            event.stop()
            event.prevent_default()
            self._close_filter()

    def _close_filter(self) -> None:
        field = self.query_one(Input)
        field.display = False
        self.pane.focus()
