"""Host state machine: maintenance drains VMs by migration, activation, fencing, housekeeping verbs."""

from __future__ import annotations

import pytest

from console.simulator.engine import EngineFault
from console.simulator.model import PowerManagement

from .engine_world import codes_for, host_in, make, step


def _busy_host(engine):
    return next(h for h in engine.hosts.values()
                if h.status == "up" and h.spm_status != "spm"
                and any(engine.vms[v].status == "up" for v in engine.host_vms[h.id]))


def test_deactivate_migrates_vms_then_maintenance() -> None:
    engine, clock = make()
    host = _busy_host(engine)
    for other in engine.hosts.values():
        if other.cluster_id == host.cluster_id and other.id != host.id:
            other.memory = other.max_scheduling_memory = 1 << 40  # room for every VM
    vms = [engine.vms[v] for v in sorted(engine.host_vms[host.id])]
    before = {vm.id: vm.status for vm in vms}
    job = engine.host_action(host.id, "deactivate", {}, "maint")
    assert host.status == "preparing_for_maintenance"
    assert job.description == f"Moving Host(s) {host.name} to Maintenance"
    assert all(vm.status == "migrating" for vm in vms)
    migrations = [s for s in job.steps if s.parent_step_id is not None]
    assert len(migrations) == len(vms)
    step(engine, clock)
    # Each lands on another host in the state it left in (a paused VM stays paused).
    assert all(vm.status == before[vm.id] and vm.host_id != host.id for vm in vms)
    assert host.status == "preparing_for_maintenance" and not engine.host_vms[host.id]
    step(engine, clock, 2)
    assert host.status == "maintenance" and job.status == "finished"
    codes = codes_for(engine, "maint")
    assert codes[0] == 600 and codes.count(136) == len(vms) and codes.count(63) == len(vms) and codes[-1] == 620
    assert all(s.status == "finished" for s in job.steps)


def test_deactivate_waits_for_vms_that_cannot_leave() -> None:
    engine, clock = make()
    host = _busy_host(engine)
    for other in engine.hosts.values():
        if other.id != host.id:
            other.max_scheduling_memory = 0  # nowhere to go
    job = engine.host_action(host.id, "deactivate", {}, "stuck")
    step(engine, clock, 3)
    assert host.status == "preparing_for_maintenance" and job.status == "started"
    warnings = [e for e in engine.events if e.correlation_id == "stuck" and e.code == 17]
    assert len(warnings) == 1 and warnings[0].severity == "warning"  # said once, not every recheck
    assert warnings[0].description.startswith(f"Host {host.name} cannot change into maintenance mode")
    for vm_id in sorted(engine.host_vms[host.id]):
        engine.vm_action(vm_id, "stop", {}, "free")
    step(engine, clock, 3)
    assert host.status == "maintenance" and job.status == "finished"


def test_spm_moves_when_its_host_goes_to_maintenance() -> None:
    engine, clock = make()
    spm = next(h for h in engine.hosts.values() if h.spm_status == "spm")
    engine.host_action(spm.id, "deactivate", {}, "m")
    step(engine, clock, 4)
    dc = engine.clusters[spm.cluster_id].data_center_id
    spms = [h for h in engine.hosts_in_data_center(dc) if h.spm_status == "spm"]
    assert spm.spm_status == "none" and len(spms) == 1


def test_activate_from_maintenance() -> None:
    engine, clock = make()
    host = host_in(engine, "maintenance")
    job = engine.host_action(host.id, "activate", {}, "act")
    assert host.status == "unassigned" and job.description == f"Activating Host {host.name}"
    step(engine, clock)
    assert host.status == "up" and job.status == "finished"
    assert codes_for(engine, "act") == [16, 13]
    assert engine.events[-1].description == f"Status of host {host.name} was set to Up."


