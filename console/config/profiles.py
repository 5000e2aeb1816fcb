"""``config.toml``: named engine profiles, a default profile, key overrides.

    default_profile = "lab"
    theme = "textual-dark"            # for every profile unless it says otherwise
    [keys]                            # binding id = key, for every profile
    quit = "ctrl+q"
    [profiles.prod]
    url = "https://engine.example.com"
    username = "admin@internal"
    ca_file = "~/.config/ovirt-console/prod-ca.pem"
    read_only = true
    password_command = "pass show ovirt/prod"
    refresh = 15
    theme = "ovirt-production"
    [profiles.prod.keys]
    vm_start = "ctrl+r"

Wrong types are refused with one line naming the file and the key; unknown keys
are only warned about, so a config written for a newer console still loads.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

from console.backend.settings import normalize_url
from console.config.private import UnprotectedFileError, read_private

__all__ = [
    "APP_NAME",
    "Config",
    "ConfigError",
    "Profile",
    "config_path",
    "keymap",
    "load_config",
    "parse_config",
]

APP_NAME = "ovirt-console"
MIN_SECONDS = 1.0
_EMPTY: Mapping[str, str] = MappingProxyType({})


class ConfigError(Exception):
    """A config file that cannot be used; the message is one line naming file and key."""


@dataclass(frozen=True)
class Profile:
    """One engine as the admin named it. ``None`` means "not set here"."""

    name: str
    url: str | None = None
    username: str | None = None
    ca_file: str | None = None
    insecure: bool | None = None
    read_only: bool = False
    password_command: str | None = field(default=None, repr=False)
    refresh: float | None = None
    timeout: float | None = None
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    warnings: tuple[str, ...] = ()

    def profile(self, name: str | None = None) -> Profile | None:
        """The named profile, else the default one, else None (no profile at all)."""
        wanted = name or self.default_profile
        if wanted is None:
            return None
        try:
            return self.profiles[wanted]
        except KeyError:
            known = ", ".join(sorted(self.profiles)) or "none defined"
            where = f" in {self.path}" if self.path else ""
            raise ConfigError(
                f"no profile {wanted!r}{where} (profiles: {known})"
            ) from None

    def theme_for(self, profile: Profile | None) -> str | None:
        return (profile.theme if profile else None) or self.theme


def keymap(config: Config, profile: Profile | None) -> dict[str, str]:
    """Key overrides by binding id: the global ``[keys]``, then the profile's on top.

    The UI checks the ids against its action registry (this module cannot know them).
    """
    merged = dict(config.keys)
    if profile is not None:
        merged.update(profile.keys)
    return merged


def config_path() -> Path:
    """``config.toml`` in the XDG config directory (``$XDG_CONFIG_HOME/ovirt-console``)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and check the config file; a missing default file is an empty config.

    A file named explicitly (``--config``) must exist. A file group or others can
    reach, or another user owns, is refused like ssh refuses such a key.
    """
    explicit = path is not None
    file = (
        Path(os.path.expanduser(os.fspath(path))) if path is not None else config_path()
    )
    try:
        data = read_private(file)  # it may name a password_command: others must not rewrite it
    except UnprotectedFileError as exc:
        raise ConfigError(f"config file: {exc}") from None
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{file}: no such file") from None
        return Config(path=file)
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text") from None
    return parse_config(text, file)


def parse_config(text: str, path: Path | str = "config.toml") -> Config:
    file = Path(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    return _Checker(file).config(raw)


class _Checker:
    """Walks the parsed TOML; collects warnings, raises the first hard error."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.warnings: list[str] = []

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.file}: {key}: {problem}")

    def unknown(self, table: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                self.warnings.append(
                    f"{self.file}: {prefix}{key}: unknown key, ignored"
                )

    def config(self, raw: Mapping[str, Any]) -> Config:
        self.unknown(raw, {"default_profile", "theme", "keys", "profiles"}, "")
        profiles_raw = raw.get("profiles", {})
        if not isinstance(profiles_raw, dict):
            raise self.fail(
                "profiles", _expected("a table of [profiles.NAME]", profiles_raw)
            )
        profiles = {
            name: self.profile(name, body) for name, body in profiles_raw.items()
        }
        default = self.string(raw, "default_profile", "default_profile")
        if default is not None and default not in profiles:
            known = ", ".join(sorted(profiles)) or "none defined"
            raise self.fail(
                "default_profile", f"no profile {default!r} (profiles: {known})"
            )
        return Config(
            path=self.file,
            profiles=MappingProxyType(profiles),
            default_profile=default,
            theme=self.string(raw, "theme", "theme"),
            keys=self.keys(raw, "keys"),
            warnings=tuple(self.warnings),
        )

    def profile(self, name: str, body: Any) -> Profile:
        at = f"profiles.{name}"
        if not isinstance(body, dict):
            raise self.fail(at, _expected("a table", body))
        self.unknown(body, _PROFILE_KEYS, at + ".")
        url = self.string(body, "url", f"{at}.url")
        if url is not None:
            try:
                url = normalize_url(url)
            except ValueError as exc:
                raise self.fail(f"{at}.url", str(exc)) from None
        ca_file = self.string(body, "ca_file", f"{at}.ca_file")
        insecure = self.boolean(body, "insecure", f"{at}.insecure")
        if ca_file and insecure:
            raise self.fail(
                f"{at}.insecure", "ca_file and insecure = true exclude each other"
            )
        command = self.string(body, "password_command", f"{at}.password_command")
        if command is not None and not command.strip():
            raise self.fail(f"{at}.password_command", "is empty")
        return Profile(
            name=name,
            url=url,
            username=self.string(body, "username", f"{at}.username"),
            ca_file=os.path.expanduser(ca_file) if ca_file else None,
            insecure=insecure,
            read_only=bool(self.boolean(body, "read_only", f"{at}.read_only")),
            password_command=command,
            refresh=self.seconds(body, "refresh", f"{at}.refresh"),
            timeout=self.seconds(body, "timeout", f"{at}.timeout"),
            theme=self.string(body, "theme", f"{at}.theme"),
            keys=self.keys(body, f"{at}.keys"),
        )

    def string(self, table: Mapping[str, Any], key: str, at: str) -> str | None:
        value = table.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self.fail(at, _expected("a string", value))

    def boolean(self, table: Mapping[str, Any], key: str, at: str) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(at, _expected("true or false", value))

    def seconds(self, table: Mapping[str, Any], key: str, at: str) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(at, _expected("a number of seconds", value))
        if value < MIN_SECONDS:
            raise self.fail(
                at, f"must be at least {MIN_SECONDS:g} seconds, got {value}"
            )
        return float(value)

    def keys(self, table: Mapping[str, Any], at: str) -> Mapping[str, str]:
        short = at.rsplit(".", 1)[-1]
        value = table.get(short)
        if value is None:
            return _EMPTY
        if not isinstance(value, dict):
            raise self.fail(at, _expected('a table of binding_id = "key"', value))
        for binding, key in value.items():
            if not isinstance(key, str) or not key.strip():
                raise self.fail(
                    f"{at}.{binding}", _expected('a key name such as "ctrl+r"', key)
                )
        return MappingProxyType({b: k.strip() for b, k in value.items()})


_PROFILE_KEYS = {
    "url", "username", "ca_file", "insecure", "read_only", "password_command",
    "refresh", "timeout", "theme", "keys",
}  # fmt: skip


def _expected(what: str, value: Any) -> str:
    kind = {
        bool: "a boolean", int: "an integer", float: "a number", str: "a string",
        dict: "a table", list: "an array",
    }.get(type(value), type(value).__name__)  # fmt: skip
    shown = repr(value) if not isinstance(value, dict | list) else kind
    return (
        f"expected {what}, got {shown} ({kind})"
        if shown != kind
        else f"expected {what}, got {kind}"
    )
