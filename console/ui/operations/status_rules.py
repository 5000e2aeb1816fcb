"""What an object's status allows: the one table the UI consults before sending anything.

Each rule names the statuses in which the engine accepts an action (mirroring the
engine's own validation, e.g. RunVmCommand's "VM is running"), and how to say why
it is refused otherwise. ``refusal(kind, action, record)`` is None when allowed,
else the reason as the user reads it: "VM is already up". The engine stays the
final judge: a record that is stale by one poll may still be refused there, and
that refusal is reported in the engine's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.ui.render.common import enum_value, get

__all__ = ["RULES", "Rule", "refusal", "status_of"]

_KIND_WORD = {"vms": "VM", "hosts": "Host", "storage_domains": "Storage domain"}

# The engine's "VM is running" family (VM.isRunning plus the transitional states).
_VM_RUNNING = frozenset({"up", "powering_up", "powering_down", "reboot_in_progress", "migrating",
                         "wait_for_launch", "not_responding"})
_VM_STOPPABLE = frozenset(_VM_RUNNING | {"paused", "suspended", "saving_state", "restoring_state", "unknown"})


def status_of(kind: str, record: Any) -> str:
    """The engine spelling of the record's status ("" when the engine gave none)."""
    return enum_value(get(record, "status"))


def _display(status: str) -> str:
    return status.replace("_", " ") if status else "in an unknown state"


@dataclass(frozen=True, slots=True)
class Rule:
    """``allowed``: statuses in which the action may be sent; ``reasons``: wording per refused status.

    ``check`` adds a condition beyond status (power management configured, not already
    SPM); it returns a reason or None. ``unknown_ok`` lets a record without a status
    through (a storage domain's status lives in its data center's view of it).
    """

    kind: str
    action: str
    allowed: frozenset[str]
    reasons: dict[str, str] = field(default_factory=dict)
    check: Callable[[Any], str | None] | None = None
    unknown_ok: bool = False

    def refusal(self, record: Any) -> str | None:
        status = status_of(self.kind, record)
        word = _KIND_WORD[self.kind]
        if not status and self.unknown_ok:
            pass
        elif status not in self.allowed:
            return self.reasons.get(status) or f"{word} is {_display(status)}"
        return self.check(record) if self.check is not None else None


def _rule(kind: str, action: str, allowed: set[str] | frozenset[str], reasons: dict[str, str] | None = None,
          **extra: Any) -> tuple[tuple[str, str], Rule]:
    return (kind, action), Rule(kind, action, frozenset(allowed), dict(reasons or {}), **extra)


def _running(reason: str) -> dict[str, str]:
    return {status: reason for status in _VM_RUNNING}


def _power_management(host: Any) -> str | None:
    enabled = get(host, "power_management.enabled")
    if enabled is False:
        return "power management is not configured on this host"
    return None


def _not_spm(host: Any) -> str | None:
    if enum_value(get(host, "spm.status")) == "spm":
        return "Host is already SPM"
    if (priority := get(host, "spm.priority")) is not None and int(priority) < 0:
        return "Host is marked never to be selected as SPM"
    return None


def _attached(sd: Any) -> str | None:
    if not get(sd, "data_centers") and not get(sd, "data_center"):
        return "Storage domain is not attached to a data center"
    return None


# VMStatus.isQualifiedForConsoleConnect: the statuses in which the engine makes a console file.
_CONSOLE = frozenset({"powering_up", "up", "reboot_in_progress", "powering_down", "paused", "migrating",
                      "saving_state"})
_NO_CONSOLE = {"wait_for_launch": "VM is still launching", "not_responding": "VM is not responding",
               "restoring_state": "VM is still restoring its state", "unknown": "VM's state is unknown",
               "unassigned": "VM's state is not known yet"}

_SNAPSHOT_NEEDS_DOWN = {**_running("VM is running: it must be down"), "paused": "VM is paused: it must be down",
                        "suspended": "VM is suspended: it must be down", "image_locked": "VM's disks are locked"}

RULES: dict[tuple[str, str], Rule] = dict([
    _rule("vms", "start", {"down", "suspended", "paused"},
          {**_running("VM is running"), "up": "VM is already up"}),
    _rule("vms", "shutdown", {"up", "powering_up", "reboot_in_progress", "paused", "not_responding"},
          {"down": "VM is already down", "powering_down": "VM is already powering down"}),
    _rule("vms", "stop", _VM_STOPPABLE, {"down": "VM is already down"}),
    _rule("vms", "reboot", {"up"}, {"down": "VM is not running",
                                    "reboot_in_progress": "VM is already rebooting"}),
    _rule("vms", "reset", {"up"}, {"down": "VM is not running"}),
    _rule("vms", "suspend", {"up"}, {"down": "VM is not running", "suspended": "VM is already suspended",
                                     "saving_state": "VM is already being suspended"}),
    _rule("vms", "migrate", {"up"}, {"down": "VM is not running", "migrating": "VM is already migrating"}),
    _rule("vms", "cancel_migration", {"migrating"}, {"up": "VM is not migrating", "down": "VM is not migrating"}),
    _rule("vms", "snapshot", {"down", "up", "paused", "suspended"},
          {"image_locked": "VM's disks are locked"}),
    # The engine previews, commits and undoes only a down VM; a snapshot is removed live too.
    _rule("vms", "preview_snapshot", {"down"}, _SNAPSHOT_NEEDS_DOWN),
    _rule("vms", "commit_snapshot", {"down"}, _SNAPSHOT_NEEDS_DOWN),
    _rule("vms", "undo_snapshot", {"down"}, _SNAPSHOT_NEEDS_DOWN),
    _rule("vms", "remove_snapshot", {"down", "up", "paused", "suspended"},
          {"image_locked": "VM's disks are locked"}),
    _rule("vms", "remove", {"down"}, {**_running("VM is running"), "image_locked": "VM's disks are locked"}),
    _rule("vms", "graphics_console", _CONSOLE, _NO_CONSOLE),
    _rule("hosts", "deactivate", {"up", "non_responsive", "non_operational", "error", "connecting", "initializing"},
          {"maintenance": "Host is already in maintenance",
           "preparing_for_maintenance": "Host is already switching to maintenance"}),
    _rule("hosts", "activate", {"maintenance", "non_operational", "error", "non_responsive", "down",
                                "install_failed"}, {"up": "Host is already up"}),
    _rule("hosts", "fence", {"up", "maintenance", "non_responsive", "non_operational", "error", "down",
                             "connecting", "initializing"}, check=_power_management),
    _rule("hosts", "refresh", {"up", "maintenance", "non_operational"}),
    _rule("hosts", "force_select_spm", {"up"}, check=_not_spm),
    _rule("hosts", "upgrade_check", {"up", "maintenance", "non_operational"}),
    _rule("storage_domains", "activate", {"maintenance", "inactive", "unknown"},
          {"active": "Storage domain is already active"}, check=_attached, unknown_ok=True),
    _rule("storage_domains", "deactivate", {"active"},
          {"maintenance": "Storage domain is already in maintenance",
           "preparing_for_maintenance": "Storage domain is already switching to maintenance"},
          check=_attached, unknown_ok=True),
])  # fmt: skip


def refusal(kind: str, action: str, record: Any) -> str | None:
    """Why ``action`` cannot be sent to ``record`` now, or None when its status allows it."""
    rule = RULES.get((kind, action))
    if rule is None:
        raise KeyError(f"no status rule for {kind} {action}")
    return rule.refusal(record)
