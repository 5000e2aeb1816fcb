"""The message answering ``load_engine_bookmarks`` (kept apart from the session so the UI can import it cheaply)."""

from __future__ import annotations

from dataclasses import dataclass

from console.backend.engine_bookmarks import EngineBookmark

__all__ = ["EngineBookmarksLoaded"]


@dataclass(frozen=True, slots=True)
class EngineBookmarksLoaded:
    bookmarks: tuple[EngineBookmark, ...]
    error: str = ""  # why there are none, when the read failed
