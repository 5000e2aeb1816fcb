"""Jobs: what the engine is doing, for how long, and for whom."""

from __future__ import annotations

from typing import Any

from console.ui.render.common import (
    Column,
    fmt_duration,
    fmt_time,
    get,
    literal,
    right,
    status_text,
)


def duration(job: Any, now) -> float | None:
    start = get(job, "start_time")
    end = get(job, "end_time") or (now if start is not None else None)
    if start is None or end is None:
        return None
    return (end - start).total_seconds()


COLUMNS: tuple[Column, ...] = (
    Column("description", "DESCRIPTION", 44, lambda r, c: literal(get(r, "description")), sort_letter="D"),
    Column("status", "STATUS", 12, lambda r, c: status_text(get(r, "status")), sort_letter="S"),
    Column("start", "START", 19, lambda r, c: literal(fmt_time(get(r, "start_time"))),
           sort_key=lambda r, c: get(r, "start_time"), sort_letter="T"),
    Column("end", "END", 19, lambda r, c: literal(fmt_time(get(r, "end_time"))),
           sort_key=lambda r, c: get(r, "end_time"), sort_letter="E"),
    Column("duration", "DURATION", 8, lambda r, c: right(fmt_duration(duration(r, c.now))),
           sort_key=lambda r, c: duration(r, c.now), justify="right", sort_letter="U"),
    Column("owner", "OWNER", 16, lambda r, c: literal(c.name("users", get(r, "owner"))), sort_letter="O"),
)

