"""The collector settings the console applies for large inventories."""

from __future__ import annotations

import gc
import weakref

import pytest

from console.ui import gc_policy
from tests.ui.conftest import SIZE, Harness, engine_settings


@pytest.fixture
def collector(monkeypatch):
    """The collector's settings put back after the test (tune() sets them process-wide)."""
    monkeypatch.setattr(gc_policy, "_tuned", False)
    before = gc.get_threshold()
    yield before
    gc.unfreeze()
    gc.set_threshold(*before)


def test_tune_raises_the_young_threshold_and_settle_freezes_the_loaded_heap(monkeypatch, collector):
    gc_policy.tune()
    assert gc.get_threshold() == gc_policy.THRESHOLDS
    assert gc_policy.THRESHOLDS[0] > collector[0]  # the thresholds before the test
    kept = [object() for _ in range(10)]  # noqa: F841 - alive across the freeze
    gc.unfreeze()
    monkeypatch.setattr(gc_policy, "FREEZE_AT", 0)
    gc_policy.settle()
    assert gc.get_freeze_count() > 0


async def test_an_app_under_a_test_harness_leaves_the_collector_alone():
    before = gc.get_threshold()
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert h.app.inventory.count_of("vms") > 0
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0


def test_after_batch_freezes_only_once_tuned(monkeypatch, collector):
    gc.unfreeze()
    gc_policy.after_batch()
    gc_policy.settle()
    assert gc.get_freeze_count() == 0  # a test process keeps its collector as it is
    gc_policy.tune()
    kept = [object() for _ in range(10)]  # noqa: F841 - alive across the freeze
    gc_policy.after_batch()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    monkeypatch.setattr(gc_policy, "FREEZE_AT", 0)
    gc_policy.settle()
    assert gc.get_freeze_count() > 0


def test_settle_freezes_only_once_enough_old_objects_are_unfrozen(monkeypatch, collector):
    # Freezing after every refresh page kept every cycle alive at that moment forever.
    gc_policy.tune()
    gc.unfreeze()
    gc.collect()
    monkeypatch.setattr(gc_policy, "FREEZE_AT", gc_policy.unfrozen() + 100_000)
    gc_policy.settle()
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(gc_policy, "FREEZE_AT", gc_policy.unfrozen())
    gc_policy.settle()
    assert gc.get_freeze_count() > 0
    assert gc_policy.unfrozen() < 1_000  # what a freeze leaves: the young generation


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_a_sweep_frees_cycles_that_died_after_they_were_frozen(collector):
    gc_policy.tune()
    node = _Node()
    alive = weakref.ref(node)
    gc.freeze()  # frozen while alive, as a settle during a refresh does
    del node
    gc.collect()
    assert alive() is not None  # a full collection never looks at frozen objects
    assert gc_policy.sweep() > 0
    assert alive() is None
    assert gc.get_freeze_count() > 0  # the survivors are frozen again


def test_a_sweep_waits_for_the_user_to_be_away_but_not_forever():
    every, idle, latest = gc_policy.SWEEP_EVERY, gc_policy.IDLE_FOR, gc_policy.SWEEP_AT_LATEST
    due = gc_policy.sweep_due
    # Too soon after the last sweep, however idle.
    assert not due(now=every - 1, last_sweep=0, last_input=-1_000)
    # Time for one, and the keyboard has been quiet long enough.
    assert due(now=every, last_sweep=0, last_input=every - idle)
    # Time for one, but a key was pressed a moment ago: wait.
    assert not due(now=every, last_sweep=0, last_input=every - 1)
    # A user who never pauses that long still gets one at the latest, between two keys.
    paused = gc_policy.PAUSED_FOR
    assert due(now=latest, last_sweep=0, last_input=latest - paused)
    assert not due(now=latest, last_sweep=0, last_input=latest - paused / 2)


def test_an_untuned_process_never_sweeps():
    gc.unfreeze()
    assert gc_policy.sweep() == 0
    assert gc.get_freeze_count() == 0


async def test_a_key_press_tells_the_sweep_the_user_is_present():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        h.app._last_input = 0.0
        await pilot.press("down")
        assert h.app._last_input > 0.0


async def test_a_streaming_load_holds_the_sweep_back_a_rolling_refresh_page_does_not():
    from console.backend import messages as m

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app = h.app
        vm = app.inventory.records("vms")[0]
        app._last_stream = app._last_batch = 0.0
        # A page of the rolling refresh: one final batch. Polling brings one every few
        # seconds; were it a stream, the sweep would never run while the console is open.
        app.sink(m.RecordsLoaded("vms", (vm,), replace=False, final=True))
        await pilot.pause()
        assert app._last_stream == 0.0 and app._last_batch > 0.0
        assert not app.quiet_for(0.5)  # but work built ahead waits for it
        app.sink(m.RecordsLoaded("vms", (vm,), replace=True, final=False))  # a load streaming in
        await pilot.pause()
        assert app._last_stream == app._last_batch > 0.0
