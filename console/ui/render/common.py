"""Pure helpers shared by the per-kind renderers: literal text, glyphs, numbers.

Everything the engine sends is rendered through ``literal`` so a VM named
``[red]x`` or carrying an escape sequence shows exactly as typed, never styled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rich.text import Text

# C0/C1 controls and ANSI escape sequences: a name must not move the cursor.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe(value: Any) -> str:
    """The text of an engine value with escape sequences and control characters removed."""
    if value is None:
        return ""
    text = str(getattr(value, "value", value)) if not isinstance(value, str) else value
    if text.isprintable():  # no control character at all (most names): nothing to remove
        return text
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub(" ", text)


def literal(value: Any, style: str = "") -> Text:
    """Engine text as a rich Text that is never parsed as markup."""
    return Text(safe(value), style=style, no_wrap=True, end="")


def literal_key(value_of: Callable[[Any, Any], Any]) -> Callable[[Any, Any], str]:
    """A sort key equal to a ``literal`` cell's text, lowercased, without building the cell.

    The first sort by a column computes it for every row: building 10,000 rich Texts
    only to read ``.plain`` back doubled what a re-sort costs.
    """

    def key(record: Any, ctx: Any) -> str:
        return safe(value_of(record, ctx)).lower()

    key.cell_text = True  # type: ignore[attr-defined]  # a table whose cells are drawn reads them
    return key


def get(obj: Any, path: str, default: Any = None) -> Any:
    """Follow a dotted attribute path (``cpu.topology.cores``), None-tolerant."""
    if "." not in path:  # most lookups, once per cell and sort key: no split
        value = getattr(obj, path, None) if obj is not None else None
        return default if value is None else value
    for part in path.split("."):
        if obj is None:
            return default
        obj = getattr(obj, part, None)
    return default if obj is None else obj


def enum_value(value: Any) -> str:
    """An api enum (or plain string) as its engine spelling, e.g. "up".

    Unknown enum values arrive as the engine's raw string, so they are cleaned like
    any other engine text."""
    return safe(value)


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    style: str


# Status words from every kind, folded onto a handful of glyphs an admin reads at a glance.
_UP = Glyph("▲", "green")
_DOWN = Glyph("▼", "red")
_MAINT = Glyph("◆", "yellow")
_BUSY = Glyph("⟳", "cyan")
_WARN = Glyph("!", "bold red")
_PAUSED = Glyph("‖", "yellow")
_UNKNOWN = Glyph("?", "magenta")
_NEUTRAL = Glyph("•", "dim")

_GLYPHS: dict[str, Glyph] = {
    "up": _UP, "active": _UP, "operational": _UP, "ok": _UP, "finished": _UP,
    "down": _DOWN, "inactive": _DOWN, "non_operational": _DOWN, "failed": _WARN,
    "error": _WARN, "non_responsive": _WARN, "not_responding": _WARN, "problematic": _WARN,
    "install_failed": _WARN, "nonresponsive": _WARN, "aborted": _WARN, "connecting": _BUSY,
    "maintenance": _MAINT, "preparing_for_maintenance": _BUSY, "locked": _MAINT,
    "uninitialized": _MAINT, "unattached": _NEUTRAL, "detached": _NEUTRAL,
    "paused": _PAUSED, "suspended": _PAUSED, "image_locked": _MAINT,
    "powering_up": _BUSY, "powering_down": _BUSY, "reboot_in_progress": _BUSY,
    "migrating": _BUSY, "saving_state": _BUSY, "restoring_state": _BUSY, "wait_for_launch": _BUSY,
    "installing": _BUSY, "initializing": _BUSY, "reboot": _BUSY, "activating": _BUSY,
    "preparing_for_maintenance_": _BUSY, "started": _BUSY, "unassigned": _UNKNOWN,
    "unknown": _UNKNOWN, "illegal": _WARN, "contend": _BUSY, "mixed": _MAINT,
    "not_operational": _DOWN, "pending_approval": _MAINT, "install_os": _BUSY,
    "kdumping": _BUSY, "none": _NEUTRAL, "normal": _UP, "warning": _MAINT, "alert": _WARN,
}


def glyph_for(status: Any) -> Glyph:
    return _GLYPHS.get(enum_value(status).lower(), _NEUTRAL if not status else _UNKNOWN)


@lru_cache(maxsize=256)
def _status_key(value: str) -> str:
    return status_text(value).plain.lower()


def status_key(status: Any) -> str:
    """``status_text(status).plain.lower()``, computed once per status value (sorting)."""
    return _status_key(enum_value(status) if status is not None else "")


def status_text(status: Any, *, word: bool = True) -> Text:
    """``▲ up`` in the status's colour; the word is the engine's own."""
    g = glyph_for(status)
    text = Text(g.char, style=g.style, no_wrap=True, end="")
    if word:
        text.append(" ")
        text.append(safe(enum_value(status)).replace("_", " "), style=g.style)
    return text


_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def fmt_bytes(value: Any) -> str:
    """Binary units as the Administration Portal shows them: ``4 GiB``, ``1.5 TiB``."""
    if value is None or value == "":
        return ""
    try:
        n = float(value)
    except (TypeError, ValueError):
        return safe(value)
    unit = 0
    while abs(n) >= 1024 and unit < len(_UNITS) - 1:
        n /= 1024
        unit += 1
    if unit == 0 or n == int(n):
        return f"{int(n)} {_UNITS[unit]}"
    return f"{n:.1f} {_UNITS[unit]}"


def fmt_percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def fmt_duration(seconds: float | None) -> str:
    """Compact age: ``3d 4h``, ``5h 12m``, ``12m``, ``40s``."""
    if seconds is None or seconds < 0:
        return ""
    s = int(seconds)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m"
    return f"{s}s"


def fmt_time(value: datetime | None) -> str:
    """Engine timestamps in UTC, second precision: sortable and unambiguous over SSH."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def since(start: datetime | None, now: datetime) -> float | None:
    if start is None:
        return None
    return (now - start).total_seconds()


