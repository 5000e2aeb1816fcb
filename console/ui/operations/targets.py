"""From inventory records to what a dialog shows: targets, skipped ones, hosts, running VMs.

Pure functions over the UI's Inventory, so the runner stays about flow and these
stay unit-testable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from console.ui.dialogs.confirm import Request, Target
from console.ui.dialogs.migrate import HostChoice
from console.ui.operations.specs import Operation
from console.ui.operations.status_rules import refusal
from console.ui.render.common import enum_value, get
from console.ui.render.hosts import cpu_percent
from console.ui.state.inventory import Inventory

__all__ = ["BULK_TYPED_OVER", "NOUNS", "Selection", "migration_hosts", "name_of", "running_vms_of", "select"]

BULK_TYPED_OVER = 5  # a bulk operation on more objects than this is typed to confirm
NOUNS = {"vms": "VM", "hosts": "host", "storage_domains": "storage domain"}


def name_of(record: Any) -> str:
    return str(get(record, "name") or get(record, "id") or "?")


@dataclass(frozen=True, slots=True)
class Selection:
    """The records an operation will act on, and those it skips with the reason."""

    operation: Operation
    records: tuple[Any, ...]
    skipped: tuple[tuple[str, str], ...]

    @property
    def refused(self) -> str | None:
        """Why nothing at all can be sent (None when at least one target is allowed)."""
        if self.records:
            return None
        if len(self.skipped) == 1:
            return self.skipped[0][1]
        if not self.skipped:
            return f"no {NOUNS[self.operation.kind]} selected"
        return f"none of the {len(self.skipped)} marked {NOUNS[self.operation.kind]}s allows it"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(get(r, "id")) for r in self.records)

    def request(self, *, dangerous: bool | None = None, note: str = "") -> Request:
        op = self.operation
        danger = op.dangerous if dangerous is None else dangerous
        return Request(
            op.description, NOUNS[op.kind],
            tuple(Target(str(get(r, "id")), name_of(r)) for r in self.records),
            self.skipped,
            dangerous=danger or len(self.records) > BULK_TYPED_OVER,
            note=note,
        )


def select(operation: Operation, records: Iterable[Any]) -> Selection:
    allowed: list[Any] = []
    skipped: list[tuple[str, str]] = []
    for record in records:
        reason = refusal(operation.kind, operation.action, record)
        if reason is None:
            allowed.append(record)
        else:
            skipped.append((name_of(record), reason))
    return Selection(operation, tuple(allowed), tuple(skipped))


def running_vms_of(inventory: Inventory, hosts: Sequence[Any]) -> list[tuple[str, str]]:
    """(host name, VM name) of every VM running on these hosts: maintenance migrates them away."""
    out = []
    for host in hosts:
        for vm in inventory.running_on(str(get(host, "id"))):
            out.append((name_of(host), name_of(vm)))
    return out


def migration_hosts(inventory: Inventory, vms: Sequence[Any]) -> tuple[list[HostChoice], str]:
    """Up hosts of the VMs' cluster (minus a single VM's own host), and a note when there is no choice.

    VMs of several clusters can only be left to the scheduler: each goes within its own cluster.
    """
    clusters = {get(vm, "cluster.id") for vm in vms}
    if len(clusters) != 1 or None in clusters:
        return [], "These VMs are in different clusters: the scheduler picks a host in each one's cluster."
    cluster_id = clusters.pop()
    sources = {get(vm, "host.id") for vm in vms}
    choices = []
    for host in inventory.children("hosts", "cluster", cluster_id):
        if enum_value(get(host, "status")) != "up":
            continue
        if len(vms) == 1 and get(host, "id") in sources:
            continue  # the engine refuses migrating a VM to the host it runs on
        free = get(host, "max_scheduling_memory")
        choices.append(HostChoice(str(get(host, "id")), name_of(host), cpu_percent(host),
                                  len(inventory.running_on(str(get(host, "id")))),
                                  int(free) if free is not None else None))
    choices.sort(key=lambda h: h.name)
    cluster = inventory.name("clusters", cluster_id) or cluster_id
    return choices, f"Cluster {cluster}: {len(choices)} up host(s) can take it."
