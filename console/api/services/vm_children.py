"""A VM's sub-collections: NICs (with guest-reported devices), disk attachments, snapshots."""

from __future__ import annotations

from typing import Any

from console.api.services.base import (
    ActionResult,
    CollectionService,
    Created,
    EntityService,
    Headers,
    Query,
    add,
)
from console.api.services.statistics import StatisticsService
from console.api.writer import reference


class VmNicsService(CollectionService):
    __slots__ = ()

    def nic_service(self, id: str) -> VmNicService:  # noqa: A002 - SDK name
        return VmNicService(self._connection, self._child(id))


class VmNicService(EntityService):
    __slots__ = ()

    def reported_devices_service(self) -> VmReportedDevicesService:
        return VmReportedDevicesService(self._connection, self._child("reporteddevices"))

    def statistics_service(self) -> StatisticsService:
        return StatisticsService(self._connection, self._child("statistics"))


class VmReportedDevicesService(CollectionService):
    """Guest-agent-reported network devices and their IP addresses."""

    __slots__ = ()

    def reported_device_service(self, id: str) -> VmReportedDeviceService:  # noqa: A002
        return VmReportedDeviceService(self._connection, self._child(id))


class VmReportedDeviceService(EntityService):
    __slots__ = ()


class DiskAttachmentsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"follow"})

    def attachment_service(self, id: str) -> DiskAttachmentService:  # noqa: A002 - SDK name
        return DiskAttachmentService(self._connection, self._child(id))


class DiskAttachmentService(EntityService):
    __slots__ = ()


class SnapshotsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"max", "follow", "all_content"})

    def snapshot_service(self, id: str) -> SnapshotService:  # noqa: A002 - SDK name
        return SnapshotService(self._connection, self._child(id))

    async def add(self, snapshot: Any, *, query: Query = None, headers: Headers = None) -> Created:
        """Take a snapshot: ``snapshot`` holds ``description`` and ``persist_memorystate``.

        Give a mapping or a record; only its set members are sent. The engine answers
        201/202 with the new snapshot, locked until its job finishes.
        """
        return await add(self, "snapshot", snapshot, {}, query, headers)


class SnapshotService(EntityService):
    __slots__ = ()

    def disks_service(self) -> SnapshotDisksService:
        return SnapshotDisksService(self._connection, self._child("disks"))

    async def remove(
        self,
        *,
        async_: bool | None = None,
        all_content: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Delete the snapshot (merges its disks back)."""
        return await self._remove({"async": async_, "all_content": all_content}, query, headers)

    async def restore(
        self,
        *,
        async_: bool | None = None,
        disks: list[Any] | None = None,
        restore_memory: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> ActionResult:
        """Revert the VM to this snapshot (the VM must be down)."""
        return await self._action(
            "restore",
            query,
            headers,
            async_=async_,
            disks=disk_refs(disks),
            restore_memory=restore_memory,
        )


class SnapshotDisksService(CollectionService):
    __slots__ = ()

    def disk_service(self, id: str) -> SnapshotDiskService:  # noqa: A002 - SDK name
        return SnapshotDiskService(self._connection, self._child(id))


class SnapshotDiskService(EntityService):
    __slots__ = ()


def disk_refs(disks: list[Any] | None) -> list[Any] | None:
    """Disks for snapshot actions: id plus ``image_id`` (the volume), never whole records."""
    if disks is None:
        return None
    refs: list[Any] = []
    for disk in disks:
        if isinstance(disk, (dict, str)):
            refs.append(reference(disk))
            continue
        fields = {"id": getattr(disk, "id", None), "image_id": getattr(disk, "image_id", None)}
        refs.append({k: v for k, v in fields.items() if v is not None} or reference(disk))
    return refs
