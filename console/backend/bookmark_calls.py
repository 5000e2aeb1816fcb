"""The engine's own bookmarks as a Backend call, for the ``:bookmarks`` picker.

A Backend subclass in its own module so the session stays one responsibility.
A failure (an engine or simulator without ``/bookmarks``, a refused read) is part
of the answer, not a BackendError: the picker still lists the console's bookmarks
and says in one line why the engine's are missing.
"""

from __future__ import annotations

from console.api.errors import ApiError
from console.backend.bookmark_messages import EngineBookmarksLoaded
from console.backend.engine_bookmarks import engine_bookmarks
from console.backend.session import Backend

__all__ = ["BookmarksBackend", "EngineBookmarksLoaded"]


class BookmarksBackend(Backend):
    def load_engine_bookmarks(self) -> None:
        """Read ``/bookmarks``: EngineBookmarksLoaded follows (with ``error`` on failure)."""

        async def work() -> None:
            try:
                marks = await engine_bookmarks(self._require())
            except ApiError as exc:
                self._post(EngineBookmarksLoaded((), self._describe(exc)))
                return
            self._post(EngineBookmarksLoaded(tuple(marks)))

        self._spawn("load engine bookmarks", work)
