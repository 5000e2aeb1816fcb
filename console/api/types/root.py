"""The API root (``GET /ovirt-engine/api``), action results and faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from console.api.enums import CreationStatus, FenceType, PowerManagementStatus
from console.api.types.base import Entity, Ref, Struct, User, Version
from console.api.types.clusters import Cluster
from console.api.types.compute import Snapshot, Template, Vm
from console.api.types.consoles import ProxyTicket
from console.api.types.events import Job
from console.api.types.hosts import Host, IscsiDetails
from console.api.types.network import HostNic
from console.api.types.storage import Disk, StorageDomain


@dataclass(slots=True, kw_only=True, repr=False)
class ProductInfo(Struct):
    name: str | None = None
    vendor: str | None = None
    instance_id: str | None = None
    version: Version | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class ApiSummaryItem(Struct):
    active: int | None = None
    total: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class ApiSummary(Struct):
    """Counts for the whole installation (admin users only)."""

    hosts: ApiSummaryItem | None = None
    storage_domains: ApiSummaryItem | None = None
    users: ApiSummaryItem | None = None
    vms: ApiSummaryItem | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class SpecialObjects(Struct):
    blank_template: Ref | None = None
    root_tag: Ref | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Api(Entity):
    """The entry point. Its ``links`` are the root collections (rel -> href)."""

    product_info: ProductInfo | None = None
    summary: ApiSummary | None = None
    special_objects: SpecialObjects | None = None
    time: datetime | None = None
    authenticated_user: Ref | User | None = None
    effective_user: Ref | User | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Fault(Struct):
    """The engine's error: ``reason`` ("Operation Failed") and ``detail`` ("[Cannot ...]")."""

    reason: str | None = None
    detail: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Ticket(Struct):
    value: str | None = None
    expiry: int | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class PowerManagementResult(Struct):
    """``<power_management>`` answered by ``fence`` with ``fence_type=status``."""

    status: PowerManagementStatus | str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Action(Entity):
    """An ``<action>``: the parameters of a request, echoed back with the result.

    ``status`` is complete, pending, in_progress or failed; ``job`` is the job the
    engine created for the command; ``fault`` is set when it failed.
    ``correlation_id`` is only what the document carries: the connection sets it
    to the Correlation-Id it sent, so results can be traced to jobs and events.
    """

    status: CreationStatus | str | None = None
    job: Ref | Job | None = None
    fault: Fault | None = None
    correlation_id: str | None = None
    async_: bool | None = field(default=None, metadata={"tag": "async"})
    force: bool | None = None
    reason: str | None = None
    fence_type: FenceType | str | None = None
    restore_memory: bool | None = None
    maintenance_enabled: bool | None = None
    is_attached: bool | None = None
    succeeded: bool | None = None
    vm: Ref | Vm | None = None
    host: Ref | Host | None = None
    cluster: Ref | Cluster | None = None
    storage_domain: Ref | StorageDomain | None = None
    template: Ref | Template | None = None
    snapshot: Ref | Snapshot | None = None
    disks: list[Ref | Disk] | None = None
    ticket: Ticket | None = None
    proxy_ticket: ProxyTicket | None = None
    # The .vv text a graphics console's remoteviewerconnectionfile answers (holds a ticket: a secret).
    remote_viewer_connection_file: str | None = field(default=None, repr=False)
    iscsi: IscsiDetails | None = None
    iscsi_targets: list[str] | None = None
    power_management: PowerManagementResult | None = None
    modified_bonds: list[HostNic] | None = None
    removed_bonds: list[Ref | HostNic] | None = None
