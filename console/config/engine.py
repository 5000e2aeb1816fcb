"""A profile as the settings to log in with, for ``:profile NAME`` inside the console.

The command line layers flags and environment over a profile (``cli.resolve``);
switching engine in the app takes the profile as written. ``password_command``
runs here (it may wait on a pinentry): call this from a worker thread, not the
UI's event loop.
"""

from __future__ import annotations

import os
from dataclasses import replace

from console.backend.settings import EngineSettings
from console.config.password import DEFAULT_TIMEOUT, run_password_command
from console.config.profiles import ConfigError, Profile

__all__ = ["engine_settings"]


def engine_settings(
    profile: Profile,
    *,
    password: str | None = None,
    read_only: bool = False,
    run_password: bool = True,
    password_timeout: float = DEFAULT_TIMEOUT,
) -> EngineSettings:
    """Settings for ``profile``; ``read_only=True`` (the session's --read-only) only adds.

    Raises ConfigError (no URL, missing CA file) or PasswordCommandError, each one
    line. With no password and no command the password stays None: the login
    screen asks for it.
    """
    if not profile.url:
        raise ConfigError(f"profile {profile.name} has no url")
    ca_file = os.path.expanduser(profile.ca_file) if profile.ca_file else None
    if ca_file and not os.path.isfile(ca_file):
        raise ConfigError(f"profile {profile.name}: CA file {ca_file} does not exist")
    if password is None and run_password and profile.password_command:
        password = run_password_command(
            profile.password_command, timeout=password_timeout
        )
    settings = EngineSettings(
        url=profile.url,
        username=profile.username or "admin@internal",
        password=password,
        ca_file=ca_file,
        insecure=bool(profile.insecure) and not ca_file,
        read_only=profile.read_only or read_only,
        profile=profile.name,
    )
    if profile.refresh is not None:
        settings = replace(settings, refresh=profile.refresh)
    if profile.timeout is not None:
        settings = replace(settings, timeout=profile.timeout)
    return settings
