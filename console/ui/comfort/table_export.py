"""The current table as plain columns and rows, for ``:export``.

Exactly what the admin sees: the visible rows (scope, search, filter applied) in
the table's order, each column's plain text (no styling, no markup).
"""

from __future__ import annotations

from console.ui.widgets.table.cells import plain
from console.ui.widgets.table.model import TableModel


def plain_table(model: TableModel) -> tuple[list[str], list[list[str]]]:
    columns = [column.title for column in model.columns]
    # The stored cells' plain text: no Text is built for rows only exported.
    rows = [[plain(cell) for cell in model.packed_cells(ident)] for ident in model.order]
    return columns, rows
