"""How MainScreen opens and closes the detail pane, and keeps one ready.

Composing a tabbed pane is most of what an ``enter`` costs (60-110 ms while a
refresh streams in). So a closed pane is kept hidden, and when the console has
been quiet for a moment (no key, no load streaming) a hidden pane for the shown
view's kind is built ahead: the first ``enter`` of a view then only fills it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import ContentSwitcher

from console.ui.widgets.detail.detail_pane import DetailPane
from console.ui.widgets.detail.plan import PLANS

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole
    from console.ui.engines.session import EngineSession
    from console.ui.widgets.table.resource_table import ResourceTable

SPARE_CHECK = 0.25  # seconds between looks for a pane to build ahead
SPARE_QUIET = 0.5  # seconds without a key or a streamed batch before building one


class DetailPaneMixin:
    """Mixed into MainScreen, which provides view, table, session and _render_context."""

    app: OvirtConsole
    session: EngineSession
    view: str
    table: ResourceTable

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Tracked here, not queried: a pane being removed is still in the DOM for a moment.
        self._detail: DetailPane | None = None
        self._spare_pane: DetailPane | None = None  # hidden: the last one closed, or built ahead

    @property
    def detail(self) -> DetailPane | None:
        return self._detail

    def open_detail(self, kind: str, record: Any) -> DetailPane:
        with self.app.batch_update():  # one repaint for the close, the mount and the resize
            self.close_detail()
            pane, self._spare_pane = self._spare_pane, None
            if pane is not None and pane.kind == kind and pane.is_attached and pane.built:
                pane.show_object(record, self._render_context())  # type: ignore[attr-defined]
                pane.display = True
            else:
                if pane is not None:
                    pane.remove()  # kept for another kind
                pane = self._new_pane(kind, record)
            self._detail = pane
            # Styled directly, not by a screen class: a class on the screen restyles every widget.
            self.query_one(ContentSwitcher).styles.max_height = "45%"  # type: ignore[attr-defined]
        return pane

    def close_detail(self) -> bool:
        pane = self._detail
        if pane is None:
            return False
        self._detail = None  # an open pane means no spare: open_detail took it
        if pane.built:
            pane.display = False  # kept for the next enter on the same kind
            if self._spare_pane is not None:
                self._spare_pane.remove()
            self._spare_pane = pane
        else:
            pane.remove()  # closed before it was built: nothing worth keeping
        self.query_one(ContentSwitcher).styles.max_height = None  # type: ignore[attr-defined]
        return True

    def _new_pane(self, kind: str, record: Any, *, hidden: bool = False) -> DetailPane:
        pane = DetailPane(kind, record, self.session.inventory, self._render_context())  # type: ignore[attr-defined]
        pane.display = not hidden
        self.query_one("#main-column").mount(pane)  # type: ignore[attr-defined]
        return pane

    def prepare_spare_pane(self) -> None:
        """Build the shown view's pane ahead, hidden, while nobody is waiting on the console."""
        spare = self._spare_pane
        if (self._detail is not None or (spare is not None and spare.kind == self.view)
                or self.view not in PLANS or self.app.screen is not self
                or not self.app.quiet_for(SPARE_QUIET)):
            return
        record = self.table.cursor_record
        if record is None:
            return
        if spare is not None:
            spare.remove()
        self._spare_pane = self._new_pane(self.view, record, hidden=True)
