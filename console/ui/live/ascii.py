"""SSH-friendly output: an ASCII-only glyph mode and NO_COLOR.

Some terminals (a serial console, an old PuTTY, ``TERM=linux``) lack the block
glyphs; ``OVIRT_CONSOLE_ASCII=1`` (or such a TERM) switches the live views to
plain ASCII. ``NO_COLOR`` (https://no-color.org) drops every colour style: the
severity is then still readable from its word, never only from its colour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["ASCII_BLOCKS", "BLOCKS", "ascii_mode", "blocks", "no_color", "plain_style"]

BLOCKS = "▁▂▃▄▅▆▇█"
ASCII_BLOCKS = "_.-:=+*#"  # eight levels, low to high, all in 7-bit ASCII
_ASCII_TERMS = frozenset({"linux", "vt100", "vt102", "vt220", "dumb", "ansi"})


def ascii_mode(env: Mapping[str, str] | None = None) -> bool:
    """True when only ASCII should be drawn (explicit switch, or a terminal known to need it)."""
    env = os.environ if env is None else env
    flag = env.get("OVIRT_CONSOLE_ASCII", "").strip().lower()
    if flag in ("1", "true", "yes", "on"):
        return True
    if flag in ("0", "false", "no", "off"):
        return False
    return env.get("TERM", "").strip().lower() in _ASCII_TERMS


def no_color(env: Mapping[str, str] | None = None) -> bool:
    """NO_COLOR set to any non-empty value disables colour."""
    env = os.environ if env is None else env
    return bool(env.get("NO_COLOR", ""))


def blocks(env: Mapping[str, str] | None = None) -> str:
    """The eight sparkline levels for this terminal."""
    return ASCII_BLOCKS if ascii_mode(env) else BLOCKS


def plain_style(style: str, env: Mapping[str, str] | None = None) -> str:
    """``style`` without colour under NO_COLOR (bold and reverse stay: they are not colour)."""
    if not no_color(env):
        return style
    kept = [word for word in style.split() if word in ("bold", "reverse", "underline", "italic", "dim")]
    return " ".join(kept)
