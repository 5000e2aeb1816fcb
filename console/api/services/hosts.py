"""Hosts: ``/hosts``, their NICs, statistics and the host actions an admin uses."""

from __future__ import annotations

from typing import Any

from console.api.services.base import (
    ActionResult,
    CollectionService,
    EntityService,
    Headers,
    Query,
)
from console.api.services.statistics import StatisticsService


class HostsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"search", "max", "follow", "case_sensitive", "filter", "all_content"})

    def host_service(self, id: str) -> HostService:  # noqa: A002 - SDK name
        return HostService(self._connection, self._child(id))


class HostService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "filter", "all_content"})

    def nics_service(self) -> HostNicsService:
        return HostNicsService(self._connection, self._child("nics"))

    def statistics_service(self) -> StatisticsService:
        return StatisticsService(self._connection, self._child("statistics"))

    async def activate(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """maintenance -> up."""
        return await self._action("activate", query, headers, async_=async_)

    async def deactivate(
        self,
        *,
        async_: bool | None = None,
        reason: str | None = None,
        stop_gluster_service: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Move to maintenance (VMs migrate away first); ``reason`` is shown to admins."""
        return await self._action(
            "deactivate",
            query,
            headers,
            async_=async_,
            reason=reason,
            stop_gluster_service=stop_gluster_service,
        )

    async def fence(
        self,
        *,
        fence_type: Any = None,
        async_: bool | None = None,
        maintenance_after_restart: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Power management: ``fence_type`` is manual, restart, start, status or stop.

        For ``status`` the answer is ``result.power_management.status``.
        """
        return await self._action(
            "fence",
            query,
            headers,
            async_=async_,
            fence_type=fence_type,
            maintenance_after_restart=maintenance_after_restart,
        )

    async def refresh(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """Re-read the host's capabilities."""
        return await self._action("refresh", query, headers, async_=async_)

    async def force_select_spm(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """Make this host the storage pool manager of its data center."""
        return await self._action("forceselectspm", query, headers, async_=async_)

    async def upgrade_check(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """Ask the engine to check for updates (the result lands in ``update_available``).

        The SDK sends no parameters here; ``async_`` is accepted for uniformity.
        """
        return await self._action("upgradecheck", query, headers, async_=async_)


class HostNicsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"max", "follow", "all_content"})

    def nic_service(self, id: str) -> HostNicService:  # noqa: A002 - SDK name
        return HostNicService(self._connection, self._child(id))


class HostNicService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "all_content"})

    def statistics_service(self) -> StatisticsService:
        return StatisticsService(self._connection, self._child("statistics"))
