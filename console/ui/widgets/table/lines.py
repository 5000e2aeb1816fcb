"""How a resource table draws its lines (the line API): header, rows, cursor, marks.

Each row's line is rendered once and cached by (id, state); only visible lines
are drawn. Mixed into ResourceTable, whose model and column widths it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip

from console.ui.widgets.table.cells import Packed, unpack

if TYPE_CHECKING:
    from console.ui.widgets.table.model import TableModel

GAP = 1  # spaces between columns
# _row_strip's cache states: plain, cursor blurred, cursor focused; +4 when marked.
_LINE_STATES = (0, 1, 2, 4, 5, 6)


class TableLines:
    """``render_line`` and its caches, for ``class ResourceTable(TableLines, ScrollView)``."""

    model: TableModel
    _strips: LRUCache[tuple[str, int], Strip]
    _widths: list[int]
    _style_cache: dict[str, Style]

    def _forget(self, ident: str) -> None:
        for state in _LINE_STATES:  # each way _row_strip may have cached it
            self._strips.discard((ident, state))

    # -- rendering -------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._strips.clear()

    def _style(self, name: str) -> Style:
        """Resolved styles, cached: resolving walks the DOM and would cost per line."""
        style = self._style_cache.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name)
            self._style_cache[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            strip = self._header_strip()
        else:
            index = scroll_y + y - 1
            if index >= len(self.model.order):
                return Strip.blank(width, self._style("base"))
            ident = self.model.order[index]
            strip = self._row_strip(ident)
        return strip.crop_extend(scroll_x, scroll_x + width, self._style("base"))

    def _line(self, cells: tuple[Packed, ...]) -> Text:
        """One table line from packed cells (cells.py); a Text per cell lives only while drawing."""
        line = Text(no_wrap=True, end="")
        for cell, width, column in zip(cells, self._widths, self.model.columns):
            text = unpack(cell)
            text.truncate(width, overflow="ellipsis")
            pad = width - text.cell_len
            if column.justify == "right":
                line.append(" " * pad)
                line.append_text(text)
            else:
                line.append_text(text)
                line.append(" " * pad)
            line.append(" " * GAP)
        return line

    def _render(self, line: Text, style: Style) -> Strip:
        segments = list(line.render(self.app.console, end=""))
        return Strip(Segment.apply_style(segments, post_style=style) if style else segments)

    def _header_strip(self) -> Strip:
        cells = []
        model = self.model
        for column in model.columns:
            title = column.title
            if column.key == model.sort_column:
                title += " ▼" if model.sort_reverse else " ▲"
            cells.append(title)  # a packed cell: the title's plain text, unstyled
        return self._render(self._line(tuple(cells)), self._style("resource-table--header"))

    def _row_strip(self, ident: str) -> Strip:
        is_cursor = ident == self.model.cursor_id
        state = (2 if self.has_focus else 1) if is_cursor else 0
        marked = ident in self.model.marked
        key = (ident, state + (4 if marked else 0))
        strip = self._strips.get(key)
        if strip is None:
            line = self._line(self.model.packed_cells(ident))
            if state == 2:
                style = self._style("resource-table--cursor")
            elif state == 1:
                style = self._style("resource-table--cursor-blurred")
            else:
                style = self._style("base")
            if marked:  # a marked row keeps its colours, with the mark's style on top
                line.stylize(self._style("resource-table--marked"))
            line.stylize(Style(bgcolor=style.bgcolor)) if state else None
            strip = self._render(line, style if state else Style())
            self._strips[key] = strip
        return strip

