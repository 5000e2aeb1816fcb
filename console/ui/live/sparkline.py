"""The last N samples as one line of ``▁▂▃▄▅▆▇█`` (pure; no widgets).

Percentages are drawn on a fixed 0-100 scale so a VM idling at 2 % never looks
busy; other series may pass their own ``high``. Missing samples (None) show as
a space, so a gap in the data stays visible instead of being bridged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from console.ui.live.ascii import BLOCKS

__all__ = ["sparkline"]


def sparkline(
    samples: Iterable[float | None],
    width: int | None = None,
    *,
    low: float = 0.0,
    high: float | None = 100.0,
    glyphs: Sequence[str] = BLOCKS,
) -> str:
    """The newest ``width`` samples (all when None), oldest left, right-aligned and padded.

    ``high=None`` scales to the largest sample shown (for unbounded series such as bytes/s).
    """
    values = list(samples)
    if width is not None:
        if width <= 0:
            return ""
        values = values[-width:]
    numbers = [v for v in values if v is not None and not math.isnan(v)]
    top = high if high is not None else (max(numbers) if numbers else 0.0)
    span = top - low
    levels = len(glyphs)
    out = []
    for value in values:
        if value is None or math.isnan(value):
            out.append(" ")
            continue
        if span <= 0:
            out.append(glyphs[0])
            continue
        ratio = min(1.0, max(0.0, (value - low) / span))
        # The lowest glyph means "at or near zero"; any real load shows at least one step.
        index = min(levels - 1, math.ceil(ratio * levels) - 1) if ratio > 0 else 0
        out.append(glyphs[index])
    line = "".join(out)
    return line.rjust(width) if width is not None else line
