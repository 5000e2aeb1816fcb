"""The snapshot operations' extra step: read the VM's snapshots, then open the right dialog.

Preview and remove need a snapshot chosen among the VM's own, commit and undo need
one in preview; the VM record says neither. So the runner asks the backend for the
VM's snapshots (``load_detail(..., "snapshots")``) and, when they arrive, this opens
the picker or the confirmation, or says why nothing can be sent. Nothing is sent
before the dialog is confirmed.
"""

from __future__ import annotations

from typing import Any

from console.backend import messages as m
from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.dialogs.snapshot_pick import SnapshotPickDialog
from console.ui.operations.snapshots import plan
from console.ui.operations.targets import Selection

__all__ = ["SNAPSHOT_DIALOGS", "SnapshotWaits"]

SNAPSHOT_DIALOGS = frozenset({"snapshot_pick", "snapshot_end"})


class SnapshotWaits:
    """VM id -> the selection waiting for that VM's snapshots (one request per key press)."""

    def __init__(self) -> None:
        self._waiting: dict[str, Selection] = {}

    def start(self, selection: Selection) -> str:
        vm_id = selection.ids[0]
        self._waiting[vm_id] = selection
        return vm_id

    def arrived(self, payload: object) -> tuple[Selection, ConfirmDialog | None, str | None] | None:
        """For the VM's snapshots: (selection, dialog to open, or why not); None: not awaited here."""
        if not (isinstance(payload, m.DetailLoaded) and payload.kind == "vms" and payload.tab == "snapshots"):
            return None
        selection = self._waiting.pop(payload.id, None)
        if selection is None:
            return None
        return (selection, *dialog_for(selection, payload.records))


def dialog_for(selection: Selection, records: tuple[Any, ...]) -> tuple[ConfirmDialog | None, str | None]:
    op = selection.operation
    found = plan(op.action, records)
    if found.refused is not None:
        return None, found.refused
    if op.dialog == "snapshot_pick":
        note = ("The VM will boot from the chosen snapshot until you commit or undo the preview."
                if op.action == "preview_snapshot" else "The snapshot's disks are merged and it is deleted.")
        return SnapshotPickDialog(selection.request(note=note), found.choices,
                                  memory_option=op.action == "preview_snapshot"), None
    assert found.previewed is not None
    name = found.previewed.description
    note = (f"Keep the previewed snapshot {name!r} as the VM's state; snapshots newer than it are deleted."
            if op.action == "commit_snapshot" else
            f"Return to the state before previewing {name!r}; the preview's changes are discarded.")
    return ConfirmDialog(selection.request(note=note)), None
