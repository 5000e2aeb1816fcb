"""A tab's login form: the console's login screen with the engine tabs above it.

With several engines open, a tab still waiting for its password shows where
it stands among the others (and ctrl+pgdn / ctrl+pgup leave it); with one
engine the strip is hidden and the form looks as it always did.
"""

from __future__ import annotations

from textual.app import ComposeResult

from console.ui.screens.login import LoginScreen
from console.ui.widgets.chrome.tabs import EngineTabStrip


class TabLoginScreen(LoginScreen):
    def compose(self) -> ComposeResult:
        yield EngineTabStrip(id="login-tabs")
        yield from super().compose()

    def on_mount(self) -> None:
        # The app's tabs as they are now (a tab opened before this form mounted included).
        self.query_one(EngineTabStrip).tabs = self.app.engine_tabs(self.app.session_of(self))
