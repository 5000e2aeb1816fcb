"""The sparkline renderer: levels, scaling, gaps, width and the ASCII glyph set."""

from __future__ import annotations

import math

import pytest

from console.ui.live.ascii import ASCII_BLOCKS, BLOCKS
from console.ui.live.sparkline import sparkline


def test_fixed_percent_scale_from_idle_to_full():
    assert sparkline([0, 12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100]) == "▁▁▂▃▄▅▆▇█"


def test_any_load_above_zero_shows_at_least_the_first_step_and_clamps_above_high():
    assert sparkline([0.1, 13, 250, -5]) == "▁▂█▁"


def test_width_keeps_the_newest_samples_right_aligned():
    assert sparkline(range(0, 101, 10), 4) == "▆▇██"
    assert sparkline([100], 5) == "    █"
    assert sparkline([], 3) == "   "
    assert sparkline([1, 2], 0) == ""


def test_missing_samples_stay_visible_as_gaps():
    assert sparkline([100, None, math.nan, 100]) == "█  █"


def test_auto_scale_to_the_largest_sample_for_unbounded_series():
    assert sparkline([0, 500, 1000], high=None) == "▁▄█"
    assert sparkline([0, 0], high=None) == "▁▁"  # flat zero: no division by zero


def test_ascii_glyphs_for_terminals_without_block_elements():
    line = sparkline([0, 50, 100], glyphs=ASCII_BLOCKS)
    assert line == "_:#" and line.isascii()
    assert len(BLOCKS) == len(ASCII_BLOCKS) == 8


@pytest.mark.parametrize("value, glyph", [(1, "▁"), (12.5, "▁"), (12.6, "▂"), (99.9, "█")])
def test_boundaries(value, glyph):
    assert sparkline([value]) == glyph


def test_trend_columns_draw_the_records_own_usage_history():
    from datetime import UTC, datetime

    from console.api.types import Statistic, Value, Vm
    from console.ui.render.common import RenderContext
    from console.ui.render.trends import TREND_COLUMNS, usage_history

    vm = Vm(id="v", name="web", statistics=[
        Statistic(name="cpu.usage.history", values=[Value(datum=v) for v in (100, 50, 0)]),  # newest first
    ])
    assert usage_history(vm, "cpu") == [0.0, 50.0, 100.0]
    ctx = RenderContext(now=datetime(2026, 1, 1, tzinfo=UTC))
    cpu, memory, _network = TREND_COLUMNS["vms"]
    assert cpu.cell(vm, ctx).plain == "       ▁▄█"
    assert memory.cell(vm, ctx).plain == ""  # no history: an empty cell, not a flat line
    assert cpu.key_for(vm, ctx) == (1, 100.0)


def test_tables_show_trends_beside_the_usage_numbers_they_explain():
    from console.ui.render import COLUMNS

    vm_keys = [c.key for c in COLUMNS["vms"]]
    assert vm_keys[vm_keys.index("mem_usage") + 1:][:3] == ["cpu_trend", "memory_trend", "network_trend"]
    host_keys = [c.key for c in COLUMNS["hosts"]]
    assert host_keys[host_keys.index("mem_usage") + 1:][:2] == ["cpu_trend", "memory_trend"]


def _host_stats(idle: float, used: float):
    from console.api.types import Statistic, Value

    return [Statistic(name="cpu.current.idle", values=[Value(datum=idle)]),
            Statistic(name="memory.used", values=[Value(datum=used)]),
            Statistic(name="memory.total", values=[Value(datum=100.0)])]


def test_a_host_trend_draws_the_samples_the_console_collected():
    """The engine keeps no usage history for hosts: the console's own samples stand in."""
    from datetime import UTC, datetime

    from console.api.types import Host
    from console.ui.live.stats_history import StatsHistory
    from console.ui.render.common import RenderContext
    from console.ui.render.trends import TREND_COLUMNS

    history = StatsHistory()
    for idle, used in ((100.0, 0.0), (50.0, 50.0), (0.0, 100.0)):
        stats = _host_stats(idle, used)
        history.add("hosts", "h1", stats)
    host = Host(id="h1", name="hv1", statistics=stats)
    cpu, memory = TREND_COLUMNS["hosts"]
    ctx = RenderContext(now=datetime(2026, 1, 1, tzinfo=UTC), extra={"usage_series": history.series})
    assert cpu.cell(host, ctx).plain == "       ▁▄█"
    assert memory.cell(host, ctx).plain == "       ▁▄█"
    assert cpu.key_for(host, ctx) == (1, 100.0)
    # Never sampled (or no live layer): an empty cell, not a flat "idle" line.
    other = Host(id="h2", name="hv2")
    assert cpu.cell(other, ctx).plain == "" and cpu.key_for(other, ctx) == (0, 0)
    assert cpu.cell(host, RenderContext(now=ctx.now)).plain == ""


def test_a_vm_that_is_down_keeps_the_engines_empty_history():
    """The engine's history wins over the console's samples, even when it is empty."""
    from datetime import UTC, datetime

    from console.api.types import Statistic, Vm
    from console.ui.render.common import RenderContext
    from console.ui.render.trends import TREND_COLUMNS

    vm = Vm(id="v", name="db", statistics=[Statistic(name="cpu.usage.history", values=[])])
    ctx = RenderContext(now=datetime(2026, 1, 1, tzinfo=UTC),
                        extra={"usage_series": lambda kind, ident, metric: [0.0, 90.0]})
    cpu = TREND_COLUMNS["vms"][0]
    assert cpu.cell(vm, ctx).plain == ""


def test_the_statistics_tab_draws_history_statistics_as_a_trend():
    from datetime import UTC, datetime

    from console.api.types import Statistic, Value
    from console.ui.render.common import RenderContext
    from console.ui.render.subtabs import TABLES

    table = TABLES["statistics"]
    assert table.titles == ("NAME", "VALUE", "UNIT", "TREND", "DESCRIPTION")
    ctx = RenderContext(now=datetime(2026, 1, 1, tzinfo=UTC))
    history = Statistic(name="cpu.usage.history", unit="percent",
                        values=[Value(datum=v) for v in (100, 50, 0)])  # newest first
    row = table.row(history, ctx)
    assert [cell.plain for cell in row[:4]] == ["cpu.usage.history", "100%", "percent", "       ▁▄█"]
    gauge = Statistic(name="cpu.current.total", unit="percent", values=[Value(datum=7)])
    assert table.row(gauge, ctx)[3].plain == ""
