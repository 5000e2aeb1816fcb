"""A line-API table for thousands of rows (toolong-style ScrollView + render_line).

Only visible lines are rendered; each row's strip is LRU-cached by oVirt id and
dropped when that row's record changes, so a refresh in which one VM changed
repaints one line. The header line stays pinned at the top.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.ui import gc_policy
from console.ui.render.common import Column, RenderContext
from console.ui.widgets.table import backlog
from console.ui.widgets.table.lines import GAP, TableLines
from console.ui.widgets.table.model import TableModel

_GAP = GAP
_WARM_THRESHOLD = 1000  # rows above which filter text is prepared ahead of time
_WARM_DELAY = 0.5  # seconds without updates before preparing filter text
_WARM_SLICE = 40  # rows per slice: a few ms, invisible to the keyboard even while a load parses
_FREEZE_EVERY = 10  # slices between freezes of the cells made (gc_policy.settle)


class ResourceTable(TableLines, ScrollView, can_focus=True):
    """The main table of one kind; rows keyed by id, cursor follows its object."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "jump(0)", "First", show=False, id="table.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="table.last"),
    ]

    COMPONENT_CLASSES = {
        "resource-table--header",
        "resource-table--cursor",
        "resource-table--cursor-blurred",
        "resource-table--marked",
    }

    DEFAULT_CSS = """
    ResourceTable { height: 1fr; }
    """

    class CursorMoved(Message):
        """The cursor now rests on another object (or on none)."""

        def __init__(self, table: ResourceTable, kind: str, ident: str | None) -> None:
            super().__init__()
            self.table = table
            self.kind = kind
            self.ident = ident

    class Activated(Message):
        """A row was double-clicked: open its detail."""

        def __init__(self, table: ResourceTable, kind: str, ident: str) -> None:
            super().__init__()
            self.table = table
            self.kind = kind
            self.ident = ident

    class Sorted(Message):
        """The sort column or direction changed (Shift+letter, header click, picker)."""

        def __init__(self, table: ResourceTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, kind: str, columns: tuple[Column, ...], context: Callable[[], RenderContext],
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.model = TableModel(columns, context)
        self._strips: LRUCache[tuple[str, int], Strip] = LRUCache(1024)
        self._widths: list[int] = [c.width for c in columns]
        self._last_cursor: str | None = None
        self._style_cache: dict[str, Style] = {}
        self._backlog = backlog.Backlog()
        # Name versions of the kinds its rows name, as last rendered (kept by the screen).
        self.names_seen: dict[str, int] = {}
        self._draining: Any = None  # the worker applying the backlog
        # Like ``tail -f``: a cursor on the last row stays on the last row as rows arrive.
        self.follow_tail = kind == "events"

    # -- data ------------------------------------------------------------------------------
    def set_records(self, records: list[Any]) -> None:
        """Show a new snapshot of this kind; repaints only rows that changed when order holds."""
        self._backlog.take_all()  # the snapshot holds whatever they brought
        old_order = self.model.order
        at_tail = self._at_tail()
        self._changed(self.model.set_records(records), old_order, at_tail)

    def apply(self, records: Any, removed: Any = ()) -> None:
        """Upsert ``records`` and drop ``removed`` ids (a batch of a load, a refresh page).

        Costs in proportion to the batch, not the table: unchanged rows keep their place
        and their rendered lines, and only the visible lines are drawn again. A batch of
        more than ``backlog.CHUNK`` records is applied a slice per loop turn (keys and
        frames go in between); batches never overtake each other.
        """
        if self._backlog or len(records) > backlog.CHUNK:
            self._backlog.add(records, removed)
            if self._draining is None:
                self._draining = self.run_worker(self._drain(), group="apply", exit_on_error=True)
            return
        self._apply_now(records, removed)

    def _apply_now(self, records: Any, removed: Any) -> None:
        old_order = self.model.order
        at_tail = self._at_tail()
        self._changed(self.model.apply(records, removed), old_order, at_tail)

    async def _drain(self) -> None:
        try:
            while self._backlog:
                self._apply_now(*self._backlog.next_slice())
                await asyncio.sleep(0)
        finally:
            self._draining = None

    def settle(self) -> None:
        """Apply whatever is queued now (before a filter, sort or snapshot needs it all)."""
        for records, removed in self._backlog.take_all():
            self._apply_now(records, removed)

    def _at_tail(self) -> bool:
        order = self.model.order
        return not order or self.model.cursor_id == order[-1]

    def _changed(self, changed: set[str], old_order: list[str], at_tail: bool) -> None:
        model = self.model
        if self.follow_tail and at_tail and model.order and model.sort_column is None:
            model.cursor_id = model.order[-1]
            self.call_after_refresh(self._scroll_to_cursor_now)
        for ident in changed:
            self._forget(ident)
        if model.order is old_order:
            for ident in changed:
                self._refresh_row(ident)
        else:
            self._layout_changed(keep_lines=True)
        self._cursor_settled()
        if changed:
            self._schedule_warm()

    def _schedule_warm(self) -> None:
        if self.model.total > _WARM_THRESHOLD:
            # The function, not a coroutine: a worker cancelled before it starts leaves none behind.
            self.run_worker(self._warm, group="warm", exclusive=True)

    async def _warm(self) -> None:
        """Prepare filter text in slices between frames (cooperative, on the UI loop).

        Starts only after updates pause (each batch restarts this exclusive worker),
        so a streaming 10,000-VM load is not slowed by work its next batch undoes.
        """
        await asyncio.sleep(_WARM_DELAY)
        pending = self.model.cold()
        for n, start in enumerate(range(0, len(pending), _WARM_SLICE), 1):
            self.model.warm(pending[start:start + _WARM_SLICE])
            if n % _FREEZE_EVERY == 0:
                # The cells are long-lived: out of the collector's sight, or a full collection
                # walks 50,000 rows of them (a 100 ms stall).
                gc_policy.settle()
            await asyncio.sleep(0.005)
        gc_policy.settle()
        if self.model.stale:
            # Names other rows show changed while a filter or sort was on: place every
            # row by its new text, now that the cells are ready (no rendering here).
            self.model.recompute()
            self._layout_changed(keep_lines=True)
            self._cursor_settled()

    def set_filter(self, text: str) -> None:
        self.settle()
        self.model.set_filter(text)
        self._layout_changed(keep_lines=True)
        self._cursor_settled()

    def set_scope(self, scope: Callable[[Any], bool] | None, order: list[str] | None = None) -> None:
        """Show only rows ``scope`` accepts; ``order`` keeps the engine's order of search results."""
        self.settle()
        self.model.order_hint = {ident: n for n, ident in enumerate(order)} if order is not None else None
        self.model.set_scope(scope)
        self._layout_changed(keep_lines=True)
        self._cursor_settled()

    def sort_by(self, key: str, reverse: bool | None = None) -> None:
        self.settle()
        self.model.sort_by(key, reverse)
        self._layout_changed(keep_lines=True)  # a row's line does not depend on its place
        self._scroll_to_cursor()
        self._cursor_settled()
        self.post_message(self.Sorted(self))

    def select(self, ident: str) -> bool:
        """Put the cursor on an object if it is shown."""
        self.settle()
        index = self.model.index_of(ident)
        if index is None:
            return False
        self._move(index)
        return True

    def invalidate(self) -> None:
        """Re-render every row (names of other objects or the time changed)."""
        self.model.invalidate_all()
        self._strips.clear()
        self.refresh()
        # The filter text went with the cells: prepare it again, or the next ``/`` renders
        # every row at once (a name change of another kind lands after the VMs loaded).
        self._schedule_warm()

    def toggle_mark(self, ident: str | None = None) -> None:
        """Mark or unmark a row (the cursor's by default) for a bulk action."""
        ident = ident or self.model.cursor_id
        if ident:
            self.model.toggle_mark(ident)
            self._forget(ident)
            self._refresh_row(ident)

    def mark_shown(self) -> None:
        self.settle()
        self.model.mark_shown()
        self._strips.clear()
        self.refresh()

    def clear_marks(self) -> None:
        self.model.clear_marks()
        self._strips.clear()
        self.refresh()

    @property
    def cursor_id(self) -> str | None:
        return self.model.cursor_id

    @property
    def cursor_record(self) -> Any | None:
        """The newest copy of the object under the cursor, for a detail pane or an action.

        Read from the queue when a batch holding it waits there: the footer asks at every
        cursor move, and applying the whole queue first stalled the keys of a reload.
        """
        ident = self.model.cursor_id
        if ident is None:
            return None
        current = self.model.record(ident)
        return self._backlog.latest(ident, current) if self._backlog else current

    # -- geometry --------------------------------------------------------------------------
    def _layout_changed(self, *, keep_lines: bool = False) -> None:
        """Rows were added, removed or moved: one repaint of the visible lines.

        ``keep_lines``: the rendered lines (cached by id) still hold, only their places changed.
        """
        width = sum(self._widths) + _GAP * len(self._widths)
        size = Size(width, len(self.model.order) + 1)
        if size != self.virtual_size:
            self.virtual_size = size
        if not keep_lines:
            self._strips.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        widths = self._widths
        self._fit_columns(event.size.width)
        # Only taller or shorter (the detail pane opened): the rendered lines still hold.
        self._layout_changed(keep_lines=self._widths == widths)
        self._scroll_to_cursor()

    def _fit_columns(self, width: int) -> None:
        """The last column takes whatever width is left."""
        columns = self.model.columns
        fixed = sum(c.width for c in columns[:-1]) + _GAP * len(columns)
        self._widths = [c.width for c in columns[:-1]] + [max(columns[-1].width, width - fixed)]

    def _refresh_row(self, ident: str) -> None:
        index = self.model.index_of(ident)
        if index is not None:
            self.refresh_line(index + 1)  # +1: the header is virtual line 0

    # -- cursor ----------------------------------------------------------------------------
    def _move(self, index: int) -> None:
        previous = self.model.cursor_id
        self.model.move_cursor(index)
        if previous != self.model.cursor_id:
            if previous is not None:
                self._refresh_row(previous)
            self._refresh_row(self.model.cursor_id or "")
        self._scroll_to_cursor()
        self._cursor_settled()

    def _scroll_to_cursor(self) -> None:
        self._scroll_to_cursor_now()
        # Again after layout: a just-grown virtual size is not scrollable until then.
        self.call_after_refresh(self._scroll_to_cursor_now)

    def _scroll_to_cursor_now(self) -> None:
        visible = max(1, self.size.height - 1)
        index = self.model.cursor_index
        top = self.scroll_offset.y
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + visible:
            self.scroll_to(y=index - visible + 1, animate=False)

    def _cursor_settled(self) -> None:
        if self.model.cursor_id != self._last_cursor:
            self._last_cursor = self.model.cursor_id
            self.post_message(self.CursorMoved(self, self.kind, self.model.cursor_id))

    def action_cursor(self, delta: int) -> None:
        self._move(self.model.cursor_index + delta)

    def action_page(self, direction: int) -> None:
        self._move(self.model.cursor_index + direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        self._move(0 if where == 0 else len(self.model.order) - 1)

    def on_focus(self) -> None:
        self._refresh_row(self.model.cursor_id or "")

    def on_blur(self) -> None:
        self._refresh_row(self.model.cursor_id or "")

    # -- mouse and Shift+letter sort -------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        y = event.get_content_offset(self)
        if y is None:
            return
        if y.y == 0:
            self._sort_by_x(y.x + self.scroll_offset.x)
            return
        index = self.scroll_offset.y + y.y - 1
        if index < len(self.model.order):
            self._move(index)
            if event.chain == 2 and self.model.cursor_id:
                self.post_message(self.Activated(self, self.kind, self.model.cursor_id))

    def _sort_by_x(self, x: int) -> None:
        left = 0
        for column, width in zip(self.model.columns, self._widths):
            if left <= x < left + width + _GAP:
                self.sort_by(column.key)
                return
            left += width + _GAP

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char and len(char) == 1 and char.isalpha() and char.isupper():
            column = self.model.column_for_letter(char)
            if column is not None:
                event.stop()
                event.prevent_default()
                self.sort_by(column.key)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        pass  # ScrollView scrolls; the cursor stays on its object
