"""Virtual machines: ``/vms`` and the VM actions of the Administration Portal."""

from __future__ import annotations

from typing import Any

from console.api.services.base import (
    ActionResult,
    CollectionService,
    EntityService,
    Headers,
    Query,
)
from console.api.services.graphics_consoles import VmGraphicsConsolesService
from console.api.services.statistics import StatisticsService
from console.api.services.vm_children import (
    DiskAttachmentsService,
    SnapshotsService,
    VmNicsService,
    VmReportedDevicesService,
    disk_refs,
)
from console.api.writer import reference


class VmsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"search", "max", "follow", "case_sensitive", "filter", "all_content"})

    def vm_service(self, id: str) -> VmService:  # noqa: A002 - SDK name
        return VmService(self._connection, self._child(id))


class VmService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "filter", "all_content"})

    # -- sub-collections ----------------------------------------------------------------

    def nics_service(self) -> VmNicsService:
        return VmNicsService(self._connection, self._child("nics"))

    def disk_attachments_service(self) -> DiskAttachmentsService:
        return DiskAttachmentsService(self._connection, self._child("diskattachments"))

    def snapshots_service(self) -> SnapshotsService:
        return SnapshotsService(self._connection, self._child("snapshots"))

    def statistics_service(self) -> StatisticsService:
        return StatisticsService(self._connection, self._child("statistics"))

    def reported_devices_service(self) -> VmReportedDevicesService:
        return VmReportedDevicesService(self._connection, self._child("reporteddevices"))

    def graphics_consoles_service(self) -> VmGraphicsConsolesService:
        return VmGraphicsConsolesService(self._connection, self._child("graphicsconsoles"))

    # -- power ----------------------------------------------------------------------------

    async def start(
        self,
        *,
        async_: bool | None = None,
        filter: bool | None = None,  # noqa: A002 - SDK name
        pause: bool | None = None,
        use_cloud_init: bool | None = None,
        use_sysprep: bool | None = None,
        volatile: bool | None = None,
        vm: Any = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Run the VM; ``vm`` carries run-once overrides (e.g. ``{"os": {"boot": ...}}``)."""
        return await self._action(
            "start",
            query,
            headers,
            async_=async_,
            filter=filter,
            pause=pause,
            use_cloud_init=use_cloud_init,
            use_sysprep=use_sysprep,
            volatile=volatile,
            vm=vm,
        )

    async def stop(
        self,
        *,
        async_: bool | None = None,
        force: bool | None = None,
        reason: str | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Power off (like pulling the plug)."""
        return await self._action("stop", query, headers, async_=async_, force=force, reason=reason)

    async def shutdown(
        self,
        *,
        async_: bool | None = None,
        force: bool | None = None,
        reason: str | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Ask the guest to shut down."""
        return await self._action(
            "shutdown", query, headers, async_=async_, force=force, reason=reason
        )

    async def reboot(
        self,
        *,
        async_: bool | None = None,
        force: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        return await self._action("reboot", query, headers, async_=async_, force=force)

    async def reset(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """Hard reset (engine 4.4+)."""
        return await self._action("reset", query, headers, async_=async_)

    async def suspend(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """Hibernate to disk: up -> saving_state -> suspended."""
        return await self._action("suspend", query, headers, async_=async_)

    # -- migration ------------------------------------------------------------------------

    async def migrate(
        self,
        *,
        async_: bool | None = None,
        cluster: Any = None,
        force: bool | None = None,
        host: Any = None,
        migrate_vms_in_affinity_closure: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Live-migrate; without ``host`` the scheduler picks one (id, record or name ref)."""
        return await self._action(
            "migrate",
            query,
            headers,
            async_=async_,
            cluster=reference(cluster),
            force=force,
            host=reference(host),
            migrate_vms_in_affinity_closure=migrate_vms_in_affinity_closure,
        )

    async def cancel_migration(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        return await self._action("cancelmigration", query, headers, async_=async_)

    # -- snapshots ------------------------------------------------------------------------

    async def preview_snapshot(
        self,
        *,
        snapshot: Any = None,
        async_: bool | None = None,
        disks: list[Any] | None = None,
        restore_memory: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Boot from a snapshot temporarily; then commit_snapshot or undo_snapshot."""
        return await self._action(
            "previewsnapshot",
            query,
            headers,
            async_=async_,
            disks=disk_refs(disks),
            restore_memory=restore_memory,
            snapshot=reference(snapshot),
        )

    async def commit_snapshot(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        return await self._action("commitsnapshot", query, headers, async_=async_)

    async def undo_snapshot(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        return await self._action("undosnapshot", query, headers, async_=async_)

    # -- removal --------------------------------------------------------------------------

    async def remove(
        self,
        *,
        async_: bool | None = None,
        detach_only: bool | None = None,
        force: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Delete the VM; ``detach_only`` keeps its disks."""
        return await self._remove(
            {"async": async_, "detach_only": detach_only, "force": force}, query, headers
        )
