"""The ``:top`` triage list: objects ranked by CPU or memory, with sparklines (pure).

The engine has no "sort by CPU" in its search language and statistics cost one
request per object, so :top ranks what the console samples. ``TopWatch`` picks
which running VMs to sample: the current leaders stay watched, and the other
half of the budget sweeps through the rest, so a VM that starts burning CPU
enters the ranking within a few sweeps even among 10,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from console.ui.live.ascii import blocks, plain_style
from console.ui.live.sparkline import sparkline
from console.ui.live.stats_history import StatsHistory
from console.ui.render.common import fmt_percent, get, safe

__all__ = ["SORTS", "TopRow", "TopWatch", "top_line", "top_rows"]

SORTS = ("cpu", "memory")
SPARK = 16


@dataclass(frozen=True, slots=True)
class TopRow:
    kind: str
    id: str
    name: str
    cpu: float | None
    memory: float | None
    network: float | None


def top_rows(kind: str, records: Sequence[Any], history: StatsHistory, sort: str = "cpu",
             limit: int | None = None) -> list[TopRow]:
    """Sampled objects of ``kind`` ranked by ``sort`` (highest first; unsampled ones left out)."""
    if sort not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    rows = []
    for record in records:
        ident = get(record, "id")
        sample = history.latest(kind, ident) if ident else None
        if sample is None:
            continue
        rows.append(TopRow(kind, ident, safe(get(record, "name")), sample.cpu, sample.memory, sample.network))
    rows.sort(key=lambda r: (-(getattr(r, sort) if getattr(r, sort) is not None else -1.0), r.name))
    return rows[:limit] if limit is not None else rows


def _heat(value: float | None) -> str:
    if value is None:
        return "dim"
    return plain_style("bold red" if value >= 90 else "yellow" if value >= 70 else "")


def top_line(row: TopRow, history: StatsHistory, width_name: int = 24) -> Text:
    glyphs = blocks()
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(f"{row.name[:width_name]:<{width_name}} ")
    for metric in ("cpu", "memory"):
        value = getattr(row, metric)
        line.append(f"{fmt_percent(value):>5} ", style=_heat(value))
        line.append(sparkline(history.series(row.kind, row.id, metric), SPARK, glyphs=glyphs),
                    style=plain_style("cyan"))
        line.append("  ")
    line.append(f"{fmt_percent(row.network):>5}", style=_heat(row.network))
    return line


class TopWatch:
    """Which running VMs to sample: leaders keep their slots, the rest of the budget sweeps."""

    def __init__(self, budget: int = 100) -> None:
        if budget < 2:
            raise ValueError("budget must be >= 2")
        self.budget = budget
        self._sweep = 0

    def choose(self, candidates: Sequence[str], score: Callable[[str], float | None]) -> list[str]:
        if len(candidates) <= self.budget:
            return list(candidates)
        keep = self.budget // 2
        scored = sorted((c for c in candidates if score(c) is not None), key=lambda c: -(score(c) or 0.0))
        leaders = scored[:keep]
        chosen = set(leaders)
        rest = [c for c in candidates if c not in chosen]
        take = self.budget - len(leaders)
        start = self._sweep % len(rest)
        window = (rest[start:] + rest[:start])[:take]
        self._sweep = (start + take) % len(rest)
        return leaders + window
