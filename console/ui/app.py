"""The Textual application and its factory (Posting's ``make_posting`` style).

``make_app`` is what the CLI calls; tests inject ``backend_factory`` and ``clock``.
The backend runs in its own thread and hands messages to ``sink``, which wraps
each in one ``BackendMessage`` posted to the app (thread-safe); the app
dispatches by type on the UI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any, Protocol

from textual import events
from textual.app import App
from textual.message import Message

from console.backend import messages as m
from console.backend.settings import DemoOptions, EngineSettings
from console.config.profiles import Config
from console.ui import gc_policy
from console.ui.actions.palette import RegistryCommands
from console.ui.actions.registry import bindings
from console.ui.comfort.profiles import read_config, theme_for
from console.ui.comfort.themes import apply_theme, register_themes
from console.ui.engines.session import EngineSession
from console.ui.engines.stacks import replace_content, stack_of
from console.ui.engines.tabs import EngineTabsMixin
from console.ui.paths import stylesheets
from console.ui.state.inventory import Inventory


class BackendLike(Protocol):
    def start(self) -> None: ...
    def refresh(self, kind: str | None = None) -> None: ...
    def load_detail(self, kind: str, id: str, tab: str) -> None: ...
    def fetch_xml(self, kind: str, id: str) -> None: ...
    def search(self, kind: str, query: str) -> None: ...
    def cancel_load(self) -> None: ...
    def stop(self) -> None: ...


BackendFactory = Callable[..., BackendLike]
Clock = Callable[[], datetime]


def _default_backend(settings: EngineSettings, sink: Callable[[object], None], *,
                     demo: DemoOptions | None = None) -> BackendLike:
    # Imported late: tests never need it.
    from console.backend.assembly import ConsoleBackend

    return ConsoleBackend(settings, sink, demo=demo)


def _as_clock(clock: Any) -> Clock:
    if clock is None:
        return lambda: datetime.now(UTC)
    if hasattr(clock, "now"):  # a simulator ManualClock / RealClock
        return clock.now
    return clock


def connection_detail(state: m.ConnectionState) -> str:
    """``attempt 3, next in 8s; stale since 09:12:04 UTC`` for the header."""
    parts = []
    if state.detail:
        parts.append(state.detail)
    elif state.next_retry_in is not None:
        parts.append(f"attempt {state.attempt}, next in {state.next_retry_in:.0f}s")
    if state.stale_since is not None:
        since = datetime.fromtimestamp(state.stale_since, UTC).strftime("%H:%M:%S")
        parts.append(f"stale since {since} UTC")
    return "; ".join(parts)


class BackendMessage(Message):
    """One backend dataclass, delivered on the UI thread."""

    def __init__(self, payload: object, generation: int | None = None,
                 session: EngineSession | None = None) -> None:
        super().__init__()
        self.payload = payload
        self.generation = generation  # which backend sent it (None: not tied to one)
        self.session = session  # which engine it came from (None: the active one)


_KEEP_MESSAGES = 256


class OvirtConsole(EngineTabsMixin, App[None]):
    TITLE = "ovirt-console"
    CSS_PATH = stylesheets()
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {RegistryCommands}

    def __init__(self, settings: EngineSettings | None = None, *, demo: DemoOptions | None = None,
                 backend_factory: BackendFactory | None = None, clock: Any = None,
                 keymap: dict[str, str] | None = None, config: Config | None = None,
                 engines: list[EngineSettings] | None = None) -> None:
        super().__init__()
        register_themes(self)
        self._config = config  # read lazily from config.toml when the CLI did not pass it
        self._config_read = config is not None
        self.backend_factory = backend_factory or _default_backend
        self.now: Clock = _as_clock(clock)
        # The engine shown now; the header's tabs list every open one (each in its own mode).
        self.session: EngineSession = self.new_session(settings, demo)
        self.sessions: list[EngineSession] = [self.session]
        self._more_engines = list(engines or ())  # ``--profile A --profile B``: B opens behind A
        # Backend messages in order. Headless runs (tests, soak) keep all of them to assert on;
        # in a real terminal only the recent ones, since record batches would pile up.
        self.received: list[object] = []
        self._gc_tuned = False
        self._gc_last_sweep = self._last_input = self._last_stream = self._last_batch = time.monotonic()
        if keymap:
            self.set_keymap(keymap)

    # -- the active engine's state (screens bound to a session use it directly) ----------------
    @property
    def settings(self) -> EngineSettings | None:
        return self.session.settings

    @settings.setter
    def settings(self, value: EngineSettings | None) -> None:
        self.session.settings = value

    @property
    def demo(self) -> DemoOptions | None:
        return self.session.demo

    @property
    def backend(self) -> BackendLike | None:
        return self.session.backend

    @property
    def inventory(self) -> Inventory:
        return self.session.inventory

    @property
    def connected(self) -> m.Connected | None:
        return self.session.connected

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.session.read_only = value

    # -- start-up --------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._base_theme = self.theme
        # Not under a test harness: a frozen heap would keep earlier tests' apps alive.
        self._gc_tuned = not self.is_headless
        if self._gc_tuned:
            gc_policy.tune()
            self.set_interval(10.0, self._gc_maybe_sweep)
        self.switch_mode(self.session.mode)
        self._show_login(self.session)
        self.apply_session_theme()
        for settings in self._more_engines:
            self.open_engine(settings, show=False)
        self._more_engines.clear()

    def connect(self, settings: EngineSettings, demo: DemoOptions | None) -> None:
        """Start a backend for ``settings`` in the visible tab (its login form submitted)."""
        self.start_backend(self.session, settings, demo)

    def start_backend(self, session: EngineSession, settings: EngineSettings, demo: DemoOptions | None) -> None:
        """Start ``session``'s backend for ``settings``; Connected or ConnectFailed follows as a message."""
        session.stop()
        session.read_only = settings.read_only
        session.state, session.stale = "connecting", False
        previous, session.settings = session.settings, settings
        session.demo = demo
        if previous is not None and previous.profile != settings.profile and session is self.session:
            session.theme = None
            self.apply_session_theme()
        session.generation += 1
        session.backend = self.backend_factory(
            settings, partial(self._sink_from, session, session.generation), demo=demo)
        session.backend.start()
        self.refresh_tabs()  # its tab: connecting

    def _sink_from(self, session: EngineSession, generation: int, payload: object) -> None:
        """``sink`` for one backend: its messages carry its session and generation (thread-safe)."""
        if generation == session.generation:
            self.post_message(BackendMessage(payload, generation, session))

    def switch_engine(self, settings: EngineSettings, session: EngineSession | None = None) -> None:
        """Leave a tab's engine (the visible one's by default) for another (``:profile``): its
        workers stop, its records go, and a fresh main screen follows the new engine's
        Connected (or its login form)."""
        from console.ui.engines.login import TabLoginScreen

        session = session or self.session
        session.stop()
        session.generation += 1  # answers already queued from the old engine are dropped
        session.connected = None
        session.inventory = Inventory()
        session.settings = settings
        session.demo = None
        session.read_only = settings.read_only
        session.state, session.stale, session.theme = "connecting", False, None
        if session is self.session:
            self.apply_session_theme()
        login = TabLoginScreen(settings, None)
        replace_content(self, session, login)
        if settings.password:
            login.show_connecting(settings.url)
            self.start_backend(session, settings, None)
        else:
            session.state = "login"
        self.refresh_tabs()

    def sink(self, payload: object) -> None:
        """Called from the backend thread: post_message is thread-safe and never blocks it."""
        self.post_message(BackendMessage(payload))

    def backend_call(self, method: str, *args: Any) -> None:
        """Ask the active engine's backend for something; the answer comes back as a message."""
        self.session.call(method, *args)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_input = time.monotonic()  # a sweep's pause waits for the user to be away
        await super().on_event(event)

    def quiet_for(self, seconds: float) -> bool:
        """No key, click or streamed batch for ``seconds``: work now keeps nobody waiting."""
        return time.monotonic() - max(self._last_input, self._last_batch) >= seconds

    def _gc_maybe_sweep(self) -> None:
        now = time.monotonic()
        # Never while a load streams in (its batches must reach the table at once).
        if now - self._last_stream >= gc_policy.STREAM_QUIET and gc_policy.sweep_due(
                now, self._gc_last_sweep, self._last_input):
            gc_policy.sweep()
            self._gc_last_sweep = time.monotonic()

    def on_unmount(self) -> None:
        for session in self.sessions:
            session.stop()

    # -- dispatch --------------------------------------------------------------------------
    def on_backend_message(self, message: BackendMessage) -> None:
        payload = message.payload
        session = message.session or self.session
        if session not in self.sessions or (
                message.generation is not None and message.generation != session.generation):
            return  # from an engine this app has since left (:profile) or closed
        self.received.append(payload)
        if len(self.received) > _KEEP_MESSAGES and not self.is_headless:
            del self.received[: _KEEP_MESSAGES // 2]
        if self._exit or self._closing or not self._running:
            # A late answer while the app shuts down: its widgets may be gone. Textual clears
            # _running first and prunes the screens before it sets _closing.
            return
        # Notifications raised while this message is handled name its engine when it is hidden.
        self._speaking_for = session
        try:
            self._dispatch(session, payload)
        finally:
            self._speaking_for = None

    def _dispatch(self, session: EngineSession, payload: object) -> None:
        """One message to the screens of the engine that sent it (shown or not)."""
        from console.ui.engines.login import TabLoginScreen
        from console.ui.screens.login import LoginScreen
        from console.ui.screens.main import MainScreen

        stack = stack_of(self, session)
        main = next((s for s in stack if isinstance(s, MainScreen)), None)
        if isinstance(payload, m.Connected):
            session.connected = payload
            session.state, session.stale = "connected", False
            session.read_only = payload.read_only or session.read_only
            if main is None:
                main = MainScreen(session)
                replace_content(self, session, main)
                main.call_later(self._fill_header, main)
            else:
                self._fill_header(main)
            self.refresh_tabs()
            return
        if isinstance(payload, m.ConnectFailed):
            session.stop()
            session.state = "failed"
            login = next((s for s in stack if isinstance(s, LoginScreen)), None)
            if login is None:
                login = TabLoginScreen(session.settings, session.demo)
                replace_content(self, session, login)
                # After its mount (LoginScreen's own pending error is dropped while it mounts).
                login.call_later(login.show_error, payload.message)
            else:
                login.show_error(payload.message)
            if session is not self.session:
                self.notify(payload.message, title="cannot connect", severity="error")
            self.refresh_tabs()
            return
        if isinstance(payload, m.ConnectionState):
            # The tab strip follows every engine's link, shown or not, main screen or not yet.
            changed = (session.state, session.stale) != (payload.state, payload.stale_since is not None)
            session.state, session.stale = payload.state, payload.stale_since is not None
            if changed:
                self.refresh_tabs()
        if main is None:
            return
        if isinstance(payload, m.ConnectionState):
            from console.ui.widgets.chrome.header import ConsoleHeader

            header = main.query_one(ConsoleHeader)
            header.state = payload.state
            header.state_detail = connection_detail(payload)
            main.live_handle(payload)
            return
        if isinstance(payload, (m.ExplorerLoaded, m.ExplorerActionFinished, m.BackendError)):
            from console.ui.explorer import ExplorerScreen

            explorer = next((s for s in stack if isinstance(s, ExplorerScreen)), None)
            if explorer is not None:
                explorer.handle(payload)
                if not isinstance(payload, m.BackendError):
                    return
        main.handle(main.live_prepare(payload))
        main.live_handle(payload)
        if isinstance(payload, m.RecordsLoaded):
            self._last_batch = time.monotonic()
            if not payload.final:
                # A load streaming in; a rolling refresh's pages (one batch each) do not count,
                # or polling every few seconds would keep the sweep from ever running.
                self._last_stream = self._last_batch
            elif self._gc_tuned:
                gc_policy.settle()

    def _fill_header(self, main: Any) -> None:
        from console.ui.widgets.chrome.header import ConsoleHeader

        session = main.session
        info = session.connected
        header = main.query_one(ConsoleHeader)
        if info is not None:
            header.product, header.version, header.user = info.product, info.version, info.user
            header.state = "connected"
            header.insecure = info.insecure
        header.refresh_interval = session.settings.refresh if session.settings else 0.0
        header.read_only = session.read_only
        header.tabs = self.engine_tabs(session)

    # -- global actions --------------------------------------------------------------------
    def action_show_help(self) -> None:
        from console.ui.screens.help import HelpScreen
        from console.ui.screens.main import MainScreen

        if any(type(s).__name__ == "HelpScreen" for s in self.screen_stack):
            return
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        self.push_screen(HelpScreen(main.view if main else None, dict(self._keymap), self.read_only))

    @property
    def keymap(self) -> dict[str, str]:
        return dict(self._keymap)

    # -- config: profiles and themes -------------------------------------------------------
    @property
    def config(self) -> Config | None:
        if self._config is None and not self._config_read:
            self._config_read = True  # a broken file is reported once, not at every look
            self._config, problem = read_config()
            if problem:
                self.notify(problem, title="config.toml", severity="warning")
        return self._config

    def apply_profile_theme(self, name: str | None = None) -> None:
        """Theme ``name``, else the one the settings' profile (else the config) names."""
        name = name or theme_for(self.config, self.settings.profile if self.settings else None)
        if name:
            problem = apply_theme(self, name)
            if problem:
                self.notify(problem, title="config.toml theme", severity="warning")


def make_app(settings: EngineSettings | None = None, *, demo: DemoOptions | None = None,
             backend_factory: BackendFactory | None = None, clock: Any = None,
             keymap: dict[str, str] | None = None, config: Config | None = None,
             engines: list[EngineSettings] | None = None) -> OvirtConsole:
    """The console app for the CLI (settings None or no password: the login screen asks).

    ``engines``: more engines, each opened in its own tab behind the first (``--profile A --profile B``).
    """
    return OvirtConsole(settings, demo=demo, backend_factory=backend_factory, clock=clock, keymap=keymap,
                        config=config, engines=engines)
