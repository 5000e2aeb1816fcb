"""Which detail tabs each kind has, and where each tab's rows come from.

``remote`` tabs are read with ``backend.load_detail(kind, id, remote)``; ``local``
tabs are derived from the inventory the console already holds (a host's VMs,
a cluster's hosts), which costs no request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.ui.render.common import get
from console.ui.state.inventory import Inventory


@dataclass(frozen=True, slots=True)
class TabPlan:
    id: str
    title: str
    table: str  # key of render.subtabs.TABLES, or "general"
    remote: str | None = None
    local: Callable[[Inventory, Any], list[Any]] | None = None


def _ident(record: Any) -> str:
    return get(record, "id") or ""


GENERAL = TabPlan("general", "General", "general")
EVENTS = TabPlan("events", "Events", "events", remote="events")
STATISTICS = TabPlan("statistics", "Statistics", "statistics", remote="statistics")

PLANS: dict[str, tuple[TabPlan, ...]] = {
    "vms": (
        GENERAL,
        TabPlan("nics", "Network Interfaces", "vm_nics", remote="nics"),
        TabPlan("disks", "Disks", "disk_attachments", remote="disk_attachments"),
        TabPlan("snapshots", "Snapshots", "snapshots", remote="snapshots"),
        STATISTICS, EVENTS,
    ),
    "hosts": (
        GENERAL,
        TabPlan("nics", "Network Interfaces", "host_nics", remote="nics"),
        TabPlan("vms", "Virtual Machines", "vms", local=lambda inv, r: inv.running_on(_ident(r))),
        STATISTICS, EVENTS,
    ),
    "clusters": (
        GENERAL,
        TabPlan("hosts", "Hosts", "hosts", local=lambda inv, r: inv.children("hosts", "cluster", _ident(r))),
        TabPlan("vms", "Virtual Machines", "vms", local=lambda inv, r: inv.children("vms", "cluster", _ident(r))),
        TabPlan("networks", "Logical Networks", "networks", remote="networks"),
        EVENTS,
    ),
    "data_centers": (
        GENERAL,
        TabPlan("clusters", "Clusters", "clusters",
                local=lambda inv, r: inv.children("clusters", "data_center", _ident(r))),
        TabPlan("storage", "Storage", "storage_domains",
                local=lambda inv, r: inv.children("storage_domains", "data_centers", _ident(r))),
        TabPlan("networks", "Logical Networks", "networks",
                local=lambda inv, r: inv.children("networks", "data_center", _ident(r))),
        EVENTS,
    ),
    "storage_domains": (
        GENERAL,
        TabPlan("disks", "Disks", "disks", local=lambda inv, r: inv.children("disks", "storage_domains", _ident(r))),
        EVENTS,
    ),
    "networks": (
        GENERAL,
        TabPlan("profiles", "vNIC Profiles", "vnic_profiles", remote="vnic_profiles"),
    ),
    "templates": (
        GENERAL,
        TabPlan("disks", "Disks", "disk_attachments", remote="disk_attachments"),
        TabPlan("nics", "Network Interfaces", "vm_nics", remote="nics"),
        TabPlan("vms", "Virtual Machines", "vms", local=lambda inv, r: inv.children("vms", "template", _ident(r))),
    ),
    "disks": (GENERAL,),
    "events": (GENERAL,),
    "jobs": (GENERAL, TabPlan("steps", "Steps", "steps", remote="steps")),
}
