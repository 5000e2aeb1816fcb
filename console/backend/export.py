"""Export writers: a table (column names + rows of plain values) to CSV or JSON.

Pure functions the UI's ``:export FILE`` and the one-shot commands call. Values
are written as given (the caller passes plain strings or numbers, not styled
text); the file appears atomically, so a reader never sees half an export.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "FORMATS",
    "ExportError",
    "format_for",
    "rows_from_dicts",
    "to_csv",
    "to_json",
    "write_csv",
    "write_json",
    "write_table",
]

FORMATS = ("csv", "json")


class ExportError(Exception):
    """The export could not be written; one line naming the file."""


def rows_from_dicts(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Columns (given, else every key in first-seen order) and rows in that order."""
    records = list(records)
    if columns is None:
        seen: dict[str, None] = {}
        for record in records:
            seen.update(dict.fromkeys(record))
        columns = list(seen)
    return list(columns), [[r.get(c) for c in columns] for r in records]


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """RFC 4180 CSV with a header line: quotes, commas and newlines quoted, CRLF ends."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        _check_width(columns, row)
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def to_json(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A JSON array of objects keyed by column name (None becomes null)."""
    objects = []
    for row in rows:
        _check_width(columns, row)
        objects.append(dict(zip(columns, row, strict=True)))
    return json.dumps(objects, indent=2, ensure_ascii=False, default=str) + "\n"


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format asked for, else the file's suffix; ValueError names the choices."""
    chosen = (fmt or Path(path).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValueError(
            f"cannot tell the export format of {os.fspath(path)!r}: "
            "name it .csv or .json"
        )
    return chosen


def write_csv(
    path: str | os.PathLike[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Path:
    return _write(path, to_csv(columns, rows), newline="")


def write_json(
    path: str | os.PathLike[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Path:
    return _write(path, to_json(columns, rows))


def write_table(
    path: str | os.PathLike[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str | None = None,
) -> Path:
    """Write by format (``csv``/``json``, else from the suffix); returns the full path."""
    chosen = format_for(path, fmt)
    writer = write_csv if chosen == "csv" else write_json
    return writer(path, columns, rows)


def _check_width(columns: Sequence[str], row: Sequence[Any]) -> None:
    if len(row) != len(columns):
        raise ValueError(f"a row has {len(row)} values for {len(columns)} columns")


def _write(path: str | os.PathLike[str], text: str, newline: str | None = None) -> Path:
    target = Path(os.path.expanduser(os.fspath(path))).resolve()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
                handle.write(text)
            os.chmod(
                tmp, 0o666 & ~_umask()
            )  # mkstemp makes 0600; an export is an ordinary file
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _umask() -> int:
    """The process umask, read without os.umask (which would change it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022
