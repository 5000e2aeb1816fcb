"""How MainScreen follows inventory changes: each batch into the shown table, the rest later.

A batch of records goes into the shown table at once, in proportion to the batch.
Everything whose cost grows with the inventory (the tree, rows showing other kinds'
names or counts) follows a streaming load at most every FOLLOW_EVERY seconds, and
a single object's change at once. Hidden views are marked dirty and caught up when
shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from console.ui.render.common import enum_value, get
from console.ui.state.throttle import Throttle
from console.ui.widgets.chrome.header import ConsoleHeader
from console.ui.widgets.table.resource_table import ResourceTable
from console.ui.widgets.tree.inventory_tree import InventoryTree

if TYPE_CHECKING:
    from console.ui.engines.session import EngineSession

# Kinds whose names or counts appear in other kinds' rows.
_REFERENCED = frozenset({"clusters", "hosts", "data_centers", "storage_domains", "templates", "vms", "disks"})
_COUNTING = frozenset({"clusters", "data_centers", "hosts"})  # views with per-object counts
_TREE_KINDS = frozenset({"data_centers", "clusters", "hosts", "vms", "storage_domains", "networks"})
# Kinds whose names a view's rows show, where known (VM rows: host, cluster, data center);
# other views are re-rendered for a name change of any kind in _REFERENCED.
_NAMES_SHOWN = {"vms": frozenset({"hosts", "clusters", "data_centers"})}
FOLLOW_EVERY = 0.5  # seconds between follow-ups (tree, other kinds' names and counts) of a load


def names_shown(view: str) -> frozenset[str]:
    """Kinds whose names (or counts) the rows of ``view`` may show."""
    return _NAMES_SHOWN.get(view, _REFERENCED)


class InventoryFeedMixin:
    """Mixed into MainScreen, which provides view, table, session, _dirty and _refresh_table."""

    session: EngineSession
    view: str
    _dirty: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A streaming load brings ten batches a second: the tree and the rows showing names
        # or counts of the loading kind follow it at most twice a second, not per batch.
        self._sync_tree_soon = Throttle(self._sync_tree, FOLLOW_EVERY, self._later)
        self._invalidate_soon = Throttle(self._invalidate_table, FOLLOW_EVERY, self._later, sync=True)

    def _follow_detail(self, kind: str) -> None:
        """Keep an open detail pane on the current version of its object."""
        pane = self._detail
        if pane is None or pane.kind != kind:
            return
        record = self.session.inventory.get(kind, pane.ident)
        # A reload brings an equal copy of every object: one compare, not a redraw (and a layout).
        if record is not None and record is not pane.record and record != pane.record:
            pane.update_record(record, self._render_context())

    def apply_records(self, kind: str, records: list[Any]) -> None:
        """Newer copies of known objects made by the UI itself (statistics attached).

        Into the inventory and the shown table only; no follow-ups, for they change no
        name, count or status.
        """
        inv = self.session.inventory
        for record in records:
            inv.apply_update(kind, get(record, "id"), record)
        if kind == self.view and kind not in self._dirty:
            self.table.apply(records)
        else:
            self._dirty.add(kind)

    def _kind_changed(self, kind: str, records: Any, removed: Any, *, stream: bool = False) -> None:
        """Follow a change of ``kind``: ``records`` upserted, ``removed`` ids gone.

        ``stream``: a batch of a load or refresh, of which more follow; the tree and other
        kinds' rows then follow at most every FOLLOW_EVERY, a single object at once.
        """
        self._follow_detail(kind)
        if kind == "jobs":
            running = sum(1 for job in self.session.inventory.records("jobs")
                          if enum_value(get(job, "status")) == "started")
            self.query_one(ConsoleHeader).running_jobs = running
        if kind == self.view:
            if kind in self._dirty:
                self._refresh_table(kind)
            else:
                self.table.apply(records, removed)  # in proportion to the batch, not the table
        else:
            self._dirty.add(kind)  # refreshed when (and if) that view is shown
            # Re-render other rows only when what they show from ``kind`` can have changed:
            # a name the view shows, or a count (the views with count columns).
            shown = names_shown(self.view)
            if kind in _REFERENCED and (self.view in _COUNTING
                                        or (kind in shown and self._names_changed(self.table, shown))):
                self._follow(self._invalidate_soon, stream)
        if kind in _TREE_KINDS:
            self._follow(self._sync_tree_soon, stream)

    def _names_changed(self, table: ResourceTable, kinds: frozenset[str]) -> bool:
        """True (once) when a name of ``kinds`` changed since ``table`` was last told."""
        versions = self.session.inventory.name_versions
        current = {kind: versions[kind] for kind in kinds}
        if current == table.names_seen:
            return False
        table.names_seen = current
        return True

    @staticmethod
    def _follow(throttle: Throttle, stream: bool) -> None:
        if stream:
            throttle()
        else:
            throttle.now()

    def _later(self, delay: float, callback: Any) -> None:
        if delay <= 0:
            self.call_after_refresh(callback)  # many batches in one frame: once
        else:
            self.set_timer(delay, callback)

    @property
    def _tree_pending(self) -> bool:
        """The tree has yet to follow the latest change."""
        return self._sync_tree_soon.pending

    def _invalidate_table(self) -> None:
        self.table.invalidate()

    def _sync_tree(self) -> None:
        self.query_one(InventoryTree).rebuild()
