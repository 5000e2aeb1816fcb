"""The operations the console can send, as data: key, wording, kind, backend action, danger.

The action registry (console.ui.actions.registry) lists these beside the other keys,
so the footer, ``?`` and the command palette show them; ``OperationsMixin`` binds
them on the main screen. Keys follow k9s where it has one (space marks, ctrl+d
deletes, ctrl+k kills, ctrl+\\ clears marks) and never use ctrl+a / ctrl+b.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["BY_ID", "BY_METHOD", "MARKS", "OPERATIONS", "MarkSpec", "Operation"]


@dataclass(frozen=True, slots=True)
class Operation:
    """One mutating action on one kind of object.

    ``action`` is the backend's name for it (console.backend.actions.ACTIONS);
    ``dialog`` picks the confirmation dialog; ``dangerous`` demands typing the
    object's name (or the count, in bulk). Host maintenance is dangerous only when
    VMs run on the host, which the runner decides from the inventory.
    """

    id: str
    key: str
    description: str
    kind: str
    action: str
    dialog: str = "confirm"  # confirm | migrate | snapshot | maintenance | remove_vm
    dangerous: bool = False
    footer: bool = False
    key_display: str | None = None

    @property
    def method(self) -> str:
        """The Textual action name: ``op_vm_start`` runs ``action_op_vm_start``."""
        return "op_" + self.id.replace(".", "_")

    @property
    def group(self) -> str:
        return {"vms": "VM operations", "hosts": "Host operations",
                "storage_domains": "Storage domain operations"}[self.kind]

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for the registry's ActionSpec."""
        return {"id": self.id, "key": self.key, "description": self.description, "action": self.method,
                "group": self.group, "mutating": True, "kinds": (self.kind,), "footer": self.footer,
                "key_display": self.key_display}


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
    Operation("vm.suspend", "z", "Suspend", "vms", "suspend"),
    Operation("vm.migrate", "m", "Migrate…", "vms", "migrate", dialog="migrate", footer=True),
    Operation("vm.cancel_migration", "ctrl+g", "Cancel migration", "vms", "cancel_migration", key_display="^g"),
    Operation("vm.snapshot", "n", "Create snapshot…", "vms", "snapshot", dialog="snapshot"),
    Operation("vm.remove", "ctrl+d", "Remove…", "vms", "remove", dialog="remove_vm", dangerous=True,
              key_display="^d"),
    Operation("host.maintenance", "m", "Maintenance…", "hosts", "deactivate", dialog="maintenance", footer=True),
    Operation("host.activate", "a", "Activate", "hosts", "activate", footer=True),
    Operation("host.refresh", "f", "Refresh capabilities", "hosts", "refresh"),
    Operation("host.fence", "ctrl+x", "Restart (power management)", "hosts", "fence", dangerous=True,
              key_display="^x"),
    Operation("host.spm", "ctrl+o", "Select as SPM", "hosts", "force_select_spm", key_display="^o"),
    Operation("host.upgrade_check", "u", "Check for upgrade", "hosts", "upgrade_check"),
    Operation("sd.maintenance", "m", "Maintenance", "storage_domains", "deactivate", footer=True),
    Operation("sd.activate", "a", "Activate", "storage_domains", "activate", footer=True),
)

MARKS: tuple[MarkSpec, ...] = (
    MarkSpec("marks.toggle", "space", "Mark/unmark row", "mark_toggle", key_display="space", footer=True),
    MarkSpec("marks.all", "asterisk", "Mark all shown (filtered) rows", "mark_all", key_display="*"),
    MarkSpec("marks.clear", "ctrl+backslash", "Clear marks", "mark_clear", key_display="^\\"),
)

BY_ID = {op.id: op for op in OPERATIONS}
BY_METHOD = {op.method: op for op in OPERATIONS}
