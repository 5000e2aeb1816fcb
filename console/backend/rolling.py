"""The rolling inventory refresh: a bounded amount of work per tick, whatever the size.

Each tick re-reads the small kinds whole (data centers, clusters, storage domains,
networks: a handful of objects each) and ONE page of each kind that grows with the
inventory (hosts, VMs, templates, disks): ``search=sortby name asc page N`` with
``max=PAGE_SIZE`` (protocol reference §14: rows (N-1)*M+1..N*M). N advances each
tick and wraps to 1 after a short page. So a tick costs the same requests for 100
VMs as for 10,000, and parses at most PAGE_SIZE objects per kind.

What the UI receives (console.backend.messages):
- a page: ``RecordsLoaded(kind, page, replace=False, final=True)``, an upsert;
- page 1 shorter than PAGE_SIZE is the whole kind: ``replace=True, final=True``,
  a full load exactly like the small kinds' (the UI drops what it does not list);
- an object gone: ``RecordUpdated(kind, id, None)``.

Removals in a kind of several pages: the API is stateless and pages shift while the
data changes, so an object missing from one cycle's pages may just have moved to a
page already read. An id known before a cycle began and not seen during it is only
a suspect; a direct GET then settles it (404: RecordUpdated None; found: the fresh
record). Suspects are verified a few per tick, so the work stays bounded even when
much changes at once. Objects an event names are re-read at once by the events tail
(live.reread); this refresh only catches what no event mentioned.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.api.connection import Connection
from console.backend import fetch
from console.backend.details import NameIndex
from console.backend.inventory import SPECS, kind_lock, load_kind
from console.backend.messages import RecordsLoaded, RecordUpdated
from console.backend.pollers import is_link_failure

__all__ = [
    "PAGED_KINDS",
    "PAGE_SIZE",
    "SORT",
    "VERIFY_PER_TICK",
    "WHOLE_KINDS",
    "RollingRefresh",
]

# Objects per kind per tick: ~5 MB of VM XML, a fraction of a second to parse.
PAGE_SIZE = 500
VERIFY_PER_TICK = 10  # suspected removals settled by a GET each tick

# Read whole every tick: few objects whatever the VM count (and storage domains need
# their per-data-center status, see inventory.attach_statuses).
WHOLE_KINDS = ("data_centers", "clusters", "storage_domains", "networks")
# Read one page per tick: these grow with the inventory.
PAGED_KINDS = ("hosts", "vms", "templates", "disks")
# The order pages are read in. Names of VMs and hosts are unique, so sorting by name
# is a total order. Disk aliases repeat: the engine's default disk order (alias, then
# id) is total, so disks keep it instead of an explicit sortby.
SORT = {
    "hosts": "sortby name asc",
    "vms": "sortby name asc",
    "templates": "sortby name asc",
    "disks": "",
}
# Every kind the refresh keeps fresh, in the initial load's order (events are tailed
# and jobs have their own, faster poller).
REFRESH_ORDER = (
    "data_centers",
    "clusters",
    "hosts",
    "storage_domains",
    "networks",
    "vms",
    "templates",
    "disks",
)

Post = Callable[[object], None]


@dataclass
class _Cycle:
    """Where one paged kind is in its cycle of pages."""

    page: int = 1  # the next page to read
    before: set[str] = field(default_factory=set)  # ids known when page 1 was read
    seen: set[str] = field(default_factory=set)  # ids seen since then
    completed: int = 0  # whole cycles read so far


class RollingRefresh:
    """The inventory poller's work: ``tick`` once per refresh interval.

    Feed it what else learns about objects, so it never suspects what it need not:
    ``loaded`` for full loads (the initial load, ctrl+r), ``observe`` for the
    RecordUpdated messages of event-driven re-reads.
    """

    def __init__(
        self,
        post: Post,
        names: NameIndex,
        *,
        page_size: int = PAGE_SIZE,
        verify_per_tick: int = VERIFY_PER_TICK,
    ) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")
        self._post = post
        self._names = names
        self.page_size = page_size
        self._verify_per_tick = verify_per_tick
        self._known: dict[str, set[str]] = {kind: set() for kind in PAGED_KINDS}
        self._cycles: dict[str, _Cycle] = {kind: _Cycle() for kind in PAGED_KINDS}
        self._suspects: dict[tuple[str, str], None] = {}  # ordered: oldest first
        # Removals seen while a page was being read: that page was read before the
        # object went and must not bring it back (see _read_page).
        self._removals = 0
        self._gone: dict[tuple[str, str], int] = {}

    # -- what the refresh knows ------------------------------------------------------------

    def next_page(self, kind: str) -> int:
        return self._cycles[kind].page

    def cycles(self, kind: str) -> int:
        """Whole cycles of pages read for ``kind`` so far."""
        return self._cycles[kind].completed

    def suspects(self) -> list[tuple[str, str]]:
        """(kind, id) missed by a whole cycle and not yet settled by a GET."""
        return list(self._suspects)

    def loaded(self, kind: str, records: list[Any] | tuple[Any, ...]) -> None:
        """Objects a full load (initial, ctrl+r) or a search returned: they exist."""
        if kind in self._known:
            self._saw(kind, [rid for r in records if (rid := getattr(r, "id", None))])

    def observe(self, message: object) -> None:
        """Follow what event-driven re-reads post: RecordUpdated, or RecordsLoaded of a
        kind re-read whole because an event named many of its objects."""
        kind = getattr(message, "kind", None)
        if kind not in self._known:
            return
        if isinstance(message, RecordsLoaded):
            self.loaded(kind, message.records)
        elif isinstance(message, RecordUpdated):
            if message.record is None:
                self._forget(kind, message.id)
            else:
                self._saw(kind, [message.id])

    def _saw(self, kind: str, ids: list[str]) -> None:
        self._known[kind].update(ids)
        self._cycles[kind].seen.update(ids)
        for rid in ids:
            self._suspects.pop((kind, rid), None)

    def _forget(self, kind: str, rid: str) -> None:
        self._known[kind].discard(rid)
        cycle = self._cycles[kind]
        cycle.before.discard(rid)
        cycle.seen.discard(rid)
        self._suspects.pop((kind, rid), None)
        self._removals += 1
        self._gone[(kind, rid)] = self._removals

    # -- one tick --------------------------------------------------------------------------

    async def tick(self, conn: Connection) -> None:
        """Small kinds whole, one page of each large kind, then a few suspects."""
        for kind in REFRESH_ORDER:
            if kind in self._known:
                await self._read_page(conn, kind)
            else:
                await load_kind(
                    conn, kind, self._post, progress=False,
                    on_batch=lambda batch, k=kind: self._names.add(k, batch),
                )  # fmt: skip
        await self._verify(conn)

    async def _read_page(self, conn: Connection, kind: str) -> None:
        spec, cycle = SPECS[kind], self._cycles[kind]
        page = cycle.page
        search = f"{SORT[kind]} page {page}".strip()
        params = {**spec.params, "search": search, "max": self.page_size}
        mark = self._removals
        # Never interleaved with a full load of the same kind (ctrl+r): the UI would
        # take this page's final=True for the end of that load and drop its rows.
        async with kind_lock(conn, kind):
            records: list[Any] = []
            async for batch in fetch.stream(conn, spec.path, params):
                records.extend(batch)
            short = len(records) < self.page_size
            # An object removed while this page was in flight was read before it went.
            fresh = [
                r for r in records
                if self._gone.get((kind, getattr(r, "id", None)), 0) <= mark
            ]  # fmt: skip
            self._gone.clear()  # every later request starts after these removals
            if page == 1:
                cycle.before, cycle.seen = set(self._known[kind]), set()
            ids = [rid for r in fresh if (rid := getattr(r, "id", None))]
            self._names.add(kind, fresh)
            if page == 1 and short:
                # The whole kind in one page: a full load, the UI drops what it lacks.
                self._post(RecordsLoaded(kind, tuple(fresh), replace=True, final=True))
                self._known[kind] = set(ids)
                self._end_cycle(kind, missed=set())
                for key in [k for k in self._suspects if k[0] == kind]:
                    del self._suspects[key]  # the full list settled them
                return
            if fresh:
                self._post(RecordsLoaded(kind, tuple(fresh), replace=False, final=True))
            self._saw(kind, ids)
            if short:
                self._end_cycle(
                    kind, missed=(cycle.before - cycle.seen) & self._known[kind]
                )
            else:
                cycle.page += 1

    def _end_cycle(self, kind: str, *, missed: set[str]) -> None:
        cycle = self._cycles[kind]
        for rid in sorted(missed):
            self._suspects[(kind, rid)] = None
        cycle.page, cycle.completed = 1, cycle.completed + 1
        cycle.before, cycle.seen = set(), set()

    async def _verify(self, conn: Connection) -> None:
        batch = list(self._suspects)[: self._verify_per_tick]
        if not batch:
            return
        answers = await asyncio.gather(
            *(self._get(conn, kind, rid) for kind, rid in batch), return_exceptions=True
        )
        failure: BaseException | None = None
        for (kind, rid), answer in zip(batch, answers, strict=True):
            if isinstance(answer, BaseException):
                if isinstance(answer, asyncio.CancelledError):
                    raise answer
                if not is_link_failure(answer):
                    # Not to be settled now (e.g. 403): the next cycle looks again.
                    self._suspects.pop((kind, rid), None)
                failure = failure or answer
                continue
            if (kind, rid) not in self._suspects:
                continue  # settled meanwhile (a page or an event re-read saw it, or it went)
            message = RecordUpdated(kind, rid, answer)
            if answer is not None:
                self._names.add(kind, [answer])
            self.observe(message)
            self._post(message)
        if failure is not None:
            raise failure  # the poller reports it (and backs off if the engine is away)

    async def _get(self, conn: Connection, kind: str, rid: str) -> Any | None:
        spec = SPECS[kind]
        return await fetch.get_record(conn, f"{spec.path}/{rid}", spec.entity_params)
