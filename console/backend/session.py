"""The engine session: one thread, one asyncio loop, one api Connection.

The UI calls the public methods from its own loop; they only schedule work on
the backend loop and return at once. Every network round trip and every XML
parse happens on the backend thread, and results leave only through ``sink``.
"""

from __future__ import annotations

from collections.abc import Callable

from console.backend.settings import DemoOptions, EngineSettings

__all__ = ["Backend"]


class Backend:
    """Owns a daemon thread running its own asyncio loop with one console.api Connection.

    All network I/O and XML parsing happen there, never on the UI loop. Results go to
    ``sink`` (a thread-safe callable supplied by the UI; it receives
    console.backend.messages dataclasses).
    """

    def __init__(
        self,
        settings: EngineSettings,
        sink: Callable[[object], None],
        *,
        demo: DemoOptions | None = None,
    ) -> None:
        self.settings = settings
        self._sink = sink
        self._demo = demo

    def start(self) -> None:
        """Log in, then load the inventory; posts ConnectionState, Connected | ConnectFailed."""
        raise NotImplementedError  # body lands in the next commit

    def refresh(self, kind: str | None = None) -> None:
        """Reload one kind (or every kind): LoadProgress and RecordsLoaded (replace=True first)."""
        raise NotImplementedError

    def load_detail(self, kind: str, id: str, tab: str) -> None:
        """Load one detail tab of one object: DetailLoaded."""
        raise NotImplementedError

    def fetch_xml(self, kind: str, id: str) -> None:
        """Fetch the object's XML as the engine sent it: RawXmlLoaded."""
        raise NotImplementedError

    def search(self, kind: str, query: str) -> None:
        """Run the engine's search language server-side: SearchResults or BackendError."""
        raise NotImplementedError

    def cancel_load(self) -> None:
        """Cancel a running inventory load (esc)."""
        raise NotImplementedError

    def stop(self) -> None:
        """Revoke the token and stop the thread; bounded (<= 2 s), safe to call twice."""
        raise NotImplementedError
