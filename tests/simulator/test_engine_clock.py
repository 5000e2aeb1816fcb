"""Clocks and the timeline that drives the engine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.simulator.clock import DEFAULT_START, ManualClock, RealClock
from console.simulator.lifecycle import Timeline

from .engine_world import make


def test_manual_clock_moves_only_forward() -> None:
    clock = ManualClock()
    assert clock.now() == DEFAULT_START and clock.now().tzinfo is not None
    assert clock.advance(1.5) == DEFAULT_START + timedelta(seconds=1.5)
    clock.set(DEFAULT_START + timedelta(hours=1))
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(DEFAULT_START)
    with pytest.raises(ValueError):
        ManualClock(datetime(2026, 1, 1))


def test_real_clock_is_aware_and_speed_scales() -> None:
    fast = RealClock(speed=1000.0)
    a = fast.now()
    b = fast.now()
    assert a.tzinfo is not None and b >= a
    with pytest.raises(ValueError):
        RealClock(speed=0)


def test_timeline_order_ties_and_cancel() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    timeline = Timeline()
    seen: list[str] = []
    timeline.schedule(t0, 2, lambda: seen.append("b"))
    timeline.schedule(t0, 1, lambda: seen.append("a1"))
    timeline.schedule(t0, 1, lambda: seen.append("a2"))
    cancelled = timeline.schedule(t0, 1.5, lambda: seen.append("never"))
    cancelled.cancel()
    assert len(timeline) == 3
    for _, fn in timeline.pop_due(t0 + timedelta(seconds=1)):
        fn()
    assert seen == ["a1", "a2"]
    for _, fn in timeline.pop_due(t0 + timedelta(seconds=5)):
        fn()
    assert seen == ["a1", "a2", "b"] and timeline.next_due() is None


def test_steps_apply_at_their_due_time_even_when_advanced_late() -> None:
    engine, clock = make()
    vm = next(v for v in engine.vms.values() if v.status == "down")
    engine.vm_action(vm.id, "start", {}, "late")
    t0 = clock.now()
    clock.advance(3600)
    engine.advance()
    assert vm.status == "up" and vm.start_time == t0 + timedelta(seconds=3)
    assert engine.events[-1].time == t0 + timedelta(seconds=6)
    assert engine.now == clock.now()
