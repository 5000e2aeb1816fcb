"""Saved searches (bookmarks) per profile, in the XDG state directory.

A bookmark is a view and an engine search (``vms``, ``status=up and cluster=prod``),
stored in ``bookmarks.json`` under a scope: the profile name, ``demo``, or the
engine URL when no profile was used. Never secrets. Writes are atomic (a temp
file renamed over the old one) so a crash cannot leave half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from console.config.profiles import APP_NAME

__all__ = [
    "Bookmark",
    "BookmarkError",
    "add_bookmark",
    "bookmark_scope",
    "bookmarks_path",
    "list_bookmarks",
    "remove_bookmark",
]

FORMAT_VERSION = 1


class BookmarkError(Exception):
    """The bookmarks file cannot be read or written; one line."""


@dataclass(frozen=True, slots=True)
class Bookmark:
    name: str
    kind: str  # the view, in the backend's words: vms, hosts, storage_domains, ...
    search: str  # the engine's search language, e.g. "status=up sortby name"


def bookmarks_path() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME)) / "bookmarks.json"


def bookmark_scope(
    profile: str | None, url: str | None = None, demo: bool = False
) -> str:
    """Whose bookmarks: the profile's, the demo's, else the engine URL's."""
    if profile:
        return profile
    if demo:
        return "demo"
    return url or "default"


def list_bookmarks(scope: str, path: Path | None = None) -> list[Bookmark]:
    """The scope's bookmarks sorted by name; none when the file does not exist yet."""
    marks = _read(path or bookmarks_path()).get(scope, {})
    return [marks[name] for name in sorted(marks, key=str.casefold)]


def add_bookmark(
    scope: str, name: str, kind: str, search: str, path: Path | None = None
) -> Bookmark:
    """Save (or replace) the bookmark ``name``."""
    name, kind, search = name.strip(), kind.strip(), search.strip()
    if not name:
        raise ValueError("a bookmark needs a name")
    if not kind:
        raise ValueError("a bookmark needs a view (vms, hosts, ...)")
    file = path or bookmarks_path()
    data = _read(file)
    mark = Bookmark(name, kind, search)
    data.setdefault(scope, {})[name] = mark
    _write(file, data)
    return mark


def remove_bookmark(scope: str, name: str, path: Path | None = None) -> bool:
    """Delete a bookmark; False when there was none by that name."""
    file = path or bookmarks_path()
    data = _read(file)
    if name.strip() not in data.get(scope, {}):
        return False
    del data[scope][name.strip()]
    if not data[scope]:
        del data[scope]
    _write(file, data)
    return True


def _read(file: Path) -> dict[str, dict[str, Bookmark]]:
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise BookmarkError(f"{file}: cannot read bookmarks: {exc}") from None
    scopes = raw.get("scopes") if isinstance(raw, dict) else None
    if not isinstance(scopes, dict):
        raise BookmarkError(f"{file}: not an ovirt-console bookmarks file")
    data: dict[str, dict[str, Bookmark]] = {}
    for scope, marks in scopes.items():
        if not isinstance(marks, list):
            raise BookmarkError(f"{file}: scopes.{scope}: expected a list")
        data[scope] = {}
        for entry in marks:
            mark = _bookmark(entry)
            if mark is None:
                raise BookmarkError(
                    f"{file}: scopes.{scope}: malformed bookmark {entry!r}"
                )
            data[scope][mark.name] = mark
    return data


def _bookmark(entry: Any) -> Bookmark | None:
    if not isinstance(entry, dict):
        return None
    name, kind, search = (entry.get(k) for k in ("name", "kind", "search"))
    if not (
        isinstance(name, str) and isinstance(kind, str) and isinstance(search, str)
    ):
        return None
    return Bookmark(name, kind, search)


def _write(file: Path, data: dict[str, dict[str, Bookmark]]) -> None:
    payload = {
        "version": FORMAT_VERSION,
        "scopes": {
            scope: [
                {"name": m.name, "kind": m.kind, "search": m.search}
                for m in sorted(marks.values(), key=lambda m: m.name.casefold())
            ]
            for scope, marks in sorted(data.items())
        },
    }
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bookmarks-", dir=file.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise BookmarkError(
            f"{file}: cannot save bookmarks: {exc.strerror or exc}"
        ) from None
