"""Hosts: status, address, cluster, SPM role, load, as the Administration Portal lists them."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from console.ui.render.common import (
    Column,
    RenderContext,
    enum_value,
    fmt_percent,
    get,
    literal,
    statistic,
    status_text,
)
from console.ui.render.trends import TREND_COLUMNS


def cpu_percent(host: Any) -> float | None:
    idle = statistic(host, "cpu.current.idle")
    if idle is not None:
        return max(0.0, 100.0 - idle)
    user, system = statistic(host, "cpu.current.user"), statistic(host, "cpu.current.system")
    if user is None and system is None:
        return None
    return (user or 0.0) + (system or 0.0)


def memory_percent(host: Any) -> float | None:
    used, total = statistic(host, "memory.used"), statistic(host, "memory.total")
    if used is None or not total:
        return None
    return 100.0 * used / total


def spm_role(host: Any) -> str:
    """SPM column wording: ``SPM`` for the pool manager, ``contending``, else blank."""
    status = enum_value(get(host, "spm.status"))
    return {"spm": "SPM", "contending": "contending"}.get(status, "")


def running_vms(host: Any, ctx: RenderContext) -> int:
    """Engine's own count when present (summary.active), else counted from the inventory."""
    active = get(host, "summary.active")
    if active is not None:
        try:
            return int(active)
        except (TypeError, ValueError):
            pass
    return ctx.running_vms(get(host, "id") or "")


def _right(text: str) -> Text:
    return Text(text, no_wrap=True, end="", justify="right")


COLUMNS: tuple[Column, ...] = (
    Column("status", "STATUS", 16, lambda h, c: status_text(get(h, "status")), sort_letter="S"),
    Column("name", "NAME", 20, lambda h, c: literal(get(h, "name")), sort_letter="N"),
    Column("address", "ADDRESS", 22, lambda h, c: literal(get(h, "address")), sort_letter="A"),
    Column("cluster", "CLUSTER", 14, lambda h, c: literal(c.name("clusters", get(h, "cluster"))), sort_letter="C"),
    Column("spm", "SPM", 10, lambda h, c: Text(spm_role(h), style="bold" if spm_role(h) == "SPM" else "", end=""),
           sort_letter="P"),
    Column("vms", "VMS", 5, lambda h, c: _right(str(running_vms(h, c))),
           sort_key=lambda h, c: running_vms(h, c), justify="right", sort_letter="V"),
    Column("cpu", "CPU%", 5, lambda h, c: _right(fmt_percent(cpu_percent(h))),
           sort_key=lambda h, c: cpu_percent(h), justify="right", sort_letter="U"),
    Column("mem_usage", "MEM%", 5, lambda h, c: _right(fmt_percent(memory_percent(h))),
           sort_key=lambda h, c: memory_percent(h), justify="right", sort_letter="M"),
    *TREND_COLUMNS["hosts"],  # beside the numbers they explain
    Column("version", "VERSION", 14, lambda h, c: literal(get(h, "version.full_version")), sort_letter="R"),
)
