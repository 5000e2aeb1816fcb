"""Clusters: ``/clusters`` (also a data center's ``/datacenters/{id}/clusters``)."""

from __future__ import annotations

from console.api.services.base import SEARCHABLE, CollectionService, EntityService


class ClustersService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = SEARCHABLE

    def cluster_service(self, id: str) -> ClusterService:  # noqa: A002 - SDK name
        return ClusterService(self._connection, self._child(id))


class ClusterService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "filter"})
