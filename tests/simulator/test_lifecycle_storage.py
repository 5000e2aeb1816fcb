"""Storage domains inside their data center: deactivate / activate and their faults."""

from __future__ import annotations

import pytest

from console.simulator.engine import EngineFault

from .engine_world import codes_for, make, step


def test_export_domain_activate_then_deactivate() -> None:
    engine, clock = make()
    sd = next(s for s in engine.storage_domains.values() if s.type == "export")
    dc = sd.data_center_id
    assert sd.status == "maintenance"
    job = engine.storage_domain_action(dc, sd.id, "activate", {}, "a")
    assert sd.status == "activating"
    step(engine, clock)
    assert sd.status == "active" and job.status == "finished" and codes_for(engine, "a") == [966]
    job = engine.storage_domain_action(dc, sd.id, "deactivate", {}, "d")
    assert sd.status == "preparing_for_maintenance"
    step(engine, clock)
    assert sd.status == "maintenance" and job.status == "finished" and codes_for(engine, "d") == [968]
    assert engine.events[-1].storage_domain_id == sd.id and engine.events[-1].data_center_id == dc


def test_status_fault_and_wrong_data_center() -> None:
    engine, _ = make()
    sd = next(s for s in engine.storage_domains.values() if s.type == "export")
    with pytest.raises(EngineFault) as err:
        engine.storage_domain_action(sd.data_center_id, sd.id, "deactivate", {}, "c")
    assert err.value.detail == "[Cannot deactivate Storage. The relevant Storage Domain's status is Maintenance.]"
    other_dc = next(d for d in engine.data_centers if d != sd.data_center_id)
    with pytest.raises(EngineFault) as err:
        engine.storage_domain_action(other_dc, sd.id, "activate", {}, "c")
    assert err.value.status == 404


def test_data_domain_in_use_by_running_vms_refuses_then_master_moves() -> None:
    engine, clock = make()
    master = next(s for s in engine.storage_domains.values() if s.master)
    dc = master.data_center_id
    with pytest.raises(EngineFault) as err:
        engine.storage_domain_action(dc, master.id, "deactivate", {}, "c")
    assert err.value.detail.startswith("[Cannot deactivate Storage. The following VMs are running")
    # Power off every VM using it, then maintenance hands the master role to another data domain.
    for vm_id, atts in engine.disk_attachments.items():
        vm = engine.vms[vm_id]
        if vm.host_id and any(engine.disks[a.disk_id].storage_domain_id == master.id for a in atts):
            engine.vm_action(vm_id, "stop", {}, "off")
    step(engine, clock)
    engine.storage_domain_action(dc, master.id, "deactivate", {}, "d")
    step(engine, clock)
    assert master.status == "maintenance" and not master.master
    assert sum(1 for s in engine.storage_domains.values() if s.data_center_id == dc and s.master) == 1
