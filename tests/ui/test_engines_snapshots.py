"""SVG snapshot of the header's engine tabs at 120x40 (fake backends, frozen clock, fixed data).

Two engines: lab shown and writable; prod hidden, read-only, reconnecting on stale data,
with one error raised while it was hidden. Update with ``--snapshot-update`` after review.
"""

from __future__ import annotations

from console.backend import messages as m
from tests.ui.test_engines_tabs import two_engine_app


def test_header_with_two_engine_tabs(snap_compare):
    app, _ = two_engine_app()

    async def run_before(pilot):
        await pilot.pause()
        prod = app.sessions[1]
        prod.backend.sink(m.ConnectionState("reconnecting", attempt=3, next_retry_in=8.0,
                                            stale_since=1_582_200_000.0))
        prod.backend.sink(m.BackendError("load hosts", "the engine answered 503"))
        await pilot.pause()
        app.clear_notifications()  # toasts expire on a real clock: only the tab's count is shown
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
