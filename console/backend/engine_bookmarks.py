"""The engine's own bookmarks (``GET /bookmarks``), listed beside the console's saved searches.

The engine stores a bookmark as a name and a webadmin search such as
``Vms: status = up and cluster = prod``: the prefix names the view, the rest is
the search. The api client has no Bookmark record yet, so the small document is
read here (entities off, no network: engine text is never trusted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from console.api.errors import ParseError

if TYPE_CHECKING:
    from console.api.connection import Connection

__all__ = ["EngineBookmark", "engine_bookmarks", "parse_bookmarks"]

# The webadmin's search prefixes -> the console's views.
_PREFIXES: dict[str, str] = {
    "vm": "vms", "vms": "vms", "host": "hosts", "hosts": "hosts",
    "cluster": "clusters", "clusters": "clusters",
    "datacenter": "data_centers", "datacenters": "data_centers",
    "storage": "storage_domains", "storagedomain": "storage_domains",
    "storagedomains": "storage_domains", "template": "templates", "templates": "templates",
    "network": "networks", "networks": "networks", "disk": "disks", "disks": "disks",
    "event": "events", "events": "events",
}  # fmt: skip
_PREFIX = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*)$", re.DOTALL)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class EngineBookmark:
    id: str
    name: str
    value: str  # as the engine stores it, e.g. "Vms: status = up"
    kind: str | None  # the console view it opens, None when the prefix is unknown
    search: str  # the search without its prefix


def split_value(value: str) -> tuple[str | None, str]:
    """``"Vms: status=up"`` -> ``("vms", "status=up")``; no known prefix -> ``(None, value)``."""
    match = _PREFIX.match(value)
    if match:
        kind = _PREFIXES.get(match.group(1).lower())
        if kind:
            return kind, match.group(2).strip()
    return None, value.strip()


def parse_bookmarks(body: bytes) -> list[EngineBookmark]:
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"the engine's bookmarks are not XML: {exc}") from None
    if root.tag != "bookmarks":
        raise ParseError(f"expected <bookmarks>, got <{root.tag}>")
    marks = []
    for element in root.iterchildren("bookmark"):
        value = element.findtext("value") or ""
        kind, search = split_value(value)
        marks.append(
            EngineBookmark(
                id=element.get("id") or "",
                name=element.findtext("name") or "",
                value=value,
                kind=kind,
                search=search,
            )
        )
    return sorted(marks, key=lambda m: m.name.casefold())


async def engine_bookmarks(conn: Connection) -> list[EngineBookmark]:
    """The engine's bookmarks, sorted by name; ApiError as for any read."""
    from console.backend import fetch

    return parse_bookmarks(await fetch.get_bytes(conn, "bookmarks"))
