"""Events: the audit log, coloured by severity, newest last like a tail."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from console.ui.render.common import Column, enum_value, fmt_time, get, literal, right

SEVERITY_STYLES = {"normal": "", "warning": "yellow", "error": "bold red", "alert": "bold magenta"}


def severity_text(event: Any) -> Text:
    severity = enum_value(get(event, "severity"))
    return Text(severity, style=SEVERITY_STYLES.get(severity, ""), no_wrap=True, end="")


def object_name(event: Any, ctx) -> str:
    """What the event is about: the VM, host, cluster or storage domain it names."""
    for kind, field in (("vms", "vm"), ("hosts", "host"), ("storage_domains", "storage_domain"),
                        ("clusters", "cluster"), ("data_centers", "data_center")):
        ref = get(event, field)
        if ref is not None:
            return ctx.name(kind, ref)
    return ""


def _code(event: Any) -> int | None:
    try:
        return int(get(event, "code"))
    except (TypeError, ValueError):
        return None


COLUMNS: tuple[Column, ...] = (
    Column("time", "TIME", 19, lambda r, c: literal(fmt_time(get(r, "time"))),
           sort_key=lambda r, c: get(r, "time"), sort_letter="T"),
    Column("severity", "SEVERITY", 8, lambda r, c: severity_text(r), sort_letter="S"),
    Column("code", "CODE", 5, lambda r, c: right(str(_code(r) if _code(r) is not None else "")),
           sort_key=lambda r, c: _code(r), justify="right", sort_letter="C"),
    Column("object", "OBJECT", 16, lambda r, c: literal(object_name(r, c)), sort_letter="O"),
    Column("description", "DESCRIPTION", 70,
           lambda r, c: literal(get(r, "description"), style=SEVERITY_STYLES.get(enum_value(get(r, "severity")), "")),
           sort_letter="D"),
)
