"""Each open engine's screens live in their own Textual mode (one screen stack per tab).

A stack is ``[base, login or main screen, what is open over it …]``. Switching
tabs is ``switch_mode``: nothing is rebuilt or reloaded, and a hidden tab's
screens stay mounted, so they keep taking their engine's messages.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from console.ui.engines.session import EngineSession


def stack_of(app: App, session: EngineSession) -> list[Screen]:
    """The session's screens, bottom first (empty before its mode first showed)."""
    try:
        return app.get_screen_stack(session.mode)
    except KeyError:
        return []


def main_of(app: App, session: EngineSession) -> Screen | None:
    """The session's main screen, once it is connected."""
    from console.ui.screens.main import MainScreen

    return next((s for s in stack_of(app, session) if isinstance(s, MainScreen)), None)


def replace_content(app: App, session: EngineSession, screen: Screen) -> None:
    """Put ``screen`` in place of the session's login/main screen and whatever is over it.

    The visible tab goes through ``switch_screen``; a hidden tab's stack is rebuilt
    in place (Textual has no public call to switch a screen in a mode that is not
    shown), so the new screen mounts now and takes messages while the tab is hidden.
    """
    if app.current_mode == session.mode:
        while len(app.screen_stack) > 2:  # modals over the old screen belong to the old engine
            app.pop_screen()
        app.switch_screen(screen)
        return
    # Textual 8.2.8 (pinned) keeps the stacks in ``_screen_stacks``; only the slice is ours.
    stack = app._screen_stacks[session.mode]
    old = stack[1:]
    del stack[1:]
    app.push_screen(screen, mode=session.mode)
    for gone in reversed(old):
        # Through its own queue: a screen replaced while it mounts (a fast engine answers at
        # once) is removed after its mount, as switch_screen does, never from under it.
        gone.call_later(gone.remove)
