"""One engine the console talks to: its settings, backend thread, records and state.

The app holds a list of these (one header tab each) and one active session;
every main screen is bound to the session it shows, so a background engine's
answers land in its own records and never in the visible one's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from console.backend import messages as m
from console.backend.settings import DemoOptions, EngineSettings
from console.ui.state.inventory import Inventory


@dataclass(eq=False)
class EngineSession:
    settings: EngineSettings | None
    demo: DemoOptions | None = None
    backend: Any | None = None  # a BackendLike while its thread runs
    inventory: Inventory = field(default_factory=Inventory)
    connected: m.Connected | None = None
    read_only: bool = False
    # Bumped per backend started: answers from a replaced backend are recognised and dropped.
    generation: int = 0
    # Latest link state for the tab strip ("connected", "reconnecting", ...).
    state: str = "connecting"
    # Whether that link's data is stale (the engine stopped answering; records shown are old).
    stale: bool = False
    # The Textual mode holding this engine's screens (its main screen and what is open over it).
    mode: str = ""
    # The theme this tab was left with (``:theme``); None: the profile's.
    theme: str | None = None
    # Error notifications raised while this tab was in the background (the tab shows a count).
    alerts: int = 0

    @property
    def label(self) -> str:
        """The tab's name: the profile, else the engine's host, else "demo"."""
        settings = self.settings
        if settings is None:
            return "engine"
        if settings.profile:
            return settings.profile
        if settings.demo:
            return "demo"
        host = settings.url.split("://", 1)[-1].split("/", 1)[0]
        return host or "engine"

    def call(self, method: str, *args: Any) -> None:
        """Ask this engine's backend for something; the answer comes back as a message."""
        if self.backend is not None:
            getattr(self.backend, method)(*args)

    def stop(self) -> None:
        if self.backend is not None:
            backend, self.backend = self.backend, None
            backend.stop()
