"""``OperationsMixin``: the main screen's operations, marks, confirmation and tracking.

Flow: a key (or the palette) names an operation → the targets are the marked rows,
else the open detail pane's object, else the cursor's → the status table sorts them
into allowed and skipped → a dialog names them and takes the options → only then
``Backend.run_action`` → one ActionFinished per target comes back, notified in the
engine's own words and shown on the operation line with its correlation id until
the engine's job ends. Nothing is sent on esc, in read-only mode, or for an object
whose status refuses the operation. The graphics console (``c``) changes nothing on the VM
and skips the dialog (see ``graphics_console``); read-only and the status rules still apply.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.dom import DOMNode

from console.backend import messages as m
from console.backend.console_messages import CONTEXT as CONSOLE_CONTEXT
from console.backend.console_messages import GraphicsConsoleFailed, GraphicsConsoleReady
from console.ui.dialogs.confirm import ConfirmDialog
from console.ui.dialogs.maintenance import MaintenanceDialog
from console.ui.dialogs.migrate import MigrateDialog
from console.ui.dialogs.remove_vm import RemoveVmDialog
from console.ui.dialogs.snapshot import SnapshotDialog
from console.ui.operations.batch import Batch
from console.ui.operations.graphics_console import GraphicsConsoleMixin
from console.ui.operations.line import OperationLine
from console.ui.operations.snapshot_flow import SNAPSHOT_DIALOGS, SnapshotWaits
from console.ui.operations.specs import (
    ALL_OPERATIONS,
    BY_ID,
    CONSOLE,
    MARKS,
    METHODS,
    Operation,
    operation_for,
)
from console.ui.operations.status_rules import refusal
from console.ui.operations.targets import (
    NOUNS,
    Selection,
    migration_hosts,
    running_vms_of,
    select,
)
from console.ui.render.common import enum_value, get
from console.ui.widgets.table.resource_table import ResourceTable

if TYPE_CHECKING:
    from textual.screen import Screen

    from console.ui.app import OvirtConsole
    from console.ui.engines.session import EngineSession
    from console.ui.widgets.detail.detail_pane import DetailPane

    _Base = Screen  # what the mixin is mixed into, for the type checker
else:
    _Base = DOMNode  # a DOMNode, so Textual collects its @on handlers

__all__ = ["NOTIFY_EACH_UP_TO", "READ_ONLY", "Batch", "OperationsMixin"]

READ_ONLY = "the console is read-only (--read-only): nothing is sent"
NOTIFY_EACH_UP_TO = 5  # successes notified one by one up to this many targets; failures always are
_MARK_METHODS = frozenset(mark.method for mark in MARKS)
_JOB_ENDED = frozenset({"finished", "failed", "aborted"})
_ONE_AT_A_TIME = "one VM at a time: a snapshot is chosen among that VM's own (^\\ clears the marks)"
_ONE_CONSOLE = "one VM at a time: a console opens for a single VM (^\\ clears the marks)"


def _one_at_a_time(op: Operation) -> str:
    return _ONE_CONSOLE if op is CONSOLE else _ONE_AT_A_TIME


class OperationsMixin(GraphicsConsoleMixin, _Base):
    """Mixed into MainScreen (``class MainScreen(OperationsMixin, Screen)``).

    Uses the screen's ``view``, ``table``, ``detail`` and ``app``; the screen calls
    ``check_operation`` from its ``check_action`` and ``operation_message`` for each
    backend message.
    """

    app: OvirtConsole
    session: EngineSession
    view: str
    table: ResourceTable
    detail: DetailPane | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._op_pending: dict[tuple[str, str, str], Batch] = {}
        self._op_shown_batch: Batch | None = None
        self._op_verdicts: tuple[Any, ...] = ()
        self._op_snapshot_waits = SnapshotWaits()
        self._console_pending = set()

    def on_mount(self) -> None:
        from console.ui.widgets.chrome.status_line import StatusLine

        self.mount(OperationLine(id="operation-line"), before=self.query_one(StatusLine))

    # -- what is allowed -------------------------------------------------------------------
    def check_operation(self, action: str, default: bool | None) -> bool | None:
        """``check_action`` for operations: hidden outside their view and in read-only mode,
        shown disabled when the selection's status refuses them; anything else: ``default``."""
        if action not in METHODS:
            return True if action in _MARK_METHODS else default
        op = operation_for(action, self.view)
        if op is None or self.session.read_only:
            return False
        return True if self.operation_refusal(op) is None else None

    def operation_refusal(self, op: Operation) -> str | None:
        """Why ``op`` cannot be sent to the current selection now (None: it can)."""
        if self.session.read_only:
            return READ_ONLY
        records = self._op_target_records(op)
        if op.single and len(records) > 1:
            return _one_at_a_time(op)
        # The footer asks this for every key on every refresh: stop at the first allowed target.
        if any(refusal(op.kind, op.action, record) is None for record in records):
            return None
        return select(op, records).refused

    def operation_states(self) -> dict[str, str | None]:
        """Registry id -> why that operation is refused for the selection now (None: allowed),
        for this view's operations: what the help screen and palette can show beside each key."""
        return {op.binding_id: self.operation_refusal(op) for op in ALL_OPERATIONS if op.kind == self.view}

    def _op_target_records(self, op: Operation) -> list[Any]:
        inventory = self.session.inventory
        table = self.table
        if op.kind != self.view:
            return []
        if table.model.marked:
            records = table.model.targets()
        elif (pane := self.detail) is not None and pane.kind == op.kind:
            records = [pane.record]
        else:
            records = [table.cursor_record] if table.cursor_record is not None else []
        # The freshest copy: a status changed since the table drew is what counts.
        return [inventory.get(op.kind, get(r, "id")) or r for r in records]

    def _refresh_operation_bindings(self) -> None:
        """Repaint the footer only when an operation's state for the selection changed."""
        verdicts = (self.view, self.session.read_only,
                    *(self.check_operation(op.method, None) for op in ALL_OPERATIONS if op.kind == self.view))
        if verdicts != self._op_verdicts:
            self._op_verdicts = verdicts
            self.refresh_bindings()

    @on(ResourceTable.CursorMoved)
    def _operations_cursor_moved(self, event: ResourceTable.CursorMoved) -> None:
        self._refresh_operation_bindings()

    def on_key(self, event: events.Key) -> None:
        """A refused operation's key says why instead of doing nothing."""
        op = self._op_for_key(event.key)
        if op is None:
            return
        reason = self.operation_refusal(op)
        if reason is not None:
            event.stop()
            event.prevent_default()
            self._op_refused(op, reason)

    def _op_for_key(self, key: str) -> Operation | None:
        for namespace, bindings in self._binding_chain:
            if namespace is not self:
                continue
            for binding in bindings.key_to_bindings.get(key, ()):
                op = operation_for(binding.action, self.view)
                if op is not None:
                    return op
        return None

    def _op_refused(self, op: Operation, reason: str) -> None:
        self.notify(f"{op.description.rstrip('…')}: {reason}", title="Not sent", severity="warning", markup=False)

    # -- marks -----------------------------------------------------------------------------
    def action_mark_toggle(self) -> None:
        table = self.table
        table.toggle_mark()
        table.action_cursor(1)
        self._op_marks_changed()

    def action_mark_all(self) -> None:
        self.table.mark_shown()
        self._op_marks_changed()

    def action_mark_clear(self) -> None:
        self.table.clear_marks()
        self._op_marks_changed()

    def _op_marks_changed(self) -> None:
        count = len(self.table.model.marked)
        if count:
            noun = NOUNS.get(self.view, "object")
            text = Text(f" {count} marked", style="bold")
            text.append(f": operations apply to every marked {noun}  (^\\ clears)", style="dim")
            self._op_line().show(text)
        elif self._op_shown_batch is None:
            self._op_line().show(Text(""))
        self._refresh_operation_bindings()

    # -- confirm, then send ----------------------------------------------------------------
    def operate(self, op_id: str) -> None:
        """Run the operation ``op_id`` ("vm.start") on the selection, through its dialog."""
        op = BY_ID[op_id]
        if op.kind != self.view:
            return
        if self.session.read_only:
            self._op_refused(op, READ_ONLY)
            return
        records = self._op_target_records(op)
        if op.single and len(records) > 1:
            self._op_refused(op, _one_at_a_time(op))
            return
        selection = select(op, records)
        if (reason := selection.refused) is not None:
            self._op_refused(op, reason)
            return
        if op is CONSOLE:  # changes nothing on the VM: no confirmation
            self.open_graphics_console(selection)
            return
        if op.dialog in SNAPSHOT_DIALOGS:
            self._op_read_snapshots(selection)
            return
        self.app.push_screen(self._op_dialog(selection), partial(self._op_confirmed, selection))
        self.call_after_refresh(self.update_watch)  # a migrate dialog watches its hosts' load

    def _op_read_snapshots(self, selection: Selection) -> None:
        """Snapshot operations read the VM's snapshots first; ``_op_snapshots_arrived`` goes on."""
        op = selection.operation
        if self.session.backend is None:
            self.notify("not connected to an engine: nothing was sent", title=op.description, severity="error")
            return
        vm_id = self._op_snapshot_waits.start(selection)
        self._op_line().show(Text(f" {op.description.rstrip('…')}: reading the VM's snapshots…", style="dim"))
        self.session.call("load_detail", "vms", vm_id, "snapshots")

    def _op_snapshots_arrived(self, selection: Selection, dialog: ConfirmDialog | None, reason: str | None) -> None:
        self._op_line().show(Text(""))
        if dialog is None:
            self._op_refused(selection.operation, reason or "")
            return
        self.app.push_screen(dialog, partial(self._op_confirmed, selection))

    def _op_dialog(self, selection: Selection) -> ConfirmDialog:
        op, records = selection.operation, selection.records
        if op.dialog == "migrate":
            hosts, note = migration_hosts(self.session.inventory, records)
            return MigrateDialog(selection.request(note=note), hosts)
        if op.dialog == "snapshot":
            return SnapshotDialog(selection.request())
        if op.dialog == "maintenance":
            running = running_vms_of(self.session.inventory, records)
            return MaintenanceDialog(selection.request(dangerous=bool(running)), running)
        if op.dialog == "remove_vm":
            return RemoveVmDialog(selection.request())
        return ConfirmDialog(selection.request())

    def _op_confirmed(self, selection: Selection, params: dict[str, Any] | None) -> None:
        op = selection.operation
        if params is None:
            self._op_line().show(Text(f" {op.description.rstrip('…')}: cancelled, nothing was sent", style="dim"))
            return
        if self.session.read_only:  # the mode can change while a dialog is open (reconnect)
            self._op_refused(op, READ_ONLY)
            return
        if self.session.backend is None:
            self.notify("not connected to an engine: nothing was sent", title=op.description, severity="error")
            return
        names = {str(get(r, "id")): str(get(r, "name") or get(r, "id")) for r in selection.records}
        batch = Batch(op, names, self.app.now())
        for ident in names:
            self._op_pending[(op.kind, op.action, ident)] = batch
        self._op_shown_batch = batch
        self.session.call("run_action", op.kind, list(names), op.action, params)
        if self.table.model.marked:
            self.table.clear_marks()  # spent, as in k9s: the next key acts on the cursor again
            self._refresh_operation_bindings()
        self._op_show_batch(batch)

    # -- tracking --------------------------------------------------------------------------
    def operation_message(self, payload: object) -> None:
        """Every backend message passes here first (from MainScreen.handle)."""
        if isinstance(payload, m.ActionFinished):
            self._op_finished(payload)
        elif isinstance(payload, (GraphicsConsoleReady, GraphicsConsoleFailed)):
            self.graphics_console_message(payload)
        elif isinstance(payload, m.BackendError) and payload.context == CONSOLE_CONTEXT:
            self.graphics_console_broke(payload.message)  # the screen notifies BackendErrors itself
        elif (arrived := self._op_snapshot_waits.arrived(payload)) is not None:
            self._op_snapshots_arrived(*arrived)
        elif isinstance(payload, (m.RecordsLoaded, m.RecordUpdated)):
            if payload.kind == "jobs" and self._op_shown_batch is not None:
                self._op_jobs_changed(self._op_shown_batch)
            if payload.kind == self.view:
                self.call_after_refresh(self._refresh_operation_bindings)

    def _op_finished(self, result: m.ActionFinished) -> None:
        batch = self._op_pending.pop((result.kind, result.action, result.id), None)
        if batch is None:
            return  # not sent by this screen (a one-shot, another session)
        batch.results.append(result)
        if result.job_id:
            batch.jobs[result.job_id] = "started"
        what = batch.operation.description.rstrip("…")
        if not result.ok:
            self.notify(f"{result.name}: {result.message}", title=f"{what} failed", severity="error",
                        timeout=10, markup=False)
        elif len(batch.names) <= NOTIFY_EACH_UP_TO:
            self.notify(f"{result.name}: accepted by the engine", title=what, markup=False)
        if batch.done and len(batch.names) > NOTIFY_EACH_UP_TO:
            failed = len(batch.failed)
            self.notify(f"{len(batch.names) - failed} of {len(batch.names)} accepted, {failed} failed",
                        title=what, severity="error" if failed else "information")
        if batch is self._op_shown_batch:
            self._op_jobs_changed(batch)
            self._op_show_batch(batch)

    def _op_jobs_changed(self, batch: Batch) -> None:
        changed = False
        for job_id in batch.jobs:
            job = self.session.inventory.get("jobs", job_id)
            status = enum_value(get(job, "status")) if job is not None else ""
            if status and status != batch.jobs[job_id]:
                batch.jobs[job_id] = status
                changed = True
        if changed and batch is self._op_shown_batch:
            self._op_show_batch(batch)

    def _op_show_batch(self, batch: Batch) -> None:
        """⟳ while waiting for the engine or its job, then ✓ or ✗, with the correlation id."""
        text = Text(" ")
        running_jobs = [j for j, s in batch.jobs.items() if s not in _JOB_ENDED]
        if not batch.done:
            text.append("⟳ ", style="bold yellow")
        elif batch.failed:
            text.append("✗ ", style="bold red")
        elif running_jobs:
            text.append("⟳ ", style="bold yellow")
        else:
            text.append("✓ ", style="bold green")
        text.append(batch.subject(), style="bold")
        if not batch.done:
            text.append(f"  {len(batch.results)}/{len(batch.names)} answered" if len(batch.names) > 1
                        else "  sent, waiting for the engine…")
        correlations = [r.correlation_id for r in batch.results if r.correlation_id]
        if correlations:
            text.append("  correlation ", style="dim")
            text.append(correlations[0])
            if len(correlations) > 1:
                text.append(f" (+{len(correlations) - 1})", style="dim")
        if batch.done:
            failed = batch.failed
            if failed and len(batch.names) == 1:
                text.append(f"  {failed[0].message}", style="red")
            elif failed:
                text.append(f"  {len(failed)} of {len(batch.names)} failed", style="red")
            elif batch.jobs:
                states = sorted(set(batch.jobs.values()))
                text.append(f"  job {', '.join(states)}", style="dim")
        self._op_line().show(text)

    def _op_line(self) -> OperationLine:
        return self.query_one("#operation-line", OperationLine)


def _action_method(method: str) -> Any:
    def action(self: OperationsMixin) -> None:
        op = operation_for(method, self.view)
        if op is not None:
            self.operate(op.id)

    action.__name__ = f"action_{method}"
    return action


for _method in sorted(METHODS):  # action_op_vm_start … one Textual action per key binding
    setattr(OperationsMixin, f"action_{_method}", _action_method(_method))
