"""The data behind a resource table: rows keyed by oVirt id, scope, filter, sort, cursor.

No widget code, so ordering and filtering are unit-tested directly. Rendered cells
are cached per row and dropped only when that row's record changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from console.ui.render.common import Column, RenderContext, get, row_of

_REGEX_HINTS = re.compile(r"^\^|\$$|\.\*|\||\\[dswb]")
# At most this many changed rows are checked one by one for keeping their place;
# more than that (a reload) re-sorts the whole table once.
_IN_PLACE_LIMIT = 64


@dataclass(frozen=True, slots=True)
class RowFilter:
    """A ``/`` filter: substring by default, regex with ``~`` (or when it looks like one), ``!`` inverts."""

    text: str = ""

    def compile(self) -> tuple[Callable[[str], bool], bool]:
        text, invert = self.text, False
        if text.startswith("!"):
            text, invert = text[1:], True
        if not text:
            return (lambda s: True), False
        as_regex = text.startswith("~")
        if as_regex:
            text = text[1:]
        if as_regex or _REGEX_HINTS.search(text):
            try:
                pattern = re.compile(text, re.IGNORECASE)
                return pattern.search, invert  # type: ignore[return-value]
            except re.error:
                if as_regex:
                    raise
        needle = text.lower()
        return (lambda s: needle in s.lower()), invert

    def substring(self) -> tuple[str, bool] | None:
        """``(lowercased needle, invert)`` when this is a plain substring filter, else None."""
        text, invert = self.text, False
        if text.startswith("!"):
            text, invert = text[1:], True
        if not text or text.startswith("~") or _REGEX_HINTS.search(text):
            return None
        return text.lower(), invert

    def narrows(self, previous: RowFilter) -> bool:
        """True when every row this filter shows is among those ``previous`` showed.

        Holds for plain substrings that extend the previous one (``web`` → ``web-0``),
        so a keystroke can narrow the rows shown instead of rescanning every row.
        """
        old, new = previous.text, self.text
        if not old or old.startswith(("!", "~")) or new.startswith(("!", "~")):
            return False
        if _REGEX_HINTS.search(old) or _REGEX_HINTS.search(new):
            return False
        return new.lower().startswith(old.lower())


@dataclass(slots=True)
class _Row:
    record: Any
    cells: tuple[Text, ...] | None = None
    haystack: tuple[str, ...] | None = None
    # The cells' text lowercased and joined by NUL, which no typed needle contains, so one
    # ``in`` test per row matches a substring within a single cell.
    folded: str | None = None
    sort_keys: dict[str, Any] | None = None  # per column key; dropped with the cells


class TableModel:
    """Rows of one kind; ``order`` is the visible ids after scope, filter and sort."""

    def __init__(self, columns: tuple[Column, ...], context: Callable[[], RenderContext]) -> None:
        self.columns = columns
        self._context = context
        self._rows: dict[str, _Row] = {}
        self.order: list[str] = []
        self._index: dict[str, int] = {}
        self.scope: Callable[[Any], bool] | None = None
        self.filter = RowFilter()
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.cursor_id: str | None = None
        # Rows marked for a bulk action (space); kept by id across refreshes and sorts.
        self.marked: set[str] = set()
        # The engine's own order (a ``sortby`` search) when no column sort is chosen.
        self.order_hint: dict[str, int] | None = None
        # False when ``order`` may not reflect the current filter text (cells re-rendered),
        # so a longer filter must rescan rather than narrow ``order``.
        self._narrowable = True

    # -- data ------------------------------------------------------------------------------
    def set_records(self, records: list[Any]) -> set[str]:
        """Replace the row set; returns ids whose record changed (their cached cells are dropped)."""
        changed: set[str] = set()
        fresh: dict[str, _Row] = {}
        for record in records:
            ident = get(record, "id")
            if ident is None:
                continue
            old = self._rows.get(ident)
            if old is not None and old.record is record:
                fresh[ident] = old
            elif old is not None and old.record == record:
                # Equal: keep the cached cells but adopt the new record, so the next batch
                # meets it by identity (no deep compare) and the old copy can be freed.
                old.record = record
                fresh[ident] = old
            else:
                fresh[ident] = _Row(record)
                changed.add(ident)
        old_rows, self._rows = self._rows, fresh
        self.marked &= fresh.keys()  # a removed object cannot stay marked
        if not self._in_place(old_rows, changed):
            self.recompute()
        return changed

    def _in_place(self, old_rows: dict[str, _Row], changed: set[str]) -> bool:
        """True when the same objects stay and no changed row moves, is hidden or shown.

        Then ``order`` holds as it is: one VM re-read by the events tail costs a few
        rows' rendering, not a scope, filter and sort pass over every row.
        """
        fresh = self._rows
        if (not self._narrowable or len(changed) > _IN_PLACE_LIMIT or len(fresh) != len(old_rows)
                or not changed <= old_rows.keys()):
            return False
        column = self.column(self.sort_column)
        if column is None and list(fresh) != list(old_rows):
            return False  # unsorted rows follow the records' order, which changed
        match, invert = self.filter.compile() if self.filter.text else (None, False)
        ctx = self._context() if column is not None or match is not None else None
        for ident in changed:
            old, new = old_rows[ident], fresh[ident]
            if self.scope is not None and bool(self.scope(old.record)) != bool(self.scope(new.record)):
                return False
            if match is not None:
                was = any(match(cell) for cell in self._row_haystack(old, ctx)) != invert
                if was != (any(match(cell) for cell in self._row_haystack(new, ctx)) != invert):
                    return False
            if column is not None and self._row_key(old, column, ctx) != self._row_key(new, column, ctx):
                return False
        return True

    def invalidate_all(self) -> None:
        """Drop every cached cell (the time moved on, or names other rows show changed)."""
        for row in self._rows.values():
            row.cells = None
            row.haystack = None
            row.folded = None
            row.sort_keys = None
        self._narrowable = False

    def record(self, ident: str | None) -> Any | None:
        row = self._rows.get(ident) if ident else None
        return None if row is None else row.record

    def cells(self, ident: str) -> tuple[Text, ...]:
        return self._row_cells(self._rows[ident])

    def _row_cells(self, row: _Row, ctx: RenderContext | None = None) -> tuple[Text, ...]:
        if row.cells is None:
            row.cells = row_of(self.columns, row.record, ctx or self._context())
        return row.cells

    def _haystack(self, ident: str) -> tuple[str, ...]:
        return self._row_haystack(self._rows[ident])

    def _row_haystack(self, row: _Row, ctx: RenderContext | None = None) -> tuple[str, ...]:
        """Plain text of each cell: a filter matches per cell, so ``^web`` anchors to a value."""
        if row.haystack is None:
            row.haystack = tuple(cell.plain for cell in self._row_cells(row, ctx))
            row.folded = "\0".join(row.haystack).lower()
        return row.haystack

    def _folded(self, row: _Row) -> str:
        if row.folded is None:
            self._row_haystack(row)
        return row.folded  # type: ignore[return-value]

    def _sort_key(self, ident: str, column: Column, ctx: RenderContext) -> Any:
        return self._row_key(self._rows[ident], column, ctx)

    def _row_key(self, row: _Row, column: Column, ctx: RenderContext) -> Any:
        """A row's key for ``column``, computed once per record (and per re-render)."""
        keys = row.sort_keys
        if keys is None:
            keys = row.sort_keys = {}
        key = keys.get(column.key)
        if key is None:
            if column.sort_key is None and row.cells is not None:
                # The cell's text, as Column.key_for has it, from the cells already rendered.
                key = (1, row.cells[self.columns.index(column)].plain.lower())
            else:
                key = column.key_for(row.record, ctx)
            keys[column.key] = key
        return key

    def cold(self) -> list[str]:
        """Ids whose filter text is not prepared yet."""
        return [ident for ident, row in self._rows.items() if row.haystack is None]

    def warm(self, ids: list[str]) -> None:
        """Prepare filter text for ``ids`` (those still present).

        Called in small slices while the app is idle, so the first ``/`` over
        10,000 rows does not freeze the screen rendering every cell at once.
        """
        for ident in ids:
            if ident in self._rows:
                self._haystack(ident)

    # -- ordering --------------------------------------------------------------------------
    def recompute(self) -> None:
        """Apply scope, filter and sort; keep the cursor on the same object when it is still shown."""
        self._order(self._scoped())

    def _scoped(self) -> list[str]:
        ids = [i for i, row in self._rows.items() if self.scope is None or self.scope(row.record)]
        if self.filter.text:
            ids = self._matching(ids)
        return ids

    def _matching(self, ids: list[str]) -> list[str]:
        match, invert = self.filter.compile()
        plain = self.filter.substring()
        if plain is not None:
            needle, invert = plain
            rows = self._rows
            return [i for i in ids if (needle in self._folded(rows[i])) != invert]
        return [i for i in ids if any(match(cell) for cell in self._haystack(i)) != invert]

    def _order(self, ids: list[str], *, sorted_already: bool = False) -> None:
        previous_index = self._index.get(self.cursor_id, 0) if self.cursor_id else 0
        if not sorted_already:
            column = self.column(self.sort_column)
            if column is not None:
                ctx = self._context()
                ids.sort(key=lambda i: self._sort_key(i, column, ctx), reverse=self.sort_reverse)
            elif self.order_hint is not None:
                hint = self.order_hint
                ids.sort(key=lambda i: hint.get(i, len(hint)))
        self.order = ids
        self._narrowable = True
        self._index = {ident: n for n, ident in enumerate(ids)}
        if self.cursor_id not in self._index:
            self.cursor_id = ids[min(previous_index, len(ids) - 1)] if ids else None

    def column(self, key: str | None) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def sort_by(self, key: str, reverse: bool | None = None) -> None:
        """Sort by a column; asking again for the same column flips the direction."""
        if reverse is None:
            reverse = not self.sort_reverse if self.sort_column == key else False
        self.sort_column, self.sort_reverse = key, reverse
        self.recompute()

    def column_for_letter(self, letter: str) -> Column | None:
        return next((c for c in self.columns if c.sort_letter == letter.upper()), None)

    def set_filter(self, text: str) -> None:
        new = RowFilter(text)
        new.compile()  # raises re.error for a bad ~regex before anything changes
        previous, self.filter = self.filter, new
        if self._narrowable and new.narrows(previous):
            # Every row the longer text matches is already shown, in sort order.
            self._order(self._matching(self.order), sorted_already=True)
        else:
            self.recompute()

    def set_scope(self, scope: Callable[[Any], bool] | None) -> None:
        self.scope = scope
        self.recompute()

    # -- marks (bulk actions) --------------------------------------------------------------
    def toggle_mark(self, ident: str) -> bool:
        if ident in self.marked:
            self.marked.discard(ident)
            return False
        if ident in self._rows:
            self.marked.add(ident)
            return True
        return False

    def mark_shown(self) -> None:
        """Mark every row the scope and filter show (mark-all-filtered)."""
        self.marked |= set(self.order)

    def clear_marks(self) -> None:
        self.marked.clear()

    def targets(self) -> list[Any]:
        """What a bulk action acts on: the marked records in view order, else the cursor's."""
        if self.marked:
            return [self._rows[i].record for i in self.order if i in self.marked] + [
                self._rows[i].record for i in self._rows if i in self.marked and i not in self._index]
        record = self.record(self.cursor_id)
        return [record] if record is not None else []

    # -- cursor ----------------------------------------------------------------------------
    def index_of(self, ident: str | None) -> int | None:
        return self._index.get(ident) if ident else None

    @property
    def cursor_index(self) -> int:
        return self._index.get(self.cursor_id, 0) if self.cursor_id else 0

    def move_cursor(self, index: int) -> None:
        if self.order:
            self.cursor_id = self.order[max(0, min(index, len(self.order) - 1))]

    @property
    def total(self) -> int:
        return len(self._rows)
