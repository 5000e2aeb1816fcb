"""Table cells stored compactly: plain strings and tuples the garbage collector skips.

A table of 10,000 VM rows kept its cells as rich ``Text``: 150,000 Texts, each with
its ``_text`` and ``_spans`` lists, that every full collection walked. A collection
untracks a tuple whose items are all atomic (str, int, bool, None) or untracked
tuples, one level of nesting per collection (row, cell, spans, span: the young
collections made while a table fills settle all but the last few rows). So cells are
kept in these forms and a ``Text`` is built only when a line is drawn:

- ``plain``: a ``str``, for a Text with no style and no spans;
- ``(plain, style)``: a whole-text style only;
- ``(plain, style, spans)``: ``spans`` a tuple of ``(start, end, style)``;
- ``(plain, style, spans, layout)``: ``layout`` is ``(justify, overflow, no_wrap, end,
  tab_size)`` when it differs from ``literal``'s (no_wrap, no end), e.g. a right-justified number;
- the ``Text`` itself when a style carries a link or meta, which a style string cannot
  hold (rare): correctness first.

Styles are strings: a ``Style`` becomes its definition (``str(style)``), which
``Style.parse`` reads back to an equal style.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.style import Style
from rich.text import Span, Text

__all__ = ["Packed", "pack", "pack_row", "plain", "unpack"]

Packed = str | tuple[Any, ...] | Text

# What render.common.literal builds: justify, overflow, no_wrap, end, tab_size.
_DEFAULT_LAYOUT = (None, None, True, "", None)
# Each distinct layout is stored once, shared by every cell that has it.
_LAYOUTS: dict[tuple[Any, ...], tuple[Any, ...]] = {_DEFAULT_LAYOUT: _DEFAULT_LAYOUT}


class _Unpackable(Exception):
    """A style with a link or meta: the cell stays a Text."""


def _style(style: str | Style) -> str:
    if isinstance(style, str):
        return style
    if not style:
        return ""  # Style.null(): renders as no style, like ""
    if style.link or style._meta:
        raise _Unpackable
    return str(style)


def pack(text: Text) -> Packed:
    """``text`` in the most compact form that renders identically (module docstring)."""
    try:
        style = _style(text.style)
        spans = tuple([(span.start, span.end, _style(span.style)) for span in text._spans])
    except _Unpackable:
        return text
    plain_text = text.plain
    layout = (text.justify, text.overflow, text.no_wrap, text.end, text.tab_size)
    if layout != _DEFAULT_LAYOUT:
        return (plain_text, style, spans, _LAYOUTS.setdefault(layout, layout))
    if spans:
        return (plain_text, style, spans)
    if style:
        return (plain_text, style)
    return plain_text


def pack_row(cells: Iterable[Text]) -> tuple[Packed, ...]:
    """The row's packed cells, in column order."""
    return tuple([pack(cell) for cell in cells])


def unpack(cell: Packed) -> Text:
    """A new Text for ``cell`` (the caller may change it: truncate, stylize)."""
    if type(cell) is str:
        return Text(cell, no_wrap=True, end="")
    if isinstance(cell, Text):
        return cell.copy()
    if len(cell) == 2:
        return Text(cell[0], cell[1], no_wrap=True, end="")
    justify, overflow, no_wrap, end, tab_size = cell[3] if len(cell) == 4 else _DEFAULT_LAYOUT
    text = Text(cell[0], cell[1], justify=justify, overflow=overflow, no_wrap=no_wrap, end=end,
                tab_size=tab_size)
    if cell[2]:
        text._spans = [Span(*span) for span in cell[2]]
    return text


def plain(cell: Packed) -> str:
    """The cell's text without building a Text (filtering and sorting)."""
    if type(cell) is str:
        return cell
    if isinstance(cell, Text):
        return cell.plain
    return cell[0]
