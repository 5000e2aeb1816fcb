"""``:bookmarks``: the console's saved searches beside the engine's own bookmarks.

The engine's list arrives later (a backend read); until then a line says it is
loading, and a failure is shown in one line instead of the list. Choosing an
entry dismisses with its (kind, search).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.backend.engine_bookmarks import EngineBookmark
from console.config.bookmarks import Bookmark
from console.ui.render.common import safe

Choice = tuple[str, str]  # (view kind, search); a search starting "/" is a console filter


def describe(kind: str, search: str) -> str:
    what = kind.replace("_", " ")
    if search.startswith("/"):
        return f"{what}  filter {search[1:]}"
    return f"{what}  {search}" if search else what


class BookmarkPicker(ModalScreen[Choice | None]):
    DEFAULT_CSS = """
    BookmarkPicker { align: center middle; }
    #bookmark-box { width: 80%; max-width: 100; height: auto; max-height: 80%;
                    border: round $primary; background: $surface; }
    #bookmark-title { padding: 0 1; text-style: bold; }
    #bookmark-options { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", "Cancel", id="bookmarks.cancel")]

    def __init__(self, scope: str, saved: list[Bookmark], engine_pending: bool) -> None:
        super().__init__(id="bookmark-picker")
        self.scope = scope
        self.saved = saved
        self.engine: list[EngineBookmark] = []
        self.engine_note = "loading the engine's bookmarks…" if engine_pending else "engine bookmarks: not available"
        self._choices: dict[str, Choice] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmark-box"):
            yield Static(f"Bookmarks ({safe(self.scope)})", id="bookmark-title")
            yield OptionList(*self._options(), id="bookmark-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._first_choice()
        options.focus()

    def engine_loaded(self, bookmarks: tuple[EngineBookmark, ...], error: str = "") -> None:
        """The engine's list (or why there is none) arrived: rebuild the options."""
        self.engine = list(bookmarks)
        self.engine_note = f"engine bookmarks: {error}" if error else ("" if bookmarks else "engine: no bookmarks")
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = self._first_choice()

    def _first_choice(self) -> int | None:
        options = self.query_one(OptionList)
        for index in range(options.option_count):
            if not options.get_option_at_index(index).disabled:
                return index
        return None

    def _options(self) -> list[Option]:
        self._choices = {}
        options: list[Option] = [Option(Text("saved in the console", style="bold"), disabled=True)]
        if not self.saved:
            options.append(Option(Text("  none yet: bookmark add NAME", style="dim"), disabled=True))
        for n, mark in enumerate(self.saved):
            ident = f"saved-{n}"
            self._choices[ident] = (mark.kind, mark.search)
            label = Text(f"  {safe(mark.name)}", style="bold")
            label.append(f"   {safe(describe(mark.kind, mark.search))}", style="dim")
            options.append(Option(label, id=ident))
        options.append(Option(Text("on the engine", style="bold"), disabled=True))
        if self.engine_note:
            options.append(Option(Text(f"  {safe(self.engine_note)}", style="dim"), disabled=True))
        for n, mark in enumerate(self.engine):
            label = Text(f"  {safe(mark.name)}", style="bold")
            label.append(f"   {safe(mark.value)}", style="dim")
            if mark.kind is None:  # a webadmin view the console has no table for
                label.append("  (no matching view)", style="dim italic")
                options.append(Option(label, disabled=True))
                continue
            ident = f"engine-{n}"
            self._choices[ident] = (mark.kind, mark.search)
            options.append(Option(label, id=ident))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = self._choices.get(event.option.id or "")
        if choice is not None:
            self.dismiss(choice)
