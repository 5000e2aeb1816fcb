"""Write-side SDK checks for ``sdk_conformance.py`` beyond state changes: update, the
additions the simulator models, and query-like actions whose reply carries a result.

Runs under the SDK's virtualenv (see sdk_conformance.py).
"""

from __future__ import annotations

import time
from typing import Any

import ovirtsdk4 as sdk
from ovirtsdk4 import types


def run_write_checks(report: Any, conn: sdk.Connection) -> None:
    """Updates and the additions the simulator models: PUT, custom events, external jobs and steps,
    plus the query-like actions that return a member (is_attached, ticket)."""
    system = conn.system_service()

    def update() -> tuple[bool, Any]:
        vm = system.vms_service().list(max=1)[0]
        svc = system.vms_service().vm_service(vm.id)
        returned = svc.update(types.Vm(description="updated by the SDK"))
        return returned.description == svc.get().description == "updated by the SDK", returned.name

    def event() -> tuple[bool, Any]:
        events = system.events_service()
        added = events.add(types.Event(custom_id=int(time.time()), description="sdk conformance event",
                                       origin="sdk-conformance", severity=types.LogSeverity.WARNING))
        read = events.event_service(added.id).get()
        return read.description == "sdk conformance event" and read.severity == types.LogSeverity.WARNING, added.id

    def job() -> tuple[bool, Any]:
        jobs = system.jobs_service()
        added = jobs.add(types.Job(description="sdk external job", auto_cleared=True))
        job_service = jobs.job_service(added.id)
        step = job_service.steps_service().add(types.Step(description="sdk step", type=types.StepEnum.EXECUTING))
        job_service.steps_service().step_service(step.id).end(succeeded=True)
        job_service.end(succeeded=True)
        done = job_service.get()
        steps = job_service.steps_service().list()
        ok = added.external and done.status == types.JobStatus.FINISHED and all(
            s.status == types.StepStatus.FINISHED for s in steps)
        return ok, {"job": done.status.value, "steps": [s.status.value for s in steps]}

    def is_attached() -> tuple[bool, Any]:
        sds = system.storage_domains_service()
        answers = {sd.name: (sds.storage_domain_service(sd.id).is_attached(), bool(sd.data_centers))
                   for sd in sds.list()}
        return all(got == expected for got, expected in answers.values()), answers

    def ticket() -> tuple[bool, Any]:
        vm = system.vms_service().list(search="status=up", max=1)[0]
        got = system.vms_service().vm_service(vm.id).ticket(ticket=types.Ticket(expiry=120))
        return isinstance(got, types.Ticket) and bool(got.value) and got.expiry == 120, got.expiry

    report.run("storage_domain.is_attached", is_attached)
    report.run("vm.ticket", ticket)
    report.run("vm.update", update)
    report.run("events.add", event)
    report.run("jobs.add_steps_end", job)
