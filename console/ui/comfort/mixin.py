"""The main screen's comfort commands: ``:export``, bookmarks, ``:theme``, ``:profile``.

A mixin so the main screen stays one responsibility; it reads the screen's view,
table and search, and reports in the status line (errors) or a notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.backend.bookmark_messages import EngineBookmarksLoaded
from console.backend.export import ExportError, write_table
from console.config.bookmarks import (
    BookmarkError,
    add_bookmark,
    bookmark_scope,
    list_bookmarks,
    remove_bookmark,
)
from console.config.profiles import ConfigError
from console.ui.comfort.bookmark_picker import BookmarkPicker, Choice, describe
from console.ui.comfort.commands import (
    BookmarkAdd,
    BookmarkList,
    BookmarkRemove,
    CloseEngine,
    Export,
    OpenEngine,
    SetTheme,
    SwitchProfile,
    Usage,
    parse_comfort,
)
from console.ui.comfort.engines import engine_tab_command, switch_profile
from console.ui.comfort.table_export import plain_table
from console.ui.comfort.themes import apply_theme, theme_names
from console.ui.engines.stacks import stack_of
from console.ui.widgets.chrome.status_line import StatusLine

if TYPE_CHECKING:
    from console.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class ComfortMixin(_Base):
    def comfort_command(self, line: str) -> bool:
        """Carry out a comfort command; False when ``line`` is some other command."""
        command = parse_comfort(line)
        if command is None:
            return False
        if isinstance(command, Usage):
            self._comfort_error(command.message)
        elif isinstance(command, Export):
            self.export_table(command.path)
        elif isinstance(command, (BookmarkAdd, BookmarkRemove, BookmarkList)):
            self.bookmark_command(command)
        elif isinstance(command, SetTheme):
            self.theme_command(command.name)
        elif isinstance(command, SwitchProfile):
            self.profile_command(command.name)
        elif isinstance(command, (OpenEngine, CloseEngine)):
            engine_tab_command(self, command)
        else:
            return False
        return True

    def _comfort_error(self, message: str) -> None:
        self.query_one(StatusLine).message = message

    def _comfort_done(self, message: str, title: str) -> None:
        self.query_one(StatusLine).message = ""
        self.notify(message, title=title)

    # -- export ----------------------------------------------------------------------------
    def export_table(self, path: str) -> None:
        """The table as shown (rows after scope, search, filter and sort; plain text) to a file."""
        columns, rows = plain_table(self.table.model)
        try:
            target = write_table(path, columns, rows)
        except (ValueError, ExportError) as error:
            self._comfort_error(f"export: {error}")
            return
        what = self.view.replace("_", " ")
        self._comfort_done(f"{len(rows)} {what} written to {target}", "Export")

    # -- bookmarks -------------------------------------------------------------------------
    def bookmark_scope(self) -> str:
        settings = self.session.settings
        if settings is None:
            return bookmark_scope(None)
        return bookmark_scope(settings.profile, settings.url, settings.demo)

    def current_search(self) -> str:
        """What a bookmark of this view saves: the engine search, else ``/filter``, else nothing."""
        if self.search is not None and self.search.kind == self.view:
            return self.search.query
        text = self.table.model.filter.text
        return f"/{text}" if text else ""

    def bookmark_command(self, command: BookmarkAdd | BookmarkRemove | BookmarkList) -> None:
        scope = self.bookmark_scope()
        try:
            if isinstance(command, BookmarkAdd):
                mark = add_bookmark(scope, command.name, self.view, self.current_search())
                self._comfort_done(f"{mark.name}: {describe(mark.kind, mark.search)}", "Bookmark saved")
            elif isinstance(command, BookmarkRemove):
                if remove_bookmark(scope, command.name):
                    self._comfort_done(command.name, "Bookmark removed")
                else:
                    self._comfort_error(f"no bookmark named {command.name!r}")
            else:
                self.open_bookmarks(scope, list_bookmarks(scope))
        except (BookmarkError, ValueError) as error:
            self._comfort_error(f"bookmarks: {error}")

    def open_bookmarks(self, scope: str, saved: list) -> None:
        backend = self.session.backend
        # Only the real session reads the engine's /bookmarks; other backends have none.
        pending = backend is not None and hasattr(backend, "load_engine_bookmarks")
        self.app.push_screen(BookmarkPicker(scope, saved, pending), self.run_bookmark)
        if pending:
            self.session.call("load_engine_bookmarks")

    def run_bookmark(self, choice: Choice | None) -> None:
        if choice is None:
            return
        kind, search = choice
        if search.startswith("/"):
            self.search = None
            self.show_view(kind)
            self._apply_filter(search[1:])
        elif search:
            self.session.call("search", kind, search)
            self.notify(f"searching {kind.replace('_', ' ')}: {search}", title="Engine search")
        else:
            self.show_view(kind)

    def comfort_message(self, payload: object) -> None:
        """A backend answer for a comfort feature (the engine's bookmarks)."""
        if isinstance(payload, EngineBookmarksLoaded):
            # This engine's own screens: its tab may be hidden while another tab has a picker open.
            picker = next((s for s in stack_of(self.app, self.session) if isinstance(s, BookmarkPicker)), None)
            if picker is not None:
                picker.engine_loaded(payload.bookmarks, payload.error)

    # -- themes ----------------------------------------------------------------------------
    def theme_command(self, name: str) -> None:
        """``:theme NAME`` for this session (config.toml's ``theme`` makes it stick)."""
        if not name:
            self._comfort_done(", ".join(theme_names(self.app)), f"Themes (now {self.app.theme})")
            return
        problem = apply_theme(self.app, name)
        if problem:
            self._comfort_error(problem)
        else:
            self._comfort_done(name, "Theme")

    # -- profiles --------------------------------------------------------------------------
    def profile_command(self, name: str) -> None:
        """``:profile NAME``: switch to that engine; bare ``:profile`` lists the profiles."""
        app = self.app
        config = app.config
        if config is None or not config.profiles:
            where = config.path if config is not None and config.path else "config.toml"
            self._comfort_error(f"no profiles: define [profiles.NAME] in {where}")
            return
        current = app.settings.profile if app.settings else None
        if not name:
            listed = ", ".join(f"{p} (current)" if p == current else p for p in sorted(config.profiles))
            self._comfort_done(listed, "Profiles")
            return
        try:
            profile = config.profile(name)
        except ConfigError as error:
            self._comfort_error(str(error))
            return
        if profile is None:
            self._comfort_error(f"no profile {name!r}")
            return
        self._comfort_done(f"connecting to {profile.url}", f"Profile {profile.name}")
        switch_profile(self, profile)
