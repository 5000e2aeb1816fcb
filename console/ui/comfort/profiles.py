"""The app's view of config.toml: which profiles exist and which theme one wants.

Read lazily (the CLI may hand over the Config it already read); a broken file
never stops the app, it only means no profile theme and no ``:profile``.
"""

from __future__ import annotations

from console.config.profiles import Config, ConfigError, Profile, load_config


def read_config() -> tuple[Config | None, str]:
    """The default config.toml, or None and one line saying why it cannot be used."""
    try:
        return load_config(), ""
    except ConfigError as error:
        return None, str(error)


def find_profile(config: Config | None, name: str | None) -> Profile | None:
    if config is None or not name:
        return None
    try:
        return config.profile(name)
    except ConfigError:
        return None


def theme_for(config: Config | None, profile_name: str | None) -> str | None:
    """The profile's theme, else the config's global one, else None (Textual's default)."""
    if config is None:
        return None
    return config.theme_for(find_profile(config, profile_name))
