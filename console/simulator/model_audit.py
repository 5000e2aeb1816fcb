"""Audit-side entities: statistics, events, jobs and steps, fence results.

Same field-naming contract as console.simulator.model (see its docstring).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from .model_base import ADMIN_USER_ID

__all__ = ["Event", "Job", "PowerManagement", "Statistic", "Step"]


@dataclass(slots=True, frozen=True)
class Statistic:
    """One statistic; `values` newest first (numbers -> <datum>, strings -> <detail>).

    id is name-derived like the engine's (stats.statistic_id: MD5 version-3 UUID of the name).
    Exactly one parent field is set.
    """

    id: str
    name: str
    description: str
    kind: str  # gauge|counter
    type: str  # integer|decimal|string
    unit: str
    values: tuple[float | int | str, ...]
    vm_id: str | None = None
    host_id: str | None = None
    nic_id: str | None = None
    host_nic_id: str | None = None
    disk_id: str | None = None


@dataclass(slots=True)
class Event:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {
        "cluster_id": "cluster", "data_center_id": "data_center", "host_id": "host",
        "storage_domain_id": "storage_domain", "template_id": "template", "user_id": "user", "vm_id": "vm",
    }
    # deleted: dismissed events are hidden from lists but can be undeleted.
    INTERNAL: ClassVar[tuple[str, ...]] = ("deleted",)
    id: int  # audit_log_id; <index> carries the same number
    code: int
    description: str
    severity: str  # normal|warning|error|alert
    time: datetime
    correlation_id: str = ""
    origin: str = "oVirt"
    custom_id: int = -1
    flood_rate: int = 30
    custom_data: str = ""
    log_on_host: bool = False
    vm_id: str | None = None
    host_id: str | None = None
    cluster_id: str | None = None
    data_center_id: str | None = None
    storage_domain_id: str | None = None
    template_id: str | None = None
    user_id: str | None = None
    deleted: bool = False

    @property
    def index(self) -> int:
        return self.id


@dataclass(slots=True)
class Step:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {
        "job_id": "job", "parent_step_id": "parent_step", "execution_host_id": "execution_host",
    }
    INTERNAL: ClassVar[tuple[str, ...]] = ()
    id: str
    job_id: str
    description: str
    type: str  # StepEnum
    number: int
    start_time: datetime
    status: str = "started"  # StepStatus
    end_time: datetime | None = None
    external: bool = False
    external_type: str | None = None  # vdsm|gluster
    progress: int | None = None
    parent_step_id: str | None = None
    execution_host_id: str | None = None


@dataclass(slots=True)
class Job:
    XML_PATHS: ClassVar[dict[str, str]] = {}
    XML_REFS: ClassVar[dict[str, str]] = {"owner_id": "owner"}
    # correlation_id is searchable (jobs?search=correlation_id=X) but not an XML element.
    INTERNAL: ClassVar[tuple[str, ...]] = ("correlation_id", "steps")
    id: str
    description: str
    start_time: datetime
    last_updated: datetime
    status: str = "started"  # JobStatus
    end_time: datetime | None = None
    auto_cleared: bool = True
    external: bool = False
    owner_id: str = ADMIN_USER_ID
    correlation_id: str = ""
    steps: list[Step] = field(default_factory=list)  # in `number` order


@dataclass(slots=True, frozen=True)
class PowerManagement:
    """Result of host fence with fence_type=status: <power_management><status>."""

    status: str  # on|off|unknown
