"""VM state machine on a ManualClock: every transition, its job, its events and its faults."""

from __future__ import annotations

import pytest

from console.simulator.engine import EngineFault

from .engine_world import codes_for, make, step, vm_in


def test_start_goes_wait_for_launch_powering_up_up() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    job = engine.vm_action(vm.id, "start", {}, "cid-start")
    assert vm.status == "wait_for_launch" and vm.host_id is not None
    host = engine.hosts[vm.host_id]
    assert host.status == "up" and host.cluster_id == vm.cluster_id
    assert job.description == f"Launching VM {vm.name}" and job.status == "started"
    assert job.correlation_id == "cid-start"
    step(engine, clock)
    assert vm.status == "powering_up" and vm.start_time == clock.now()
    step(engine, clock)
    assert vm.status == "up" and job.status == "finished" and job.end_time == clock.now()
    assert codes_for(engine, "cid-start") == [153, 32]
    assert engine.events[-1].description == f"VM {vm.name} started on Host {host.name}"
    assert engine.events[-1].vm_id == vm.id and engine.events[-1].host_id == host.id
    assert vm.id in engine.host_vms[host.id]


def test_advance_is_idempotent_and_needs_the_clock() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    engine.vm_action(vm.id, "start", {}, "c")
    engine.advance()
    engine.advance()
    assert vm.status == "wait_for_launch"  # no time passed, nothing moved
    clock.advance(2.9)
    engine.advance()
    assert vm.status == "wait_for_launch"
    clock.advance(0.1)
    engine.advance()
    assert vm.status == "powering_up"


def test_start_running_vm_faults_with_engine_wording() -> None:
    engine, _ = make()
    vm = vm_in(engine, "up")
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "start", {}, "c")
    assert (err.value.status, err.value.reason, err.value.detail) == (409, "Operation Failed",
                                                                      "[Cannot run VM. VM is running.]")


def test_stop_and_shutdown_of_down_vm_fault() -> None:
    engine, _ = make()
    vm = vm_in(engine, "down")
    for verb, detail in (("stop", "[Cannot stop VM. VM is not running.]"),
                         ("shutdown", "[Cannot shutdown VM. VM is not running.]"),
                         ("reboot", "[Cannot reboot VM. VM is not running.]"),
                         ("suspend", "[Cannot suspend VM. VM is not running.]"),
                         ("migrate", "[Cannot migrate VM. VM is not running.]")):
        with pytest.raises(EngineFault) as err:
            engine.vm_action(vm.id, verb, {}, "c")
        assert err.value.status == 409 and err.value.detail == detail


def test_status_illegal_wording() -> None:
    engine, _ = make()
    vm = vm_in(engine, "suspended")
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "reboot", {}, "c")
    assert err.value.detail == "[Cannot reboot VM because the VM is in Suspended status.]"


def test_shutdown_powering_down_then_down() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    host_id = vm.host_id
    job = engine.vm_action(vm.id, "shutdown", {"reason": "patching"}, "cid-sd")
    assert vm.status == "powering_down" and job.description == f"Shutting down VM {vm.name}"
    step(engine, clock)
    assert vm.status == "down" and vm.host_id is None and vm.stop_reason == "patching"
    assert vm.id not in engine.host_vms[host_id] and job.status == "finished"
    assert codes_for(engine, "cid-sd") == [73, 61]
    assert engine.events[-1].description == f"VM {vm.name} is down. Exit message: User shut down from within the guest"


def test_stop_powers_off_and_interrupts_a_start() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    start_job = engine.vm_action(vm.id, "start", {}, "s")
    stop_job = engine.vm_action(vm.id, "stop", {}, "p")
    assert start_job.status == "failed"  # the launch was interrupted
    assert stop_job.description == f"Stopping VM {vm.name}"
    step(engine, clock, 3)
    assert vm.status == "down" and stop_job.status == "finished"
    assert codes_for(engine, "p") == [33, 61]
    assert "Admin shut down from the engine" in engine.events[-1].description


def test_reboot_and_reset() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    for verb, code, word in (("reboot", 157, "Rebooting"), ("reset", 221, "Resetting")):
        job = engine.vm_action(vm.id, verb, {}, verb)
        assert vm.status == "reboot_in_progress" and job.description == f"{word} VM {vm.name}"
        step(engine, clock)
        assert vm.status == "up" and job.status == "finished"
        assert codes_for(engine, verb) == [code]


def test_suspend_and_resume() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    engine.vm_action(vm.id, "suspend", {}, "sus")
    assert vm.status == "saving_state"
    step(engine, clock)
    assert vm.status == "suspended" and vm.host_id is None
    assert codes_for(engine, "sus") == [501, 503]
    job = engine.vm_action(vm.id, "start", {}, "res")
    assert vm.status == "restoring_state" and vm.host_id is not None
    step(engine, clock)
    assert vm.status == "up" and job.status == "finished"


def test_start_paused_vm_resumes_in_place() -> None:
    engine, clock = make()
    vm = vm_in(engine, "paused")
    host_id = vm.host_id
    engine.vm_action(vm.id, "start", {}, "c")
    step(engine, clock)
    assert vm.status == "up" and vm.host_id == host_id


def test_run_paused_then_resume() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    engine.vm_action(vm.id, "start", {"pause": True}, "p")
    step(engine, clock, 2)
    assert vm.status == "paused"
    engine.vm_action(vm.id, "start", {}, "r")
    step(engine, clock)
    assert vm.status == "up"


