"""The user's configuration: engine profiles (config.toml) and saved searches.

- ``profiles``: ``load_config()`` reads ``config.toml`` from the XDG config
  directory into a ``Config`` of named ``Profile``s; ``Config.profile(name)``
  picks one (``None``: the ``default_profile``); ``keymap(config, profile)`` the
  key overrides by binding id; ``ConfigError`` is one line naming file and key.
- ``engine``: ``engine_settings(profile)``, the EngineSettings for ``:profile NAME``.
- ``password``: ``run_password_command`` (first stdout line of a command, no shell).
- ``private``: ``read_private`` refuses a secrets file group or others can reach (like ssh).
- ``bookmarks``: saved searches per profile in the XDG state directory.

Nothing here imports Textual, httpx or the api: the command line reads it first.
"""

from __future__ import annotations

from console.config.bookmarks import (
    Bookmark,
    BookmarkError,
    add_bookmark,
    bookmark_scope,
    bookmarks_path,
    list_bookmarks,
    remove_bookmark,
)
from console.config.engine import engine_settings
from console.config.password import PasswordCommandError, run_password_command
from console.config.private import UnprotectedFileError, read_private
from console.config.profiles import (
    Config,
    ConfigError,
    Profile,
    config_path,
    keymap,
    load_config,
    parse_config,
)

__all__ = [
    "Bookmark",
    "BookmarkError",
    "Config",
    "ConfigError",
    "PasswordCommandError",
    "Profile",
    "UnprotectedFileError",
    "add_bookmark",
    "bookmark_scope",
    "bookmarks_path",
    "config_path",
    "engine_settings",
    "keymap",
    "list_bookmarks",
    "load_config",
    "parse_config",
    "read_private",
    "remove_bookmark",
    "run_password_command",
]
