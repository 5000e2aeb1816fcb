"""Printing a table of records: aligned text for people, JSON and CSV for scripts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from console.backend.export import to_csv, to_json
from console.oneshot.columns import Column, Names, table_text

__all__ = ["OUTPUTS", "rows_of", "write_rows"]

OUTPUTS = ("table", "json", "csv")


def rows_of(
    records: Iterable[Any], columns: Sequence[Column], names: Names
) -> list[list[Any]]:
    return [[c.value(r, names) for c in columns] for r in records]


def write_rows(
    out: TextIO, output: str, columns: Sequence[Column], rows: list[list[Any]]
) -> None:
    headers = [c.name for c in columns]
    if output == "json":
        out.write(to_json(headers, rows))
    elif output == "csv":
        out.write(to_csv(headers, rows))
    else:
        _table(out, columns, rows)


def _table(out: TextIO, columns: Sequence[Column], rows: list[list[Any]]) -> None:
    cells = [
        [
            (c.human(v) if c.human and v is not None else table_text(v))
            for c, v in zip(columns, row, strict=True)
        ]
        for row in rows
    ]
    header = [c.name.upper() for c in columns]
    widths = [
        max([len(header[i]), *(len(r[i]) for r in cells)]) for i in range(len(columns))
    ]
    out.writelines(
        "  ".join(t.ljust(w) for t, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in [header, *cells]
    )


def index_names(lists: Mapping[str, Iterable[Any]]) -> dict[str, dict[str, str]]:
    """kind -> id -> name, for turning references into names."""
    return {
        kind: {
            r.id: r.name
            for r in records
            if getattr(r, "id", None) and getattr(r, "name", None)
        }
        for kind, records in lists.items()
    }
