"""The object's XML exactly as the engine returned it (``x``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from console.ui.render.common import literal


class XmlScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="xml.close"),
        Binding("y", "copy", "Copy XML", id="xml.copy"),
    ]

    def __init__(self, kind: str, ident: str, xml: str) -> None:
        super().__init__(id="xml-screen")
        self.kind = kind
        self.ident = ident
        self.xml = xml

    def compose(self) -> ComposeResult:
        with Vertical(id="xml-box"):
            title = literal(f" XML of {self.kind.replace('_', ' ')} {self.ident}  (esc closes, y copies)")
            yield Static(title, id="xml-title")
            # A read-only TextArea shows the text literally, scrolls, and allows selecting.
            yield TextArea(self.xml, read_only=True, show_line_numbers=True, id="xml-text",
                           soft_wrap=False)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.xml)
        self.notify("XML copied", title="Copied")
