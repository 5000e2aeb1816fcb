"""Disks: ``/disks``."""

from __future__ import annotations

from console.api.services.base import CollectionService, EntityService
from console.api.services.statistics import StatisticsService


class DisksService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"search", "max", "follow", "case_sensitive"})

    def disk_service(self, id: str) -> DiskService:  # noqa: A002 - SDK name
        return DiskService(self._connection, self._child(id))


class DiskService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "all_content"})

    def statistics_service(self) -> StatisticsService:
        return StatisticsService(self._connection, self._child("statistics"))
