"""Log in: URL, user, masked password, CA file or insecure; or start the demo engine.

Failures arrive as one line (ConnectFailed.message) shown under the form, never a
traceback. The password lives only in the EngineSettings handed to the backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Static

from console.backend.settings import DemoOptions, EngineSettings, normalize_url
from console.ui.render.common import safe

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole


class LoginScreen(Screen):
    BINDINGS = [Binding("escape", "clear_error", "Back", show=False, id="login.back")]

    app: OvirtConsole

    def __init__(self, settings: EngineSettings | None, demo: DemoOptions | None) -> None:
        super().__init__(id="login")
        self.settings = settings
        self.demo = demo
        # What to show once mounted: a result can arrive before the screen is.
        self._pending: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(id="login-box"):
            yield Static(Text("ovirt-console", style="bold"), id="login-title")
            with Horizontal(classes="login-row"):
                yield Label("Engine URL")
                yield Input(s.url if s else "", placeholder="https://engine.example.com", id="login-url")
            with Horizontal(classes="login-row"):
                yield Label("User")
                yield Input(s.username if s else "admin@internal", id="login-user")
            with Horizontal(classes="login-row"):
                yield Label("Password")
                yield Input("", password=True, id="login-password")
            with Horizontal(classes="login-row"):
                yield Label("CA file")
                yield Input(s.ca_file or "" if s else "", placeholder="optional: the engine's CA (PEM)",
                            id="login-ca")
            yield Checkbox("Skip TLS verification (insecure)", s.insecure if s else False, id="login-insecure")
            with Horizontal(id="login-buttons"):
                yield Button("Connect", variant="primary", id="login-connect")
                yield Button("Demo engine", id="login-demo")
            yield Static("", id="login-status")
            yield Static("", id="login-error")

    def on_mount(self) -> None:
        # The demo is offered when no engine was named (issue 4).
        self.query_one("#login-demo").display = not (self.settings and self.settings.url)
        first_empty = next((i for i in self.query(Input) if not i.value), None)
        (first_empty or self.query_one("#login-password", Input)).focus()
        if self._pending is not None:
            what, text = self._pending
            self.show_error(text) if what == "error" else self.show_connecting(text)

    def show_error(self, message: str) -> None:
        self._pending = ("error", message)
        if not self.is_mounted:
            return  # shown by on_mount
        self.query_one("#login-status", Static).update("")
        self.query_one("#login-error", Static).update(Text(f"✗ {safe(message)}", style="bold red"))
        self.set_busy(False)

    def show_connecting(self, where: str) -> None:
        self._pending = ("connecting", where)
        if not self.is_mounted:
            return
        self.query_one("#login-error", Static).update("")
        self.query_one("#login-status", Static).update(Text(f"Connecting to {safe(where)} …", style="yellow"))
        self.set_busy(True)

    def set_busy(self, busy: bool) -> None:
        for button in self.query(Button):
            button.disabled = busy

    def action_clear_error(self) -> None:
        self.query_one("#login-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.connect()

    @on(Button.Pressed, "#login-connect")
    def connect(self) -> None:
        try:
            url = normalize_url(self.query_one("#login-url", Input).value)
        except ValueError as error:
            self.show_error(f"{error}: enter the engine address, e.g. https://engine.example.com")
            return
        user = self.query_one("#login-user", Input).value.strip() or "admin@internal"
        password = self.query_one("#login-password", Input).value
        if not password:
            self.show_error("enter the password for " + user)
            return
        base = self.settings
        settings = EngineSettings(
            url=url, username=user, password=password,
            ca_file=self.query_one("#login-ca", Input).value.strip() or None,
            insecure=self.query_one("#login-insecure", Checkbox).value,
            read_only=base.read_only if base else False,
            timeout=base.timeout if base else 30.0,
            refresh=base.refresh if base else 10.0,
            # Still the profile's engine: keep its name (its theme, bookmarks and :profile list).
            profile=base.profile if base and base.url == url else None,
        )
        self.query_one("#login-password", Input).value = ""
        self.show_connecting(url)
        self.app.connect(settings, None)

    @on(Button.Pressed, "#login-demo")
    def start_demo(self) -> None:
        base = self.settings
        settings = EngineSettings(url="", demo=True, read_only=base.read_only if base else False,
                                  refresh=base.refresh if base else 10.0)
        self.show_connecting("the demo engine")
        self.app.connect(settings, self.demo or DemoOptions())
