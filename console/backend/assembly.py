"""The Backend the console runs: the engine session plus every feature's calls.

Features add their calls as Backend subclasses in their own modules; this is
the one place they are put together, so the app imports a single class.
"""

from __future__ import annotations

from console.backend.bookmark_calls import BookmarksBackend
from console.backend.graphics_console import GraphicsConsoleBackend

__all__ = ["ConsoleBackend"]


class ConsoleBackend(GraphicsConsoleBackend, BookmarksBackend):
    """Session, pollers and actions, plus the engine's bookmarks and graphics consoles."""