def test_migrate_to_named_host_and_scheduler_choice() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    source = vm.host_id
    target = next(h for h in engine.hosts.values()
                  if h.cluster_id == vm.cluster_id and h.status == "up" and h.id != source)
    job = engine.vm_action(vm.id, "migrate", {"host": {"name": target.name}}, "mig")
    assert vm.status == "migrating" and job.description == f"Migrating VM {vm.name} to Host {target.name}"
    assert vm.id in engine.host_vms[target.id]  # memory reserved on the destination
    clock.advance(engine.transition_seconds / 2)
    engine.advance()
    assert engine.migration_progress[vm.id] == 50
    clock.advance(engine.transition_seconds / 2)
    engine.advance()
    assert vm.status == "up" and vm.host_id == target.id and vm.id not in engine.host_vms[source]
    assert job.status == "finished" and codes_for(engine, "mig") == [62, 63]
    sub = [s for s in job.steps if s.parent_step_id is not None]
    assert sub and sub[0].progress == 100 and sub[0].status == "finished"
    # No host given: the scheduler picks one other than the current.
    engine.vm_action(vm.id, "migrate", {}, "mig2")
    assert vm.migration_target_host_id not in (None, target.id)


def test_migrate_faults() -> None:
    engine, _ = make()
    vm = vm_in(engine, "up")
    same = engine.hosts[vm.host_id]
    other_cluster = next(h for h in engine.hosts.values() if h.cluster_id != vm.cluster_id and h.status == "up")
    maint = next((h for h in engine.hosts.values() if h.status == "maintenance" and h.cluster_id == vm.cluster_id), None)
    cases = [({"id": same.id}, "[Cannot migrate VM. The destination Host is the same as the source Host.]"),
             ({"id": other_cluster.id}, "[Cannot migrate VM. Destination Host is not in the VM's Cluster.]")]
    if maint is not None:
        cases.append(({"id": maint.id}, "[Cannot migrate VM. Operation can be performed only when Host status is Up.]"))
    for ref, detail in cases:
        with pytest.raises(EngineFault) as err:
            engine.vm_action(vm.id, "migrate", {"host": ref}, "c")
        assert err.value.status == 409 and err.value.detail == detail
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "migrate", {"host": {"name": "no-such-host"}}, "c")
    assert err.value.status == 404


def test_cancel_migration() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    source = vm.host_id
    mig = engine.vm_action(vm.id, "migrate", {}, "m")
    target = vm.migration_target_host_id
    job = engine.vm_action(vm.id, "cancelmigration", {}, "cancel")
    assert vm.status == "up" and vm.host_id == source and vm.id not in engine.host_vms[target]
    assert mig.status == "failed" and job.status == "finished"
    step(engine, clock, 2)
    assert vm.host_id == source  # the cancelled completion never lands
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "cancelmigration", {}, "c")
    assert err.value.detail == "[Cannot cancel migration for non migrating VM.]"


def test_no_host_with_room_faults() -> None:
    engine, _ = make()
    vm = vm_in(engine, "down")
    for h in engine.hosts.values():
        if h.cluster_id == vm.cluster_id:
            h.max_scheduling_memory = 0
    with pytest.raises(EngineFault) as err:
        engine.vm_action(vm.id, "start", {}, "c")
    assert err.value.detail.startswith("[Cannot run VM. There is no host that satisfies current scheduling")


def test_remove_vm() -> None:
    engine, clock = make()
    vm = next(v for v in engine.vms.values() if v.status == "down" and not v.delete_protected)
    disks = [a.disk_id for a in engine.disk_attachments[vm.id]]
    freed = {}
    for d in disks:
        sd_id = engine.disks[d].storage_domain_id
        freed[sd_id] = freed.get(sd_id, 0) + engine.disks[d].actual_size
    available = {sd_id: engine.storage_domains[sd_id].available for sd_id in freed}
    job = engine.remove_vm(vm.id, False, "rm")
    assert vm.status == "image_locked" and job.description == f"Removing VM {vm.name}"
    step(engine, clock)
    assert vm.id not in engine.vms and vm.id not in engine.nics and vm.id not in engine.snapshots
    assert all(d not in engine.disks for d in disks) and job.status == "finished"
    assert all(engine.storage_domains[s].available == available[s] + freed[s] for s in freed)
    assert codes_for(engine, "rm") == [113]
    with pytest.raises(EngineFault) as err:
        engine.get_vm(vm.id)
    assert err.value.status == 404


def test_remove_detach_only_keeps_disks_and_running_vm_faults() -> None:
    engine, clock = make()
    vm = next(v for v in engine.vms.values() if v.status == "down" and not v.delete_protected)
    disks = [a.disk_id for a in engine.disk_attachments[vm.id]]
    engine.remove_vm(vm.id, True, "rm")
    step(engine, clock)
    assert all(d in engine.disks for d in disks)
    running = vm_in(engine, "up")
    with pytest.raises(EngineFault) as err:
        engine.remove_vm(running.id, False, "c")
    assert err.value.detail == "[Cannot remove VM. VM is running.]"


def test_missing_vm_is_404_not_keyerror() -> None:
    engine, _ = make()
    with pytest.raises(EngineFault) as err:
        engine.vm_action("nope", "start", {}, "c")
    assert err.value.status == 404


def test_engine_generates_correlation_id_when_absent() -> None:
    engine, _ = make()
    job = engine.vm_action(vm_in(engine, "down").id, "start", {}, "")
    assert len(job.correlation_id) == 8 and engine.events[-1].correlation_id == job.correlation_id
