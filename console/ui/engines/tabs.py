"""Several engines open at once: one header tab, one Textual mode and one backend each.

Mixed into the app. ``open_engine`` adds a tab (its login form, or connecting
when the settings carry a password); ``]``/``[`` move between tabs instantly
(``switch_mode``: nothing reloads); ``close_engine`` stops the tab's backend
(which revokes its token) and drops its screens. Notifications raised while a
hidden tab's messages are dispatched name that engine, so an alert on one site
is never mistaken for the one on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from console.backend.settings import DemoOptions, EngineSettings
from console.ui.comfort.profiles import theme_for
from console.ui.engines.session import EngineSession
from console.ui.engines.stacks import main_of, stack_of
from console.ui.widgets.chrome.tabs import EngineTab

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole

    _Base = OvirtConsole
else:
    _Base = object


class EngineTabsMixin(_Base):
    _mode_serial = 0
    # The session whose backend message is being dispatched (None: the visible one / no message).
    _speaking_for: EngineSession | None = None
    # The theme before any profile's: a tab whose profile names none goes back to it.
    _base_theme: str = ""

    def new_session(self, settings: EngineSettings | None, demo: DemoOptions | None = None) -> EngineSession:
        """A session with its own (not yet shown) mode."""
        EngineTabsMixin._mode_serial += 1
        session = EngineSession(settings, demo, read_only=bool(settings and settings.read_only),
                                mode=f"engine-{EngineTabsMixin._mode_serial}")
        self.add_mode(session.mode, Screen)
        return session

    def open_engine(self, settings: EngineSettings | None, demo: DemoOptions | None = None, *,
                    show: bool = True) -> EngineSession:
        """A new tab for ``settings``: its login form, connecting at once when it has a password."""
        session = self.new_session(settings, demo)
        self.sessions.append(session)
        if show:
            self.activate(session)
        else:
            self.call_next(self._start_hidden, session)
        self.refresh_tabs()
        return session

    def _start_hidden(self, session: EngineSession) -> None:
        """Mount a tab's screens without showing it (``--profile A --profile B``: B waits behind A)."""
        current = self.current_mode
        self.switch_mode(session.mode)
        self._show_login(session)
        self.switch_mode(current)

    def _show_login(self, session: EngineSession) -> None:
        """The tab's first screen: its login form, showing "connecting" when there is a password."""
        from console.ui.engines.login import TabLoginScreen

        login = TabLoginScreen(session.settings, session.demo)
        self.push_screen(login)
        settings = session.settings
        if settings is not None and (settings.demo or settings.password):
            login.show_connecting(settings.url or "the demo engine")
            self.start_backend(session, settings, session.demo)
        else:
            session.state = "login"

    def find_session(self, profile: str) -> EngineSession | None:
        return next((s for s in self.sessions if s.settings is not None and s.settings.profile == profile), None)

    def activate(self, session: EngineSession) -> None:
        """Show ``session``'s tab as it was left: same screen, view, cursor, search and theme."""
        if session is self.session and self.current_mode == session.mode:
            return
        if self.current_mode == self.session.mode:
            self.session.theme = self.theme  # a :theme given in that tab stays with it
        self.session = session
        session.alerts = 0
        first_time = not stack_of(self, session)
        self.switch_mode(session.mode)
        if first_time:
            self._show_login(session)
        for each in self.sessions:  # only the shown tab's rows get their statistics read
            main = main_of(self, each)
            if main is not None:
                main.update_watch()
        self.apply_session_theme()
        self.refresh_tabs()

    def apply_session_theme(self) -> None:
        """The tab's own theme, else its profile's (config.toml), else the console's default."""
        session = self.session
        name = session.theme or theme_for(self.config, session.settings.profile if session.settings else None)
        self.apply_profile_theme(name or self._base_theme)

    def cycle_engine(self, step: int) -> None:
        if len(self.sessions) < 2:
            self.notify("one engine open: :open PROFILE opens another", title="Engines")
            return
        index = self.sessions.index(self.session)
        self.activate(self.sessions[(index + step) % len(self.sessions)])

    def action_next_engine(self) -> None:
        self.cycle_engine(1)

    def action_previous_engine(self) -> None:
        self.cycle_engine(-1)

    def action_close_engine(self) -> None:
        self.close_engine(self.session)

    def action_open_engine(self) -> None:
        """The palette's "Open another engine": the ``:`` prompt, ready for a profile name."""
        from console.ui.screens.main import MainScreen
        from console.ui.widgets.chrome.prompt import CommandPrompt

        main = next((s for s in reversed(self.screen_stack) if isinstance(s, MainScreen)), None)
        if main is not None:  # from the palette, shown as the palette closes
            main.query_one(CommandPrompt).open("command", "open ")

    def close_engine(self, session: EngineSession) -> bool:
        """Close a tab: its backend stops (its token is revoked), its screens go. Never the last."""
        if len(self.sessions) < 2:
            self.notify("the only engine open: :q quits", title="Engines", severity="warning")
            return False
        index = self.sessions.index(session)
        session.stop()
        session.generation += 1  # answers already queued from it are dropped
        self.sessions.remove(session)
        if session is self.session:
            self.activate(self.sessions[min(index, len(self.sessions) - 1)])
        self.remove_mode(session.mode)  # its screens are removed (and unmounted) after this
        self.notify(f"{session.label} closed", title="Engines")
        self.refresh_tabs()
        return True

    # -- the tab strip ---------------------------------------------------------------------
    def engine_tabs(self, own: EngineSession) -> tuple[EngineTab, ...]:
        """What a header shows: nothing with one engine, else every tab with ``own`` highlighted."""
        if len(self.sessions) < 2:
            return ()
        return tuple(EngineTab(s.label, s.state, s.read_only, s is own, s.alerts, s.stale)
                     for s in self.sessions)

    def refresh_tabs(self) -> None:
        """Every tab's header or strip follows the tabs (hidden ones too: shown at once later)."""
        from console.ui.widgets.chrome.header import ConsoleHeader
        from console.ui.widgets.chrome.tabs import EngineTabStrip

        for session in self.sessions:
            tabs = self.engine_tabs(session)
            for screen in stack_of(self, session):
                if screen.is_mounted:
                    for widget in screen.query(ConsoleHeader).results():
                        widget.tabs = tabs
                    for strip in screen.query(EngineTabStrip).results():
                        strip.tabs = tabs

    def session_of(self, screen: Screen) -> EngineSession:
        """The engine whose tab holds ``screen`` (the visible one's when it is in none)."""
        return next((s for s in self.sessions if screen in stack_of(self, s)), self.session)

    # -- screens of several tabs side by side ---------------------------------------------
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._unique_screen_id(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._unique_screen_id(screen)
        return super().switch_screen(screen)

    def _unique_screen_id(self, screen: Any) -> None:
        """Two tabs may each show a screen of one class (two login forms, two help screens):
        Textual wants the app's children's ids unique, so the second gets a numbered one.
        Styles select screens by type, never by these ids (Textual refuses to rename a node
        once set, hence the private field)."""
        if not isinstance(screen, Screen) or screen.parent is not None or not screen.id:
            return
        nodes = self._nodes  # every screen of every tab, and those being removed
        if nodes._get_by_id(screen.id) not in (None, screen):
            base, n = screen.id, 2
            while nodes._get_by_id(f"{base}-{n}") is not None:
                n += 1
            screen._id = f"{base}-{n}"

    # -- notifications name their engine ---------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        session = self._speaking_for
        if session is not None and session is not self.session and session in self.sessions:
            title = f"{session.label}: {title}" if title else session.label
            if severity == "error":
                session.alerts += 1
                self.call_next(self.refresh_tabs)
        kwargs: dict[str, Any] = {"title": title, "severity": severity, "markup": markup}
        if timeout is not None:
            kwargs["timeout"] = timeout
        super().notify(message, **kwargs)
