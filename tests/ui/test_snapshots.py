"""SVG snapshots of the main screens at 120x40 on the fake backend (real engine XML).

Deterministic by construction: frozen clock (FROZEN_NOW), fixed data, animations off
(tests/conftest.py), and cursor blink switched off before each capture.
Update with ``pytest tests/ui/test_snapshots.py --snapshot-update`` after a reviewed change.
"""

from __future__ import annotations

from textual.widgets import Input, TabbedContent

from tests.ui.conftest import SIZE, Harness, engine_settings


def no_blink(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


class TestMainScreens:
    def test_main_screen(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("down")
            no_blink(pilot)

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)

    def test_storage_view(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("t", "colon", *"storage", "enter", "U")  # no tree, sorted by used
            no_blink(pilot)

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)

    def test_help(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)


class TestDetail:
    def test_vm_detail(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            pilot.app.screen.query_one(TabbedContent).active = "tab-nics"
            await pilot.pause()

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)

    def test_host_detail(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("2", "enter")
            await pilot.pause()

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)


class TestLogin:
    def test_login_error(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            no_blink(pilot)
            await pilot.pause()

        assert snap_compare(Harness(engine_settings(password="wrong")).app, terminal_size=SIZE,
                            run_before=run_before)
