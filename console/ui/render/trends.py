"""Sparkline table columns (CPU, memory, network trends) for the VM and host tables (pure).

The cell draws the engine's own ``*.usage.history`` statistic (oVirt 4.4+, newest first
on the wire, one sample per 30 s) that a watched row's record carries once the live
layer attached its statistics; rows not watched show an empty cell. Ready for
``render/vms.py`` and ``render/hosts.py``: ``COLUMNS = (..., *TREND_COLUMNS["vms"])``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from console.ui.live.ascii import blocks, plain_style
from console.ui.live.sparkline import sparkline
from console.ui.render.common import Column, RenderContext, get

__all__ = ["TREND_COLUMNS", "TREND_WIDTH", "trend_cell", "usage_history"]

TREND_WIDTH = 10
_HISTORY = {"cpu": "cpu.usage.history", "memory": "memory.usage.history", "network": "network.usage.history"}


def usage_history(record: Any, metric: str) -> list[float]:
    """The record's history of ``metric`` in percent, oldest first (empty when absent)."""
    name = _HISTORY[metric]
    for stat in get(record, "statistics", ()) or ():
        if getattr(stat, "name", None) == name:
            values = [getattr(v, "datum", None) for v in getattr(stat, "values", None) or ()]
            return [float(v) for v in reversed(values) if v is not None]
    return []


def trend_cell(record: Any, metric: str, width: int = TREND_WIDTH) -> Text:
    history = usage_history(record, metric)
    line = sparkline(history, width, glyphs=blocks()) if history else ""
    return Text(line, style=plain_style("cyan"), no_wrap=True, end="")


def _column(metric: str, title: str) -> Column:
    def cell(record: Any, ctx: RenderContext) -> Text:
        return trend_cell(record, metric)

    def newest(record: Any, ctx: RenderContext) -> float | None:
        history = usage_history(record, metric)
        return history[-1] if history else None

    return Column(f"{metric}_trend", title, TREND_WIDTH, cell, sort_key=newest)


TREND_COLUMNS: dict[str, tuple[Column, ...]] = {
    "vms": (_column("cpu", "CPU TREND"), _column("memory", "MEM TREND"), _column("network", "NET TREND")),
    "hosts": (_column("cpu", "CPU TREND"), _column("memory", "MEM TREND")),
}
