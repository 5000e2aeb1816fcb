"""The messages answering ``open_console`` (apart from the session so the UI imports them cheaply)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONTEXT", "GraphicsConsoleFailed", "GraphicsConsoleReady"]

# The BackendError context when the call itself broke (not connected, an unexpected failure).
CONTEXT = "open graphics console"


@dataclass(frozen=True, slots=True)
class GraphicsConsoleReady:
    """The VM's remote-viewer file is saved (mode 0600) at ``path``; its ticket is short-lived."""

    vm_id: str
    vm_name: str
    path: str
    protocol: str  # spice | vnc
    correlation_id: str | None = None
    valid_seconds: int = 120  # the engine's ticket validity (ConsoleOptions.TICKET_VALIDITY_SECONDS)


@dataclass(frozen=True, slots=True)
class GraphicsConsoleFailed:
    """No console file: ``message`` is the engine's reason or what went wrong here."""

    vm_id: str
    vm_name: str
    message: str
    correlation_id: str | None = None
    sent: bool = False  # whether the request reached the engine (read-only and missing consoles send nothing)
