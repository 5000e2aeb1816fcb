"""The header's connection health text, from ConnectionState (pure).

"reconnecting (attempt 3, next in 8s)" while the engine is away, then
"stale 42s" (the age of the data on screen) until it is back. The age is
recomputed only when something calls ``text`` again (each retry, or a coarse
timer while stale), never every second: over SSH a ticking clock costs bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.backend.messages import ConnectionState

__all__ = ["Health", "fmt_age", "health_parts", "health_text"]


def fmt_age(seconds: float) -> str:
    """42s, 3m05s, 2h04m: short enough for a header."""
    total = max(0, int(seconds))
    if total < 60:
        return f"{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def health_parts(state: ConnectionState, now: float) -> list[str]:
    """``["attempt 3, next in 8s", "stale 42s"]``: the detail beside the header's state word."""
    parts: list[str] = []
    if state.state == "reconnecting":
        retry = f"attempt {state.attempt}"
        if state.next_retry_in is not None:
            retry += f", next in {state.next_retry_in:.0f}s"
        parts.append(retry)
    if state.stale_since is not None and state.state != "connected":
        parts.append(f"stale {fmt_age(now - state.stale_since)}")
    return parts


def health_text(state: ConnectionState, now: float) -> str:
    """What the header says about the link; empty when all is well."""
    parts: list[str] = []
    if state.state == "reconnecting":
        words = f"reconnecting (attempt {state.attempt}"
        if state.next_retry_in is not None:
            words += f", next in {state.next_retry_in:.0f}s"
        parts.append(words + ")")
    elif state.state == "connecting":
        parts.append("connecting")
    elif state.state == "closed":
        parts.append("disconnected")
    if state.stale_since is not None and state.state != "connected":
        parts.append(f"stale {fmt_age(now - state.stale_since)}")
    return "  ".join(parts)


@dataclass(slots=True)
class Health:
    """The last ConnectionState seen, plus whether polling is paused (``p``)."""

    state: ConnectionState | None = None
    paused: bool = False

    @property
    def stale(self) -> bool:
        return self.state is not None and self.state.stale_since is not None and self.state.state != "connected"

    def update(self, state: ConnectionState) -> None:
        self.state = state

    def text(self, now: float) -> str:
        return health_text(self.state, now) if self.state is not None else ""

    def badges(self, now: float) -> str:
        """Everything the live layer adds to the header, in one line."""
        parts = []
        if self.paused:
            parts.append("PAUSED")
        health = self.text(now)
        if health:
            parts.append(health)
        return "  ".join(parts)

    def detail(self, now: float, shown: str = "") -> str:
        """The health parts the header does not already show in ``shown`` (its state detail).

        The header's own detail may already say "attempt 3, next in 8s"; that part is not
        repeated. The stale age ("stale 42s") always is: the header's "stale since 11:58 UTC"
        is a time of day the admin would have to subtract, and a long detail (an explanation
        and its fix) is cut at the header's edge, taking it along.
        """
        if self.state is None:
            return ""
        parts = health_parts(self.state, now)
        missing = [p for p in parts if p.startswith("stale") or p not in shown]
        return "; ".join(missing)
