"""The key footer: Textual's, rebuilt only when what it shows changes.

Textual's footer rebuilds all of its keys whenever the screen says its bindings may
have changed: on every focus change, every ``refresh_bindings`` and every detail pane
opened or closed. A rebuild mounts a widget per key, about 30 ms with the console's
key set, and it used to land before the frame that showed the pane (measured in
bench_responsiveness). Here the shown keys are compared first and an identical set
costs nothing. When only which keys are enabled changed (the cursor moved from a
running VM to a stopped one), the keys already shown are dimmed or lit in place: a
rebuild there is a full layout of the screen, 30-50 ms in the middle of a reload.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["ConsoleFooter", "shown_keys"]


_ENABLED = 5  # where a shown key's enabled flag sits in shown_keys' tuples


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
            if self._shown is not None and _without_enabled(shown) == _without_enabled(self._shown):
                if self._set_enabled(shown):
                    self._shown = shown
                    return
            self._shown = shown
        super().bindings_changed(screen)

    def _set_enabled(self, shown: tuple[Any, ...]) -> bool:
        """Dim or light the keys already shown; False if one is not there (then rebuild)."""
        enabled = {(k[0], k[1]): k[_ENABLED] for k in shown}
        keys = list(self.query(FooterKey))
        if not keys or any((k.key, k.action) not in enabled for k in keys):
            return False
        for footer_key in keys:
            off = not enabled[footer_key.key, footer_key.action]
            if footer_key._disabled != off:  # what FooterKey reads on a click (Textual 8.2.8, pinned)
                footer_key._disabled = off
                footer_key.set_class(off, "-disabled")
        return True


def _without_enabled(shown: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(k[:_ENABLED] + k[_ENABLED + 1:] for k in shown)
