"""Jobs, steps and the audit log: correlation ids, ordering, external jobs and events, cleanup."""

from __future__ import annotations

import pytest

from console.simulator.engine import EngineFault
from console.simulator.model import ADMIN_USER_ID

from .engine_world import make, step, vm_in


def test_job_shape_and_step_order() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    job = engine.vm_action(vm.id, "start", {}, "corr-1")
    assert job.owner_id == ADMIN_USER_ID and not job.external and job.auto_cleared
    assert [(s.number, s.type, s.description) for s in job.steps] == [(0, "validating", "Validating"),
                                                                       (1, "executing", "Executing")]
    assert job.steps[0].status == "finished" and job.steps[1].status == "started" and job.end_time is None
    assert job.steps[1].execution_host_id == vm.host_id
    step(engine, clock, 2)
    assert all(s.status == "finished" and s.end_time == clock.now() for s in job.steps[1:])
    assert job.last_updated == job.end_time == clock.now()
    assert job.start_time < job.end_time


def test_events_ascending_ids_times_and_refs() -> None:
    engine, clock = make()
    before = engine.events[-1].id
    vm = vm_in(engine, "up")
    engine.vm_action(vm.id, "shutdown", {}, "corr-2")
    step(engine, clock)
    ids = [e.id for e in engine.events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    times = [e.time for e in engine.events]
    assert times == sorted(times)
    new = [e for e in engine.events if e.id > before]
    assert [e.correlation_id for e in new] == ["corr-2", "corr-2"]
    first = new[0]
    cluster = engine.clusters[vm.cluster_id]
    assert (first.vm_id, first.cluster_id, first.data_center_id) == (vm.id, cluster.id, cluster.data_center_id)
    assert first.user_id == ADMIN_USER_ID and first.origin == "oVirt" and first.custom_id == -1
    assert first.index == first.id and new[1].time > first.time


def test_fresh_engine_has_bounded_history() -> None:
    engine, _ = make()
    assert 0 < len(engine.events) <= 40 and engine.events[0].code == 30
    big, _ = make(vms=3000)
    assert len(big.events) <= 40


def test_external_event_dismiss_and_undelete() -> None:
    engine, _ = make()
    host = next(iter(engine.hosts.values()))
    event = engine.add_event(description="Backup finished", severity="warning", origin="backup-tool",
                             custom_id=77, refs={"host_id": host.id})
    assert event.code == 0 and event.origin == "backup-tool" and event.host_id == host.id
    assert engine.events[-1] is event
    engine.dismiss_event(event.id)
    assert event not in engine.visible_events()
    with pytest.raises(EngineFault) as err:
        engine.dismiss_event(event.id)
    assert err.value.status == 404
    engine.undelete_events()
    assert event in engine.visible_events()
    with pytest.raises(EngineFault) as err:
        engine.add_event(description="x", severity="loud", origin="o", custom_id=1)
    assert err.value.status == 400 and err.value.reason == "Invalid value"
    with pytest.raises(EngineFault) as err:
        engine.add_event(description="x", severity="normal", origin="o", custom_id=1, refs={"vm_id": "missing"})
    assert err.value.status == 404


def test_external_job_steps_end_and_clear() -> None:
    engine, clock = make()
    job = engine.add_external_job("Nightly backup", True, "ext-1")
    assert job.external and job.status == "started" and job.correlation_id == "ext-1"
    parent = engine.add_external_step(job.id, "Copying disks", "executing")
    child = engine.add_external_step(job.id, "Disk 1", "executing", parent.id)
    assert child.parent_step_id == parent.id and child.number == 1 and child.external
    with pytest.raises(EngineFault):
        engine.add_external_step(job.id, "bad", "sleeping")
    clock.advance(5)
    engine.end_step(job.id, child.id, True)
    assert child.status == "finished" and child.end_time == clock.now()
    engine.end_job(job.id, succeeded=False)
    assert job.status == "failed" and parent.status == "failed"
    with pytest.raises(EngineFault) as err:
        engine.end_job(job.id)
    assert err.value.status == 409
    engine.clear_job(job.id)
    assert job.id not in engine.jobs
    with pytest.raises(EngineFault) as err:
        engine.get_job(job.id)
    assert err.value.status == 404


def test_engine_jobs_cannot_be_ended_without_force_and_are_cleaned_up() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    job = engine.vm_action(vm.id, "reboot", {}, "r")
    with pytest.raises(EngineFault):
        engine.end_job(job.id)
    with pytest.raises(EngineFault):
        engine.clear_job(job.id)
    step(engine, clock)
    assert job.status == "finished"
    clock.advance(11 * 60)
    engine.vm_action(vm.id, "reboot", {}, "r2")  # starting a job prunes expired finished ones
    assert job.id not in engine.jobs


def test_jobs_in_start_order() -> None:
    engine, clock = make()
    vms = [v for v in engine.vms.values() if v.status == "up"][:3]
    for k, vm in enumerate(vms):
        engine.vm_action(vm.id, "reboot", {}, f"o{k}")
        clock.advance(1)
    starts = [j.start_time for j in engine.jobs.values()]
    assert starts == sorted(starts)
    assert [j.correlation_id for j in engine.jobs.values()][-3:] == ["o0", "o1", "o2"]
