"""``:profile NAME``: leave this engine for another profile's.

The settings are built in a thread: a profile's ``password_command`` may run
(a vault, a keyring) and must never block the UI. The session's own read-only
(``--read-only``, not the profile's) carries over to the next engine.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from console.config.engine import engine_settings
from console.config.password import PasswordCommandError
from console.config.profiles import ConfigError, Profile

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole


def session_read_only(app: OvirtConsole) -> bool:
    """Read-only that came from the command line or environment, not from the current profile."""
    settings = app.settings
    if settings is None or not settings.read_only:
        return False
    config = app.config
    current = config.profiles.get(settings.profile) if config and settings.profile else None
    return not (current is not None and current.read_only)


async def open_profile(app: OvirtConsole, profile: Profile, read_only: bool) -> None:
    """Build the profile's settings off the UI thread, then switch the app to that engine."""
    try:
        settings = await asyncio.to_thread(engine_settings, profile, read_only=read_only)
    except (ConfigError, PasswordCommandError) as error:
        app.notify(str(error), title=f"profile {profile.name}", severity="error")
        return
    app.switch_engine(settings)
