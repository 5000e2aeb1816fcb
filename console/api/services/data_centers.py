"""Data centers: ``/datacenters`` and the storage domains attached to each."""

from __future__ import annotations

from console.api.services.base import (
    SEARCHABLE,
    ActionResult,
    CollectionService,
    EntityService,
    Headers,
    Query,
)
from console.api.services.clusters import ClustersService


class DataCentersService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = SEARCHABLE

    def data_center_service(self, id: str) -> DataCenterService:  # noqa: A002 - SDK name
        return DataCenterService(self._connection, self._child(id))


class DataCenterService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "filter"})

    def clusters_service(self) -> ClustersService:
        return ClustersService(self._connection, self._child("clusters"))

    def storage_domains_service(self) -> AttachedStorageDomainsService:
        return AttachedStorageDomainsService(self._connection, self._child("storagedomains"))


class AttachedStorageDomainsService(CollectionService):
    """``/datacenters/{dc}/storagedomains``: here each domain carries its status."""

    __slots__ = ()

    def storage_domain_service(self, id: str) -> AttachedStorageDomainService:  # noqa: A002
        return AttachedStorageDomainService(self._connection, self._child(id))


class AttachedStorageDomainService(EntityService):
    __slots__ = ()

    async def activate(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """Bring the domain up in this data center (maintenance -> active)."""
        return await self._action("activate", query, headers, async_=async_)

    async def deactivate(
        self,
        *,
        async_: bool | None = None,
        force: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Move the domain to maintenance; ``force`` even if OVF update fails."""
        return await self._action("deactivate", query, headers, async_=async_, force=force)
