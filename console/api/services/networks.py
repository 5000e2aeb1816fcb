"""Logical networks: ``/networks``."""

from __future__ import annotations

from console.api.services.base import CollectionService, EntityService


class NetworksService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"search", "max", "follow", "case_sensitive"})

    def network_service(self, id: str) -> NetworkService:  # noqa: A002 - SDK name
        return NetworkService(self._connection, self._child(id))


class NetworkService(EntityService):
    __slots__ = ()
