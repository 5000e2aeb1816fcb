"""One row of a resource table: its record and what was derived from it, cached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.ui.widgets.table.cells import Packed

__all__ = ["Row"]


@dataclass(slots=True)
class Row:
    record: Any
    seq: int  # arrival number: the unsorted order, and the tie-break of every sort
    cells: tuple[Packed, ...] | None = None  # packed (cells.py): no Text kept per row
    haystack: tuple[str, ...] | None = None
    # The cells' text lowercased and joined by NUL, which no typed needle contains, so one
    # ``in`` test per row matches a substring within a single cell.
    folded: str | None = None
    sort_keys: dict[str, Any] | None = None  # per column key; dropped with the cells
    okey: tuple[Any, ...] | None = None  # its key in ``order`` (ordering.py); None: not shown

    def forget(self) -> None:
        self.cells = None
        self.haystack = None
        self.folded = None
        self.sort_keys = None
