"""Reading the engine's primitive texts: booleans, numbers, dates and enum values.

Each function takes an element's text (``None`` for an empty element) and returns
the value, or ``None`` when there is none. A value that cannot be read (``<memory>
abc</memory>``) also reads as ``None``: one odd field must not cost the admin the
other 9,999 VMs of a list, and the SDK's own failure here would be just as silent
to a console user.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class _Lookup(dict):
    """Exact spellings hit the C-level dict lookup; anything else goes to ``__missing__``.

    Used as ``table.__getitem__``: one C call per value on the common path.
    """

    __slots__ = ("fallback",)
    fallback: Callable[[str], Any]  # what an unknown (non-empty) text reads as

    def __missing__(self, text: str | None) -> Any:
        if not text:
            return None
        return self.get(text.strip().lower(), self.fallback(text))


_BOOLS = _Lookup({"true": True, "false": False, "1": True, "0": False})
_BOOLS.fallback = lambda text: None  # not a boolean: unset

read_bool: Callable[[str | None], bool | None] = _BOOLS.__getitem__
"""``true``/``false`` in any case and ``1``/``0``; anything else is None."""


class _Ints(dict):
    """Text -> int, remembering up to ``_MAX`` distinct texts.

    Most integers repeat (0, 1, -1, 1073741824, 5900): a hit is one C-level lookup
    and one shared int object instead of a parse and a new object per VM.
    """

    __slots__ = ()
    _MAX = 4096

    def __missing__(self, text: str | None) -> int | None:
        if not text:
            return None
        try:
            value = int(text)  # accepts signs, 64-bit and surrounding blanks
        except ValueError:
            return None
        if len(self) < self._MAX:
            self[text] = value
        return value


read_int: Callable[[str | None], int | None] = _Ints().__getitem__
"""Decimal text -> int; None when empty or not a number."""


def read_float(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


_fromisoformat = datetime.fromisoformat
_UTC = UTC


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


def enum_reader(enum: type[StrEnum]) -> Callable[[str | None], StrEnum | str | None]:
    """text -> member of ``enum``; an unknown value stays the raw string (see console.api.enums)."""
    table = _Lookup({member.value: member for member in enum})
    table.fallback = str  # keep the engine's text as it came
    return table.__getitem__
