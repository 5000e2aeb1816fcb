"""Jobs and their steps: ``/jobs``, ``/jobs/{id}/steps``."""

from __future__ import annotations

from console.api.services.base import CollectionService, EntityService
from console.api.services.statistics import StatisticsService


class JobsService(CollectionService):
    """Search supports ``correlation_id=<id>``: the jobs an action started."""

    __slots__ = ()
    LIST_PARAMS = frozenset({"search", "max", "follow", "case_sensitive"})

    def job_service(self, id: str) -> JobService:  # noqa: A002 - SDK name
        return JobService(self._connection, self._child(id))


class JobService(EntityService):
    __slots__ = ()

    def steps_service(self) -> StepsService:
        return StepsService(self._connection, self._child("steps"))


class StepsService(CollectionService):
    __slots__ = ()

    def step_service(self, id: str) -> StepService:  # noqa: A002 - SDK name
        return StepService(self._connection, self._child(id))


class StepService(EntityService):
    __slots__ = ()

    def statistics_service(self) -> StatisticsService:
        return StatisticsService(self._connection, self._child("statistics"))
