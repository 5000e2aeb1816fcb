"""Derived views the XML writer relies on: summaries, guest-reported data, lookups, edge sizes."""

from __future__ import annotations

import pytest

from console.simulator.engine import Engine, EngineFault

from .engine_world import make, step, vm_in


def test_guest_data_visible_only_while_running() -> None:
    engine, clock = make()
    vm = next(v for v in engine.vms.values() if v.status == "down" and v.guest_agent)
    assert not engine.vm_guest_visible(vm) and engine.vm_reported_devices(vm.id) == []
    engine.vm_action(vm.id, "start", {}, "s")
    step(engine, clock)
    assert vm.status == "powering_up" and engine.vm_reported_devices(vm.id) == []
    step(engine, clock)
    devices = engine.vm_reported_devices(vm.id)
    assert engine.vm_guest_visible(vm) and devices
    assert {d.nic_id for d in devices} <= {n.id for n in engine.nics[vm.id]}
    assert devices[0].mac_address == engine.nics[vm.id][0].mac_address


def test_summaries_follow_state() -> None:
    engine, clock = make()
    before = engine.summary()
    assert before["vms"][1] == len(engine.vms) and before["hosts"][1] == len(engine.hosts)
    vm = vm_in(engine, "down")
    engine.vm_action(vm.id, "start", {}, "s")
    host = vm.host_id
    step(engine, clock, 2)
    assert engine.summary()["vms"][0] == before["vms"][0] + 1
    active, migrating, total = engine.host_summary(host)
    assert active == total == len(engine.host_vms[host]) and migrating == 0
    engine.vm_action(vm.id, "migrate", {}, "m")
    assert engine.host_summary(host)[1] == 1


def test_unknown_verbs_and_ids_are_faults() -> None:
    engine, _ = make()
    vm = vm_in(engine, "up")
    host = next(iter(engine.hosts.values()))
    for call in (lambda: engine.vm_action(vm.id, "explode", {}, "c"),
                 lambda: engine.host_action(host.id, "explode", {}, "c"),
                 lambda: engine.host_action("missing", "activate", {}, "c"),
                 lambda: engine.storage_domain_action("missing", "x", "activate", {}, "c"),
                 lambda: engine.vm_snapshot(vm.id, "missing"),
                 lambda: engine.nic_statistics(vm.id, "missing"),
                 lambda: engine.disk_statistics("missing")):
        with pytest.raises(EngineFault) as err:
            call()
        assert err.value.status == 404


def test_manual_fence_confirms_a_non_responsive_host_is_down() -> None:
    engine, _ = make()
    host = next(h for h in engine.hosts.values() if h.status == "up" and engine.host_vms[h.id])
    with pytest.raises(EngineFault):
        engine.host_action(host.id, "fence", {"fence_type": "manual"}, "c")
    host.status = "non_responsive"
    vms = [engine.vms[v] for v in sorted(engine.host_vms[host.id])]
    job = engine.host_action(host.id, "fence", {"fence_type": "manual"}, "man")
    assert job.status == "finished" and all(vm.status in ("down", "wait_for_launch") for vm in vms)
    assert not engine.host_vms[host.id]


@pytest.mark.parametrize("size", [0, 1, 5])
def test_tiny_worlds_work(size: int) -> None:
    engine, clock = make(vms=size, life=True)
    for _ in range(60):
        clock.advance(10)
        engine.advance()
    assert len(engine.vms) == size and len(engine.hosts) >= 2 and engine.summary()["vms"][1] == size


def test_engine_defaults_use_a_real_clock() -> None:
    engine = Engine(seed=1, vms=3, life=False)
    engine.advance()
    assert engine.now.tzinfo is not None and engine.life is None
