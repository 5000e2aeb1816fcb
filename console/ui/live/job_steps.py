"""A job and its steps as lines with progress bars (pure rendering).

``▕████▌     ▏ 45%`` for a step the engine reports progress for, its status
otherwise; jobs this console started are marked ``◆`` with the action that
started them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rich.text import Text

from console.ui.live.ascii import plain_style
from console.ui.live.job_links import JobLink
from console.ui.render.common import enum_value, fmt_duration, get, safe
from console.ui.render.jobs import duration

__all__ = ["job_line", "job_lines", "progress_bar", "running", "step_line"]

_STATUS_STYLES = {"started": "cyan", "finished": "green", "failed": "bold red", "aborted": "yellow"}


def running(job: Any) -> bool:
    return enum_value(get(job, "status")) == "started"


def progress_bar(percent: float | None, width: int = 10, *, ascii_only: bool = False) -> str:
    """A bar of ``width`` cells (eighths with block glyphs, whole cells in ASCII)."""
    if percent is None:
        return " " * (width + 5)
    ratio = min(1.0, max(0.0, percent / 100.0))
    if ascii_only:
        filled = round(ratio * width)
        return f"[{'#' * filled}{'.' * (width - filled)}]{percent:>3.0f}%"[: width + 7]
    eighths = round(ratio * width * 8)
    full, rest = divmod(eighths, 8)
    bar = "█" * full + ("▏▎▍▌▋▊▉"[rest - 1] if rest else "")
    return f"▕{bar:<{width}}▏{percent:>3.0f}%"


def job_line(job: Any, now: datetime, link: JobLink | None) -> Text:
    status = enum_value(get(job, "status"))
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append("◆ " if link else "  ", style=plain_style("bold cyan"))
    line.append(f"{status:<9}", style=plain_style(_STATUS_STYLES.get(status, "")))
    line.append(f"{fmt_duration(duration(job, now)):>8} ")
    line.append(safe(get(job, "description")))
    if link is not None:
        line.append(f"  ← {safe(link.label)}", style="dim")
    return line


def step_line(step: Any, *, ascii_only: bool = False) -> Text:
    status = enum_value(get(step, "status"))
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    depth = 2 if get(step, "parent_step") is not None else 1
    line.append("    " * depth)
    progress = get(step, "progress")
    if progress is not None:
        line.append(progress_bar(float(progress), ascii_only=ascii_only), style=plain_style("cyan"))
    else:
        line.append(f"{status:<15}", style=plain_style(_STATUS_STYLES.get(status, "")))
    line.append(" ")
    line.append(safe(get(step, "description")))
    return line


def _step_order(step: Any) -> tuple[int, str]:
    number = get(step, "number")
    return (number if isinstance(number, int) else 0, get(step, "id") or "")


def job_lines(job: Any, steps: Iterable[Any] | None, now: datetime, link: JobLink | None,
              *, ascii_only: bool = False) -> list[Text]:
    """The job's line, then one line per step (numbered order), when its steps are known."""
    lines = [job_line(job, now, link)]
    for step in sorted(steps or (), key=_step_order):
        lines.append(step_line(step, ascii_only=ascii_only))
    return lines