def test_host_status_faults() -> None:
    engine, _ = make()
    up = host_in(engine, "up")
    with pytest.raises(EngineFault) as err:
        engine.host_action(up.id, "activate", {}, "c")
    assert err.value.status == 409
    assert err.value.detail == ("[Cannot activate Host. Operation can be performed only when Host status is "
                                "Maintenance, Non Operational or Error.]")
    maint = host_in(engine, "maintenance")
    with pytest.raises(EngineFault) as err:
        engine.host_action(maint.id, "deactivate", {}, "c")
    assert err.value.detail == "[Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.]"


def test_fence_status_restart_stop_start() -> None:
    engine, clock = make()
    host = next(h for h in engine.hosts.values() if h.status == "maintenance" and h.power_management_enabled)
    assert engine.host_action(host.id, "fence", {"fence_type": "status"}, "c") == PowerManagement("on")
    job = engine.host_action(host.id, "fence", {"fence_type": "restart"}, "rst")
    assert host.status == "reboot" and job.description == f"Restarting Host {host.name}"
    step(engine, clock)
    assert host.status == "maintenance" and job.status == "finished" and host.boot_time == clock.now()
    assert 41 in codes_for(engine, "rst")
    engine.host_action(host.id, "fence", {"fence_type": "stop"}, "stp")
    assert host.status == "down" and host.power_status == "off"
    assert engine.host_action(host.id, "fence", {"fence_type": "status"}, "c") == PowerManagement("off")
    job = engine.host_action(host.id, "fence", {"fence_type": "start"}, "sta")
    step(engine, clock, 2)
    assert host.status == "up" and host.power_status == "on" and job.status == "finished"


def test_fence_needs_type_and_refuses_busy_up_host() -> None:
    engine, _ = make()
    host = _busy_host(engine)
    with pytest.raises(EngineFault) as err:
        engine.host_action(host.id, "fence", {}, "c")
    assert (err.value.status, err.value.reason, err.value.detail) == (
        400, "Incomplete parameters", "Action [fenceType] required for fence")
    with pytest.raises(EngineFault) as err:
        engine.host_action(host.id, "fence", {"fence_type": "restart"}, "c")
    assert err.value.status == 409


def test_restart_of_non_responsive_host_takes_vms_down_and_recovers() -> None:
    engine, clock = make()
    host = _busy_host(engine)
    vms = [engine.vms[v] for v in sorted(engine.host_vms[host.id])]
    host.status = "non_responsive"
    vms[0].high_availability_enabled = True
    for vm in vms[1:]:
        vm.high_availability_enabled = False
    engine.host_action(host.id, "fence", {"fence_type": "restart"}, "f")
    assert all(vm.status == "down" for vm in vms) and not engine.host_vms[host.id]
    assert codes_for(engine, "f").count(9602) == 1  # only the highly available VM
    step(engine, clock, 2)
    assert host.status == "up"
    # The highly available VM was restarted on another host of its cluster.
    assert vms[0].status in ("powering_up", "up") and vms[0].host_id not in (None, host.id)
    assert all(vm.status == "down" for vm in vms[1:])


def test_refresh_forceselectspm_upgradecheck() -> None:
    engine, clock = make()
    host = next(h for h in engine.hosts.values() if h.status == "up" and h.spm_status != "spm")
    old_spm = next(h for h in engine.hosts_in_data_center(engine.clusters[host.cluster_id].data_center_id)
                   if h.spm_status == "spm")
    jobs = [engine.host_action(host.id, verb, {}, verb) for verb in ("refresh", "upgradecheck", "forceselectspm")]
    assert host.spm_status == "contending" and old_spm.spm_status == "none"
    step(engine, clock)
    assert all(j.status == "finished" for j in jobs) and host.spm_status == "spm"
    assert codes_for(engine, "refresh") == [606] and codes_for(engine, "upgradecheck") == [839]
    with pytest.raises(EngineFault) as err:
        engine.host_action(host.id, "forceselectspm", {}, "c")
    assert err.value.detail == "[Cannot force select SPM. Host is already SPM.]"
