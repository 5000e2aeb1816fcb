"""The root of the service tree (``SystemService`` in the SDK)."""

from __future__ import annotations

from typing import Any

from console.api.services.base import EntityService, Headers, Query
from console.api.services.clusters import ClustersService
from console.api.services.data_centers import DataCentersService
from console.api.services.disks import DisksService
from console.api.services.events import EventsService
from console.api.services.hosts import HostsService
from console.api.services.jobs import JobsService
from console.api.services.networks import NetworksService
from console.api.services.storage_domains import StorageDomainsService
from console.api.services.templates import TemplatesService
from console.api.services.vms import VmsService


class SystemService(EntityService):
    """``/``: the API root (product info, summary, time, user) and the collections."""

    __slots__ = ()

    async def get(  # type: ignore[override]
        self, *, follow: str | None = None, query: Query = None, headers: Headers = None
    ) -> Any:
        """The ``Api`` record: ``product_info``, ``summary``, ``time``, ``authenticated_user``."""
        return await self._get({"follow": follow}, query, headers)

    def clusters_service(self) -> ClustersService:
        return ClustersService(self._connection, "clusters")

    def data_centers_service(self) -> DataCentersService:
        return DataCentersService(self._connection, "datacenters")

    def disks_service(self) -> DisksService:
        return DisksService(self._connection, "disks")

    def events_service(self) -> EventsService:
        return EventsService(self._connection, "events")

    def hosts_service(self) -> HostsService:
        return HostsService(self._connection, "hosts")

    def jobs_service(self) -> JobsService:
        return JobsService(self._connection, "jobs")

    def networks_service(self) -> NetworksService:
        return NetworksService(self._connection, "networks")

    def storage_domains_service(self) -> StorageDomainsService:
        return StorageDomainsService(self._connection, "storagedomains")

    def templates_service(self) -> TemplatesService:
        return TemplatesService(self._connection, "templates")

    def vms_service(self) -> VmsService:
        return VmsService(self._connection, "vms")
