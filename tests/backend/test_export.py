"""Export writers: CSV quoting, JSON shape, format by suffix, atomic files."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from console.backend.export import (
    ExportError,
    format_for,
    rows_from_dicts,
    to_csv,
    write_csv,
    write_json,
    write_table,
)

COLUMNS = ["name", "status", "description", "memory"]
ROWS = [
    ["web[1]", "up", 'says "hello", twice', 17179869184],
    ["db,primary", "down", "line one\nline two", None],
    ["=cmd", "up", "ünïcode ✓", 0],
]


def test_csv_quotes_commas_quotes_and_newlines(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "vms.csv", COLUMNS, ROWS)
    raw = path.read_bytes().decode("utf-8")
    assert raw.splitlines(keepends=True)[0] == "name,status,description,memory\r\n"
    assert '"says ""hello"", twice"' in raw and '"db,primary"' in raw
    assert '"line one\nline two"' in raw
    with path.open(newline="", encoding="utf-8") as handle:
        back = list(csv.reader(handle))
    assert back == [COLUMNS, ["web[1]", "up", 'says "hello", twice', "17179869184"],
                    ["db,primary", "down", "line one\nline two", ""],
                    ["=cmd", "up", "ünïcode ✓", "0"]]  # fmt: skip


def test_json_is_an_array_of_objects_with_types_kept(tmp_path: Path) -> None:
    path = write_json(tmp_path / "vms.json", COLUMNS, ROWS)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data[0] == {
        "name": "web[1]",
        "status": "up",
        "description": 'says "hello", twice',
        "memory": 17179869184,
    }
    assert data[1]["memory"] is None and data[1]["description"] == "line one\nline two"
    assert data[2]["description"] == "ünïcode ✓"
    assert "ünïcode" in path.read_text(encoding="utf-8")  # readable, not \u-escaped


def test_write_table_picks_the_format_from_the_suffix(tmp_path: Path) -> None:
    assert write_table(tmp_path / "a.CSV", ["x"], [[1]]).read_bytes() == b"x\r\n1\r\n"
    assert json.loads(write_table(tmp_path / "a.json", ["x"], [[1]]).read_text()) == [
        {"x": 1}
    ]
    assert json.loads(
        write_table(tmp_path / "noext", ["x"], [[2]], fmt="json").read_text()
    ) == [{"x": 2}]
    with pytest.raises(ValueError, match="name it .csv or .json"):
        format_for(tmp_path / "a.xlsx")


def test_rows_from_dicts_keeps_first_seen_column_order() -> None:
    columns, rows = rows_from_dicts(
        [{"name": "a", "status": "up"}, {"name": "b", "host": "h1"}]
    )
    assert columns == ["name", "status", "host"]
    assert rows == [["a", "up", None], ["b", None, "h1"]]
    assert rows_from_dicts([{"a": 1, "b": 2}], ["b"]) == (["b"], [[2]])


def test_a_ragged_row_is_refused() -> None:
    with pytest.raises(ValueError, match="a row has 1 values for 2 columns"):
        to_csv(["a", "b"], [["only"]])


def test_export_replaces_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    write_csv(target, ["a"], [["new"]])
    assert target.read_bytes() == b"a\r\nnew\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_unwritable_directory_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(
        ExportError,
        match=r"cannot write .*missing/out\.json: No such file or directory",
    ):
        write_json(tmp_path / "missing" / "out.json", ["a"], [[1]])


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
