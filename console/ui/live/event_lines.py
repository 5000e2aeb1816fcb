"""One event as one line of the events pane (pure rendering, no widgets)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from console.ui.live.ascii import plain_style
from console.ui.live.event_feed import severity_of
from console.ui.render.common import fmt_time, get, safe

__all__ = ["SEVERITY_STYLES", "event_line"]

SEVERITY_STYLES = {"normal": "", "warning": "yellow", "error": "bold red", "alert": "bold magenta"}
SEVERITY_LABELS = {"normal": "normal ", "warning": "warning", "error": "ERROR  ", "alert": "ALERT  "}


def event_line(event: Any, object_name: Callable[[Any], str]) -> Text:
    """``2026-11-27 01:02:03 ERROR   1234 vm-007  description`` coloured by severity.

    The severity is a word as well as a colour, so it survives NO_COLOR and
    colour-blind eyes; engine text is literal (never markup).
    """
    severity = severity_of(event)
    style = plain_style(SEVERITY_STYLES[severity])
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(fmt_time(get(event, "time")) or " " * 19, style="dim")
    line.append(" ")
    line.append(SEVERITY_LABELS[severity], style=style)
    line.append(" ")
    code = get(event, "code")
    line.append(f"{code if code is not None else '':>5}")
    line.append(" ")
    name = safe(object_name(event))[:20]
    line.append(f"{name:<20}", style=plain_style("cyan"))
    line.append(" ")
    line.append(safe(get(event, "description")), style=style)
    return line
