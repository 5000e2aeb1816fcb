"""Statistics sub-collections (VMs, hosts, NICs, disks, steps share the same shape)."""

from __future__ import annotations

from console.api.services.base import PLAIN, CollectionService, EntityService


class StatisticsService(CollectionService):
    """``…/statistics``: gauges and counters of the parent object."""

    __slots__ = ()
    LIST_PARAMS = PLAIN

    def statistic_service(self, id: str) -> StatisticService:  # noqa: A002 - SDK name
        return StatisticService(self._connection, self._child(id))


class StatisticService(EntityService):
    __slots__ = ()
