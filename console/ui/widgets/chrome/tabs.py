"""The header's tab strip: one tab per open engine, its link state and READ-ONLY mark.

``tab_strip`` is pure (data in, Rich text out) so it is tested without a screen;
``EngineTabStrip`` shows it on screens that have no console header.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from console.ui.render.common import safe

# The link state as one glyph, so a tab stays short: a triage of two sites needs both visible.
_GLYPHS = {
    "connected": ("●", "green"), "connecting": ("◌", "yellow"), "reconnecting": ("◐", "bold yellow"),
    "closed": ("✕", "red"), "offline": ("○", "dim"), "login": ("○", "yellow"), "failed": ("✕", "red"),
}
# States the app gives a tab itself (ConnectionState's own words are shown as they are).
_WORDS = {"login": "password needed", "failed": "cannot connect"}


@dataclass(frozen=True, slots=True)
class EngineTab:
    label: str  # the profile, else the engine's host
    state: str  # ConnectionState.state, or "login" (its login form waits) / "failed" (could not connect)
    read_only: bool = False
    active: bool = False  # the tab this header belongs to
    alerts: int = 0  # error notifications raised while it was hidden
    stale: bool = False  # the engine stopped answering: what it shows is old


def tab_strip(tabs: tuple[EngineTab, ...]) -> Text:
    """`` 1 lab ●  2 prod ◐ stale RO `` with the active tab in reverse video."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for number, tab in enumerate(tabs, 1):
        glyph, colour = _GLYPHS.get(tab.state, ("?", ""))
        base = "reverse bold" if tab.active else ""
        text.append(" ")
        text.append(f" {number} {safe(tab.label)} ", style=base)
        text.append(f"{glyph} ", style=f"{base} {colour}".strip())
        text.append(_WORDS.get(tab.state, tab.state), style=f"{base} {colour}".strip())
        if tab.stale:
            text.append(" stale", style=f"{base} bold yellow".strip())
        if tab.read_only:
            text.append(" ")
            text.append("READ-ONLY", style="bold white on red")
        if tab.alerts:
            text.append(f" !{tab.alerts}", style=f"{base} bold red".strip())
        text.append(" ", style=base)
    return text


class EngineTabStrip(Widget):
    """The tab strip alone, for screens without the console header (a tab's login form).

    Hidden with one engine, so such a screen looks as it always did.
    """

    DEFAULT_CSS = """
    EngineTabStrip { height: 1; dock: top; display: none; }
    EngineTabStrip.-tabs { display: block; }
    """

    tabs: reactive[tuple[EngineTab, ...]] = reactive(())

    def watch_tabs(self, tabs: tuple[EngineTab, ...]) -> None:
        self.set_class(bool(tabs), "-tabs")

    def render(self) -> Text:
        return tab_strip(self.tabs)
