"""A dockable jobs panel: running and recently finished jobs, each expanded to its steps.

The panel is a handful of lines, rendered as one Text and repainted only when
that text changes (a job moved, a step progressed), so an idle panel writes
nothing to the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widget import Widget

from console.ui.live.ascii import ascii_mode
from console.ui.live.job_links import JobLinks
from console.ui.live.job_steps import job_lines, running
from console.ui.render.common import get

__all__ = ["JobsPanel", "panel_jobs"]

RECENT = 5  # finished jobs kept in view under the running ones


def panel_jobs(jobs: list[Any], links: JobLinks, recent: int = RECENT) -> list[Any]:
    """Running jobs (oldest first), then the newest finished ones; ours before others."""
    started = sorted((j for j in jobs if running(j)), key=lambda j: (get(j, "start_time") is None,
                                                                      get(j, "start_time") or 0))
    done = [j for j in jobs if not running(j)]
    done.sort(key=lambda j: (links.for_job(j) is None, -(_ts(get(j, "end_time")))))
    return started + done[:recent]


def _ts(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else 0.0


class JobsPanel(Widget):
    """Jobs with their steps; fed by ``update`` (jobs) and ``steps_loaded`` (one job's steps)."""

    DEFAULT_CSS = """
    JobsPanel { height: auto; max-height: 12; border-top: solid $primary-darken-2; }
    """

    def __init__(self, links: JobLinks, now: Callable[[], datetime], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.links = links
        self._now = now
        self._jobs: list[Any] = []
        self.steps: dict[str, tuple[Any, ...]] = {}
        self._text = Text("no jobs", style="dim", end="")
        self.border_title = "Jobs"

    @property
    def jobs(self) -> list[Any]:
        return list(self._jobs)

    def update_jobs(self, jobs: list[Any]) -> list[str]:
        """New job list; returns ids of running jobs whose steps should be (re)read."""
        self._jobs = panel_jobs(jobs, self.links)
        shown = {get(j, "id") for j in self._jobs}
        for gone in [i for i in self.steps if i not in shown]:
            del self.steps[gone]
        self._repaint()
        return [get(j, "id") for j in self._jobs if running(j) and get(j, "id")]

    def steps_loaded(self, job_id: str, steps: tuple[Any, ...]) -> None:
        self.steps[job_id] = steps
        self._repaint()

    def _repaint(self) -> None:
        now = self._now()
        plain = ascii_mode()
        lines: list[Text] = []
        for job in self._jobs:
            lines += job_lines(job, self.steps.get(get(job, "id") or ""), now, self.links.for_job(job),
                               ascii_only=plain)
        text = Text("\n", end="").join(lines) if lines else Text("no jobs", style="dim", end="")
        running_count = sum(1 for j in self._jobs if running(j))
        title = f"Jobs: {running_count} running" if running_count else "Jobs"
        if text.plain != self._text.plain or text.spans != self._text.spans or title != self.border_title:
            self._text = text
            self.border_title = title
            self.refresh(layout=True)

    def render(self) -> Text:
        return self._text
