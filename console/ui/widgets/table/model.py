"""The data behind a resource table: rows keyed by oVirt id, scope, filter, sort, cursor.

No widget code, so ordering and filtering are unit-tested directly. Rendered cells
are cached per row, packed (cells.py) so the garbage collector skips them, and
dropped only when that row's record changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text

from console.ui.render.common import Column, RenderContext, get, row_of
from console.ui.widgets.table import ordering
from console.ui.widgets.table.cells import Packed, pack_row, plain, unpack
from console.ui.widgets.table.row_filter import RowFilter
from console.ui.widgets.table.rows import Row as _Row

__all__ = ["RowFilter", "TableModel"]


class TableModel:
    """Rows of one kind; ``order`` is the visible ids after scope, filter and sort.

    ``order`` is replaced (never mutated) when it changes, so a caller holding the
    previous list can tell whether anything moved.
    """

    def __init__(self, columns: tuple[Column, ...], context: Callable[[], RenderContext]) -> None:
        self.columns = columns
        self._column_at = {column.key: n for n, column in enumerate(columns)}
        self._context = context
        self._rows: dict[str, _Row] = {}
        self.order: list[str] = []
        self._okeys: list[tuple[Any, ...]] = []  # parallel to ``order``
        self._descending = False  # how ``_okeys`` are ordered (ordering.before)
        self._seq = 0
        self.scope: Callable[[Any], bool] | None = None
        self.filter = RowFilter()
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.cursor_id: str | None = None
        # Rows marked for a bulk action (space); kept by id across refreshes and sorts.
        self.marked: set[str] = set()
        # The engine's own order (a ``sortby`` search) when no column sort is chosen.
        self.order_hint: dict[str, int] | None = None
        # False when ``order`` may not reflect the current filter text or sort keys (cells
        # re-rendered): a longer filter must rescan rather than narrow ``order``, and
        # ``stale`` asks for a recompute once the cells are prepared again.
        self._narrowable = True

    # -- data ------------------------------------------------------------------------------
    def set_records(self, records: list[Any]) -> set[str]:
        """Replace the row set; returns ids whose record changed (their cached cells are dropped).

        Unsorted rows follow ``records``' order. Rows that keep their place are not
        re-sorted: the cost beyond one pass over ``records`` is proportional to the change.
        """
        old_rows = self._rows
        cursor_index = self.cursor_index
        fresh: dict[str, _Row] = {}
        changed: list[tuple[str, _Row]] = []
        in_sequence, last = True, -1
        for record in records:
            ident = get(record, "id")
            if ident is None or ident in fresh:
                continue
            row = old_rows.get(ident)
            if row is None:
                row = _Row(record, self._next_seq())
                changed.append((ident, row))
            elif row.record is not record:
                if row.record != record:
                    row.forget()
                    changed.append((ident, row))
                # Equal: keep the cached cells but adopt the new record, so the next batch
                # meets it by identity (no deep compare) and the old copy can be freed.
                row.record = record
            if row.seq < last:
                in_sequence = False
            last = row.seq
            fresh[ident] = row
        gone = [(ident, row) for ident, row in old_rows.items() if ident not in fresh]
        self._rows = fresh
        if gone:
            self.marked &= fresh.keys()  # a removed object cannot stay marked
        if not in_sequence:
            # The records came in another order: number them afresh, in the order given.
            for seq, row in enumerate(fresh.values()):
                row.seq = seq
            self._seq = len(fresh)
            self._recompute(cursor_index)
        else:
            self._place(changed, gone, cursor_index)
        return {ident for ident, _row in changed}

    def apply(self, records: Iterable[Any], removed: Iterable[str] = ()) -> set[str]:
        """Upsert ``records`` and drop ``removed`` ids: work in proportion to the change.

        What a streaming load or a refresh page does, batch by batch; a new object
        arrives after the existing ones (as in the inventory). Returns ids whose record
        changed, new or gone.
        """
        rows = self._rows
        cursor_index = self.cursor_index
        changed: list[tuple[str, _Row]] = []
        for record in records:
            ident = get(record, "id")
            if ident is None:
                continue
            row = rows.get(ident)
            if row is None:
                row = rows[ident] = _Row(record, self._next_seq())
                changed.append((ident, row))
            elif row.record is not record:
                if row.record != record:
                    row.forget()
                    changed.append((ident, row))
                row.record = record
        gone: list[tuple[str, _Row]] = []
        idents = {ident for ident, _row in changed}
        for ident in removed:
            row = rows.pop(ident, None)
            if row is not None:
                gone.append((ident, row))
                idents.add(ident)
                self.marked.discard(ident)
        if gone:
            changed = [(ident, row) for ident, row in changed if ident in rows]
        if changed or gone:
            self._place(changed, gone, cursor_index)
        return idents

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _place(self, changed: list[tuple[str, _Row]], gone: list[tuple[str, _Row]], cursor_index: int) -> None:
        """Move, show or hide the changed rows and drop the gone ones; others keep their place.

        ``cursor_index``: where the cursor was before the change, kept if its object goes.
        """
        drop: list[tuple[tuple[Any, ...], str]] = []
        add: list[tuple[tuple[Any, ...], str]] = []
        for ident, row in gone:
            if row.okey is not None:
                drop.append((row.okey, ident))
                row.okey = None
        if changed:
            column = self.column(self.sort_column)
            match = self._matcher()
            ctx = self._pass_context() if column is not None or match is not None else None
            for ident, row in changed:
                key = self._shown_key(ident, row, column, match, ctx)
                if key == row.okey:
                    continue  # same place, same visibility
                if row.okey is not None:
                    drop.append((row.okey, ident))
                row.okey = key
                if key is not None:
                    add.append((key, ident))
        if not drop and not add:
            return
        self.order, self._okeys = ordering.splice(self.order, self._okeys, drop, add, self._descending)
        self._keep_cursor(cursor_index)

    def _matcher(self) -> Callable[[_Row], bool] | None:
        """Whether a row passes the ``/`` filter; None when there is no filter."""
        if not self.filter.text:
            return None
        plain = self.filter.substring()
        if plain is not None:
            needle, invert = plain
            return lambda row: (needle in self._folded(row)) != invert
        match, invert = self.filter.compile()
        return lambda row: any(match(cell) for cell in self._row_haystack(row)) != invert

    def _shown_key(self, ident: str, row: _Row, column: Column | None, match: Callable[[_Row], bool] | None,
                   ctx: RenderContext | None) -> tuple[Any, ...] | None:
        """Where ``row`` goes in ``order``, or None when the scope or the filter hides it."""
        if self.scope is not None and not self.scope(row.record):
            return None
        if match is not None and not match(row):
            return None
        if column is not None:
            return (self._row_key(row, column, ctx or self._context()), row.seq)
        if self.order_hint is not None:
            return (self.order_hint.get(ident, len(self.order_hint)), row.seq)
        return (row.seq,)

    @property
    def stale(self) -> bool:
        """True when cells were re-rendered and a filter or sort may now place rows elsewhere."""
        return not self._narrowable and bool(self.filter.text or self.sort_column)

    def invalidate_all(self) -> None:
        """Drop every cached cell (the time moved on, or names other rows show changed)."""
        for row in self._rows.values():
            row.forget()
        self._narrowable = False

    def record(self, ident: str | None) -> Any | None:
        row = self._rows.get(ident) if ident else None
        return None if row is None else row.record

    def cells(self, ident: str) -> tuple[Text, ...]:
        """The row's cells as new Texts, built from the packed ones."""
        return tuple(unpack(cell) for cell in self._row_cells(self._rows[ident]))

    def packed_cells(self, ident: str) -> tuple[Packed, ...]:
        """The row's cells as stored (cells.py), rendered once per record: for the line renderer."""
        return self._row_cells(self._rows[ident])

    def _row_cells(self, row: _Row, ctx: RenderContext | None = None) -> tuple[Packed, ...]:
        if row.cells is None:
            row.cells = pack_row(row_of(self.columns, row.record, ctx or self._context()))
        return row.cells

    def _pass_context(self) -> RenderContext:
        """One context for a pass over many rows: it remembers the names it looks up."""
        ctx = self._context()
        ctx.remember_names = True
        return ctx

    def _haystack(self, ident: str) -> tuple[str, ...]:
        return self._row_haystack(self._rows[ident])

    def _row_haystack(self, row: _Row, ctx: RenderContext | None = None) -> tuple[str, ...]:
        """Plain text of each cell: a filter matches per cell, so ``^web`` anchors to a value."""
        if row.haystack is None:
            row.haystack = tuple(plain(cell) for cell in self._row_cells(row, ctx))
            row.folded = "\0".join(row.haystack).lower()
        return row.haystack

    def _folded(self, row: _Row) -> str:
        if row.folded is None:
            self._row_haystack(row)
        return row.folded  # type: ignore[return-value]

    def _row_key(self, row: _Row, column: Column, ctx: RenderContext) -> Any:
        """A row's key for ``column``, computed once per record (and per re-render)."""
        keys = row.sort_keys
        if keys is None:
            keys = row.sort_keys = {}
        key = keys.get(column.key)
        if key is None:
            if row.cells is not None and column.keyed_by_text:
                # The cell's text, as Column.key_for has it, from the cells already rendered
                # (the idle warm-up renders them all): no lookups, one key per distinct text.
                key = ctx.text_key(plain(row.cells[self._column_at[column.key]]))
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
        ctx = self._pass_context()
        for ident in ids:
            row = self._rows.get(ident)
            if row is not None:
                self._row_haystack(row, ctx)

    # -- ordering --------------------------------------------------------------------------
    def recompute(self) -> None:
        """Apply scope, filter and sort; keep the cursor on the same object when it is still shown."""
        self._recompute(self.cursor_index)

    def _recompute(self, cursor_index: int) -> None:
        column = self.column(self.sort_column)
        self._descending = column is not None and self.sort_reverse
        match = self._matcher()
        ctx = self._pass_context() if column is not None or match is not None else None
        pairs = []
        for ident, row in self._rows.items():
            row.okey = key = self._shown_key(ident, row, column, match, ctx)
            if key is not None:
                pairs.append((key, ident))
        ordering.sort_pairs(pairs, self._descending)
        self.order = [ident for _key, ident in pairs]
        self._okeys = [key for key, _ident in pairs]
        self._narrowable = True
        self._keep_cursor(cursor_index)

    def _keep_cursor(self, previous_index: int) -> None:
        """The cursor's object left ``order``: the cursor stays at the same position."""
        if self.index_of(self.cursor_id) is None:
            order = self.order
            self.cursor_id = order[min(previous_index, len(order) - 1)] if order else None

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
            self._narrow()
        else:
            self.recompute()

    def _narrow(self) -> None:
        cursor_index = self.cursor_index
        match = self._matcher()
        rows = self._rows
        kept_order: list[str] = []
        kept_keys: list[tuple[Any, ...]] = []
        for key, ident in zip(self._okeys, self.order, strict=True):
            row = rows[ident]
            if match is None or match(row):
                kept_order.append(ident)
                kept_keys.append(key)
            else:
                row.okey = None
        self.order, self._okeys = kept_order, kept_keys
        self._keep_cursor(cursor_index)

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
                row.record for i, row in self._rows.items() if i in self.marked and row.okey is None]
        record = self.record(self.cursor_id)
        return [record] if record is not None else []

    # -- cursor ----------------------------------------------------------------------------
    def index_of(self, ident: str | None) -> int | None:
        """The row's position in ``order`` (a bisect of its order key), None when not shown."""
        row = self._rows.get(ident) if ident else None
        if row is None or row.okey is None:
            return None
        at = ordering.find(self._okeys, row.okey, self._descending)
        return at if at < len(self.order) and self.order[at] == ident else None

    @property
    def cursor_index(self) -> int:
        index = self.index_of(self.cursor_id)
        return 0 if index is None else index

    def move_cursor(self, index: int) -> None:
        if self.order:
            self.cursor_id = self.order[max(0, min(index, len(self.order) - 1))]

    @property
    def total(self) -> int:
        return len(self._rows)
