"""One confirmed operation on its targets, and the answers that came back (the runner tracks these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from console.backend import messages as m
from console.ui.operations.specs import Operation
from console.ui.operations.targets import NOUNS

__all__ = ["Batch"]


@dataclass(slots=True)
class Batch:
    """One confirmed operation on one or more targets, and what came back so far."""

    operation: Operation
    names: dict[str, str]  # id -> name, in the order sent
    sent_at: datetime
    results: list[m.ActionFinished] = field(default_factory=list)
    jobs: dict[str, str] = field(default_factory=dict)  # job id -> last known status

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.names)

    @property
    def failed(self) -> list[m.ActionFinished]:
        return [r for r in self.results if not r.ok]

    def subject(self) -> str:
        op = self.operation
        if len(self.names) == 1:
            return f"{op.description.rstrip('…')} {next(iter(self.names.values()))}"
        return f"{op.description.rstrip('…')} {len(self.names)} {NOUNS[op.kind]}s"
