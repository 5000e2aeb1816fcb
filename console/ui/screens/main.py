"""The main screen: tree | table (+ detail), status line, prompt, footer.

It owns all view state (current view, scope, search, open detail) and turns
backend messages into widget updates. Widgets never see the backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from console.backend import messages as m
from console.ui import gc_policy
from console.ui.actions.registry import allowed, bindings
from console.ui.comfort.mixin import ComfortMixin
from console.ui.commands import Explore, Help, Invalid, Quit, Search, ShowView, parse
from console.ui.live.mixin import LiveMixin
from console.ui.operations.runner import OperationsMixin
from console.ui.render import COLUMNS
from console.ui.render.common import get, safe
from console.ui.scopes import Scope, scope_for
from console.ui.screens.main_detail import SPARE_CHECK, DetailPaneMixin
from console.ui.screens.main_feed import InventoryFeedMixin, names_shown
from console.ui.screens.object_actions import ObjectActionsMixin
from console.ui.views import BY_KIND
from console.ui.widgets.chrome.footer import ConsoleFooter
from console.ui.widgets.chrome.header import ConsoleHeader
from console.ui.widgets.chrome.prompt import CommandPrompt
from console.ui.widgets.chrome.status_line import StatusLine
from console.ui.widgets.detail.detail_pane import DetailPane
from console.ui.widgets.table.resource_table import ResourceTable
from console.ui.widgets.tree.inventory_tree import InventoryTree

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole
    from console.ui.engines.session import EngineSession

class MainScreen(InventoryFeedMixin, DetailPaneMixin, LiveMixin, OperationsMixin, ComfortMixin,
                 ObjectActionsMixin, Screen):
    BINDINGS = bindings("main")

    app: OvirtConsole

    def __init__(self, session: EngineSession | None = None) -> None:
        super().__init__(id="main")
        self._session = session
        self.view = "vms"
        self.scope: Scope | None = None
        self.search: m.SearchResults | None = None
        self.progress: dict[str, int] = {}
        self._dirty: set[str] = set()
        self.last_xml: m.RawXmlLoaded | None = None

    @property
    def session(self) -> EngineSession:
        """The engine this screen shows (the app's active one when not bound)."""
        return self._session or self.app.session

    def compose(self) -> ComposeResult:
        yield ConsoleHeader(id="header")
        with Horizontal(id="body"):
            yield InventoryTree(self.session.inventory, id="tree")
            with Vertical(id="main-column"):
                # Tables are mounted when their view is first shown: a smaller DOM restyles faster.
                with ContentSwitcher(initial="table-vms", id="views"):
                    yield self._new_table("vms")
        yield StatusLine(id="status")
        yield CommandPrompt(id="prompt")
        yield ConsoleFooter()

    def _new_table(self, kind: str) -> ResourceTable:
        return ResourceTable(kind, COLUMNS[kind], self._render_context, id=f"table-{kind}")

    def _render_context(self):
        ctx = self.session.inventory.context(self.app.now())
        # Host trend cells: the engine keeps no usage history for hosts, the live layer does.
        ctx.extra["usage_series"] = self.stats_history.series
        return ctx

    def on_mount(self) -> None:
        self.query_one(CommandPrompt).display = False
        header = self.query_one(ConsoleHeader)
        header.read_only = self.session.read_only
        self.show_view("vms")
        self.set_interval(SPARE_CHECK, self.prepare_spare_pane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One place decides, from the registry: read-only refuses mutating actions.
        return self.check_operation(action, allowed(action, self.view, self.session.read_only))

    # -- helpers ---------------------------------------------------------------------------
    @property
    def table(self) -> ResourceTable:
        return self.query_one(f"#table-{self.view}", ResourceTable)

    def _update_status(self) -> None:
        status = self.query_one(StatusLine)
        table = self.table
        status.view_title = BY_KIND[self.view].title
        label = self.scope.label if self.scope else ""
        if self.search is not None and self.search.kind == self.view:
            label = f"search “{safe(self.search.query)}”"
        status.scope = label
        status.shown = len(table.model.order)
        status.total = table.model.total
        status.filter_text = table.model.filter.text
        column = table.model.column(table.model.sort_column)
        status.sort_text = f"{column.title.lower()} {'▼' if table.model.sort_reverse else '▲'}" if column else ""
        status.progress = "  ".join(f"loading {k.replace('_', ' ')}: {n:,} received"
                                    for k, n in self.progress.items())

    def _refresh_table(self, kind: str) -> None:
        table = self.query_one(f"#table-{kind}", ResourceTable)
        table.set_records(self.session.inventory.records(kind))
        self._dirty.discard(kind)

    # -- views and scope -------------------------------------------------------------------
    def show_view(self, kind: str, *, scope: Scope | None = None, keep_scope: bool = False) -> None:
        if not keep_scope:
            self.scope = scope
        if self.search is not None and self.search.kind != kind:
            self.search = None
        self.view = kind
        switcher = self.query_one(ContentSwitcher)
        mounted = not switcher.query(f"#table-{kind}")
        if mounted:
            switcher.mount(self._new_table(kind))
        switcher.current = f"table-{kind}"
        self.close_detail()
        table = self.table
        if kind in self._dirty or table.model.total != self.session.inventory.count_of(kind):
            self._refresh_table(kind)
        # Names its rows show changed while it was hidden: its cells are stale.
        if self._names_changed(table, names_shown(kind)) and not mounted:
            table.invalidate()
        table.set_scope(self._predicate(), self._search_order())
        if self.scope is not None and self.scope.select:
            table.select(self.scope.select)
        table.focus()
        self._update_status()

    def _predicate(self):
        if self.search is not None and self.search.kind == self.view:
            ids = {get(r, "id") for r in self.search.records}
            return lambda record: get(record, "id") in ids
        return self.scope.predicate if self.scope and self.scope.view == self.view else None

    def _search_order(self) -> list[str] | None:
        if self.search is not None and self.search.kind == self.view:
            return [get(r, "id") for r in self.search.records]
        return None

    def action_show_view(self, kind: str) -> None:
        self.show_view(kind)

    @on(InventoryTree.Scoped)
    def _tree_scoped(self, event: InventoryTree.Scoped) -> None:
        scope = scope_for(event.ref, self.session.inventory)
        if scope is not None:
            self.search = None
            self.show_view(scope.view, scope=scope if scope.predicate or scope.select else None)

    # -- backend messages ------------------------------------------------------------------
    def handle(self, payload: object) -> None:
        """One backend message (already on the UI thread)."""
        inv = self.session.inventory
        self.operation_message(payload)
        self.comfort_message(payload)
        if isinstance(payload, m.RecordsLoaded):
            gone = inv.apply_batch(payload.kind, payload.records, replace=payload.replace, final=payload.final)
            self._kind_changed(payload.kind, payload.records, gone, stream=True)
            if not payload.final:  # the app settles a final batch (and its load) itself
                gc_policy.after_batch()  # the collector never walks loaded records
            if payload.final:
                self.progress.pop(payload.kind, None)
        elif isinstance(payload, m.RecordUpdated):
            inv.apply_update(payload.kind, payload.id, payload.record)
            if payload.record is None:
                self._kind_changed(payload.kind, (), (payload.id,))
            else:
                self._kind_changed(payload.kind, (payload.record,), ())
        elif isinstance(payload, m.LoadProgress):
            if payload.done:
                self.progress.pop(payload.kind, None)
            else:
                self.progress[payload.kind] = payload.received
        elif isinstance(payload, m.SearchResults):
            # An upsert, never the end of a load: a reload streaming meanwhile decides what went.
            inv.apply_batch(payload.kind, payload.records, replace=False, final=False)
            self._dirty.add(payload.kind)  # the results may hold newer copies of shown rows
            self.search = payload
            self.scope = None
            self.show_view(payload.kind, keep_scope=True)
            self.notify(f"{len(payload.records)} {payload.kind.replace('_', ' ')} match “{payload.query}”",
                        title="Engine search")
        elif isinstance(payload, m.DetailLoaded):
            pane = self.detail
            if pane is not None and pane.kind == payload.kind and pane.ident == payload.id:
                pane.records_loaded(payload.tab, payload.records)
        elif isinstance(payload, m.RawXmlLoaded):
            self.last_xml = payload
            from console.ui.screens.xml import XmlScreen

            self.app.push_screen(XmlScreen(payload.kind, payload.id, payload.xml))
        elif isinstance(payload, m.BackendError):
            words = payload.context.split()  # "load nics of vm": a detail tab failed
            if self._detail is not None and len(words) > 1 and words[0] == "load":
                self._detail.load_failed(words[1], payload.message)
            self.query_one(StatusLine).message = f"{payload.context}: {payload.message}"
            self.notify(payload.message, title=payload.context, severity="error")
        self._update_status()

    # -- prompt ----------------------------------------------------------------------------
    def action_open_prompt(self, mode: str) -> None:
        prompt = self.query_one(CommandPrompt)
        prompt.open(mode, self.table.model.filter.text if mode == "filter" else "")

    @on(CommandPrompt.PromptChanged)
    def _prompt_changed(self, event: CommandPrompt.PromptChanged) -> None:
        if event.mode == "filter":
            self._apply_filter(event.value, quiet=True)

    @on(CommandPrompt.PromptSubmitted)
    def _prompt_submitted(self, event: CommandPrompt.PromptSubmitted) -> None:
        self.query_one(CommandPrompt).close()
        self.table.focus()
        if event.mode == "filter":
            self._apply_filter(event.value)
        else:
            self.run_command(event.value)

    @on(CommandPrompt.PromptCancelled)
    def _prompt_cancelled(self, event: CommandPrompt.PromptCancelled) -> None:
        self.query_one(CommandPrompt).close()
        self.table.focus()

    def _apply_filter(self, text: str, *, quiet: bool = False) -> None:
        import re

        try:
            self.table.set_filter(text)
            self.query_one(StatusLine).message = ""
        except re.error as error:
            if not quiet:
                self.query_one(StatusLine).message = f"bad regex: {error}"
        self._update_status()

    def run_command(self, line: str) -> None:
        if self.live_command(line) or self.comfort_command(line):
            return
        command = parse(line)
        if isinstance(command, ShowView):
            self.show_view(command.kind)
        elif isinstance(command, Search):
            self.session.call("search", command.kind, command.query)
            self.query_one(StatusLine).message = ""
            self.notify(f"searching {command.kind.replace('_', ' ')}: {command.query}", title="Engine search")
        elif isinstance(command, Quit):
            self.app.exit()
        elif isinstance(command, Help):
            self.app.action_show_help()
        elif isinstance(command, Explore):
            self.open_explorer_at(command.path)
        elif isinstance(command, Invalid):
            self.query_one(StatusLine).message = command.message

    # -- object actions --------------------------------------------------------------------
    def _selected(self) -> tuple[str, str, Any] | None:
        pane = self.detail
        if pane is not None:
            return pane.kind, pane.ident, pane.record
        table = self.table
        if table.cursor_id is None:
            return None
        return self.view, table.cursor_id, table.cursor_record

    def action_open_detail(self) -> None:
        if self.focused is not self.table and not isinstance(self.focused, ResourceTable):
            return
        selected = self._selected()
        if selected is None:
            return
        kind, _ident, record = selected
        self.open_detail(kind, record)

    @on(ResourceTable.Activated)
    def _row_activated(self, event: ResourceTable.Activated) -> None:
        self.open_detail(event.kind, event.table.cursor_record)

    @on(DetailPane.LoadTab)
    def _load_tab(self, event: DetailPane.LoadTab) -> None:
        self.session.call("load_detail", event.kind, event.ident, event.tab)

    @on(ResourceTable.CursorMoved)
    @on(ResourceTable.Sorted)
    def _cursor_moved(self, event: ResourceTable.CursorMoved | ResourceTable.Sorted) -> None:
        self._update_status()
        pane = self._detail
        table = self.table
        # Split view: with the pane open, moving in the table shows the new object's tabs.
        # A CursorMoved handled late (the cursor has moved on since) is stale: the newer one follows.
        if (isinstance(event, ResourceTable.CursorMoved) and pane is not None and event.table is table
                and event.ident and event.ident == table.cursor_id
                and event.ident != pane.ident and pane.kind == self.view):
            tab = pane.active_tab
            new = self.open_detail(self.view, table.cursor_record)
            new.call_after_refresh(new.show_tab, tab)

    def action_reload(self) -> None:
        self.session.call("refresh", self.view)

    def action_toggle_tree(self) -> None:
        tree = self.query_one(InventoryTree)
        tree.display = not tree.display
        if not tree.display:
            self.table.focus()

    def action_back(self) -> None:
        """esc: close the innermost thing that is open; never changes anything on the engine."""
        if self.close_detail():
            self.table.focus()
        elif self.search is not None:
            self.search = None
            self.table.set_scope(self._predicate())
        elif self.table.model.filter.text:
            self._apply_filter("")
        elif self.scope is not None:
            self.scope = None
            self.table.set_scope(None)
        elif self.progress:
            self.session.call("cancel_load")
        self._update_status()
