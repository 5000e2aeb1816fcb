"""What choosing a tree node does to the main view: which view, which rows, which label.

Pure, so the scoping rules an admin relies on (a host shows its running VMs) are
unit-tested without a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.ui.render.common import get, safe
from console.ui.state.inventory import Inventory, is_running
from console.ui.widgets.tree.inventory_tree import NodeRef


@dataclass(frozen=True, slots=True)
class Scope:
    view: str
    label: str
    predicate: Callable[[Any], bool] | None = None
    select: str | None = None  # put the cursor on this object


def _in_dc(dc_id: str) -> Callable[[Any], bool]:
    return lambda sd: any(getattr(ref, "id", None) == dc_id for ref in (get(sd, "data_centers", ()) or ()))


def scope_for(ref: NodeRef, inventory: Inventory) -> Scope | None:
    name = safe(inventory.name(ref.kind, ref.id) or ref.id)
    if ref.role == "storage":
        return Scope("storage_domains", f"data center {name}", _in_dc(ref.id))
    if ref.role == "networks":
        return Scope("networks", f"data center {name}",
                     lambda n: get(n, "data_center.id") == ref.id)
    if ref.role == "not_running":
        return Scope("vms", f"cluster {name}, not running",
                     lambda vm: get(vm, "cluster.id") == ref.id and not is_running(vm))
    if ref.kind == "data_centers":
        return Scope("clusters", f"data center {name}", lambda c: get(c, "data_center.id") == ref.id)
    if ref.kind == "clusters" or (ref.role == "more" and ref.kind == "vms" and inventory.get("clusters", ref.id)):
        return Scope("vms", f"cluster {name}", lambda vm: get(vm, "cluster.id") == ref.id)
    if ref.kind == "hosts" or ref.role == "more":
        return Scope("vms", f"host {name}, running",
                     lambda vm: get(vm, "host.id") == ref.id and is_running(vm))
    if ref.kind in ("vms", "storage_domains", "networks"):
        return Scope(ref.kind, "", None, select=ref.id)
    return None
