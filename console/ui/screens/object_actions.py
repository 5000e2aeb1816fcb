"""``ObjectActionsMixin`` for MainScreen: actions on the selected object.

XML, the API explorer, copying name and id, and the sort picker. Relies on the
screen's ``_selected``, ``table``, ``view`` and ``_update_status``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.ui.render.common import get, safe
from console.ui.widgets.chrome.status_line import StatusLine

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole
    from console.ui.engines.session import EngineSession


class ObjectActionsMixin:
    app: OvirtConsole
    session: EngineSession

    def action_show_xml(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.session.call("fetch_xml", selected[0], selected[1])

    def open_explorer_at(self, path: str) -> None:
        from console.ui.explorer import ExplorerScreen, parse_query

        path, _, query = path.partition("?")
        try:
            params = parse_query(query)
        except ValueError as error:
            self.query_one(StatusLine).message = str(error)
            return
        self.app.push_screen(ExplorerScreen(path.strip(), params))

    def action_open_explorer(self) -> None:
        """The selected object in the API explorer (esc comes back here)."""
        from console.ui.explorer.screen import KIND_PATHS

        selected = self._selected()
        kind = selected[0] if selected else self.view
        base = KIND_PATHS.get(kind, "")
        self.open_explorer_at(f"{base}/{selected[1]}" if selected and base else base)

    def action_copy_selection(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        _kind, ident, record = selected
        name = safe(get(record, "name") or get(record, "alias") or "")
        self.app.copy_to_clipboard(f"{name} {ident}".strip())
        self.notify(f"{name} {ident}", title="Copied")

    def action_pick_sort(self) -> None:
        from console.ui.screens.sort_picker import SortPicker

        table = self.table

        def chosen(key: str | None) -> None:
            if key:
                table.sort_by(key)
                self._update_status()

        self.app.push_screen(SortPicker(table.model.columns, table.model.sort_column), chosen)
