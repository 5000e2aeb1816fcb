"""Which engine jobs this console started, linked by Correlation-Id (pure).

Every action the console sends carries a Correlation-Id; the engine's answer
names the job it started (``ActionFinished.job_id``) and the events it logs carry
the same Correlation-Id. ``JobLinks`` remembers both so the jobs panel can mark
"ours" and say which action started each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.backend.messages import ActionFinished
from console.ui.render.common import get

__all__ = ["JobLink", "JobLinks"]


@dataclass(frozen=True, slots=True)
class JobLink:
    action: str
    kind: str
    id: str
    name: str
    correlation_id: str | None
    ok: bool

    @property
    def label(self) -> str:
        target = self.name or self.id
        return f"{self.action} {target}".strip()


class JobLinks:
    """ActionFinished by job id and by Correlation-Id; bounded (the newest ``limit``)."""

    def __init__(self, limit: int = 500) -> None:
        self._limit = limit
        self._by_job: dict[str, JobLink] = {}
        self._by_correlation: dict[str, JobLink] = {}

    def __len__(self) -> int:
        return len(self._by_correlation) + sum(1 for link in self._by_job.values() if not link.correlation_id)

    def add(self, finished: ActionFinished) -> JobLink:
        link = JobLink(finished.action, finished.kind, finished.id, finished.name,
                       finished.correlation_id, finished.ok)
        if finished.job_id:
            self._by_job[finished.job_id] = link
        if finished.correlation_id:
            self._by_correlation[finished.correlation_id] = link
        for table in (self._by_job, self._by_correlation):
            while len(table) > self._limit:
                del table[next(iter(table))]
        return link

    def for_job(self, job: Any) -> JobLink | None:
        """The console action that started ``job`` (by its id, or a Correlation-Id it carries)."""
        link = self._by_job.get(get(job, "id") or "")
        if link is None:
            correlation = get(job, "correlation_id")
            link = self._by_correlation.get(correlation) if correlation else None
        return link

    def for_event(self, event: Any) -> JobLink | None:
        correlation = get(event, "correlation_id")
        return self._by_correlation.get(correlation) if correlation else None
