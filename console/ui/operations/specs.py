"""The operations the console can send, as data: key, wording, kind, backend action, danger.

The action registry (console.ui.actions.registry) lists these beside the other keys,
so the main screen's bindings, the footer, ``?`` and the command palette all come
from it; ``OperationsMixin`` runs them. Keys follow k9s where it has one (space marks, ctrl+d
deletes, ctrl+k kills, ctrl+\\ clears marks), never use ctrl+a / ctrl+b, and
each key means one thing across views (the registry's test holds every key unique).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "ALL_OPERATIONS", "BY_ID", "CONSOLE", "MARKS", "METHODS", "OPERATIONS", "SESSIONS", "MarkSpec", "Operation",
    "operation_for", "registry_fields",
]


@dataclass(frozen=True, slots=True)
class Operation:
    """One mutating action on one kind of object.

    ``action`` is the backend's name for it (console.backend.actions.ACTIONS);
    ``dialog`` picks the confirmation dialog; ``dangerous`` demands typing the
    object's name (or the count, in bulk). Host maintenance is dangerous only when
    VMs run on the host, which the runner decides from the inventory. ``shared``
    names one key binding serving the same verb on several kinds (activate and
    maintenance of hosts and storage domains), so every key has one meaning.
    """

    id: str
    key: str
    description: str
    kind: str
    action: str
    # confirm | migrate | snapshot | snapshot_pick | snapshot_end | maintenance | remove_vm | none (sessions)
    dialog: str = "confirm"
    dangerous: bool = False
    footer: bool = False
    key_display: str | None = None
    shared: str | None = None
    single: bool = False  # one object at a time (a snapshot is chosen among that VM's own)

    @property
    def binding_id(self) -> str:
        """The registry / keymap id: main-screen keys are ``main.``-prefixed (``main.vm.start``)."""
        return "main." + (self.shared or self.id)

    @property
    def method(self) -> str:
        """The Textual action name: ``op_vm_start`` runs ``action_op_vm_start``."""
        return "op_" + (self.shared or self.id).replace(".", "_")


@dataclass(frozen=True, slots=True)
class MarkSpec:
    """A bulk-selection key (changes nothing on the engine)."""

    id: str
    key: str
    description: str
    method: str
    key_display: str | None = None
    footer: bool = False

    def fields(self) -> dict[str, Any]:
        return {"id": self.id, "key": self.key, "description": self.description, "action": self.method,
                "group": "Bulk", "mutating": False, "kinds": (), "footer": self.footer,
                "key_display": self.key_display}


OPERATIONS: tuple[Operation, ...] = (
    Operation("vm.start", "s", "Run", "vms", "start", footer=True),
    Operation("vm.shutdown", "d", "Shut down", "vms", "shutdown", footer=True),
    Operation("vm.stop", "ctrl+k", "Power off", "vms", "stop", dangerous=True, key_display="^k"),
    Operation("vm.reboot", "r", "Reboot", "vms", "reboot"),
    Operation("vm.reset", "ctrl+x", "Reset", "vms", "reset", dangerous=True, key_display="^x"),
    Operation("vm.suspend", "h", "Suspend (hibernate)", "vms", "suspend"),
    Operation("vm.migrate", "m", "Migrate…", "vms", "migrate", dialog="migrate", footer=True),
    Operation("vm.cancel_migration", "ctrl+g", "Cancel migration", "vms", "cancel_migration", key_display="^g"),
    Operation("vm.snapshot", "n", "Create snapshot…", "vms", "snapshot", dialog="snapshot"),
    Operation("vm.preview_snapshot", "b", "Preview snapshot…", "vms", "preview_snapshot", dialog="snapshot_pick",
              single=True),
    Operation("vm.commit_snapshot", "ctrl+t", "Commit snapshot preview", "vms", "commit_snapshot",
              dialog="snapshot_end", single=True, key_display="^t"),
    Operation("vm.undo_snapshot", "ctrl+u", "Undo snapshot preview", "vms", "undo_snapshot",
              dialog="snapshot_end", single=True, key_display="^u"),
    Operation("vm.remove_snapshot", "ctrl+e", "Remove snapshot…", "vms", "remove_snapshot",
              dialog="snapshot_pick", dangerous=True, single=True, key_display="^e"),
    Operation("vm.remove", "ctrl+d", "Remove…", "vms", "remove", dialog="remove_vm", dangerous=True,
              key_display="^d"),
    Operation("host.maintenance", "w", "Maintenance…", "hosts", "deactivate", dialog="maintenance", footer=True,
              shared="object.maintenance"),
    Operation("host.activate", "a", "Activate", "hosts", "activate", footer=True, shared="object.activate"),
    Operation("host.refresh", "f", "Refresh capabilities", "hosts", "refresh"),
    Operation("host.fence", "ctrl+f", "Restart (power management)", "hosts", "fence", dangerous=True,
              key_display="^f"),
    Operation("host.spm", "ctrl+o", "Select as SPM", "hosts", "force_select_spm", key_display="^o"),
    Operation("host.upgrade_check", "u", "Check for upgrade", "hosts", "upgrade_check"),
    Operation("sd.maintenance", "w", "Maintenance…", "storage_domains", "deactivate", footer=True,
              shared="object.maintenance"),
    Operation("sd.activate", "a", "Activate", "storage_domains", "activate", footer=True, shared="object.activate"),
)

# Operations that open a session instead of changing the object: no confirmation (the VM's
# state is untouched), one VM at a time, their own backend call (``open_console``), not
# ``run_action``. Still POSTs to the engine, so read-only mode refuses them like the others.
CONSOLE = Operation("vm.console", "c", "Graphics console", "vms", "graphics_console", dialog="none", single=True)
SESSIONS: tuple[Operation, ...] = (CONSOLE,)
ALL_OPERATIONS: tuple[Operation, ...] = (*OPERATIONS, *SESSIONS)

MARKS: tuple[MarkSpec, ...] = (
    MarkSpec("main.marks.toggle", "space", "Mark/unmark row", "mark_toggle", key_display="space", footer=True),
    MarkSpec("main.marks.all", "asterisk", "Mark all shown (filtered) rows", "mark_all", key_display="*"),
    MarkSpec("main.marks.clear", "ctrl+backslash", "Clear marks", "mark_clear", key_display="^\\"),
)

BY_ID = {op.id: op for op in ALL_OPERATIONS}
METHODS = frozenset(op.method for op in ALL_OPERATIONS)


def operation_for(method: str, kind: str | None) -> Operation | None:
    """The operation a Textual action name runs in the view of ``kind`` (None: not there)."""
    return next((op for op in ALL_OPERATIONS if op.method == method and op.kind == kind), None)


def registry_fields() -> list[dict[str, Any]]:
    """ActionSpec keyword arguments: one per key binding (a shared verb lists all its kinds)."""
    merged: dict[str, dict[str, Any]] = {}
    for op in ALL_OPERATIONS:
        entry = merged.get(op.binding_id)
        if entry is None:
            merged[op.binding_id] = {
                "id": op.binding_id, "key": op.key, "description": op.description, "action": op.method,
                "group": "Operations", "mutating": True, "kinds": (op.kind,), "footer": op.footer,
                "key_display": op.key_display}
        else:
            entry["kinds"] = (*entry["kinds"], op.kind)
    return [*merged.values(), *(mark.fields() for mark in MARKS)]
