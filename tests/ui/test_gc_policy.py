"""The collector settings the console applies for large inventories."""

from __future__ import annotations

import gc

from console.ui import gc_policy
from tests.ui.conftest import SIZE, Harness, engine_settings


def test_tune_raises_the_young_threshold_and_settle_freezes_the_loaded_heap(monkeypatch):
    monkeypatch.setattr(gc_policy, "_tuned", False)  # tune() sets it: put back after the test
    before = gc.get_threshold()
    try:
        gc_policy.tune()
        assert gc.get_threshold() == gc_policy.THRESHOLDS
        assert gc_policy.THRESHOLDS[0] > before[0]
        kept = [object() for _ in range(10)]  # noqa: F841 - alive across the freeze
        gc.unfreeze()
        gc_policy.settle()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


async def test_an_app_under_a_test_harness_leaves_the_collector_alone():
    before = gc.get_threshold()
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert h.app.inventory.count_of("vms") > 0
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0


def test_after_batch_freezes_only_once_tuned(monkeypatch):
    before = gc.get_threshold()
    monkeypatch.setattr(gc_policy, "_tuned", False)
    try:
        gc.unfreeze()
        gc_policy.after_batch()
        gc_policy.tidy()
        assert gc.get_freeze_count() == 0  # a test process keeps its collector as it is
        gc_policy.tune()
        kept = [object() for _ in range(10)]  # noqa: F841 - alive across the freeze
        gc_policy.after_batch()
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        gc_policy.tidy()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
