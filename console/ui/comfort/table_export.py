"""The current table as plain columns and rows, for ``:export``.

Exactly what the admin sees: the visible rows (scope, search, filter applied) in
the table's order, each column's plain text (no styling, no markup).
"""

from __future__ import annotations

from console.ui.widgets.table.model import TableModel


def plain_table(model: TableModel) -> tuple[list[str], list[list[str]]]:
    columns = [column.title for column in model.columns]
    rows = [[cell.plain for cell in model.cells(ident)] for ident in model.order]
    return columns, rows
