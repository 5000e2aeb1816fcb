"""The UI's copy of the engine inventory, fed only by backend messages.

Pure Python (no widgets), so the tree, the tables and the renderers share one
view of the data and tests can build it directly. Indexes (VMs per host, hosts
per cluster) are rebuilt lazily when a kind changes, not on every lookup.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from console.ui.render.common import RenderContext, enum_value, get

KINDS = (
    "vms", "hosts", "clusters", "data_centers", "storage_domains",
    "networks", "templates", "disks", "events", "jobs",
)

# The events view keeps the newest events only (as the events dock does): the tail
# appends every event the engine logs, and an engine logs thousands a day.
EVENTS_KEPT = 2000
RETAINED = {"events": EVENTS_KEPT}

# VM states in which the VM occupies a host (shown under that host in the tree).
RUNNING_STATES = frozenset({
    "up", "powering_up", "powering_down", "migrating", "reboot_in_progress",
    "paused", "saving_state", "restoring_state", "wait_for_launch", "not_responding", "unknown",
})


def is_running(vm: Any) -> bool:
    return enum_value(get(vm, "status")) in RUNNING_STATES and get(vm, "host.id") is not None


class Inventory:
    """Records by kind and id, in arrival order, with replace-on-full-load semantics."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        self._loading: dict[str, set[str]] = {}
        self.versions: dict[str, int] = defaultdict(int)
        # Bumped only when an object appears, goes or is renamed: other kinds' rows show
        # names, so only then must they re-render (a status change must not repaint them).
        self.name_versions: dict[str, int] = defaultdict(int)
        self._indexes: dict[tuple[str, str], tuple[int, dict[str, list[Any]]]] = {}

    # -- feeding ---------------------------------------------------------------------------
    def apply_batch(self, kind: str, records: Iterable[Any], *, replace: bool, final: bool) -> list[str]:
        """Merge one RecordsLoaded batch; a full load ending drops objects it did not contain.

        Returns the ids dropped (so a table can drop exactly those rows).
        """
        table = self._records.setdefault(kind, {})
        if replace:
            self._loading[kind] = set()
        seen = self._loading.get(kind)
        for record in records:
            ident = get(record, "id")
            if ident is None:
                continue
            self._note_name(kind, table.get(ident), record)
            table[ident] = record
            if seen is not None:
                seen.add(ident)
        gone: list[str] = []
        if final and seen is not None:
            gone = [i for i in table if i not in seen]
            for ident in gone:
                del table[ident]
            if gone:
                self.name_versions[kind] += 1
            del self._loading[kind]
        gone += self._trim(kind, table)
        self.versions[kind] += 1
        return gone

    def _trim(self, kind: str, table: dict[str, Any]) -> list[str]:
        """Drop the oldest arrivals of a kind kept to a number (ids, for the table)."""
        excess = len(table) - RETAINED.get(kind, len(table))
        if excess <= 0:
            return []
        oldest = list(itertools.islice(table, excess))
        loading = self._loading.get(kind)
        for ident in oldest:
            del table[ident]
            if loading is not None:
                loading.discard(ident)
        self.name_versions[kind] += 1
        return oldest

    def apply_update(self, kind: str, ident: str, record: Any | None) -> None:
        table = self._records.setdefault(kind, {})
        if record is None:
            if table.pop(ident, None) is not None:
                self.name_versions[kind] += 1
        else:
            self._note_name(kind, table.get(ident), record)
            table[ident] = record
        self.versions[kind] += 1

    def _note_name(self, kind: str, old: Any | None, new: Any) -> None:
        if old is None or get(old, "name") != get(new, "name"):
            self.name_versions[kind] += 1

    # -- reading ---------------------------------------------------------------------------
    def records(self, kind: str) -> list[Any]:
        return list(self._records.get(kind, {}).values())

    def count_of(self, kind: str) -> int:
        return len(self._records.get(kind, {}))

    def get(self, kind: str, ident: str | None) -> Any | None:
        if ident is None:
            return None
        return self._records.get(kind, {}).get(ident)

    def name(self, kind: str, ident: str | None) -> str | None:
        record = self.get(kind, ident)
        return None if record is None else (get(record, "name") or get(record, "alias"))

    def cluster_dc(self, cluster_id: str | None) -> str | None:
        return get(self.get("clusters", cluster_id), "data_center.id")

    def by(self, kind: str, field: str) -> dict[str, list[Any]]:
        """Records of ``kind`` grouped by the id they reference in ``field`` (e.g. vms by host)."""
        key = (kind, field)
        cached = self._indexes.get(key)
        if cached is not None and cached[0] == self.versions[kind]:
            return cached[1]
        index: dict[str, list[Any]] = defaultdict(list)
        for record in self._records.get(kind, {}).values():
            if field == "data_centers":  # storage domains list every data center they serve
                for ref in get(record, "data_centers", ()) or ():
                    if getattr(ref, "id", None):
                        index[ref.id].append(record)
                continue
            ident = get(record, f"{field}.id")
            if ident is not None:
                index[ident].append(record)
        self._indexes[key] = (self.versions[kind], index)
        return index

    def children(self, kind: str, field: str, ident: str) -> list[Any]:
        return list(self.by(kind, field).get(ident, ()))

    def running_on(self, host_id: str) -> list[Any]:
        return [vm for vm in self.by("vms", "host").get(host_id, ()) if is_running(vm)]

    def not_running_in(self, cluster_id: str) -> list[Any]:
        return [vm for vm in self.by("vms", "cluster").get(cluster_id, ()) if not is_running(vm)]

    def context(self, now: datetime) -> RenderContext:
        """The lookups renderers may use, bound to this inventory."""
        return RenderContext(
            now=now,
            names=self.name,
            cluster_dc=self.cluster_dc,
            running_vms=lambda host_id: len(self.running_on(host_id)),
            count=lambda kind, field, ident: len(self.by(kind, field).get(ident, ())),
            extra={"disk_lookup": lambda ident: self.get("disks", ident)},
        )
