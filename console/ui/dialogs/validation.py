"""Pure checks behind the dialogs (unit-tested without a screen)."""

from __future__ import annotations

import unicodedata

__all__ = ["MAX_DESCRIPTION", "clean_description", "typed_matches"]

MAX_DESCRIPTION = 4000  # the engine's column limit for a snapshot description


def clean_description(text: str) -> tuple[str, str | None]:
    """A snapshot description without control characters, and why it is refused (or None).

    Control characters (terminal escapes pasted along, NULs, tabs) are dropped, not
    escaped: they would reach the engine's database and every later screen.
    """
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf")).strip()
    if not cleaned:
        return cleaned, "a description is required"
    if len(cleaned) > MAX_DESCRIPTION:
        return cleaned, f"the description is {len(cleaned):,} characters; at most {MAX_DESCRIPTION:,}"
    return cleaned, None


def typed_matches(expected: str, typed: str) -> bool:
    """Typed confirmation: exactly the object's name (or the count), ignoring outer spaces."""
    return bool(expected) and typed.strip() == expected
