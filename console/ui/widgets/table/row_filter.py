"""The ``/`` filter of a resource table: substring, regex, inverted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_REGEX_HINTS = re.compile(r"^\^|\$$|\.\*|\||\\[dswb]")


@dataclass(frozen=True, slots=True)
class RowFilter:
    """A ``/`` filter: substring by default, regex with ``~`` (or when it looks like one), ``!`` inverts."""

    text: str = ""

    def compile(self) -> tuple[Callable[[str], bool], bool]:
        text, invert = self.text, False
        if text.startswith("!"):
            text, invert = text[1:], True
        if not text:
            return (lambda s: True), False
        as_regex = text.startswith("~")
        if as_regex:
            text = text[1:]
        if as_regex or _REGEX_HINTS.search(text):
            try:
                pattern = re.compile(text, re.IGNORECASE)
                return pattern.search, invert  # type: ignore[return-value]
            except re.error:
                if as_regex:
                    raise
        needle = text.lower()
        return (lambda s: needle in s.lower()), invert

    def substring(self) -> tuple[str, bool] | None:
        """``(lowercased needle, invert)`` when this is a plain substring filter, else None."""
        text, invert = self.text, False
        if text.startswith("!"):
            text, invert = text[1:], True
        if not text or text.startswith("~") or _REGEX_HINTS.search(text):
            return None
        return text.lower(), invert

    def narrows(self, previous: RowFilter) -> bool:
        """True when every row this filter shows is among those ``previous`` showed.

        Holds for plain substrings that extend the previous one (``web`` → ``web-0``),
        so a keystroke can narrow the rows shown instead of rescanning every row.
        """
        old, new = previous.text, self.text
        if not old or old.startswith(("!", "~")) or new.startswith(("!", "~")):
            return False
        if _REGEX_HINTS.search(old) or _REGEX_HINTS.search(new):
            return False
        return new.lower().startswith(old.lower())
