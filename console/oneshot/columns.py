"""What each ``list`` kind prints: plain columns, raw values for JSON and CSV.

The console's tables render rich text; scripts want values: numbers stay numbers
(bytes, percent), references become names, enums their engine spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["COLUMNS", "Column", "Names", "plain", "table_text"]

Names = Mapping[str, Mapping[str, str]]  # kind -> id -> name
Value = Callable[[Any, Names], Any]

_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    value: Value
    human: Callable[[Any], str] | None = None  # table text for numbers (GiB, %)


def get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def plain(value: Any) -> Any:
    """A JSON-able value: enums by engine spelling, times in ISO 8601."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(getattr(value, "value", value))


def table_text(value: Any) -> str:
    """One table cell: no control characters, so a name cannot move the cursor."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _CONTROLS.sub(" ", str(value))


def _gib(value: Any) -> str:
    return "" if value is None else f"{value / 2**30:.1f} GiB"


def _attr(path: str) -> Value:
    return lambda record, names: plain(get(record, path))


def _name_of(kind: str, path: str) -> Value:
    def value(record: Any, names: Names) -> Any:
        ref = get(record, path)
        ref_id = getattr(ref, "id", None)
        if ref_id is None:
            return None
        return getattr(ref, "name", None) or names.get(kind, {}).get(ref_id) or ref_id

    return value


def _ips(record: Any, names: Names) -> str | None:
    found: list[str] = []
    for device in get(record, "reported_devices") or ():
        for ip in getattr(device, "ips", None) or ():
            address = getattr(ip, "address", None)
            if address and address not in found:
                found.append(address)
    return " ".join(sorted(found, key=lambda a: (":" in a, a))) or None


def _version(record: Any, names: Names) -> str | None:
    major, minor = get(record, "version.major"), get(record, "version.minor")
    return None if major is None else f"{major}.{minor or 0}"


def _storage_kind(record: Any, names: Names) -> str | None:
    local = get(record, "local")
    return None if local is None else ("local" if local else "shared")


ID = Column("id", _attr("id"))
NAME = Column("name", _attr("name"))
DESCRIPTION = Column("description", _attr("description"))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "vms": (
        NAME, Column("status", _attr("status")),
        Column("host", _name_of("hosts", "host")),
        Column("cluster", _name_of("clusters", "cluster")),
        Column("memory", _attr("memory"), _gib), Column("ips", _ips),
        Column("fqdn", _attr("fqdn")), DESCRIPTION, ID,
    ),
    "hosts": (
        NAME, Column("status", _attr("status")), Column("address", _attr("address")),
        Column("cluster", _name_of("clusters", "cluster")),
        Column("spm", _attr("spm.status")), Column("running_vms", _attr("summary.active")),
        Column("memory", _attr("memory"), _gib), DESCRIPTION, ID,
    ),
    "clusters": (
        NAME, Column("data_center", _name_of("data_centers", "data_center")),
        Column("cpu_type", _attr("cpu.type")), Column("version", _version), DESCRIPTION, ID,
    ),
    "data_centers": (
        NAME, Column("status", _attr("status")), Column("storage", _storage_kind),
        Column("version", _version), DESCRIPTION, ID,
    ),
    "storage_domains": (
        NAME, Column("status", _attr("status")), Column("type", _attr("type")),
        Column("storage_type", _attr("storage.type")),
        Column("available", _attr("available"), _gib), Column("used", _attr("used"), _gib),
        Column("committed", _attr("committed"), _gib), DESCRIPTION, ID,
    ),
    "events": (
        Column("index", _attr("index")), Column("time", _attr("time")),
        Column("severity", _attr("severity")), Column("code", _attr("code")),
        DESCRIPTION, ID,
    ),
    "jobs": (
        DESCRIPTION, Column("status", _attr("status")),
        Column("start_time", _attr("start_time")), Column("end_time", _attr("end_time")),
        Column("owner", _name_of("users", "owner")), ID,
    ),
}  # fmt: skip
