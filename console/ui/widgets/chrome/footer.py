"""The key footer: Textual's, rebuilt only when what it shows changes.

Textual's footer rebuilds all of its keys whenever the screen says its bindings may
have changed: on every focus change, every ``refresh_bindings`` and every detail pane
opened or closed. A rebuild mounts a widget per key, about 30 ms with the console's
key set, and it used to land before the frame that showed the pane (measured in
bench_responsiveness). Here the shown keys are compared first and an identical set
costs nothing.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["ConsoleFooter", "shown_keys"]


def shown_keys(screen: Screen) -> tuple[Any, ...]:
    """Everything the footer draws from the screen's active bindings, comparable."""
    return tuple(
        (key, binding.action, binding.description, binding.key_display, binding.group, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == screen.app.COMMAND_PALETTE_BINDING
    )


class ConsoleFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = shown_keys(screen)
            if shown == self._shown:
                return  # the same keys, enabled the same way: nothing to rebuild
            self._shown = shown
        super().bindings_changed(screen)
