"""ExplorerScreen: browse the oVirt API by its links, like a hypermedia browser.

A collection shows as a table whose columns are the elements its items carry; an
entity as a field tree with its sub-collection links, references and actions.
``enter`` follows, ``esc`` goes back (pages are kept, so back is instant), ``x``
toggles the XML as the engine sent it, ``/`` runs a GET with query parameters.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import parse_qsl

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, Tree
from textual.widgets.tree import TreeNode

from console.backend.action_forms import form_for
from console.backend.messages import (
    BackendError,
    ExplorerActionFinished,
    ExplorerLoaded,
)
from console.ui.widgets.chrome.footer import ConsoleFooter

__all__ = ["KIND_PATHS", "MAX_ROWS", "QUERY_KEYS", "ExplorerScreen", "parse_query"]

QUERY_KEYS = ("search", "max", "follow", "all_content")
MAX_ROWS = 1000  # a table past this is narrowed with search or max, not scrolled
MAX_XML_CHARS = 400_000  # 10,000 VMs are ~85 MB of XML: a terminal pane shows the start
# Typed views' kinds -> the collection that serves them (the SDK's *_service names, flattened).
KIND_PATHS = {
    "vms": "vms", "hosts": "hosts", "clusters": "clusters", "data_centers": "datacenters",
    "storage_domains": "storagedomains", "networks": "networks", "templates": "templates",
    "disks": "disks", "events": "events", "jobs": "jobs",
}  # fmt: skip
_KIND_OF_PATH = {path: kind for kind, path in KIND_PATHS.items()}


def typed_target(path: str) -> tuple[str, str] | None:
    """``vms/<id>`` -> ("vms", id): the typed view that shows this explorer page, if one does."""
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] in _KIND_OF_PATH and parts[1]:
        return _KIND_OF_PATH[parts[0]], parts[1]
    return None


def parse_query(text: str) -> dict[str, str]:
    """``search=status=up&max=5`` -> parameters; plain text is a search. ValueError names a bad key."""
    text = text.strip()
    if not text:
        return {}
    if not any(text.startswith(f"{key}=") for key in QUERY_KEYS):
        return {"search": text}
    pairs = parse_qsl(text, keep_blank_values=True)
    bad = [k for k, _ in pairs if k not in QUERY_KEYS]
    if bad:
        raise ValueError(f"unknown query parameter {', '.join(bad)}: use {', '.join(QUERY_KEYS)}")
    return dict(pairs)


def _label(node: Any) -> Text:
    """A field line: engine text is literal (a name like ``[red]x`` shows as typed)."""
    text = Text(node.tag, style="bold")
    ident = node.attr("id")
    if node.text:
        text.append(": ")
        text.append(node.text)
    elif ident:
        text.append(f" id={ident}", style="dim")
    if node.is_reference:
        text.append("  ↵", style="cyan")
    return text


def _xml_text(xml: str) -> Text:
    if len(xml) <= MAX_XML_CHARS:
        return Text(xml)
    text = Text(xml[:MAX_XML_CHARS])
    text.append(f"\n… {len(xml) - MAX_XML_CHARS:,} more characters: narrow the GET with / max=N or search",
                style="bold yellow")
    return text


class ExplorerScreen(Screen[None]):
    """Shows one ExplorerPage at a time; the pages visited form the back stack."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back", key_display="esc", id="explorer.back"),
        Binding("x", "toggle_xml", "Raw XML", id="explorer.xml"),
        Binding("slash", "open_query", "Query (search, max…)", key_display="/", id="explorer.query"),
        Binding("ctrl+r", "reload", "Reload", id="explorer.reload"),
        Binding("v", "open_typed_view", "Typed view", id="explorer.typed_view"),
    ]

    def __init__(self, path: str = "", query: dict[str, str] | None = None) -> None:
        super().__init__(id="explorer")
        self.start_path = path
        self.start_query = dict(query or {})
        self.pages: list[Any] = []  # the back stack of ExplorerPage
        self.pending: tuple[str, dict[str, str], bool] | None = None  # path, query, replaces the top page
        self.showing_xml = False
        self.query_path: str | None = None  # a templated link's path, waiting for its query

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("api", id="explorer-crumbs")
        yield Input(placeholder="search=status=up&max=20&follow=nics&all_content=true (or just a search)",
                    id="explorer-query", classes="hidden")
        yield DataTable(id="explorer-table", cursor_type="row", zebra_stripes=True)
        yield Tree(Text("api"), id="explorer-tree")
        with VerticalScroll(id="explorer-xml", classes="hidden"):
            yield Static("", id="explorer-xml-text")
        yield Static("", id="explorer-status")
        yield ConsoleFooter()

    def on_mount(self) -> None:
        self.query_one("#explorer-tree", Tree).display = False
        self.go(self.start_path, self.start_query)

    @property
    def page(self) -> Any | None:
        return self.pages[-1] if self.pages else None

    # -- navigation ------------------------------------------------------------------------
    def go(self, path: str, query: dict[str, str] | None = None, *, replace: bool = False) -> None:
        """GET ``path``; the page is pushed (or replaces the top one) when ExplorerLoaded arrives."""
        self.pending = (path.strip("/"), dict(query or {}), replace)
        self._status(f"GET /{self.pending[0]} …")
        self.app.backend_call("explore", self.pending[0], self.pending[1])  # type: ignore[attr-defined]

    def handle(self, payload: object) -> None:
        """Backend messages for the explorer (the app forwards them)."""
        if isinstance(payload, ExplorerLoaded):
            page = payload.page
            wanted = self.pending
            if wanted is None or page.path != wanted[0] or dict(page.query) != {k: v for k, v in wanted[1].items() if v}:
                return  # an answer to a request the user has since moved away from
            if wanted[2] and self.pages:
                self.pages.pop()
            self.pending = None
            self.pages.append(page)
            self.show(page)
        elif isinstance(payload, ExplorerActionFinished):
            title = f"{payload.verb} {payload.path}"
            self.notify(Text(payload.message).plain, title=title, severity="information" if payload.ok else "error")
            self._status(f"{payload.verb}: {'done' if payload.ok else 'failed'} — {payload.message}")
            if payload.ok and self.page is not None and self.page.path == payload.path:
                self.go(self.page.path, dict(self.page.query), replace=True)
        elif isinstance(payload, BackendError) and payload.context.startswith("explore"):
            self.pending = None
            self._status(f"{payload.context}: {payload.message}")

    def action_back(self) -> None:
        query_bar = self.query_one("#explorer-query", Input)
        if query_bar.has_focus or not query_bar.has_class("hidden"):
            query_bar.add_class("hidden")
            self.query_path = None
            self._focus_content()
            return
        if self.showing_xml:
            self.action_toggle_xml()
            return
        if len(self.pages) > 1:
            self.pages.pop()
            self.pending = None
            self.show(self.pages[-1])
            return
        self.dismiss(None)

    def action_open_typed_view(self) -> None:
        """Leave the explorer for the object's own view (VM, host, cluster …), cursor on it."""
        target = typed_target(self.page.path) if self.page is not None else None
        main = next((s for s in self.app.screen_stack if hasattr(s, "jump_to")), None)
        if target is None or main is None:
            self._status("no typed view shows this page: open a VM, host, cluster, data center, "
                         "storage domain, network, template, disk, event or job")
            return
        self.dismiss(None)
        self.app.call_later(main.jump_to, *target)

    def action_reload(self) -> None:
        if self.page is not None:
            self.go(self.page.path, dict(self.page.query), replace=True)

    def action_toggle_xml(self) -> None:
        if self.page is None:
            return
        self.showing_xml = not self.showing_xml
        pane = self.query_one("#explorer-xml", VerticalScroll)
        pane.set_class(not self.showing_xml, "hidden")
        if self.showing_xml:
            self.query_one("#explorer-xml-text", Static).update(_xml_text(self.page.xml))
            pane.focus()
        else:
            self._focus_content()

    def action_open_query(self) -> None:
        bar = self.query_one("#explorer-query", Input)
        bar.remove_class("hidden")
        bar.value = ""
        if self.query_path is None and self.page is not None and self.page.query:
            bar.value = "&".join(f"{k}={v}" for k, v in self.page.query)
        bar.focus()

    @on(Input.Submitted, "#explorer-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            query = parse_query(event.value)
        except ValueError as error:
            self._status(str(error))
            return
        event.input.add_class("hidden")
        path = self.query_path if self.query_path is not None else (self.page.path if self.page else self.start_path)
        self.query_path = None
        self.go(path, query)

    # -- rendering -------------------------------------------------------------------------
    def show(self, page: Any) -> None:
        crumbs = Text("api", style="bold")
        for part in [p for p in page.path.split("/") if p]:
            crumbs.append(" › ")
            crumbs.append(part)
        if page.query:
            crumbs.append("  ?" + "&".join(f"{k}={v}" for k, v in page.query), style="dim")
        self.query_one("#explorer-crumbs", Static).update(crumbs)
        if self.showing_xml:
            self.query_one("#explorer-xml-text", Static).update(_xml_text(page.xml))
        table = self.query_one("#explorer-table", DataTable)
        tree = self.query_one("#explorer-tree", Tree)
        table.display = page.is_collection
        tree.display = not page.is_collection
        if page.is_collection:
            self._fill_table(table, page)
        else:
            self._fill_tree(tree, page)
        self._focus_content()

    def _fill_table(self, table: DataTable, page: Any) -> None:
        table.clear(columns=True)
        table.add_columns(*(page.columns or ("id",)))
        for index, row in enumerate(page.rows[:MAX_ROWS]):
            cells = row.cells if page.columns else (row.id,)
            table.add_row(*(Text(c) for c in cells), key=f"{index}")
        shown = min(len(page.rows), MAX_ROWS)
        more = f" (showing {shown}; narrow with / search or max)" if len(page.rows) > MAX_ROWS else ""
        self._status(f"{page.tag}: {len(page.rows)} item(s){more} — ↵ open, / query, x XML, esc back")

    def _fill_tree(self, tree: Tree, page: Any) -> None:
        tree.clear()
        tree.root.set_label(Text(page.tag, style="bold"))
        tree.root.data = None
        # Actions and links first (folded: ↵ unfolds), so a long entity never hides them.
        if page.actions:
            actions = tree.root.add(Text(f"actions ({len(page.actions)})", style="bold yellow"))
            read_only = getattr(self.app, "read_only", False)
            for verb in page.actions:  # shown dim when read-only: visible, never sent
                actions.add_leaf(Text(verb, style="dim" if read_only else ""), data=("action", verb))
        if page.links:
            links = tree.root.add(Text(f"links ({len(page.links)})", style="bold cyan"))
            for link in page.links:
                links.add_leaf(Text(f"{link.label}  → /{link.path}"), data=("link", link))
        self._add_fields(tree.root, page.node)
        tree.root.expand()
        tree.move_cursor(tree.root)
        self._status(f"{page.tag}: ↵ follow a link or reference, run an action — x XML, esc back")

    def _add_fields(self, parent: TreeNode, node: Any) -> None:
        references = self.page.references if self.page is not None else ()
        for child in node.children:
            if child.tag in ("link", "actions"):
                continue
            data = None
            if child.href:
                href = child.href.split("?")[0].rstrip("/")
                ref = next((r for r in references if href.endswith("/" + r.path)), None)
                data = ("link", ref) if ref is not None else None
            if child.children and not child.is_reference:
                branch = parent.add(_label(child), data=data, expand=False)
                self._add_fields(branch, child)
            else:
                parent.add_leaf(_label(child), data=data)

    # -- following -------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#explorer-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        page = self.page
        if page is None or not page.is_collection:
            return
        row = page.rows[int(event.row_key.value)]
        if row.path:
            self.go(row.path)

    @on(Tree.NodeSelected, "#explorer-tree")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        data = event.node.data
        if not data:
            return
        what, value = data
        if what == "link":
            if value.templated:  # e.g. vms?search={query}: ask for the search first
                self.query_path = value.path
                self.action_open_query()
                self._status(f"/{value.path}: type a search (or search=…&max=…) and press enter")
                return
            self.go(value.path, dict(value.query))
        elif what == "action":
            self.open_action(value)

    def open_action(self, verb: str) -> None:
        """The action's form, confirmed first; refused up front when read-only."""
        from console.ui.explorer.form import ActionFormDialog

        page = self.page
        if page is None:
            return
        if getattr(self.app, "read_only", False):
            reason = f"{verb}: refused, the console is read-only (nothing sent)"
            self._status(reason)
            self.notify(reason, title="Read-only", severity="warning")
            return
        name = next((c.text for c in page.node.children if c.tag == "name"), "")
        form = form_for(page.path, verb)

        def sent(values: dict[str, str] | None) -> None:
            if values is None:
                self._status(f"{verb}: cancelled, nothing sent")
                return
            self._status(f"{verb}: sending …")
            self.app.backend_call("invoke", page.path, verb, values)  # type: ignore[attr-defined]

        self.app.push_screen(ActionFormDialog(form, name, page.tag.replace("_", " ")), sent)

    # -- helpers ---------------------------------------------------------------------------
    def _focus_content(self) -> None:
        page = self.page
        if page is None:
            return
        widget = self.query_one("#explorer-table" if page.is_collection else "#explorer-tree")
        widget.focus()

    def _status(self, message: str) -> None:
        self.query_one("#explorer-status", Static).update(Text(message))
