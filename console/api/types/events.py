"""Events, jobs, steps and statistics: what the engine did and measures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from console.api.enums import (
    ExternalSystemType,
    JobStatus,
    LogSeverity,
    StatisticKind,
    StatisticUnit,
    StepEnum,
    StepStatus,
    ValueType,
)
from console.api.types.base import Entity, Ref, Struct, User

if TYPE_CHECKING:
    from console.api.types.clusters import Cluster, DataCenter
    from console.api.types.compute import Template, Vm
    from console.api.types.hosts import Host
    from console.api.types.network import HostNic, Nic
    from console.api.types.storage import Disk, StorageDomain


@dataclass(slots=True, kw_only=True, repr=False)
class Event(Entity):
    """An audit-log entry. Ids are integers as text, increasing with time."""

    code: int | None = None
    severity: LogSeverity | str | None = None
    time: datetime | None = None
    origin: str | None = None  # "oVirt" for the engine's own events
    custom_id: int | None = None  # -1 for engine events
    correlation_id: str | None = None
    flood_rate: int | None = None
    custom_data: str | None = None
    index: int | None = None
    log_on_host: bool | None = None
    vm: Ref | Vm | None = None
    host: Ref | Host | None = None
    cluster: Ref | Cluster | None = None
    data_center: Ref | DataCenter | None = None
    storage_domain: Ref | StorageDomain | None = None
    template: Ref | Template | None = None
    user: Ref | User | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Step(Entity):
    type: StepEnum | str | None = None
    status: StepStatus | str | None = None
    number: int | None = None
    progress: int | None = None  # percent, when the engine knows it
    start_time: datetime | None = None
    end_time: datetime | None = None
    external: bool | None = None
    external_type: ExternalSystemType | str | None = None
    job: Ref | Job | None = None
    parent_step: Ref | Step | None = None
    execution_host: Ref | Host | None = None
    statistics: list[Statistic] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Job(Entity):
    """A long-running engine command (start VM, migrate, add disk...)."""

    status: JobStatus | str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None  # absent while running
    last_updated: datetime | None = None
    external: bool | None = None
    auto_cleared: bool | None = None
    owner: Ref | User | None = None
    steps: list[Step] | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Value(Struct):
    """One sample: numbers in ``datum``, text (such as ``disks.usage``) in ``detail``."""

    datum: float | None = None
    detail: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Statistic(Entity):
    kind: StatisticKind | str | None = None
    type: ValueType | str | None = None
    unit: StatisticUnit | str | None = None
    values: list[Value] | None = None
    vm: Ref | Vm | None = None
    host: Ref | Host | None = None
    disk: Ref | Disk | None = None
    nic: Ref | Nic | None = None
    host_nic: Ref | HostNic | None = None
    step: Ref | Step | None = None

    @property
    def datum(self) -> float | None:
        """The current (first) numeric sample, or None."""
        values = self.values
        return values[0].datum if values else None
