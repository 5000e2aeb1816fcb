"""``ovirt-console events [--follow]``: the event log, optionally tailed like ``tail -f``.

Following uses the console's own tail (``from=<last index>``): no duplicates and
no gaps, even across a dropped connection, which is retried rather than fatal
because a follower typically runs unattended for days.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from console.api.connection import Connection
from console.api.errors import ConnectionError, TimeoutError
from console.backend.export import to_csv
from console.backend.live import EventsTail
from console.backend.settings import EngineSettings
from console.oneshot.columns import COLUMNS, table_text
from console.oneshot.common import session
from console.oneshot.listing import fetch_kind

__all__ = ["FOLLOW_INTERVAL", "follow", "format_event", "run_events"]

FOLLOW_INTERVAL = 3.0  # seconds between polls, as the console's events tail
RETRY_LIMIT = 60.0  # longest wait between attempts while the engine is unreachable

Sleep = Callable[[float], Awaitable[object]]


def format_event(event: Any, output: str) -> str:
    """One event as one line: aligned text, a JSON object (JSON Lines) or a CSV row."""
    values = [c.value(event, {}) for c in COLUMNS["events"]]
    if output == "json":
        names = [c.name for c in COLUMNS["events"]]
        return json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False)
    if output == "csv":
        return to_csv([], [values]).split("\r\n", 1)[1].rstrip("\r\n")
    _index, time, severity, code, description, _id = (table_text(v) for v in values)
    return f"{time}  {severity:<7}  {code:>5}  {description}"


async def follow(
    conn: Connection,
    out: TextIO,
    *,
    output: str = "table",
    backlog: int = 10,
    interval: float = FOLLOW_INTERVAL,
    sleep: Sleep | None = None,
    err: TextIO | None = None,
) -> None:
    """Print the last ``backlog`` events, then each new one as it is logged; runs until cancelled."""
    import asyncio

    pause: Sleep = sleep or asyncio.sleep
    tail = EventsTail(
        lambda message: None
    )  # the console's messages are not needed here
    if output == "csv":
        _write(out, to_csv([c.name for c in COLUMNS["events"]], []).rstrip("\r\n"))
    history = await fetch_kind(conn, "events", max=backlog) if backlog > 0 else []
    for event in history:
        _write(out, format_event(event, output))
    tail.seen(history)
    wait = interval
    while True:
        try:
            fresh = await tail.poll(conn)
        except (ConnectionError, TimeoutError) as exc:
            print(
                f"ovirt-console: {exc.summary}; retrying in {wait:g} s",
                file=err or sys.stderr,
            )
            await pause(wait)
            wait = min(wait * 2, RETRY_LIMIT)
            continue
        wait = interval
        for event in fresh:
            _write(out, format_event(event, output))
        await pause(interval)


def _write(out: TextIO, line: str) -> None:
    out.write(line + "\n")
    out.flush()  # a follower is read line by line (| grep, a log shipper)


async def run_events(
    settings: EngineSettings,
    out: TextIO,
    *,
    output: str = "table",
    max: int = 20,
    interval: float = FOLLOW_INTERVAL,
) -> int:
    async with session(settings) as conn:
        await follow(conn, out, output=output, backlog=max, interval=interval)
    return 0  # not reached: following ends by Ctrl-C (the caller exits 0)
