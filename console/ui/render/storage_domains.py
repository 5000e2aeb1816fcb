"""Storage domains: type, backing storage and how full they are, with a usage bar."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from console.ui.render.common import (
    Column,
    enum_value,
    fmt_bytes,
    get,
    literal,
    status_text,
    usage_bar,
)


def domain_status(sd: Any) -> Any:
    """A shared domain's state lives in ``external_status``/``status``; unattached ones have none."""
    return get(sd, "status") or get(sd, "external_status") or ("active" if get(sd, "available") else "")


def total(sd: Any) -> float | None:
    used, available = get(sd, "used"), get(sd, "available")
    if used is None and available is None:
        return None
    return float(used or 0) + float(available or 0)


def _right(text: str) -> Text:
    return Text(text, no_wrap=True, end="", justify="right")


COLUMNS: tuple[Column, ...] = (
    Column("status", "STATUS", 13, lambda s, c: status_text(domain_status(s)), sort_letter="S"),
    Column("name", "NAME", 20, lambda s, c: literal(get(s, "name")), sort_letter="N"),
    Column("type", "TYPE", 8, lambda s, c: literal(enum_value(get(s, "type"))), sort_letter="T"),
    Column("storage_type", "STORAGE", 8, lambda s, c: literal(enum_value(get(s, "storage.type"))), sort_letter="O"),
    Column("usage", "USAGE", 13, lambda s, c: usage_bar(get(s, "used"), total(s), 8),
           sort_key=lambda s, c: (float(get(s, "used") or 0) / t) if (t := total(s)) else None,
           sort_letter="G"),
    Column("used", "USED", 9, lambda s, c: _right(fmt_bytes(get(s, "used"))),
           sort_key=lambda s, c: get(s, "used"), justify="right", sort_letter="U"),
    Column("available", "FREE", 9, lambda s, c: _right(fmt_bytes(get(s, "available"))),
           sort_key=lambda s, c: get(s, "available"), justify="right", sort_letter="F"),
    Column("committed", "COMMITTED", 9, lambda s, c: _right(fmt_bytes(get(s, "committed"))),
           sort_key=lambda s, c: get(s, "committed"), justify="right", sort_letter="C"),
    Column("description", "DESCRIPTION", 20, lambda s, c: literal(get(s, "description")), sort_letter="E"),
)
