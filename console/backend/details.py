"""Detail tabs: what each tab of each kind's detail pane reads from the engine.

Tabs follow the Administration Portal's subtabs. Every tab is one request: a
sub-collection of the object, or a server-side search naming the object (the
VMs on a host, a cluster's hosts, an object's events).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from console.api.connection import Connection
from console.api.errors import NotFoundError
from console.backend import fetch
from console.backend.inventory import SPECS, event_number

__all__ = ["EVENTS_PER_OBJECT", "TABS", "NameIndex", "load_tab"]

EVENTS_PER_OBJECT = 200


@dataclass(frozen=True, slots=True)
class Sub:
    """A sub-collection of the object: ``<kind path>/<id>/<path>``."""

    path: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Search:
    """A search on another collection naming the object: ``<path>?search=<field>=<name>``."""

    path: str
    field: str
    by_id: bool = False  # the field takes the object's id (no name lookup needed)


@dataclass(frozen=True, slots=True)
class RecentEvents:
    """The newest events that reference the object, for kinds the events search
    cannot name (clusters): read the last ``window`` events and keep the matches."""

    attribute: str
    window: int = 1000


TABS: dict[str, dict[str, Sub | Search | RecentEvents | None]] = {
    # None = the object itself ("general"): one GET of the entity.
    "vms": {
        "general": None,
        "nics": Sub("nics", {"follow": "reported_devices"}),
        "disk_attachments": Sub("diskattachments", {"follow": "disk"}),
        "snapshots": Sub("snapshots"),
        "statistics": Sub("statistics"),
        "events": Search("events", "_event_vm_id", by_id=True),
    },
    "hosts": {
        "general": None,
        "nics": Sub("nics"),
        "statistics": Sub("statistics"),
        "vms": Search("vms", "host"),
        "events": Search("events", "_event_host_id", by_id=True),
    },
    "clusters": {
        "general": None,
        "hosts": Search("hosts", "cluster"),
        "vms": Search("vms", "cluster"),
        "networks": Sub("networks"),
        "events": RecentEvents("cluster"),
    },
    "data_centers": {
        "general": None,
        "clusters": Sub("clusters"),
        "storage_domains": Sub("storagedomains"),
        "networks": Sub("networks"),
        "events": Search("events", "_event_datacenter_id", by_id=True),
    },
    "storage_domains": {
        "general": None,
        "disks": Sub("disks"),
        "events": Search("events", "_event_storage_id", by_id=True),
    },
    "networks": {"general": None, "vnic_profiles": Sub("vnicprofiles")},
    "templates": {
        "general": None,
        "nics": Sub("nics"),
        "disk_attachments": Sub("diskattachments", {"follow": "disk"}),
        "events": Search("events", "_event_template_id", by_id=True),
    },
    "disks": {"general": None, "statistics": Sub("statistics")},
    "events": {"general": None},
    "jobs": {"general": None, "steps": Sub("steps")},
}


class NameIndex:
    """id -> name per kind, fed by every load, so a tab can search by name without a GET."""

    def __init__(self) -> None:
        self._names: dict[str, dict[str, str]] = {}

    def add(self, kind: str, records: list[Any]) -> None:
        table = self._names.setdefault(kind, {})
        for record in records:
            rid, name = getattr(record, "id", None), getattr(record, "name", None)
            if rid and name:
                table[rid] = name

    def get(self, kind: str, id: str) -> str | None:
        return self._names.get(kind, {}).get(id)


def _quote(value: str) -> str:
    """A search value; quoted when it holds a space so the engine keeps it one token."""
    return f'"{value}"' if any(c.isspace() for c in value) else value


async def _name_of(conn: Connection, kind: str, id: str, names: NameIndex) -> str:
    name = names.get(kind, id)
    if name:
        return name
    record = await fetch.get_record(conn, f"{SPECS[kind].path}/{id}")
    if record is None or not getattr(record, "name", None):
        raise NotFoundError(
            f"{kind[:-1].replace('_', ' ')} {id} no longer exists", code=404
        )
    names.add(kind, [record])
    return record.name


async def load_tab(
    conn: Connection, kind: str, id: str, tab: str, names: NameIndex
) -> list[Any]:
    """The records one detail tab shows; raises ApiError (NotFoundError when the object is gone)."""
    tabs = TABS.get(kind)
    if tabs is None or tab not in tabs:
        known = ", ".join(tabs or ())
        raise ValueError(f"no tab {tab!r} for {kind} (tabs: {known})")
    spec = SPECS[kind]
    how = tabs[tab]
    if how is None:
        record = await fetch.get_record(conn, f"{spec.path}/{id}", spec.entity_params)
        if record is None:
            raise NotFoundError(
                f"{kind[:-1].replace('_', ' ')} {id} no longer exists", code=404
            )
        return [record]
    if isinstance(how, Sub):
        return await fetch.list_records(
            conn, f"{spec.path}/{id}/{how.path}", how.params
        )
    if isinstance(how, RecentEvents):
        recent = await fetch.list_records(conn, "events", {"max": how.window})
        mine = [
            e
            for e in recent
            if getattr(getattr(e, how.attribute, None), "id", None) == id
        ]
        mine.sort(key=event_number)
        return mine[-EVENTS_PER_OBJECT:]
    value = id if how.by_id else await _name_of(conn, kind, id, names)
    params: dict[str, object] = {"search": f"{how.field}={_quote(value)}"}
    if how.path == "events":
        params["max"] = EVENTS_PER_OBJECT
        records = await fetch.list_records(conn, how.path, params)
        records.sort(key=event_number)  # oldest first, like the events tail
        return records
    return await fetch.list_records(conn, how.path, params)
