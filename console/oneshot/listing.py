"""``ovirt-console list KIND``: one collection, printed as a table, JSON or CSV."""

from __future__ import annotations

import asyncio
from typing import Any, TextIO

from console.api.connection import Connection
from console.backend import fetch
from console.backend.inventory import SPECS, attach_statuses, event_number
from console.backend.settings import EngineSettings
from console.oneshot.columns import COLUMNS
from console.oneshot.common import session
from console.oneshot.output import index_names, rows_of, write_rows

__all__ = ["KIND_NAMES", "fetch_kind", "run_list"]

# What the admin types -> the backend's kind (also the console's : view names).
KIND_NAMES: dict[str, str] = {
    "vms": "vms", "hosts": "hosts", "clusters": "clusters",
    "datacenters": "data_centers", "dcs": "data_centers",
    "storage": "storage_domains", "storagedomains": "storage_domains", "sds": "storage_domains",
    "events": "events", "jobs": "jobs",
}  # fmt: skip

# The kinds whose names a kind's references need (a VM's host and cluster).
_REFERENCED: dict[str, tuple[str, ...]] = {
    "vms": ("hosts", "clusters"),
    "hosts": ("clusters",),
    "clusters": ("data_centers",),
}


async def fetch_kind(
    conn: Connection, kind: str, search: str | None = None, max: int | None = None
) -> list[Any]:
    """The records of one kind as the console's inventory reads them, plus search and max."""
    spec = SPECS[kind]
    params: dict[str, object] = dict(spec.params)
    if search:
        params["search"] = search
    if max is not None:
        params["max"] = max
    records = await fetch.list_records(conn, spec.path, params)
    if kind == "storage_domains":
        await attach_statuses(conn, records)
    elif kind == "events":
        records.sort(key=event_number)  # oldest first, like a log
    return records


async def run_list(
    settings: EngineSettings,
    kind: str,
    out: TextIO,
    *,
    output: str = "table",
    search: str | None = None,
    max: int | None = None,
) -> int:
    columns = COLUMNS[kind]
    async with session(settings) as conn:
        referenced = _REFERENCED.get(kind, ())
        found = await asyncio.gather(
            fetch_kind(conn, kind, search, max),
            *(fetch.list_records(conn, SPECS[k].path) for k in referenced),
        )
    names = index_names(dict(zip(referenced, found[1:], strict=True)))
    write_rows(out, output, columns, rows_of(found[0], columns, names))
    return 0
