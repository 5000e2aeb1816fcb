"""Storage domains: ``/storagedomains`` (status there is per data center, see data_centers)."""

from __future__ import annotations

from console.api.services.base import SEARCHABLE, CollectionService, EntityService


class StorageDomainsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = SEARCHABLE

    def storage_domain_service(self, id: str) -> StorageDomainService:  # noqa: A002
        return StorageDomainService(self._connection, self._child(id))


class StorageDomainService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "filter"})
