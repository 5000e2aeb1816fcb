"""The detail pane: one object's tabs as in the Administration Portal.

A tab other than General gets its table the first time it is shown: opening the
pane builds General only, not five empty tables (that was 100-180 ms of CPU per
enter while a refresh streamed in). A remote tab then asks for its rows (a
``LoadTab`` message the screen turns into ``backend.load_detail``); a local tab
takes them from the inventory (a host's VMs, a cluster's hosts). A table fills
ROWS_AT_ONCE rows per turn of the event loop: a cluster's 10,000 VMs would
otherwise hold the console for two seconds.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.await_remove import AwaitRemove
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from console.ui.render.common import RenderContext, get, glyph_for, safe
from console.ui.render.general import general
from console.ui.render.storage_domains import domain_status
from console.ui.render.subtabs import TABLES
from console.ui.state.inventory import Inventory
from console.ui.views import BY_KIND
from console.ui.widgets.detail.plan import PLANS, TabPlan

ROWS_AT_ONCE = 100  # rows added to a tab's table per turn of the event loop (~20 ms)


def general_text(fields: list[tuple[str, Text]]) -> Text:
    width = max((len(label) for label, _ in fields), default=0) + 2
    text = Text(end="")
    for n, (label, value) in enumerate(fields):
        if n:
            text.append("\n")
        text.append(label.ljust(width), style="bold")
        text.append_text(value)
    return text


class DetailPane(Vertical):
    """Tabs of one object; ``kind``/``ident`` say which."""

    class LoadTab(Message):
        def __init__(self, kind: str, ident: str, tab: str) -> None:
            super().__init__()
            self.kind = kind
            self.ident = ident
            self.tab = tab

    def __init__(self, kind: str, record: Any, inventory: Inventory, ctx: RenderContext,
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.record = record
        self.ident: str = get(record, "id") or ""
        self.inventory = inventory
        self.ctx = ctx
        self.plans: tuple[TabPlan, ...] = PLANS[kind]
        self.requested: set[str] = set()
        self.loaded: dict[str, tuple[Any, ...]] = {}
        # False until on_mount has filled the tabs: a batch or a stale cursor message can
        # reach the pane between mount() and compose, when none of its widgets exist yet.
        self._built = False
        self._stale = False  # the record changed before the pane was built
        # Kept, not queried: a table being removed (show_object) is in the DOM for a moment.
        self._tables: dict[str, DataTable] = {}
        self._removing: dict[str, AwaitRemove] = {}  # a successor (same id) mounts once it is gone
        self._fills: dict[str, int] = {}  # per tab: the current fill (a newer one stops an older)
        self._fill_serial = 0  # never reused, so a fill of a dropped table never matches again

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="detail-title")
        with TabbedContent(id="detail-tabs"):
            for plan in self.plans:
                with TabPane(plan.title, id=f"tab-{plan.id}"):
                    if plan.table == "general":
                        with VerticalScroll():
                            yield Static(general_text(general(self.kind, self.record, self.ctx)),
                                         id="general-fields")
                    # Any other tab's table is made when the tab is first shown (_build_tab).

    @staticmethod
    def _new_table(plan: TabPlan) -> DataTable:
        table: DataTable = DataTable(id=f"detail-{plan.id}", cursor_type="row", zebra_stripes=True)
        table.add_columns(*TABLES[plan.table].titles)
        return table

    def _title(self) -> Text:
        status = domain_status(self.record) if self.kind == "storage_domains" else get(self.record, "status")
        g = glyph_for(status)
        text = Text(f" {BY_KIND[self.kind].title} ", style="bold reverse", end="")
        text.append(f" {g.char} ", style=g.style)
        text.append(safe(get(self.record, "name") or get(self.record, "alias") or get(self.record, "description")),
                    style="bold")
        text.append(f"  {self.ident}", style="dim")
        return text

    def _table(self, plan: TabPlan) -> DataTable | None:
        return self._tables.get(plan.id)

    def on_mount(self) -> None:
        if not self.is_attached or not self.query("#detail-tabs"):
            return  # esc removed the pane before it mounted: nothing to fill
        self._built = True
        if self._stale:
            self._show_record()

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        tab_id = (event.pane.id or "").removeprefix("tab-")
        plan = next((p for p in self.plans if p.id == tab_id), None)
        if plan is None or plan.table == "general":
            return
        removing = self._removing.pop(plan.id, None)
        if removing is not None:
            await removing  # the last object's table still holds the id
        if plan.local is not None and self._table(plan) is None:
            self.loaded[plan.id] = tuple(plan.local(self.inventory, self.record))
        self._build_tab(plan, event.pane)
        if plan.remote and plan.id not in self.requested:
            self.requested.add(plan.id)
            self.post_message(self.LoadTab(self.kind, self.ident, plan.remote))

    def _build_tab(self, plan: TabPlan, pane: TabPane) -> None:
        """A tab's table, made the first time the tab is shown."""
        if self._table(plan) is not None or not pane.is_attached:
            return  # built already, or the pane is being removed (esc, the split view moved on)
        table = self._tables[plan.id] = self._new_table(plan)
        if plan.id in self.loaded:
            self._fill_table(plan, table, self.loaded[plan.id])
        else:
            # A still line, not a spinner: nothing animates over SSH while a tab loads.
            table.add_row(Text("loading …", style="dim"), key="__loading__")
        pane.mount(table)

    @property
    def built(self) -> bool:
        return self._built

    def show_object(self, record: Any, ctx: RenderContext) -> None:
        """Show another object of this kind in this pane: its General tab, remote tabs unread."""
        self.record, self.ctx, self.ident = record, ctx, get(record, "id") or ""
        self.requested.clear()
        self.loaded.clear()
        self._fills.clear()
        for plan_id, table in self._tables.items():
            self._removing[plan_id] = table.remove()  # made again, for this object, when next shown
        self._tables.clear()
        self._show_record()
        self.show_tab("general")

    def update_record(self, record: Any, ctx: RenderContext) -> None:
        """The object changed on the engine: refresh the title, General and local tabs."""
        self.record, self.ctx = record, ctx
        if not self._built:
            self._stale = True  # compose may already have run with the old record: on_mount redraws
            return
        self._show_record()
        for plan in self.plans:
            if plan.local is not None and self._table(plan) is not None:  # shown: keep it current
                records = tuple(plan.local(self.inventory, record))
                if records != self.loaded.get(plan.id, ()):  # a re-read equal copy redraws nothing
                    self._fill(plan, records)

    def _show_record(self) -> None:
        self._stale = False
        self.query_one("#detail-title", Static).update(self._title())
        self.query_one("#general-fields", Static).update(general_text(general(self.kind, self.record, self.ctx)))

    @property
    def active_tab(self) -> str:
        tabs = self.query("#detail-tabs")
        if not tabs:
            return "general"  # not built yet (or being removed): its first tab
        return (tabs.first(TabbedContent).active or "tab-general").removeprefix("tab-")

    def show_tab(self, tab_id: str) -> None:
        tabs = self.query("#detail-tabs")
        if tabs:
            tabs.first(TabbedContent).active = f"tab-{tab_id}"

    def records_loaded(self, remote_tab: str, records: tuple[Any, ...]) -> None:
        """Rows for a remote tab arrived (DetailLoaded)."""
        for plan in self.plans:
            if plan.remote == remote_tab:
                self._fill(plan, records)

    def load_failed(self, remote_tab: str, message: str) -> bool:
        """A tab's request failed (BackendError): say so in the tab. True if it was ours."""
        hit = False
        for plan in self.plans:
            if plan.remote == remote_tab and plan.id in self.requested and plan.id not in self.loaded:
                table = self._table(plan)
                if table is None:
                    continue
                table.clear()
                table.add_row(Text(f"could not load: {safe(message)}", style="red"), key="__error__")
                hit = True
        return hit

    def _fill(self, plan: TabPlan, records: tuple[Any, ...]) -> None:
        self.loaded[plan.id] = records
        table = self._table(plan)
        if table is None:
            return  # not built yet: on_mount or _build_tab fills it from ``loaded``
        self._fill_table(plan, table, records)

    def _fill_table(self, plan: TabPlan, table: DataTable, records: tuple[Any, ...]) -> None:
        table.clear()
        self._fill_serial += 1
        fill = self._fills[plan.id] = self._fill_serial
        self._add_rows(plan, table, records, 0, fill)

    def _add_rows(self, plan: TabPlan, table: DataTable, records: tuple[Any, ...], start: int,
                  fill: int) -> None:
        if self._fills.get(plan.id) != fill or (start and not table.is_attached):
            return  # refilled or removed since (the first slice may go in before the mount)
        sub, ctx = TABLES[plan.table], self.ctx
        end = min(start + ROWS_AT_ONCE, len(records))
        for n in range(start, end):
            record = records[n]
            table.add_row(*sub.row(record, ctx), key=get(record, "id") or f"row-{n}")
        if end < len(records):  # the rest after other work had its turn
            self.set_timer(0.001, partial(self._add_rows, plan, table, records, end, fill))

