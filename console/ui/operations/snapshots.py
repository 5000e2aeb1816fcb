"""A VM's snapshots as the snapshot operations need them: what can be chosen, or why nothing can.

The VM record does not say whether a snapshot is in preview, so preview, commit, undo
and remove read the VM's snapshots first (the detail pane's Snapshots tab request) and
decide here, mirroring the engine's own checks, before any dialog opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from console.ui.dialogs.snapshot_pick import SnapshotChoice
from console.ui.render.common import enum_value, get

__all__ = ["SnapshotPlan", "plan"]


@dataclass(frozen=True, slots=True)
class SnapshotPlan:
    """``choices`` to pick from (preview, remove), the snapshot being previewed, or why not."""

    choices: tuple[SnapshotChoice, ...] = ()
    previewed: SnapshotChoice | None = None
    refused: str | None = None


def _choice(record: Any) -> SnapshotChoice:
    return SnapshotChoice(str(get(record, "id")), str(get(record, "description") or "(no description)"),
                          get(record, "date"), enum_value(get(record, "snapshot_status")) or "ok",
                          bool(get(record, "persist_memorystate")))


def plan(action: str, records: Iterable[Any]) -> SnapshotPlan:
    """What ``action`` (preview_snapshot, commit_snapshot, undo_snapshot, remove_snapshot) can do."""
    regular = [r for r in records if enum_value(get(r, "snapshot_type")) == "regular"]
    regular.sort(key=lambda r: (get(r, "date") is None, get(r, "date")), reverse=True)  # newest first
    previewed = next((_choice(r) for r in regular if enum_value(get(r, "snapshot_status")) == "in_preview"), None)
    if action in ("commit_snapshot", "undo_snapshot"):
        if previewed is None:
            return SnapshotPlan(refused="VM is not previewing a snapshot")
        return SnapshotPlan(previewed=previewed)
    if previewed is not None:
        return SnapshotPlan(previewed=previewed,
                            refused=f"VM is previewing snapshot {previewed.description!r}: commit or undo it first")
    choices = tuple(_choice(r) for r in regular if enum_value(get(r, "snapshot_status")) == "ok")
    if not choices:
        locked = any(enum_value(get(r, "snapshot_status")) == "locked" for r in regular)
        return SnapshotPlan(refused="VM's snapshots are locked (being created or removed)" if locked
                            else "VM has no snapshots")
    return SnapshotPlan(choices=choices)
