"""EngineFault and the engine's own validation wording (AppErrors.properties).

Detail strings are rendered like the engine's Java List.toString(): in square
brackets. Statuses follow the ErrorType mapping: CONFLICT -> 409, bad input -> 400.
"""

from __future__ import annotations

__all__ = [
    "EngineFault",
    "bad_parameters",
    "conflict",
    "host_status_illegal",
    "incomplete",
    "not_found",
    "vm_is_running",
    "vm_not_running",
    "vm_status_illegal",
]


class EngineFault(Exception):
    """A failed engine command: HTTP status, fault reason and detail."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(f"{status} {reason}: {detail}")
        self.status = status
        self.reason = reason
        self.detail = detail


def conflict(*messages: str) -> EngineFault:
    return EngineFault(409, "Operation Failed", "[" + ", ".join(messages) + "]")


def bad_parameters(*messages: str) -> EngineFault:
    return EngineFault(400, "Operation Failed", "[" + ", ".join(messages) + "]")


def incomplete(type_name: str, fields: str, method: str) -> EngineFault:
    """Missing mandatory input, e.g. `Action [fenceType] required for fence`."""
    return EngineFault(400, "Incomplete parameters", f"{type_name} [{fields}] required for {method}")


def not_found(kind: str, ident: str) -> EngineFault:
    """A referenced entity that does not exist (404; the server sends an empty body on plain GETs)."""
    return EngineFault(404, "Operation Failed", f"Entity not found: {kind}: id={ident}")


def vm_status_illegal(action: str, status: str, type: str = "VM") -> EngineFault:
    # ACTION_TYPE_FAILED_VM_STATUS_ILLEGAL; the engine prints the enum display name.
    return conflict(f"Cannot {action} {type} because the VM is in {_display(status)} status.")


def vm_is_running(action: str, type: str = "VM") -> EngineFault:
    # ACTION_TYPE_FAILED_VM_IS_RUNNING ("Cannot ${action} ${type}. VM is running.")
    return conflict(f"Cannot {action} {type}. VM is running.")


def vm_not_running(action: str, type: str = "VM") -> EngineFault:
    # ACTION_TYPE_FAILED_VM_IS_NOT_RUNNING
    return conflict(f"Cannot {action} {type}. VM is not running.")


def host_status_illegal(action: str, allowed: str) -> EngineFault:
    # ACTION_TYPE_FAILED_VDS_STATUS_ILLEGAL
    return conflict(f"Cannot {action} Host. Operation can be performed only when Host status is {allowed}.")


# VMStatus display names as the engine's enum prints them in messages.
_DISPLAY = {
    "down": "Down", "up": "Up", "powering_up": "PoweringUp", "powering_down": "PoweringDown",
    "wait_for_launch": "WaitForLaunch", "migrating": "MigratingFrom", "suspended": "Suspended",
    "saving_state": "SavingState", "restoring_state": "RestoringState", "paused": "Paused",
    "reboot_in_progress": "RebootInProgress", "not_responding": "NotResponding",
    "image_locked": "ImageLocked", "unknown": "Unknown", "unassigned": "Unassigned",
    "maintenance": "Maintenance", "preparing_for_maintenance": "PreparingForMaintenance",
    "non_responsive": "NonResponsive", "reboot": "Reboot", "activating": "Activating",
    "active": "Active", "inactive": "Inactive", "locked": "Locked",
}


def _display(status: str) -> str:
    return _DISPLAY.get(status, status)
