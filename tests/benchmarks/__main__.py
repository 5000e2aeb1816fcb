"""Run every benchmark in this folder and print one table of their JSON lines.

    python -m tests.benchmarks                       # every benchmark, default settings
    python -m tests.benchmarks --only api --rounds 5  # extra args go to the chosen ones

Each ``bench_*.py`` runs as its own subprocess (``python -m tests.benchmarks.<name>``)
so one benchmark's memory and imports cannot skew another's; every stdout line
that is a JSON object becomes a table row. Exit status is non-zero if any
benchmark failed (crashed or missed its targets).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Columns shown first when present; any other keys follow, in first-seen order.
PREFERRED = [
    "bench",
    "name",
    "vms",
    "records",
    "bytes",
    "seconds",
    "ratio_to_floor",
    "peak_added_mb",
    "rss_peak_added_mb",
    "tracemalloc_peak_added_mb",
    "ok",
]


def discover(only: list[str] | None) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def run(name: str, extra: list[str]) -> tuple[int, list[dict[str, Any]], str]:
    process = subprocess.run(
        [sys.executable, "-m", f"tests.benchmarks.{name}", *extra],
        capture_output=True,
        text=True,
        cwd=HERE.parent.parent,
    )
    rows = []
    for line in process.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):
                rows.append({"bench": name.removeprefix("bench_"), **row})
    return process.returncode, rows, process.stderr


def table(rows: list[dict[str, Any]]) -> str:
    columns = [c for c in PREFERRED if any(c in r for r in rows)]
    for row in rows:
        columns += [k for k in row if k not in columns]
    cells = [[_cell(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and tabulate them.")
    parser.add_argument("--only", action="append", help="run benchmarks whose name contains this")
    args, extra = parser.parse_known_args(argv)
    if extra and not args.only:
        # Benchmarks take different options: forward them only to chosen ones.
        parser.error(f"unrecognized arguments: {' '.join(extra)} (use --only NAME to pass them)")
    names = discover(args.only)
    if not names:
        print("no benchmarks found", file=sys.stderr)
        return 2
    all_rows: list[dict[str, Any]] = []
    failed = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        code, rows, stderr = run(name, extra)
        all_rows += rows
        if code != 0:
            failed.append(name)
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            print(f"{name} exited {code}\n{tail}", file=sys.stderr)
    # One table per benchmark: their columns differ.
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in all_rows:
        groups.setdefault(str(row.get("bench", "")), []).append(row)
    print("\n\n".join(table(rows) for rows in groups.values()))
    if failed:
        print(f"failed or missed targets: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
