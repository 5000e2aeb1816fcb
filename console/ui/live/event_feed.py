"""The events pane's data: ordered by event number, no duplicates, filtered (pure).

Event ids are integers as text that grow with time; the feed keys on them, so
the same event arriving from the initial load, the tail and a post-reconnect
catch-up is held once. Only the newest ``limit`` events are kept, as in the
``:events`` view; the full log stays on the engine.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from console.ui.render.common import enum_value, get, safe
from console.ui.state.inventory import EVENTS_KEPT

__all__ = ["NOTIFY_SEVERITIES", "SEVERITIES", "EventFeed", "EventFilter", "event_number", "jump_target"]

SEVERITIES = ("normal", "warning", "error", "alert")
NOTIFY_SEVERITIES = frozenset({"error", "alert"})
# What ``enter`` on an event opens, in order of preference.
_JUMP_REFS = (("vm", "vms"), ("host", "hosts"))


def event_number(event: Any) -> int:
    try:
        return int(get(event, "id"))
    except (TypeError, ValueError):
        return -1


def severity_of(event: Any) -> str:
    severity = enum_value(get(event, "severity")).lower()
    return severity if severity in SEVERITIES else "normal"


def jump_target(event: Any) -> tuple[str, str] | None:
    """(kind, id) of the VM or host the event names, VM first."""
    for attribute, kind in _JUMP_REFS:
        ident = get(event, f"{attribute}.id")
        if ident:
            return kind, ident
    return None


@dataclass(slots=True)
class EventFilter:
    """Severities shown (all by default) and a case-insensitive substring."""

    severities: frozenset[str] = frozenset(SEVERITIES)
    text: str = ""

    @classmethod
    def at_least(cls, minimum: str, text: str = "") -> EventFilter:
        """Severities from ``minimum`` up (``warning`` shows warning, error and alert)."""
        if minimum not in SEVERITIES:
            raise ValueError(f"unknown severity {minimum!r}; severities: {', '.join(SEVERITIES)}")
        return cls(frozenset(SEVERITIES[SEVERITIES.index(minimum):]), text)

    @property
    def active(self) -> bool:
        return bool(self.text) or self.severities != frozenset(SEVERITIES)

    def matches(self, event: Any, object_name: str = "") -> bool:
        if severity_of(event) not in self.severities:
            return False
        if not self.text:
            return True
        needle = self.text.lower()
        haystack = (safe(get(event, "description")), str(get(event, "code") or ""), object_name)
        return any(needle in part.lower() for part in haystack)


@dataclass(slots=True)
class EventFeed:
    """Events by number, oldest first; ``add`` returns only the ones not seen before."""

    limit: int = EVENTS_KEPT
    _numbers: list[int] = field(default_factory=list)
    _events: dict[int, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self._numbers)

    def add(self, events: Iterable[Any]) -> list[Any]:
        fresh: list[Any] = []
        for event in events:
            number = event_number(event)
            if number < 0 or number in self._events:
                continue
            if len(self._numbers) >= self.limit and number < self._numbers[0]:
                continue  # older than everything kept: the feed is full of newer ones
            self._events[number] = event
            insort(self._numbers, number)
            fresh.append(event)
        while len(self._numbers) > self.limit:
            self._events.pop(self._numbers.pop(0), None)
        fresh.sort(key=event_number)
        return fresh

    def events(self) -> list[Any]:
        return [self._events[n] for n in self._numbers]

    def visible(self, flt: EventFilter, object_name=lambda event: "") -> list[Any]:
        if not flt.active:
            return self.events()
        return [e for e in self.events() if flt.matches(e, object_name(e))]

    @property
    def newest(self) -> int | None:
        return self._numbers[-1] if self._numbers else None


def to_notify(fresh: Iterable[Any]) -> list[Any]:
    """New events that deserve a notification (error and alert)."""
    return [e for e in fresh if severity_of(e) in NOTIFY_SEVERITIES]
