"""SVG snapshots of the live layer at 120x40 on the fake backend: events pane, jobs panel.

Same determinism as test_snapshots.py (frozen clock, fixed data, no animation or blink).
Update with ``pytest tests/ui/test_live_snapshots.py --snapshot-update`` after a reviewed change.
"""

from __future__ import annotations

from textual.widgets import Input

from tests.ui.conftest import SIZE, Harness, engine_settings


def no_blink(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


class TestLive:
    def test_events_pane_over_the_events_view(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("9", "e")  # the :events table, with the pane tailing below it
            await pilot.pause()
            no_blink(pilot)

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)

    def test_jobs_panel_over_the_jobs_view(self, snap_compare):
        async def run_before(pilot):
            await pilot.pause()
            await pilot.press("0", "J")  # the :jobs table and the jobs panel below it
            await pilot.pause()
            no_blink(pilot)

        assert snap_compare(Harness(engine_settings()).app, terminal_size=SIZE, run_before=run_before)
