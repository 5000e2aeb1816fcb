"""Recorded events, jobs, steps, statistics, API root, faults and action bodies read right.

Part of the example suite in ``test_examples`` (which also checks that every
recorded document has a check).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from console.api import types as t
from console.api.enums import (
    BootDevice,
    JobStatus,
    LogSeverity,
    StatisticKind,
    StatisticUnit,
    StepEnum,
    StepStatus,
    ValueType,
)
from console.api.reader import parse
from tests.api.reader_fixtures import checker, example, feed_in_chunks

EEST = timezone(timedelta(hours=3))
SAST = timezone(timedelta(hours=2))
CHECKS: dict[str, Callable[[Any], None]] = {}
check = checker(CHECKS)


@check("v4-real-api-root-4.1.xml")
def _api(api: t.Api) -> None:
    assert api.product_info.name == "oVirt Engine" and api.product_info.vendor == "ovirt.org"
    assert api.product_info.version.full_version == "4.1.0_master"
    assert (api.product_info.version.major, api.product_info.version.minor) == (4, 1)
    assert (api.summary.vms.active, api.summary.vms.total) == (0, 8)
    assert (api.summary.hosts.active, api.summary.hosts.total) == (1, 3)
    assert api.summary.storage_domains.total == 5 and api.summary.users.active == 1
    assert api.time == datetime(2016, 9, 11, 12, 54, 21, 551000, tzinfo=EEST)
    assert api.special_objects.blank_template.id == "00000000-0000-0000-0000-000000000000"
    assert api.authenticated_user is None  # 4.1 predates it
    assert api.links["vms"] == "/ovirt-engine/api/vms"
    assert api.links["events/search"] == "/ovirt-engine/api/events;from={event_id}?search={query}"


@check("v4-real-event-vm-updated.xml")
def _event_real(event: t.Event) -> None:
    assert (event.id, event.code, event.severity) == ("16359", 35, LogSeverity.NORMAL)
    assert event.description == "VM new_vm configuration was updated by admin@internal-authz."
    assert event.correlation_id == "4e787afc-ed42-4193-82a0-66943860d142"
    assert (event.custom_id, event.flood_rate, event.origin) == (-1, 30, "oVirt")
    assert event.time == datetime(2017, 5, 7, 15, 45, 5, 485000, tzinfo=EEST)
    assert event.vm.id == "78e60d40-1fd9-42e7-aa07-4ef4439b5289"
    assert event.user.id == "0000002c-002c-002c-002c-000000000149"
    assert event.template.id and event.cluster.id and event.data_center.id
    assert event.host is None and event.index is None


@check("model-doc-event-get.xml")
def _event_doc(event: t.Event) -> None:
    assert (event.id, event.code, event.correlation_id) == ("123", 42, "135")
    assert event.host.id == "789" and event.cluster.id == "456" and event.user.id == "987"


@check("model-doc-events-list.xml")
def _events(events: list[t.Event]) -> None:
    assert [(e.id, e.code) for e in events] == [("2", 31), ("1", 30)]  # newest first
    assert events[0].time > events[1].time


@check("model-doc-event-add-request.xml")
def _event_add(event: t.Event) -> None:
    assert (event.severity, event.origin, event.custom_id) == ("alert", "mymonitor", 1467879754)
    assert event.vm.id == "aae98225-5b73-490d-a252-899209af17e9" and event.vm.href is None


@check("model-doc-job-get.xml")
def _job(job: t.Job) -> None:
    assert (job.id, job.description, job.status) == ("123", "Adding Disk", JobStatus.FAILED)
    assert job.start_time == datetime(2016, 12, 12, 23, 7, 26, 593000, tzinfo=SAST)
    assert job.end_time == job.last_updated == datetime(2016, 12, 12, 23, 7, 29, 758000, tzinfo=SAST)
    assert (job.external, job.auto_cleared) == (False, True)
    assert job.owner.id == "456" and job.links["steps"] == "/ovirt-engine/api/jobs/123/steps"
    assert set(job.actions) == {"clear", "end"}


@check("model-doc-jobs-list.xml")
def _jobs(jobs: list[t.Job]) -> None:
    assert [(j.id, j.status) for j in jobs] == [("123", "failed")]


@check("model-doc-job-added-external.xml")
def _job_external(job: t.Job) -> None:
    assert job.status is JobStatus.STARTED and job.external is True and job.end_time is None


@check("model-doc-step-get.xml")
def _step(step: t.Step) -> None:
    assert (step.description, step.type, step.status) == ("Validating", StepEnum.VALIDATING, "finished")
    assert step.number == 0 and step.progress is None and step.job.id == "123"
    assert step.end_time - step.start_time == timedelta(milliseconds=22)


@check("model-doc-steps-list.xml")
def _steps(steps: list[t.Step]) -> None:
    (step,) = steps
    assert step.status is StepStatus.STARTED and step.number == 2 and step.external is True
    assert step.links["statistics"] == "/ovirt-engine/api/jobs/123/steps/456/statistics"


@check("model-doc-vm-statistics-list.xml")
def _statistics(stats: list[t.Statistic]) -> None:
    (stat,) = stats
    assert (stat.name, stat.description) == ("memory.installed", "Total memory configured")
    assert (stat.kind, stat.type, stat.unit) == (
        StatisticKind.GAUGE,
        ValueType.INTEGER,
        StatisticUnit.BYTES,
    )
    assert stat.datum == 1073741824 and stat.values == [t.Value(datum=1073741824.0)]
    assert stat.vm.id == "123"


@check("sdk-test-affinity-group-link-and-inline-list.xml")
def _affinity_group(group: t.AffinityGroup) -> None:
    assert group.links == {"vms": "/ovirt-engine/api/clusters/123/affinitygroups/456/vms"}
    assert group.vms == [t.Ref(id="123")]  # the inline list is kept next to the link


@check("sdk-test-fault.xml")
def _fault(fault: t.Fault) -> None:
    assert fault == t.Fault(reason="myreason", detail="mydetail")


@check("fault-400-incomplete-parameters.xml")
def _fault_incomplete(fault: t.Fault) -> None:
    assert (fault.reason, fault.detail) == ("Incomplete parameters", "Disk [format] required for add")


@check("fault-400-operation-failed-validation.xml")
def _fault_validation(fault: t.Fault) -> None:
    assert fault.reason == "Operation Failed"
    assert fault.detail == "[Host address must be a FQDN or a valid IP address]"


@check("fault-409-operation-failed-vnic-profile-name.xml")
def _fault_conflict(fault: t.Fault) -> None:
    assert fault.detail.startswith("[Cannot edit VM network interface profile.")
    assert fault.detail.endswith("-Please choose a different name.]") and "\n" in fault.detail


@check("model-doc-action-sd-deactivate-force-request.xml")
def _action_force(action: t.Action) -> None:
    assert action.force is True and action.status is None


@check("model-doc-action-vm-migrate-request.xml")
def _action_migrate(action: t.Action) -> None:
    assert action.host == t.Ref(id="2ab5e1da-b726-4274-bbf7-0a42b16a0fc3")


@check("model-doc-action-vm-previewsnapshot-request.xml")
def _action_preview(action: t.Action) -> None:
    assert action.snapshot.id == "456"
    (disk,) = action.disks
    assert (disk.id, disk.image_id) == ("111", "222")  # children: read as a full Disk


@check("model-doc-action-vm-start-request.xml")
def _action_start(action: t.Action) -> None:
    assert isinstance(action.vm, t.Vm) and action.vm.os.boot.devices == [BootDevice.CDROM]


@check("model-doc-action-vm-ticket-request.xml")
def _action_ticket(action: t.Action) -> None:
    assert action.ticket == t.Ticket(value="abcd12345", expiry=120)


@check("sdk-test-iscsidiscover-request.xml")
def _action_iscsi(action: t.Action) -> None:
    assert (action.iscsi.address, action.iscsi.port) == ("iscsi.example.com", 3260)


@check("sdk-test-setupnetworks-request.xml")
def _action_setupnetworks(action: t.Action) -> None:
    (bond,) = action.modified_bonds
    assert bond.name == "bond0"
    assert bond.bonding.options == [t.Option(name="mode", type="4")]
    assert [s.name for s in bond.bonding.slaves] == ["eth1", "eth2"]


@pytest.mark.parametrize("name", sorted(CHECKS))
@pytest.mark.parametrize("size", [None, 1, 7, 4096])
def test_example(name: str, size: int | None) -> None:
    """Whole, and fed in 1-byte, odd and 4 KiB chunks: the same records, the same fields."""
    record = parse(example(name)) if size is None else feed_in_chunks(example(name), size)
    assert record == parse(example(name))
    CHECKS[name](record)
