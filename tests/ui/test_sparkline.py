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
    from console.ui.live.columns import TREND_COLUMNS, usage_history
    from console.ui.render.common import RenderContext

    vm = Vm(id="v", name="web", statistics=[
        Statistic(name="cpu.usage.history", values=[Value(datum=v) for v in (100, 50, 0)]),  # newest first
    ])
    assert usage_history(vm, "cpu") == [0.0, 50.0, 100.0]
    ctx = RenderContext(now=datetime(2026, 1, 1, tzinfo=UTC))
    cpu, memory, _network = TREND_COLUMNS["vms"]
    assert cpu.cell(vm, ctx).plain == "       ▁▄█"
    assert memory.cell(vm, ctx).plain == ""  # no history: an empty cell, not a flat line
    assert cpu.key_for(vm, ctx) == (1, 100.0)
