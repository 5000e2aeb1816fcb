"""The live layer: events tail, event-driven re-reads, watched statistics.

Each piece is the *work* of one Poller (see pollers.py); the session arms them
after the initial load, with the rolling inventory refresh (rolling.py). Request
counts in steady state depend on the interval and on how many rows are watched,
never on the inventory size.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from console.api.connection import Connection
from console.api.errors import NotFoundError
from console.backend import fetch
from console.backend.details import NameIndex
from console.backend.inventory import SPECS, event_number, load_kind
from console.backend.messages import RecordsLoaded, RecordUpdated, StatisticsLoaded

__all__ = [
    "EVENT_REFS",
    "MAX_REREADS",
    "EventsTail",
    "StatisticsWatch",
    "refresh_inventory",
]

Post = Callable[[object], None]

# The event references that name an object whose row should change at once.
EVENT_REFS = (
    ("vm", "vms"),
    ("host", "hosts"),
    ("cluster", "clusters"),
    ("storage_domain", "storage_domains"),
)
MAX_REREADS = (
    20  # more objects than this in one tick: refresh their kinds in full instead
)
MAX_WATCHED = 100  # statistics of at most this many rows per kind (a screenful or two)
IDS_PER_SEARCH = 50  # keeps the search URL well under proxy limits (~2.5 KB)


async def refresh_inventory(
    conn: Connection, post: Post, names: NameIndex, kinds: tuple[str, ...]
) -> None:
    """Reload ``kinds`` whole in the background: RecordsLoaded batches, no progress.

    For a kind an event named many objects of; the periodic refresh is rolling.py.
    """
    for kind in kinds:
        await load_kind(
            conn, kind, post, progress=False, on_batch=partial(names.add, kind)
        )


class EventsTail:
    """Follows the event log with ``from=<last number>``: no duplicates, no gaps.

    ``last`` survives an outage, so the first poll after a reconnect reads every
    event the engine logged meanwhile.
    """

    def __init__(
        self,
        post: Post,
        *,
        on_refs: Callable[[set[tuple[str, str]]], None] | None = None,
    ) -> None:
        self._post = post
        self._on_refs = on_refs
        self.last: int | None = None

    def seen(self, events: list[Any]) -> None:
        """Note events loaded elsewhere (the initial load) so the tail starts after them."""
        for event in events:
            number = event_number(event)
            if number >= 0 and (self.last is None or number > self.last):
                self.last = number

    async def poll(self, conn: Connection) -> list[Any]:
        if self.last is None:
            # Nothing known yet: start from the newest event, do not replay history.
            newest = await fetch.list_records(conn, "events", {"max": 1})
            self.seen(newest)
            if self.last is None:
                self.last = 0
            return []
        events = await fetch.list_records(conn, "events", {"from": self.last})
        fresh = sorted(
            (e for e in events if event_number(e) > self.last), key=event_number
        )
        if not fresh:
            return []
        self.seen(fresh)
        self._post(RecordsLoaded("events", tuple(fresh), replace=False, final=True))
        if self._on_refs:
            self._on_refs(referenced_objects(fresh))
        return fresh


def referenced_objects(events: list[Any]) -> set[tuple[str, str]]:
    """(kind, id) of every VM, host, cluster and storage domain the events name."""
    refs: set[tuple[str, str]] = set()
    for event in events:
        for attribute, kind in EVENT_REFS:
            ref = getattr(event, attribute, None)
            rid = getattr(ref, "id", None)
            if rid:
                refs.add((kind, rid))
    return refs


async def reread(
    conn: Connection, post: Post, names: NameIndex, refs: set[tuple[str, str]]
) -> None:
    """Re-read just the objects events named: RecordUpdated (record None when gone).

    A few objects: one GET each. Many VMs (a host emptied for maintenance): one
    ``id=a or id=b ...`` search per IDS_PER_SEARCH VMs, never the whole VM list.
    Many of a small kind: that kind's list, which is cheap.
    """
    by_kind: dict[str, list[str]] = {}
    for kind, rid in sorted(refs):
        by_kind.setdefault(kind, []).append(rid)
    jobs: list[Awaitable[None]] = []
    for kind, ids in by_kind.items():
        if len(ids) <= MAX_REREADS // 4 or (kind != "vms" and len(ids) <= MAX_REREADS):
            jobs += [_get_one(conn, post, names, kind, rid) for rid in ids]
        elif kind == "vms":
            chunks = [
                ids[i : i + IDS_PER_SEARCH] for i in range(0, len(ids), IDS_PER_SEARCH)
            ]
            jobs += [_search_vms(conn, post, names, chunk) for chunk in chunks]
        else:
            jobs.append(refresh_inventory(conn, post, names, (kind,)))
    await asyncio.gather(*jobs)


async def _get_one(
    conn: Connection, post: Post, names: NameIndex, kind: str, rid: str
) -> None:
    spec = SPECS[kind]
    record = await fetch.get_record(conn, f"{spec.path}/{rid}", spec.entity_params)
    if record is not None:
        names.add(kind, [record])
    post(RecordUpdated(kind, rid, record))


async def _search_vms(
    conn: Connection, post: Post, names: NameIndex, ids: list[str]
) -> None:
    params = {
        **SPECS["vms"].entity_params,
        "search": " or ".join(f"id={rid}" for rid in ids),
    }
    found = {vm.id: vm for vm in await fetch.list_records(conn, "vms", params)}
    names.add("vms", list(found.values()))
    for rid in ids:
        post(RecordUpdated("vms", rid, found.get(rid)))


class StatisticsWatch:
    """Statistics of the rows the UI shows (and the selected object), read each tick.

    VMs are read as one search per ``IDS_PER_SEARCH`` rows (``id=a or id=b ...``
    with ``follow=statistics``), so a screenful costs one request, not forty.
    Hosts are few on screen and read one statistics collection each.
    """

    KINDS = ("vms", "hosts")

    def __init__(self, post: Post) -> None:
        self._post = post
        self._watched: dict[str, tuple[str, ...]] = {}

    def set(self, kind: str, ids: tuple[str, ...] | list[str]) -> None:
        if kind not in self.KINDS:
            raise ValueError(
                f"statistics are watched for {', '.join(self.KINDS)}, not {kind}"
            )
        self._watched[kind] = tuple(dict.fromkeys(ids))[:MAX_WATCHED]

    @property
    def empty(self) -> bool:
        return not any(self._watched.values())

    async def poll(self, conn: Connection) -> None:
        vms = self._watched.get("vms", ())
        hosts = self._watched.get("hosts", ())
        chunks = [
            vms[i : i + IDS_PER_SEARCH] for i in range(0, len(vms), IDS_PER_SEARCH)
        ]
        await asyncio.gather(
            *(self._vms(conn, chunk) for chunk in chunks),
            *(self._host(conn, rid) for rid in hosts),
        )

    async def _vms(self, conn: Connection, ids: tuple[str, ...]) -> None:
        search = " or ".join(f"id={rid}" for rid in ids)
        for vm in await fetch.list_records(
            conn, "vms", {"search": search, "follow": "statistics"}
        ):
            self._post(
                StatisticsLoaded(
                    "vms", vm.id, tuple(getattr(vm, "statistics", None) or ())
                )
            )

    async def _host(self, conn: Connection, rid: str) -> None:
        try:
            stats = await fetch.list_records(conn, f"hosts/{rid}/statistics")
        except NotFoundError:
            return  # the host was removed; the next refresh drops its row
        self._post(StatisticsLoaded("hosts", rid, tuple(stats)))
