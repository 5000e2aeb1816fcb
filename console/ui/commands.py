"""The ``:`` command language: view switches and the engine's own search.

Parsing is pure so it is tested without a screen. ``:search vms status=up and
cluster=prod sortby name`` sends ``status=up and cluster=prod sortby name`` to the
engine's search for VMs unchanged: the engine owns that language.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.ui.comfort.commands import COMPLETIONS as COMFORT_COMPLETIONS
from console.ui.live.specs import LIVE_COMMANDS
from console.ui.views import VIEWS, view_for


# Every ``:`` command with a one-line use, for the help screen and README's generated table.
COMMAND_HELP: tuple[tuple[str, str], ...] = (
    (":vms", "a view: vms hosts clusters dcs storage networks templates disks events jobs"),
    (":vms QUERY", "engine search in its own language, server-side: :vms status=up and cluster=prod"),
    (":search KIND QUERY", "the same, long form: :search hosts status=maintenance sortby name"),
    (":top", "VMs and hosts by CPU or memory, live"),
    (":api [PATH]", "the API explorer at PATH (default: the API root)"),
    (":export FILE", "the current table to FILE.csv or FILE.json"),
    (":bookmark add NAME", "save the current search for this profile (:bookmark rm NAME)"),
    (":bookmarks", "saved searches, and the engine's own bookmarks beside them"),
    (":theme [NAME]", "switch theme (bare: list the themes)"),
    (":profile [NAME]", "this tab to another engine profile (bare: list the profiles)"),
    (":open [PROFILE]", "another engine in a new tab (bare: list the profiles)"),
    (":close", "close this engine's tab"),
    (":help", "every key of the current view"),
    (":q", "quit"),
)


@dataclass(frozen=True, slots=True)
class ShowView:
    kind: str


@dataclass(frozen=True, slots=True)
class Search:
    kind: str
    query: str


@dataclass(frozen=True, slots=True)
class Quit:
    pass


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class Explore:
    """``:api [PATH]``: the API explorer at the root or at PATH (e.g. vms/123/nics)."""

    path: str


@dataclass(frozen=True, slots=True)
class Invalid:
    message: str


Command = ShowView | Search | Quit | Help | Explore | Invalid


def parse(line: str) -> Command:
    """Turn what was typed after ``:`` into a command (or a one-line reason it is not one)."""
    words = line.strip().lstrip(":").split(maxsplit=2)
    if not words:
        return Invalid("type a view (vms, hosts …) or search KIND QUERY")
    head = words[0].lower()
    if head in ("q", "quit", "q!"):
        return Quit()
    if head in ("help", "?"):
        return Help()
    if head == "api":
        return Explore(words[1] + (f" {words[2]}" if len(words) > 2 else "") if len(words) > 1 else "")
    if head == "search":
        if len(words) < 2:
            return Invalid("usage: search KIND QUERY, e.g. search vms status=up sortby name")
        view = view_for(words[1])
        if view is None:
            return Invalid(f"unknown kind {words[1]!r} to search")
        query = words[2].strip() if len(words) > 2 else ""
        if not query:
            return Invalid("search needs a query, e.g. status=up")
        return Search(view.kind, query)
    view = view_for(head)
    if view is None:
        return Invalid(f"unknown command {words[0]!r}")
    if len(words) > 1:  # ":vms name=web*" is a shorthand for a search
        return Search(view.kind, line.strip().lstrip(":").split(maxsplit=1)[1].strip())
    return ShowView(view.kind)


def completions() -> list[str]:
    """Words the prompt suggests as you type."""
    words: list[str] = []
    for view in VIEWS:
        words.extend(view.aliases)
    for view in VIEWS:
        words.append(f"search {view.aliases[0]} ")
    words.extend(LIVE_COMMANDS)  # answered by the live layer before parse(), still typed at ":"
    words.extend(COMFORT_COMPLETIONS)  # export, bookmarks, theme, profile: the comfort mixin answers them
    words.extend(["api ", "help", "quit"])
    return words