def usage_bar(used: float | None, total: float | None, width: int = 10) -> Text:
    """``███████░░░ 70%`` coloured by fullness (green, yellow >75%, red >90%)."""
    if not used and not total or not total:
        return Text("", end="")
    ratio = max(0.0, min(1.0, float(used or 0) / float(total)))
    filled = round(ratio * width)
    style = "red" if ratio > 0.9 else "yellow" if ratio > 0.75 else "green"
    text = Text("█" * filled, style=style, end="")
    text.append("░" * (width - filled), style="dim")
    text.append(f" {ratio * 100:3.0f}%")
    return text


def version_text(version: Any) -> str:
    """``4.5`` from a <version><major/><minor/></version>, or its full_version."""
    if version is None:
        return ""
    full = getattr(version, "full_version", None)
    if full:
        return safe(full)
    major, minor = getattr(version, "major", None), getattr(version, "minor", None)
    if major is None:
        return ""
    return f"{major}.{minor}" if minor is not None else str(major)


def right(text: str) -> Text:
    return Text(text, no_wrap=True, end="", justify="right")


def yes_no(value: Any) -> str:
    if value is None:
        return ""
    return "yes" if value is True or str(value).lower() == "true" else "no"


def statistic(record: Any, name: str) -> float | None:
    """The first datum of a named statistic the record carries (``cpu.current.total``)."""
    for stat in get(record, "statistics", ()) or ():
        if getattr(stat, "name", None) == name:
            values = getattr(stat, "values", None) or ()
            for value in values:
                datum = getattr(value, "datum", None)
                if datum is not None:
                    try:
                        return float(datum)
                    except (TypeError, ValueError):
                        return None
    return None


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: title, width, the cell renderer and how to sort by it.

    ``sort_key`` defaults to the cell's plain text; numeric columns give a number
    so 10 GiB sorts after 9 GiB.
    """

    key: str
    title: str
    width: int
    cell: Callable[[Any, RenderContext], Text]
    sort_key: Callable[[Any, RenderContext], Any] | None = None
    justify: str = "left"
    sort_letter: str = ""  # the Shift+letter that sorts by this column

    @property
    def keyed_by_text(self) -> bool:
        """Its sort key is its cell's text lowercased, so a drawn cell gives it without lookups."""
        return self.sort_key is None or getattr(self.sort_key, "cell_text", False)

    def key_for(self, record: Any, ctx: RenderContext) -> Any:
        if self.sort_key is not None:
            value = self.sort_key(record, ctx)
            # None sorts first, and never compares against a number.
            return (0, 0) if value is None else (1, value)
        return (1, self.cell(record, ctx).plain.lower())


def row_of(columns: tuple[Column, ...], record: Any, ctx: RenderContext) -> tuple[Text, ...]:
    """A record as its table cells, in column order."""
    return tuple(column.cell(record, ctx) for column in columns)


@dataclass(slots=True)
class RenderContext:
    """What a renderer may look up beyond the record: the time and other objects' names."""

    now: datetime
    names: Callable[[str, str], str | None] = lambda kind, id: None
    cluster_dc: Callable[[str], str | None] = lambda cluster_id: None
    running_vms: Callable[[str], int] = lambda host_id: 0
    # count("hosts", "cluster", id): how many objects of a kind point at a parent.
    count: Callable[[str, str, str], int] = lambda kind, field, id: 0
    extra: dict = field(default_factory=dict)
    # A table's pass over all its rows remembers the names it looked up (10,000 VMs
    # name a few clusters); a context kept longer (a detail pane's) looks up each time.
    remember_names: bool = False
    _known: dict = field(default_factory=dict)
    _text_keys: dict = field(default_factory=dict)

    def text_key(self, text: str) -> tuple[int, str]:
        """The sort key of a cell's text (``Column.key_for``'s); a pass shares one per text."""
        if not self.remember_names:
            return (1, text.lower())
        key = self._text_keys.get(text)
        if key is None:
            key = self._text_keys[text] = (1, text.lower())
        return key

    def name(self, kind: str, ref: Any) -> str:
        """Name of a referenced object (``vm.cluster``): inline name, else the store's."""
        if ref is None:
            return ""
        inline = getattr(ref, "name", None)
        if inline:
            return safe(inline)
        ident = getattr(ref, "id", None)
        if not ident:
            return ""
        if not self.remember_names:
            return safe(self.names(kind, ident) or "")
        known = self._known.get((kind, ident))
        if known is None:
            known = self._known[(kind, ident)] = safe(self.names(kind, ident) or "")
        return known
