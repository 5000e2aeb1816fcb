"""``:profile NAME`` (this tab to another engine), ``:open NAME`` (another tab), ``:close``.

The settings are built in a thread: a profile's ``password_command`` may run
(a vault, a keyring) and must never block the UI. The session's own read-only
(``--read-only``, not the profile's) carries over to the next engine and to
every tab opened from it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from console.backend.settings import EngineSettings
from console.config.engine import engine_settings
from console.config.password import PasswordCommandError
from console.config.profiles import ConfigError, Profile
from console.ui.comfort.commands import CloseEngine, EngineTabCommand

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole
    from console.ui.engines.session import EngineSession
    from console.ui.screens.main import MainScreen


def session_read_only(app: OvirtConsole) -> bool:
    """Read-only that came from the command line or environment, not from the current profile."""
    settings = app.settings
    if settings is None or not settings.read_only:
        return False
    config = app.config
    current = config.profiles.get(settings.profile) if config and settings.profile else None
    return not (current is not None and current.read_only)


async def _settings_for(app: OvirtConsole, profile: Profile, read_only: bool) -> EngineSettings | None:
    try:
        return await asyncio.to_thread(engine_settings, profile, read_only=read_only)
    except (ConfigError, PasswordCommandError) as error:
        app.notify(str(error), title=f"profile {profile.name}", severity="error")
        return None


async def open_profile(app: OvirtConsole, profile: Profile, read_only: bool,
                       session: EngineSession | None = None) -> None:
    """Build the profile's settings off the UI thread, then switch ``session``'s tab (the
    one the command was typed in, even if another is shown by now) to that engine."""
    settings = await _settings_for(app, profile, read_only)
    if settings is not None and (session is None or session in app.sessions):
        app.switch_engine(settings, session)


def switch_profile(screen: MainScreen, profile: Profile) -> None:
    """``:profile NAME`` from ``screen``: one switch at a time per tab, the newest wins."""
    app, session = screen.app, screen.session
    # On the app, not this screen: the screen is replaced when the engine changes.
    app.run_worker(open_profile(app, profile, session_read_only(app), session),
                   group=f"profile-{session.mode}", exclusive=True)


async def open_profile_tab(app: OvirtConsole, profile: Profile, read_only: bool) -> None:
    """Build the profile's settings off the UI thread, then open that engine in a new tab."""
    settings = await _settings_for(app, profile, read_only)
    if settings is None:
        return
    already = app.find_session(profile.name)  # two quick :open of one profile: one tab
    if already is not None:
        app.activate(already)
    else:
        app.open_engine(settings)


def engine_tab_command(screen: MainScreen, command: EngineTabCommand) -> None:
    """``:open NAME`` / ``:close`` from a main screen's prompt (errors go to its status line)."""
    app = screen.app
    if isinstance(command, CloseEngine):
        app.close_engine(screen.session)
        return
    config = app.config
    if config is None or not config.profiles:
        where = config.path if config is not None and config.path else "config.toml"
        screen._comfort_error(f"no profiles: define [profiles.NAME] in {where}")
        return
    if not command.name:
        open_now = {s.settings.profile for s in app.sessions if s.settings is not None}
        listed = ", ".join(f"{p} (open)" if p in open_now else p for p in sorted(config.profiles))
        screen._comfort_done(listed, "Profiles: :open NAME opens one in a new tab")
        return
    try:
        profile = config.profile(command.name)
    except ConfigError as error:
        screen._comfort_error(str(error))
        return
    if profile is None:
        screen._comfort_error(f"no profile {command.name!r}")
        return
    existing = app.find_session(profile.name)
    if existing is not None:
        screen._comfort_done(f"{profile.name} is already open: showing its tab", "Engines")
        app.activate(existing)
        return
    screen._comfort_done(f"opening {profile.url} in a new tab", f"Profile {profile.name}")
    app.run_worker(open_profile_tab(app, profile, session_read_only(app)), group="open-engine")
