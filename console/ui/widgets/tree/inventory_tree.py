"""The navigation tree: data centers → clusters → hosts → running VMs.

Children are built only when a node is expanded, so 10,000 VMs cost nothing
until an admin opens the host that runs them. When the inventory changes,
only expanded nodes are reconciled; collapsed ones rebuild on next expand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from console.ui.render.common import get, glyph_for, safe
from console.ui.render.storage_domains import domain_status
from console.ui.state.inventory import Inventory

# A host with thousands of VMs shows the first ones; the rest are one node away in the table.
MAX_CHILDREN = 500


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a tree node stands for. ``role`` distinguishes the grouping nodes."""

    kind: str  # "data_centers", "clusters", "hosts", "vms", "storage_domains", "networks", "root"
    id: str
    role: str = "object"  # or "storage", "networks", "not_running", "more"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}:{self.role}"


def _label(name: Any, status: Any, suffix: str = "") -> Text:
    g = glyph_for(status)
    text = Text(g.char + " ", style=g.style, end="")
    text.append(safe(name))
    if suffix:
        text.append(f" {suffix}", style="dim")
    return text


def _group(title: str, count: int) -> Text:
    text = Text(title, style="italic", end="")
    text.append(f" ({count})", style="dim")
    return text


class InventoryTree(Tree[NodeRef]):
    """Lazily expanded inventory tree; posts ``Scoped`` when a node is chosen."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Scope", show=False, id="tree.select"),
        Binding("space", "toggle_node", "Expand", show=False, id="tree.toggle"),
    ]

    class Scoped(Message):
        """The admin chose a node: scope the main view to it."""

        def __init__(self, ref: NodeRef) -> None:
            super().__init__()
            self.ref = ref

    def __init__(self, inventory: Inventory, *, id: str | None = None) -> None:
        super().__init__(Text("Engine", style="bold"), NodeRef("root", ""), id=id)
        self.inventory = inventory
        self.show_root = False
        self.guide_depth = 2
        self.root.expand()

    # -- building --------------------------------------------------------------------------
    def _children_of(self, ref: NodeRef) -> list[tuple[NodeRef, Text, bool]]:
        inv = self.inventory
        out: list[tuple[NodeRef, Text, bool]] = []

        def add_objects(kind: str, records: list[Any], expandable: bool, status=None) -> None:
            records = sorted(records, key=lambda r: safe(get(r, "name")).lower())
            for record in records[:MAX_CHILDREN]:
                state = status(record) if status else get(record, "status")
                out.append((NodeRef(kind, get(record, "id")), _label(get(record, "name"), state), expandable))
            if len(records) > MAX_CHILDREN:
                more = Text(f"… {len(records) - MAX_CHILDREN} more (see the table)", style="dim", end="")
                out.append((NodeRef(kind, ref.id, "more"), more, False))

        if ref.kind == "root":
            add_objects("data_centers", inv.records("data_centers"), True)
            orphans = [c for c in inv.records("clusters") if inv.get("data_centers", get(c, "data_center.id")) is None]
            add_objects("clusters", orphans, True)
        elif ref.kind == "data_centers" and ref.role == "object":
            add_objects("clusters", inv.children("clusters", "data_center", ref.id), True)
            domains = inv.children("storage_domains", "data_centers", ref.id)
            networks = inv.children("networks", "data_center", ref.id)
            out.append((NodeRef("data_centers", ref.id, "storage"), _group("Storage", len(domains)), bool(domains)))
            out.append((NodeRef("data_centers", ref.id, "networks"), _group("Networks", len(networks)), bool(networks)))
        elif ref.role == "storage":
            add_objects("storage_domains", inv.children("storage_domains", "data_centers", ref.id), False,
                        status=domain_status)
        elif ref.role == "networks":
            add_objects("networks", inv.children("networks", "data_center", ref.id), False,
                        status=lambda n: get(n, "status") or "")
        elif ref.kind == "clusters" and ref.role == "object":
            hosts = inv.children("hosts", "cluster", ref.id)
            for host in sorted(hosts, key=lambda h: safe(get(h, "name")).lower()):
                running = len(inv.running_on(get(host, "id")))
                out.append((NodeRef("hosts", get(host, "id")),
                            _label(get(host, "name"), get(host, "status"), f"{running} VMs" if running else ""),
                            running > 0))
            stopped = inv.not_running_in(ref.id)
            out.append((NodeRef("clusters", ref.id, "not_running"), _group("Not running", len(stopped)),
                        bool(stopped)))
        elif ref.kind == "hosts":
            add_objects("vms", inv.running_on(ref.id), False)
        elif ref.role == "not_running":
            add_objects("vms", inv.not_running_in(ref.id), False)
        return out

    def _fill(self, node: TreeNode[NodeRef]) -> None:
        """Make ``node``'s children match the inventory, keeping expanded descendants open."""
        assert node.data is not None
        wanted = self._children_of(node.data)
        current = list(node.children)
        if [c.data.key for c in current if c.data] == [ref.key for ref, _, _ in wanted]:
            for child, (ref, label, expandable) in zip(current, wanted):
                if child.label != label:
                    child.set_label(label)
                child.allow_expand = expandable
                if child.is_expanded:
                    self._fill(child)
            return
        reopen = {c.data.key for c in current if c.data and c.is_expanded}
        node.remove_children()
        for ref, label, expandable in wanted:
            child = node.add(label, ref, allow_expand=expandable)
            if ref.key in reopen and expandable:
                child.expand()
                self._fill(child)

    def rebuild(self) -> None:
        """Reconcile with the inventory (after a batch of records arrived)."""
        self._fill(self.root)

    # -- events ----------------------------------------------------------------------------
    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        event.stop()
        if event.node.data is not None and event.node is not self.root:
            self._fill(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Scoped(event.node.data))

    def find(self, ref: NodeRef) -> TreeNode[NodeRef] | None:
        """The node for ``ref`` if it has been built."""
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data is not None and node.data.key == ref.key:
                return node
            stack.extend(node.children)
        return None


