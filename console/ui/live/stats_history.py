"""Per-object history of CPU, memory and network usage, fed by StatisticsLoaded (pure).

One ring buffer of the last ``size`` samples per (kind, id, metric). The first
message for an object seeds its buffers from the engine's own
``*.usage.history`` statistics (newest first on the wire) when it sends them, so
a sparkline has a shape at once instead of filling up over minutes. Objects that
are no longer watched are dropped after ``forget_after`` other updates, keeping
memory bounded however long the console runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from console.ui.render import hosts as host_render
from console.ui.render import vms as vm_render
from console.ui.render.common import statistic

__all__ = ["DEFAULT_SIZE", "METRICS", "Sample", "StatsHistory", "sample_of"]

METRICS = ("cpu", "memory", "network")
DEFAULT_SIZE = 30
_HISTORY = {"cpu": "cpu.usage.history", "memory": "memory.usage.history", "network": "network.usage.history"}


@dataclass(frozen=True, slots=True)
class Sample:
    """One reading of an object, in percent (None: the engine did not report it)."""

    cpu: float | None
    memory: float | None
    network: float | None

    def get(self, metric: str) -> float | None:
        return getattr(self, metric)


class _Stats:
    """Just enough of a record for the table renderers' percent helpers."""

    __slots__ = ("memory", "statistics")

    def __init__(self, statistics: Iterable[Any]) -> None:
        self.statistics = tuple(statistics)
        self.memory = None


def sample_of(kind: str, statistics: Iterable[Any]) -> Sample:
    """CPU, memory and network percent from one object's statistics, as the tables compute them."""
    record = _Stats(statistics)
    if kind == "hosts":
        cpu, memory = host_render.cpu_percent(record), host_render.memory_percent(record)
    else:
        cpu, memory = vm_render.cpu_percent(record), vm_render.memory_percent(record)
    return Sample(cpu, memory, statistic(record, "network.current.total"))


def _history(statistics: tuple[Any, ...], metric: str) -> list[float]:
    """The engine's own history of a metric, oldest first."""
    for stat in statistics:
        if getattr(stat, "name", None) == _HISTORY[metric]:
            values = [getattr(v, "datum", None) for v in getattr(stat, "values", None) or ()]
            return [float(v) for v in reversed(values) if v is not None]
    return []


class StatsHistory:
    """Ring buffers of the last ``size`` samples per object and metric."""

    def __init__(self, size: int = DEFAULT_SIZE, *, forget_after: int = 5000) -> None:
        if size < 1:
            raise ValueError("size must be >= 1")
        self.size = size
        self._forget_after = forget_after
        self._series: dict[tuple[str, str], dict[str, deque[float | None]]] = {}
        self._latest: dict[tuple[str, str], Sample] = {}
        self._touched: dict[tuple[str, str], int] = {}
        self._tick = 0

    def __len__(self) -> int:
        return len(self._series)

    def __contains__(self, key: tuple[str, str]) -> bool:
        return key in self._series

    def add(self, kind: str, ident: str, statistics: Iterable[Any]) -> Sample:
        """Record one StatisticsLoaded; returns the new sample."""
        stats = tuple(statistics)
        key = (kind, ident)
        sample = sample_of(kind, stats)
        series = self._series.get(key)
        if series is None:
            series = {}
            for metric in METRICS:
                seeded = _history(stats, metric)
                series[metric] = deque(seeded[-(self.size - 1):] if self.size > 1 else (), maxlen=self.size)
            self._series[key] = series
        for metric in METRICS:
            series[metric].append(sample.get(metric))
        self._latest[key] = sample
        self._tick += 1
        self._touched[key] = self._tick
        if self._tick % 64 == 0:
            self._evict()
        return sample

    def series(self, kind: str, ident: str, metric: str) -> list[float | None]:
        """Oldest first; empty when the object was never sampled."""
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}; metrics: {', '.join(METRICS)}")
        series = self._series.get((kind, ident))
        return list(series[metric]) if series else []

    def latest(self, kind: str, ident: str) -> Sample | None:
        return self._latest.get((kind, ident))

    def ids(self, kind: str) -> list[str]:
        return [ident for k, ident in self._series if k == kind]

    def forget(self, kind: str, ident: str) -> None:
        key = (kind, ident)
        self._series.pop(key, None)
        self._latest.pop(key, None)
        self._touched.pop(key, None)

    def _evict(self) -> None:
        horizon = self._tick - self._forget_after
        for key in [k for k, t in self._touched.items() if t < horizon]:
            self.forget(*key)
