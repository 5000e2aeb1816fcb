"""The footer rebuilds only when the keys it shows change (a rebuild is ~30 ms)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from console.ui.widgets.chrome.footer import ConsoleFooter


class _Keys(App[None]):
    BINDINGS = [Binding("r", "reload", "Reload")]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self) -> None:
        super().__init__()
        self.extra = False
        self.dim_allowed = False  # "dim" is shown, disabled until allowed

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield ConsoleFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dim":
            return True if self.dim_allowed else None
        return self.extra if action == "extra" else True

    def action_reload(self) -> None:
        pass


@pytest.fixture
def rebuilds(monkeypatch) -> list[ConsoleFooter]:
    """Every footer rebuild (recompose) the test causes."""
    made: list[ConsoleFooter] = []
    real = ConsoleFooter.recompose

    async def counted(self: ConsoleFooter) -> None:
        made.append(self)
        await real(self)

    monkeypatch.setattr(ConsoleFooter, "recompose", counted)
    return made


async def test_same_keys_no_rebuild_and_a_new_key_rebuilds(rebuilds):
    app = _Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(ConsoleFooter)
        assert [k.description for k in footer.query(FooterKey)] == ["Reload"]
        before = len(rebuilds)
        app.query_one("#two", Button).focus()  # focus moves, the keys shown do not change
        await pilot.pause()
        app.refresh_bindings()
        await pilot.pause()
        assert len(rebuilds) == before
        app.bind("x", "extra", description="Extra")
        app.extra = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == before + 1
        assert [k.description for k in footer.query(FooterKey)] == ["Reload", "Extra"]


async def test_a_key_enabled_or_disabled_is_dimmed_in_place_without_a_rebuild(rebuilds):
    app = _Keys()
    async with app.run_test() as pilot:
        app.bind("d", "dim", description="Dim")
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        footer = app.query_one(ConsoleFooter)
        dim = next(k for k in footer.query(FooterKey) if k.action == "dim")
        assert dim.has_class("-disabled") and dim._disabled
        before = len(rebuilds)
        app.dim_allowed = True  # the selection now allows it: same keys, one more enabled
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == before
        assert next(k for k in footer.query(FooterKey) if k.action == "dim") is dim
        assert not dim.has_class("-disabled") and not dim._disabled
        app.dim_allowed = False
        app.refresh_bindings()
        await pilot.pause()
        assert len(rebuilds) == before and dim.has_class("-disabled") and dim._disabled
        reload = next(k for k in footer.query(FooterKey) if k.action == "reload")
        assert not reload.has_class("-disabled")
