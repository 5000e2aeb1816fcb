"""Sparkline trend columns (CPU, memory, network) for the VM and host tables (pure).

A cell draws the engine's own ``*.usage.history`` statistic (oVirt 4.4+, newest first
on the wire, one sample per 30 s) that a watched row's record carries once the live
layer attached its statistics. The engine keeps no such history for hosts, so there
the cell falls back to the samples the console itself collected
(``ctx.extra["usage_series"](kind, id, metric)``, the live layer's StatsHistory).
Rows never sampled show an empty cell, never a flat line that would read as "idle".
Kept in render/ (not live/): vms.py and hosts.py list these columns, so this module
may import nothing that imports the render package back.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from console.ui.live.ascii import blocks, plain_style
from console.ui.live.sparkline import sparkline
from console.ui.render.common import Column, RenderContext, get

__all__ = ["TREND_COLUMNS", "TREND_WIDTH", "statistic_trend", "trend_cell", "usage_history"]

TREND_WIDTH = 10
_HISTORY = {"cpu": "cpu.usage.history", "memory": "memory.usage.history", "network": "network.usage.history"}


def _oldest_first(stat: Any) -> list[float]:
    values = [getattr(v, "datum", None) for v in getattr(stat, "values", None) or ()]
    return [float(v) for v in reversed(values) if v is not None]


def _engine_history(record: Any, metric: str) -> list[float] | None:
    """Oldest first; None when the record carries no such statistic (a host, or not sampled)."""
    name = _HISTORY[metric]
    for stat in get(record, "statistics", ()) or ():
        if getattr(stat, "name", None) == name:
            return _oldest_first(stat)
    return None


def usage_history(record: Any, metric: str) -> list[float]:
    """The record's history of ``metric`` in percent, oldest first (empty when absent)."""
    return _engine_history(record, metric) or []


def _line(history: list[float | None], width: int) -> Text:
    line = sparkline(history, width, glyphs=blocks()) if any(v is not None for v in history) else ""
    return Text(line, style=plain_style("cyan"), no_wrap=True, end="")


def trend_cell(record: Any, metric: str, width: int = TREND_WIDTH) -> Text:
    return _line(usage_history(record, metric), width)


def statistic_trend(stat: Any, width: int = TREND_WIDTH) -> Text:
    """A ``*.history`` statistic's samples as a sparkline (the Statistics tab); empty for others."""
    if not str(getattr(stat, "name", None) or "").endswith(".history"):
        return Text("", end="")
    return _line(_oldest_first(stat), width)


def _series(kind: str, record: Any, metric: str, ctx: RenderContext) -> list[float | None]:
    """The engine's history when the record carries it (empty for a VM that is down), else
    what the console sampled."""
    history = _engine_history(record, metric)
    if history is not None:
        return list(history)
    collected = ctx.extra.get("usage_series")
    ident = get(record, "id")
    return list(collected(kind, ident, metric)) if collected is not None and ident else []


def _column(kind: str, metric: str, title: str, letter: str) -> Column:
    def cell(record: Any, ctx: RenderContext) -> Text:
        return _line(_series(kind, record, metric, ctx), TREND_WIDTH)

    def newest(record: Any, ctx: RenderContext) -> float | None:
        history = _series(kind, record, metric, ctx)
        return history[-1] if history else None

    return Column(f"{metric}_trend", title, TREND_WIDTH, cell, sort_key=newest, sort_letter=letter)


# Sort letters: Trend (CPU), memorY, netWork; the same in both tables (J and X are taken).
TREND_COLUMNS: dict[str, tuple[Column, ...]] = {
    "vms": (_column("vms", "cpu", "CPU TREND", "T"), _column("vms", "memory", "MEM TREND", "Y"),
            _column("vms", "network", "NET TREND", "W")),
    "hosts": (_column("hosts", "cpu", "CPU TREND", "T"), _column("hosts", "memory", "MEM TREND", "Y")),
}
