"""Every key action of the console, as data (k9s ``ui/action.go``, Harlequin ``actions.py``).

One table feeds the Textual BINDINGS (each with an id, so users remap keys with
``App.set_keymap``), the footer, the ``?`` help screen and the command palette.
Mutating actions (added by the actions feature) are flagged so read-only mode can
refuse them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from console.ui.live.specs import LIVE_ACTIONS
from console.ui.operations.specs import registry_fields
from console.ui.views import VIEWS

# Keys that belong to the terminal multiplexer (screen, tmux): never bind them.
RESERVED_KEYS = frozenset({"ctrl+a", "ctrl+b"})


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One console action.

    ``action`` is the Textual action string run on the main screen; ``kinds`` empty
    means it applies to every view; ``group`` orders the help screen.
    """

    id: str
    key: str
    description: str
    action: str
    group: str = "General"
    mutating: bool = False
    kinds: tuple[str, ...] = ()
    footer: bool = True
    key_display: str | None = None
    # More keys for the same action, bound with priority: they work even where the focused
    # widget has a use for them (a text field, a table), so keep them to keys nothing types.
    also: str = ""

    def applies_to(self, kind: str | None) -> bool:
        return not self.kinds or kind in self.kinds


def _view_actions() -> list[ActionSpec]:
    return [
        ActionSpec(f"view.{view.kind}", view.number, f"{view.title} view", f"show_view('{view.kind}')",
                   group="Views", footer=False)
        for view in VIEWS
    ]


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("app.quit", "q", "Quit", "app.quit"),
    ActionSpec("main.back", "escape", "Back", "back", key_display="esc"),
    ActionSpec("app.help", "question_mark", "Help: all keys", "app.show_help", key_display="?"),
    ActionSpec("main.command", "colon", "Command (:vms, :search …)", "open_prompt('command')", key_display=":"),
    ActionSpec("main.filter", "slash", "Filter rows", "open_prompt('filter')", key_display="/"),
    ActionSpec("main.detail", "enter", "Details", "open_detail", group="Object", key_display="↵"),
    ActionSpec("main.xml", "x", "Show XML", "show_xml", group="Object"),
    ActionSpec("main.explore", "X", "Open in the API explorer", "open_explorer", group="Object", footer=False),
    ActionSpec("main.copy", "y", "Copy name and id", "copy_selection", group="Object"),
    ActionSpec("main.sort", "o", "Sort by column…", "pick_sort", group="Table"),
    ActionSpec("main.refresh", "ctrl+r", "Reload this view", "reload", group="Table", footer=False),
    ActionSpec("main.tree", "t", "Show/hide the tree", "toggle_tree", group="Layout", footer=False),
    ActionSpec("main.focus_next", "tab", "Next pane (tree ⇄ table ⇄ detail)", "app.focus_next", group="Layout",
               footer=False),
    # Several engines open at once, one header tab each: app-wide, so they work from any tab's screens.
    # ctrl+pgdn/pgup too (priority): a text field (a login form, the prompt) types ] and [.
    ActionSpec("app.next_engine", "right_square_bracket", "Next engine tab", "app.next_engine",
               group="Engines", footer=False, key_display="] ^pgdn", also="ctrl+pagedown"),
    ActionSpec("app.previous_engine", "left_square_bracket", "Previous engine tab",
               "app.previous_engine", group="Engines", footer=False, key_display="[ ^pgup", also="ctrl+pageup"),
    ActionSpec("app.open_engine", "ctrl+n", "Open another engine in a tab (:open PROFILE)", "app.open_engine",
               group="Engines", footer=False, key_display="^n"),
    ActionSpec("app.close_engine", "ctrl+w", "Close this engine's tab (:close)", "app.close_engine",
               group="Engines", footer=False, key_display="^w"),
    *_view_actions(),
    *(ActionSpec(**fields) for fields in registry_fields()),
    *(ActionSpec(**live) for live in LIVE_ACTIONS),
)

_BY_ID = {spec.id: spec for spec in ACTIONS}
_ALSO_IDS = {f"{spec.id}.also" for spec in ACTIONS if spec.also}


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """Binding ids in a user's key overrides that no action has (typos in config.toml)."""
    return sorted(set(keymap) - set(_BY_ID) - _ALSO_IDS)


def spec(action_id: str) -> ActionSpec:
    return _BY_ID[action_id]


def bindings(scope: str) -> list[Binding]:
    """The BINDINGS of a screen (``scope`` is the id prefix: "app", "main")."""
    out = []
    for action in ACTIONS:
        if not action.id.startswith(scope + ".") and not (scope == "main" and action.id.startswith("view.")):
            continue
        assert action.key not in RESERVED_KEYS, f"{action.id} binds reserved key {action.key}"
        out.append(Binding(action.key, action.action, action.description, show=action.footer,
                           key_display=action.key_display, id=action.id))
        if action.also:
            assert not RESERVED_KEYS & set(action.also.split(",")), f"{action.id} binds a reserved key"
            # Its own id: remapping the main key never turns a typed letter into a priority key.
            out.append(Binding(action.also, action.action, action.description, show=False, priority=True,
                               id=f"{action.id}.also"))
    return out


def for_view(kind: str | None, *, read_only: bool = False) -> list[ActionSpec]:
    """Actions that make sense in a view (read-only hides the mutating ones)."""
    return [a for a in ACTIONS if a.applies_to(kind) and not (read_only and a.mutating)]


def by_action(action: str) -> ActionSpec | None:
    """The spec whose Textual action string names ``action`` (e.g. "show_xml")."""
    for spec_ in ACTIONS:
        if spec_.action.split("(", 1)[0] == action:
            return spec_
    return None


def allowed(action: str, kind: str | None, read_only: bool) -> bool | None:
    """Textual ``check_action`` answer: False greys out a mutating action in read-only mode,
    None hides an action that does not apply to this view, True allows it."""
    spec_ = by_action(action)
    if spec_ is None:
        return True
    if spec_.mutating and read_only:
        return False
    return True if spec_.applies_to(kind) else None


def display_key(action: ActionSpec, keymap: dict[str, str] | None = None) -> str:
    """The key as the help screen shows it, honouring a user's remapping."""
    if keymap and action.id in keymap:
        return keymap[action.id]
    return action.key_display or action.key
