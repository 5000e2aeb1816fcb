"""The command palette (ctrl+p) lists the same registry actions and views as the keys."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from console.ui.actions.registry import ACTIONS, ActionSpec, display_key


class RegistryCommands(Provider):
    """Every registry action that applies to the current view, runnable by name."""

    def _actions(self) -> list[ActionSpec]:
        from console.ui.screens.main import MainScreen

        screen = self.app.screen_stack[0] if not self.app.screen_stack else self.app.screen_stack[-1]
        for candidate in reversed(self.app.screen_stack):
            if isinstance(candidate, MainScreen):
                screen = candidate
                break
        if not isinstance(screen, MainScreen):
            # A tab still on its login form: the app-wide actions (engine tabs) still apply.
            return [a for a in ACTIONS if a.id.startswith("app.") and a.id not in ("app.quit", "app.help")]
        read_only = getattr(self.app, "read_only", False)
        return [a for a in ACTIONS if a.applies_to(screen.view) and not (read_only and a.mutating)
                and a.id not in ("app.quit",)]

    async def _run(self, action: ActionSpec) -> None:
        from console.ui.screens.main import MainScreen

        if action.action.startswith("app."):
            await self.app.run_action(action.action[4:])
            return
        target = next((s for s in reversed(self.app.screen_stack) if isinstance(s, MainScreen)), None)
        if target is not None:
            await target.run_action(action.action)

    async def discover(self) -> Hits:
        keymap = dict(getattr(self.app, "keymap", {}) or {})
        for action in self._actions():
            yield DiscoveryHit(action.description, partial(self._run, action),
                               help=f"key: {display_key(action, keymap)}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        keymap = dict(getattr(self.app, "keymap", {}) or {})
        for action in self._actions():
            score = matcher.match(action.description)
            if score > 0:
                yield Hit(score, matcher.highlight(action.description), partial(self._run, action),
                          help=f"key: {display_key(action, keymap)}")
