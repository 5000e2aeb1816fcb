"""The header: engine, user, connection state, refresh interval, READ-ONLY badge.

With several engines open a tab strip (one tab per engine) sits above that line.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from console.ui.render.common import safe
from console.ui.widgets.chrome.tabs import EngineTab, tab_strip

_STATE_STYLES = {
    "connected": "green", "connecting": "yellow", "reconnecting": "bold yellow",
    "closed": "red", "offline": "dim",
}


class ConsoleHeader(Widget):
    """One line; repaints only when one of its fields changes (no clock, no blinking)."""

    DEFAULT_CSS = """
    ConsoleHeader { height: 1; dock: top; }
    """

    product: reactive[str] = reactive("oVirt")
    version: reactive[str] = reactive("")
    user: reactive[str] = reactive("")
    url: reactive[str] = reactive("")
    state: reactive[str] = reactive("offline")
    state_detail: reactive[str] = reactive("")
    refresh_interval: reactive[float] = reactive(0.0)
    read_only: reactive[bool] = reactive(False)
    insecure: reactive[bool] = reactive(False)
    running_jobs: reactive[int] = reactive(0)
    progress: reactive[str] = reactive("")
    live: reactive[str] = reactive("")  # badges of console/ui/live: PAUSED, DND
    live_detail: reactive[str] = reactive("")  # its link health: attempt n, next in Ns; stale 42s
    # Every open engine when there are several (empty: one engine, one line as always).
    tabs: reactive[tuple[EngineTab, ...]] = reactive((), layout=True)

    def watch_tabs(self, tabs: tuple[EngineTab, ...]) -> None:
        self.styles.height = 2 if tabs else 1

    def render(self) -> Text:
        line = self._engine_line()
        if not self.tabs:
            return line
        text = tab_strip(self.tabs)  # no_wrap: each line is cut, never wrapped
        text.append("\n")
        text.append_text(line)
        return text

    def _engine_line(self) -> Text:
        # Badges and counters first: a long reconnect detail may be cut, they may not.
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(" ")
        text.append(safe(self.product), style="bold")
        if self.version:
            text.append(f" {safe(self.version)}")
        if self.user:
            text.append("  ")
            text.append(safe(self.user), style="cyan")
        if self.read_only:
            text.append("  ")
            text.append(" READ-ONLY ", style="bold white on red")
        if self.insecure:
            text.append("  ")
            text.append(" TLS NOT VERIFIED ", style="bold black on yellow")
        if self.running_jobs:
            text.append(f"  jobs: {self.running_jobs}", style="bold cyan")
        if self.live:
            text.append(f"  {self.live}", style="bold yellow")
        if self.progress:
            text.append(f"  {self.progress}", style="yellow")
        style = _STATE_STYLES.get(self.state, "")
        text.append("  ● ", style=style)
        text.append(self.state, style=style)
        if self.live_detail:  # before the (possibly long, cut) detail
            text.append(f" ({self.live_detail})", style=style)
        if self.state_detail:
            text.append(f" ({safe(self.state_detail)})", style="dim")
        if self.refresh_interval:
            text.append(f"  ⟳ {self.refresh_interval:g}s", style="dim")
        if self.url:
            text.append(f"  {safe(self.url)}", style="dim")
        return text
