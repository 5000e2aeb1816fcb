"""Jobs and steps, shaped like the engine's ExecutionHandler output.

An engine command's job has a finished `Validating` step and an `Executing`
step that stays `started` until the command's last state change lands; the job
then finishes (or fails) with it. Finished jobs are cleaned up like the engine
does (SucceededJobCleanupTimeInMinutes=10, FailedJobCleanupTimeInMinutes=60).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from .lifecycle.faults import EngineFault, conflict, not_found
from .model import ADMIN_USER_ID, Job, Step

__all__ = ["STEP_TYPES", "JobBook"]

STEP_TYPES = frozenset({"executing", "finalizing", "rebalancing_volume", "removing_bricks", "unknown", "validating"})
_SUCCEEDED_TTL = timedelta(minutes=10)
_FAILED_TTL = timedelta(minutes=60)


class JobBook:
    def __init__(self, new_id: Callable[[], str]) -> None:
        self.jobs: dict[str, Job] = {}  # insertion order == start_time order
        self._new_id = new_id

    # ---- engine commands ----------------------------------------------------

    def begin(self, description: str, correlation_id: str, now: datetime,
              *, host_id: str | None = None, owner_id: str = ADMIN_USER_ID) -> Job:
        """A command job: Validating (finished) then Executing (started)."""
        self.prune(now)
        job = Job(id=self._new_id(), description=description, start_time=now, last_updated=now,
                  owner_id=owner_id, correlation_id=correlation_id)
        self.jobs[job.id] = job
        validating = self._add_step(job, "Validating", "validating", now)
        validating.status, validating.end_time = "finished", now
        self._add_step(job, "Executing", "executing", now, execution_host_id=host_id)
        return job

    def sub_step(self, job: Job, description: str, now: datetime, *, host_id: str | None = None) -> Step:
        """A child step of Executing (e.g. `Migrating VM x from Host y to Host z`)."""
        parent = self.executing(job)
        return self._add_step(job, description, "executing", now,
                              parent_step_id=parent.id if parent else None, execution_host_id=host_id)

    @staticmethod
    def executing(job: Job) -> Step | None:
        for step in job.steps:
            if step.type == "executing" and step.parent_step_id is None:
                return step
        return None

    @staticmethod
    def set_progress(job: Job, progress: int, now: datetime) -> None:
        for step in job.steps:
            if step.status == "started" and step.parent_step_id is not None:
                step.progress = max(0, min(100, progress))
        job.last_updated = now

    def finish(self, job: Job, now: datetime, succeeded: bool = True) -> None:
        """Close every open step and the job; idempotent."""
        if job.status != "started":
            return
        status = "finished" if succeeded else "failed"
        # Children first so a parent never ends before its sub-steps.
        for step in sorted(job.steps, key=lambda s: s.parent_step_id is None):
            if step.status == "started":
                step.status, step.end_time = status, now
                if succeeded and step.progress is not None:
                    step.progress = 100
        job.status, job.end_time, job.last_updated = status, now, now

    def prune(self, now: datetime) -> None:
        stale = [
            j.id for j in self.jobs.values()
            if j.auto_cleared and j.end_time is not None and not j.external
            and now - j.end_time > (_SUCCEEDED_TTL if j.status == "finished" else _FAILED_TTL)
        ]
        for job_id in stale:
            del self.jobs[job_id]

    # ---- external jobs (POST /jobs, /jobs/{id}/steps, end, clear) --------------

    def add_external(self, description: str, auto_cleared: bool, correlation_id: str, now: datetime) -> Job:
        if not description:
            raise EngineFault(400, "Incomplete parameters", "Job [description] required for add")
        job = Job(id=self._new_id(), description=description, start_time=now, last_updated=now,
                  auto_cleared=auto_cleared, external=True, correlation_id=correlation_id)
        self.jobs[job.id] = job
        return job

    def add_external_step(self, job: Job, description: str, type: str,
                          parent_step_id: str | None, now: datetime) -> Step:
        if not description or not type:
            raise EngineFault(400, "Incomplete parameters", "Step [description, type] required for add")
        if type not in STEP_TYPES:
            raise EngineFault(400, "Invalid value", f"{type} is not a member of StepEnum. Possible values for "
                              f"StepEnum are: {', '.join(sorted(STEP_TYPES))}")
        if job.status != "started":
            raise conflict("Cannot add Step. The Job is not in STARTED status.")
        if parent_step_id is not None and not any(s.id == parent_step_id for s in job.steps):
            raise not_found("Step", parent_step_id)
        step = self._add_step(job, description, type, now, parent_step_id=parent_step_id)
        step.external = True
        return step

    def end_external(self, job: Job, succeeded: bool, force: bool, now: datetime) -> Job:
        if not job.external and not force:
            raise conflict("Cannot end Job. The Job is not external and force was not specified.")
        if job.status != "started":
            raise conflict("Cannot end Job. The Job is not in STARTED status.")
        self.finish(job, now, succeeded)
        return job

    def end_step(self, job: Job, step_id: str, succeeded: bool, force: bool, now: datetime) -> Step:
        for step in job.steps:
            if step.id == step_id:
                if not step.external and not force:
                    raise conflict("Cannot end Step. The Step is not external and force was not specified.")
                if step.status != "started":
                    raise conflict("Cannot end Step. The Step is not in STARTED status.")
                step.status, step.end_time = ("finished" if succeeded else "failed"), now
                job.last_updated = now
                return step
        raise not_found("Step", step_id)

    def clear(self, job: Job) -> None:
        if job.status == "started" and not job.external:
            raise conflict("Cannot clear Job. The Job is still running.")
        self.jobs.pop(job.id, None)

    # ---- internals -----------------------------------------------------------

    def _add_step(self, job: Job, description: str, type: str, now: datetime, *,
                  parent_step_id: str | None = None, execution_host_id: str | None = None) -> Step:
        step = Step(id=self._new_id(), job_id=job.id, description=description, type=type,
                    number=len(job.steps), start_time=now, parent_step_id=parent_step_id,
                    execution_host_id=execution_host_id)
        job.steps.append(step)
        job.last_updated = now
        return step
