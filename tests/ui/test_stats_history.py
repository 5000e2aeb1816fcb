"""Ring buffers of CPU, memory and network per object, fed by StatisticsLoaded."""

from __future__ import annotations

import pytest

from console.api.types import Statistic, Value
from console.ui.live.stats_history import StatsHistory, sample_of


def stat(name: str, *values: float) -> Statistic:
    return Statistic(name=name, values=[Value(datum=v) for v in values])


def vm_stats(current: float, used: float = 512, installed: float = 1024, net: float = 3.0, **history):
    stats = [stat("cpu.current.total", current), stat("memory.used", used), stat("memory.installed", installed),
             stat("network.current.total", net)]
    for metric, values in history.items():
        stats.append(stat(f"{metric}.usage.history", *values))
    return tuple(stats)


def test_vm_sample_is_computed_like_the_table_columns():
    sample = sample_of("vms", vm_stats(42.5, used=256, installed=1024, net=7))
    assert (sample.cpu, sample.memory, sample.network) == (42.5, 25.0, 7.0)


def test_host_sample_uses_idle_and_total_memory():
    stats = (stat("cpu.current.idle", 70), stat("memory.used", 3), stat("memory.total", 4))
    sample = sample_of("hosts", stats)
    assert sample.cpu == pytest.approx(30.0) and sample.memory == pytest.approx(75.0) and sample.network is None


def test_ring_buffer_keeps_the_last_n_samples_oldest_first():
    history = StatsHistory(size=3)
    for cpu in (10, 20, 30, 40):
        history.add("vms", "a", vm_stats(cpu))
    assert history.series("vms", "a", "cpu") == [20, 30, 40]
    assert history.latest("vms", "a").cpu == 40
    assert history.series("vms", "b", "cpu") == []  # never sampled


def test_objects_are_kept_apart_by_kind_and_id():
    history = StatsHistory()
    history.add("vms", "x", vm_stats(5))
    history.add("hosts", "x", (stat("cpu.current.idle", 10),))
    assert history.series("vms", "x", "cpu") == [5]
    assert history.series("hosts", "x", "cpu") == [90]
    assert sorted(history.ids("vms")) == ["x"] and len(history) == 2


def test_first_sample_is_seeded_from_the_engines_own_history_newest_first_on_the_wire():
    history = StatsHistory(size=4)
    history.add("vms", "a", vm_stats(50, cpu=(40, 30, 20, 10, 5)))
    # The wire lists newest first; the buffer holds oldest first, then the current sample.
    assert history.series("vms", "a", "cpu") == [20, 30, 40, 50]
    history.add("vms", "a", vm_stats(60, cpu=(99, 99)))  # later messages never re-seed
    assert history.series("vms", "a", "cpu") == [30, 40, 50, 60]


def test_missing_readings_are_kept_as_gaps():
    history = StatsHistory()
    history.add("vms", "a", (stat("cpu.current.total", 10),))
    assert history.series("vms", "a", "memory") == [None]
    assert history.series("vms", "a", "network") == [None]


def test_objects_no_longer_fed_are_forgotten():
    history = StatsHistory(forget_after=100)
    history.add("vms", "old", vm_stats(1))
    for i in range(300):
        history.add("vms", f"busy{i % 3}", vm_stats(i % 100))
    assert ("vms", "old") not in history
    assert ("vms", "busy0") in history and len(history) == 3


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        StatsHistory(size=0)
    with pytest.raises(ValueError):
        StatsHistory().series("vms", "a", "disk")
