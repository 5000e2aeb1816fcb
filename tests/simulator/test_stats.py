"""Statistics: engine ids, names and units, drift, and host figures consistent with its VMs."""

from __future__ import annotations

import time

from console.simulator.stats import HISTORY_LENGTH, statistic_id

from .engine_world import make, step, vm_in

VM_STATS = {
    "memory.installed": ("gauge", "integer", "bytes"), "memory.used": ("gauge", "integer", "bytes"),
    "memory.free": ("gauge", "integer", "bytes"), "memory.buffered": ("gauge", "integer", "bytes"),
    "memory.cached": ("gauge", "integer", "bytes"), "memory.unused": ("gauge", "integer", "bytes"),
    "cpu.current.guest": ("gauge", "decimal", "percent"), "cpu.current.hypervisor": ("gauge", "decimal", "percent"),
    "cpu.current.total": ("gauge", "decimal", "percent"), "migration.progress": ("gauge", "decimal", "percent"),
    "network.current.total": ("gauge", "decimal", "percent"), "elapsed.time": ("counter", "integer", "seconds"),
    "cpu.usage.history": ("gauge", "decimal", "percent"), "memory.usage.history": ("gauge", "decimal", "percent"),
    "network.usage.history": ("gauge", "decimal", "percent"), "disks.usage": ("gauge", "string", "none"),
}


def _by_name(stats):
    return {s.name: s for s in stats}


def test_ids_are_the_engines_name_based_uuids() -> None:
    assert statistic_id("memory.total") == "7816602b-c05c-3db7-a4da-3769f7ad8896"
    assert statistic_id("memory.used") == "b7499508-c1c3-32f0-8174-c1783e57bb08"


def test_vm_statistics_names_units_and_consistency() -> None:
    engine, _ = make()
    vm = vm_in(engine, "up")
    stats = _by_name(engine.vm_statistics(vm.id))
    assert {n: (s.kind, s.type, s.unit) for n, s in stats.items()} == VM_STATS
    assert all(s.vm_id == vm.id and s.id == statistic_id(s.name) for s in stats.values())
    v = {n: s.values[0] for n, s in stats.items() if s.values}
    assert v["memory.installed"] == vm.memory and v["memory.used"] + v["memory.free"] == vm.memory
    assert abs(v["cpu.current.total"] - (v["cpu.current.guest"] + v["cpu.current.hypervisor"])) < 0.011
    assert 0 <= v["cpu.current.total"] <= 110 and v["elapsed.time"] > 0
    history = stats["cpu.usage.history"].values
    assert len(history) == HISTORY_LENGTH and history[0] == v["cpu.current.total"]
    if engine.vm_guest_visible(vm):
        assert stats["disks.usage"].values[0].startswith("[{")


def test_down_vm_reports_zeros_and_no_history() -> None:
    engine, _ = make()
    stats = _by_name(engine.vm_statistics(vm_in(engine, "down").id))
    assert stats["cpu.current.total"].values == (0.0,) and stats["memory.used"].values == (0,)
    assert stats["cpu.usage.history"].values == () and stats["disks.usage"].values == ()


def test_drift_is_deterministic_and_moves_over_time() -> None:
    a, clock_a = make(seed=11)
    b, _ = make(seed=11)
    vm_id = vm_in(a, "up").id
    assert a.vm_statistics(vm_id) == b.vm_statistics(vm_id)
    samples = []
    for _ in range(12):
        samples.append(_by_name(a.vm_statistics(vm_id))["cpu.current.guest"].values[0])
        clock_a.advance(20)
        a.advance()
    assert len(set(samples)) > 6  # it drifts
    assert all(0 <= s <= 100 for s in samples)


def test_host_memory_follows_its_vms() -> None:
    engine, clock = make()
    vm = vm_in(engine, "down")
    engine.vm_action(vm.id, "start", {}, "s")
    host = engine.hosts[vm.host_id]
    step(engine, clock, 2)
    stats = _by_name(engine.host_statistics(host.id))
    committed = sum(engine.vms[v].memory for v in engine.host_vms[host.id])
    used, shared = stats["memory.used"].values[0], stats["memory.shared"].values[0]
    assert committed - shared < used <= committed + 8 * (1 << 30)
    assert used + stats["memory.free"].values[0] == host.memory == stats["memory.total"].values[0]
    cpu = sum(stats[f"cpu.current.{k}"].values[0] for k in ("user", "system", "idle"))
    assert abs(cpu - 100) < 0.05
    engine.vm_action(vm.id, "stop", {}, "p")
    step(engine, clock)
    after = _by_name(engine.host_statistics(host.id))["memory.used"].values[0]
    assert used - after > vm.memory * 0.8


def test_nic_totals_never_go_backwards_and_disk_stats_follow_vm() -> None:
    engine, clock = make()
    vm = vm_in(engine, "up")
    nic = engine.nics[vm.id][0]
    totals = []
    for _ in range(5):
        s = _by_name(engine.nic_statistics(vm.id, nic.id))
        totals.append(s["data.total.rx"].values[0])
        assert s["data.current.rx.bps"].values[0] == s["data.current.rx"].values[0] * 8
        clock.advance(30)
        engine.advance()
    assert totals == sorted(totals) and totals[-1] > totals[0]
    disk_id = engine.disk_attachments[vm.id][0].disk_id
    assert _by_name(engine.disk_statistics(disk_id))["disk.read.latency"].values[0] > 0
    down = vm_in(engine, "down")
    assert _by_name(engine.disk_statistics(engine.disk_attachments[down.id][0].disk_id))[
        "data.current.read"].values[0] == 0.0
    host = engine.hosts[vm.host_id]
    hn = engine.host_nics[host.id][0]
    assert all(s.host_nic_id == hn.id for s in engine.host_nic_statistics(host.id, hn.id))


def test_statistics_are_cheap_at_scale() -> None:
    engine, _ = make(vms=10_000)
    started = time.perf_counter()
    for vm_id in list(engine.vms)[:2000]:
        engine.vm_statistics(vm_id)
    print(f"\nstatistics for 2,000 VMs in {time.perf_counter() - started:.2f}s")
    assert len(engine.vm_statistics(next(iter(engine.vms)))) == len(VM_STATS)
