"""Parsing of the comfort ``:`` commands (export, bookmarks, theme, profile, engine tabs).

Pure, so the words are tested without a screen; the mixin carries them out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Export:
    path: str


@dataclass(frozen=True, slots=True)
class BookmarkAdd:
    name: str


@dataclass(frozen=True, slots=True)
class BookmarkRemove:
    name: str


@dataclass(frozen=True, slots=True)
class BookmarkList:
    pass


@dataclass(frozen=True, slots=True)
class SetTheme:
    name: str  # "" lists the themes


@dataclass(frozen=True, slots=True)
class SwitchProfile:
    name: str  # "" lists the profiles


@dataclass(frozen=True, slots=True)
class OpenEngine:
    name: str  # a profile; "" lists the profiles and which are open


@dataclass(frozen=True, slots=True)
class CloseEngine:
    pass


EngineTabCommand = OpenEngine | CloseEngine


@dataclass(frozen=True, slots=True)
class Usage:
    message: str


ComfortCommand = (Export | BookmarkAdd | BookmarkRemove | BookmarkList | SetTheme | SwitchProfile | OpenEngine
                  | CloseEngine | Usage)

HEADS = ("export", "bookmark", "bookmarks", "theme", "profile", "open", "close")
COMPLETIONS = ("export ", "bookmark add ", "bookmark rm ", "bookmarks", "theme ", "profile ", "open ", "close")


def parse_comfort(line: str) -> ComfortCommand | None:
    """The command, a usage line, or None when ``line`` is not a comfort command."""
    text = line.strip().lstrip(":").strip()
    head, _, rest = text.partition(" ")
    head, rest = head.lower(), rest.strip()
    if head not in HEADS:
        return None
    if head == "export":
        # The rest is the path as typed: a file name may hold spaces.
        return Export(rest) if rest else Usage("usage: export FILE.csv|FILE.json")
    if head == "bookmarks":
        return BookmarkList()
    if head == "theme":
        return SetTheme(rest)
    if head == "profile":
        return SwitchProfile(rest)
    if head == "open":
        return OpenEngine(rest)
    if head == "close":
        return CloseEngine() if not rest else Usage("usage: close (closes this engine's tab)")
    verb, _, name = rest.partition(" ")
    verb, name = verb.lower(), name.strip()
    if verb in ("add", "save") and name:
        return BookmarkAdd(name)
    if verb in ("rm", "remove", "del", "delete") and name:
        return BookmarkRemove(name)
    if not verb or verb == "list":
        return BookmarkList()
    return Usage("usage: bookmark add NAME | bookmark rm NAME | bookmarks")
