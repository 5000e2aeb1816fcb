"""Reading the engine's primitive texts: booleans, numbers, dates and enum values.

Each function takes an element's text (``None`` for an empty element) and returns
the value, or ``None`` when there is none. A value that cannot be read (``<memory>
abc</memory>``) also reads as ``None``: one odd field must not cost the admin the
other 9,999 VMs of a list, and the SDK's own failure here would be just as silent
to a console user.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

# Exact spellings first (the engine writes lower-case); others are normalised.
_BOOLS: dict[str, bool] = {"true": True, "false": False, "1": True, "0": False}


def read_bool(text: str | None) -> bool | None:
    if not text:
        return None
    value = _BOOLS.get(text)
    if value is None:
        value = _BOOLS.get(text.strip().lower())
    return value


def read_int(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(text)  # accepts signs, 64-bit and surrounding blanks
    except ValueError:
        return None


def read_float(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


_fromisoformat = datetime.fromisoformat
_UTC = timezone.utc


def read_date(text: str | None) -> datetime | None:
    """xsd:dateTime: ``2020-02-03T18:51:47.577+01:00``, ``...Z``, with or without a fraction.

    Always timezone-aware: the engine sends an offset; a date without one is taken
    as UTC rather than as the console machine's local time.
    """
    if not text:
        return None
    try:
        value = _fromisoformat(text)
    except ValueError:
        try:
            value = _fromisoformat(text.strip())
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value


def enum_lookup(enum: type[StrEnum]) -> dict[str, StrEnum]:
    """Value -> member table for ``read_enum`` (built once per enum)."""
    return {member.value: member for member in enum}


def read_enum(table: dict[str, StrEnum], text: str | None) -> StrEnum | str | None:
    """The member for ``text``; an unknown value stays the raw string (see console.api.enums)."""
    if not text:
        return None
    member = table.get(text)
    if member is None:
        return table.get(text.strip().lower(), text)
    return member
