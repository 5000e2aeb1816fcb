"""Statistics that drift plausibly, computed lazily on request.

A value is a pure function of (seed, entity id, metric, time): smooth value noise
interpolated between 20-second buckets of a keyed hash. Nothing is updated per
tick, so 50,000 VMs cost nothing until someone asks. Host figures are derived
from the VMs the host carries (memory committed, CPU weighted by vCPUs).

Statistic ids are the engine's: Java UUID.nameUUIDFromBytes(name), an MD5
name-based (version 3) UUID of the statistic name alone (see statistic_id).
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import Disk, Host, HostNic, Nic, Statistic, Vm

if TYPE_CHECKING:
    from .engine import Engine

__all__ = [
    "HISTORY_LENGTH",
    "disk_statistics",
    "host_nic_statistics",
    "host_statistics",
    "nic_statistics",
    "statistic_id",
    "vm_cpu_total",
    "vm_statistics",
]

BUCKET_SECONDS = 20.0
HISTORY_LENGTH = 10  # values in *.usage.history, newest first, 30 s apart
HISTORY_STEP = 30.0
GIB = 1 << 30
_VM_RUNNING = frozenset({"up", "powering_up", "powering_down", "reboot_in_progress", "migrating", "paused",
                         "saving_state", "restoring_state", "not_responding"})
_HOST_REPORTING = frozenset({"up", "maintenance", "preparing_for_maintenance", "unassigned", "non_operational"})


@lru_cache(maxsize=256)
def statistic_id(name: str) -> str:
    """Java's UUID.nameUUIDFromBytes(name.getBytes()): md5, version 3, RFC 4122 variant."""
    digest = bytearray(hashlib.md5(name.encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x30
    digest[8] = (digest[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(digest)))


def _hash16(key: str) -> tuple[float, ...]:
    """16 uniform floats in [0, 1) from a keyed hash."""
    raw = hashlib.blake2b(key.encode(), digest_size=64).digest()
    return tuple(v / 4294967296.0 for v in struct.unpack("<16I", raw))


@lru_cache(maxsize=200_000)
def _traits(seed: int, ident: str) -> tuple[float, ...]:
    """Static per-entity traits (base load, memory appetite, traffic level...)."""
    return _hash16(f"{seed}:{ident}:traits")


@lru_cache(maxsize=100_000)
def _bucket(seed: int, ident: str, bucket: int) -> tuple[float, ...]:
    return _hash16(f"{seed}:{ident}:{bucket}")


def _noise(seed: int, ident: str, when: datetime) -> tuple[float, ...]:
    """16 smooth noise channels in [0, 1) at `when` (linear between bucket values)."""
    pos = when.timestamp() / BUCKET_SECONDS
    b = int(pos // 1)
    frac = pos - b
    lo, hi = _bucket(seed, ident, b), _bucket(seed, ident, b + 1)
    return tuple(x + (y - x) * frac for x, y in zip(lo, hi))


def _stat(name: str, description: str, kind: str, type_: str, unit: str,
          values: tuple[float | int | str, ...], **parent: str) -> Statistic:
    return Statistic(id=statistic_id(name), name=name, description=description, kind=kind, type=type_,
                     unit=unit, values=values, **parent)


# ---- VMs -----------------------------------------------------------------------

def vm_cpu_total(seed: int, vm: Vm, when: datetime, n: tuple[float, ...] | None = None) -> tuple[float, float]:
    """(guest %, hypervisor %) for a VM at `when`; zeros when it is not running."""
    if vm.status not in _VM_RUNNING or vm.status == "paused":
        return 0.0, 0.0
    t = _traits(seed, vm.id)
    n = n or _noise(seed, vm.id, when)
    base = 0.03 + 0.45 * t[0] ** 2  # most VMs idle-ish, a few busy
    guest = base * (0.5 + n[0]) * 100.0
    if vm.status in ("powering_up", "reboot_in_progress"):
        guest = 60.0 + 30.0 * n[0]  # booting burns CPU
    guest = min(guest, 100.0)
    return round(guest, 2), round(guest * (0.04 + 0.06 * n[1]), 2)


def _vm_memory_used(seed: int, vm: Vm, when: datetime, n: tuple[float, ...] | None = None) -> int:
    t = _traits(seed, vm.id)
    n = n or _noise(seed, vm.id, when)
    return int(vm.memory * min(0.97, 0.3 + 0.55 * t[1] + 0.08 * (n[2] - 0.5)))


def vm_statistics(engine: Engine, vm: Vm) -> list[Statistic]:
    seed, now, ref = engine.seed, engine.now, {"vm_id": vm.id}
    running = vm.status in _VM_RUNNING
    n = _noise(seed, vm.id, now)
    guest, hyp = vm_cpu_total(seed, vm, now, n)
    used = _vm_memory_used(seed, vm, now, n) if running else 0
    free = vm.memory - used if running else 0
    buffered, cached = (int(free * 0.05 * n[3]), int(free * 0.4 * n[4])) if running else (0, 0)
    net = round(_traits(seed, vm.id)[2] * 8 * n[5], 2) if running else 0.0
    elapsed = int((now - vm.start_time).total_seconds()) if running and vm.start_time else 0
    history: dict[str, tuple[float, ...]] = {"cpu": (), "memory": (), "network": ()}
    if running:
        # One noise draw per sample feeds all three histories (this is the hot path of big lists).
        traffic = _traits(seed, vm.id)[2] * 8
        cpu_h, mem_h, net_h = [], [], []
        for k in range(HISTORY_LENGTH):
            when = now - timedelta(seconds=k * HISTORY_STEP)
            nk = n if k == 0 else _noise(seed, vm.id, when)
            cpu_h.append(round(sum(vm_cpu_total(seed, vm, when, nk)), 2))
            mem_h.append(round(100.0 * _vm_memory_used(seed, vm, when, nk) / vm.memory, 2) if vm.memory else 0.0)
            net_h.append(round(traffic * nk[5], 2))
        history = {"cpu": tuple(cpu_h), "memory": tuple(mem_h), "network": tuple(net_h)}
    stats = [
        _stat("memory.installed", "Total memory configured", "gauge", "integer", "bytes", (vm.memory,), **ref),
        _stat("memory.used", "Memory used (agent)", "gauge", "integer", "bytes", (used,), **ref),
        _stat("memory.free", "Memory free (agent)", "gauge", "integer", "bytes", (free,), **ref),
        _stat("memory.buffered", "Memory buffered (agent)", "gauge", "integer", "bytes", (buffered,), **ref),
        _stat("memory.cached", "Memory cached (agent)", "gauge", "integer", "bytes", (cached,), **ref),
        _stat("memory.unused", "Memory unused (agent)", "gauge", "integer", "bytes", (free - cached - buffered,), **ref),
        _stat("cpu.current.guest", "CPU used by guest", "gauge", "decimal", "percent", (guest,), **ref),
        _stat("cpu.current.hypervisor", "CPU overhead", "gauge", "decimal", "percent", (hyp,), **ref),
        _stat("cpu.current.total", "Total CPU used", "gauge", "decimal", "percent", (round(guest + hyp, 2),), **ref),
        _stat("migration.progress", "Migration Progress", "gauge", "decimal", "percent",
              (float(engine.migration_progress.get(vm.id, 0)),), **ref),
        _stat("network.current.total", "Total network used", "gauge", "decimal", "percent", (net,), **ref),
        _stat("elapsed.time", "Elapsed VM runtime", "counter", "integer", "seconds", (elapsed,), **ref),
        _stat("cpu.usage.history", "List of CPU usage history, sorted by date from newest to oldest, "
              "at intervals of 30 seconds", "gauge", "decimal", "percent", history["cpu"], **ref),
        _stat("memory.usage.history", "List of memory usage history, sorted by date from newest to oldest, "
              "at intervals of 30 seconds", "gauge", "decimal", "percent", history["memory"], **ref),
        _stat("network.usage.history", "List of network usage history, sorted by date from newest to oldest, "
              "at intervals of 30 seconds", "gauge", "decimal", "percent", history["network"], **ref),
    ]
    usage: tuple[str, ...] = ()
    if engine.vm_guest_visible(vm):
        usage = (_disks_usage(engine, vm),)
    stats.append(_stat("disks.usage", "Disk usage (agent)", "gauge", "string", "none", usage, **ref))
    return stats


def _disks_usage(engine: Engine, vm: Vm) -> str:
    """Guest file systems as the agent reports them: JSON list of {path, total, used, fs}."""
    t = _traits(engine.seed, vm.id)
    windows = vm.os_type.startswith("windows")
    out = []
    for k, att in enumerate(engine.disk_attachments.get(vm.id, ())):
        disk = engine.disks.get(att.disk_id)
        if disk is None:
            continue
        total = int(disk.provisioned_size * 0.98)
        path = f"{chr(67 + k)}:\\" if windows else ("/" if k == 0 else f"/data{k}")
        out.append({"path": path, "total": str(total), "used": str(int(total * (0.2 + 0.6 * t[3 + k % 8]))),
                    "fs": "NTFS" if windows else "xfs"})
    return json.dumps(out)


# ---- hosts -----------------------------------------------------------------------

def host_statistics(engine: Engine, host: Host) -> list[Statistic]:
    seed, now, ref = engine.seed, engine.now, {"host_id": host.id}
    reporting = host.status in _HOST_REPORTING
    n = _noise(seed, host.id, now)
    vms = [engine.vms[v] for v in sorted(engine.host_vms.get(host.id, ())) if v in engine.vms]
    committed = sum(vm.memory for vm in vms)
    # Used = the VMs' memory plus qemu/vdsm overhead, minus what KSM merges.
    shared = int(committed * (0.03 + 0.04 * n[0])) if host.ksm_enabled else 0
    overhead = 4 * GIB + len(vms) * 64 * (1 << 20)
    used = min(host.memory, committed + overhead - shared) if reporting else 0
    free = host.memory - used if reporting else 0
    swap_total = 16 * GIB
    swap_used = int(swap_total * 0.02 * n[1]) if reporting else 0
    threads = max(1, host.cpu_sockets * host.cpu_cores * host.cpu_threads)
    vm_load = sum(sum(vm_cpu_total(seed, vm, now)) * vm.cpu_sockets * vm.cpu_cores * vm.cpu_threads
                  for vm in vms if vm.host_id == host.id)
    user = min(95.0, vm_load / threads + 1.0 + 2.0 * n[2]) if reporting else 0.0
    spike = engine.cpu_spikes.get(host.id)
    if reporting and spike is not None and now < spike[0]:
        user = max(user, spike[1] - 3.0)  # the spike behind a VDS_HIGH_CPU_USE warning
    system = min(100.0 - user, user * 0.15 + 0.5 + n[3]) if reporting else 0.0
    idle = max(0.0, 100.0 - user - system) if reporting else 0.0
    load = (user + system) / 100.0 * threads * (0.9 + 0.2 * n[4]) if reporting else 0.0
    ksm_cpu = round(1.5 * n[5], 2) if reporting and host.ksm_enabled else 0.0
    boot = int(host.boot_time.timestamp()) if host.boot_time and reporting else 0
    return [
        _stat("memory.total", "Total memory", "gauge", "integer", "bytes", (host.memory,), **ref),
        _stat("memory.used", "Used memory", "gauge", "integer", "bytes", (used,), **ref),
        _stat("memory.free", "Free memory", "gauge", "integer", "bytes", (free,), **ref),
        _stat("memory.shared", "Shared memory", "gauge", "integer", "bytes", (shared if reporting else 0,), **ref),
        _stat("memory.buffers", "IO buffers", "gauge", "integer", "bytes", (0,), **ref),
        _stat("memory.cached", "OS caches", "gauge", "integer", "bytes", (0,), **ref),
        _stat("swap.total", "Total swap", "gauge", "integer", "bytes", (swap_total,), **ref),
        _stat("swap.free", "Free swap", "gauge", "integer", "bytes", (swap_total - swap_used,), **ref),
        _stat("swap.used", "Used swap", "gauge", "integer", "bytes", (swap_used,), **ref),
        _stat("swap.cached", "Swap also in memory", "gauge", "integer", "bytes", (0,), **ref),
        _stat("ksm.cpu.current", "KSM CPU usage", "gauge", "decimal", "percent", (ksm_cpu,), **ref),
        _stat("cpu.current.user", "User CPU usage", "gauge", "decimal", "percent", (round(user, 2),), **ref),
        _stat("cpu.current.system", "System CPU usage", "gauge", "decimal", "percent", (round(system, 2),), **ref),
        _stat("cpu.current.idle", "Idle CPU usage", "gauge", "decimal", "percent", (round(idle, 2),), **ref),
        _stat("cpu.load.avg.5m", "CPU 5 minute load average", "gauge", "decimal", "percent", (round(load, 2),), **ref),
        _stat("boot.time", "Boot time of the machine", "gauge", "integer", "none", (boot,), **ref),
        _stat("hugepages.2048.free", "Amount of free huge pages of the given size", "gauge", "integer", "none",
              (0,), **ref),
        _stat("hugepages.2048.total", "Amount of total huge pages of the given size", "gauge", "integer", "none",
              (0,), **ref),
    ]


# ---- NICs and disks ----------------------------------------------------------------

def _nic_stats(seed: int, ident: str, active: bool, since: datetime | None, now: datetime,
               ref: dict[str, str]) -> list[Statistic]:
    t = _traits(seed, ident)
    n = _noise(seed, ident, now)
    mean_rx, mean_tx = 10_000 + 5_000_000 * t[0] ** 2, 10_000 + 3_000_000 * t[1] ** 2
    rx = round(mean_rx * 2 * n[0], 2) if active else 0.0
    tx = round(mean_tx * 2 * n[1], 2) if active else 0.0
    # Totals grow with uptime at the mean rate, so they never go backwards.
    up = max(0.0, (now - since).total_seconds()) if active and since else 0.0
    return [
        _stat("data.current.rx", "Receive data rate", "gauge", "decimal", "bytes_per_second", (rx,), **ref),
        _stat("data.current.tx", "Transmit data rate", "gauge", "decimal", "bytes_per_second", (tx,), **ref),
        _stat("data.current.rx.bps", "Receive data rate", "gauge", "decimal", "bits_per_second", (rx * 8,), **ref),
        _stat("data.current.tx.bps", "Transmit data rate", "gauge", "decimal", "bits_per_second", (tx * 8,), **ref),
        _stat("data.total.rx", "Total received data", "counter", "integer", "bytes", (int(mean_rx * up),), **ref),
        _stat("data.total.tx", "Total transmitted data", "counter", "integer", "bytes", (int(mean_tx * up),), **ref),
        _stat("errors.total.rx", "Total receive errors", "counter", "integer", "none", (0,), **ref),
        _stat("errors.total.tx", "Total transmit errors", "counter", "integer", "none", (0,), **ref),
    ]


def nic_statistics(engine: Engine, vm: Vm, nic: Nic) -> list[Statistic]:
    active = vm.status in _VM_RUNNING and nic.plugged and nic.linked
    return _nic_stats(engine.seed, nic.id, active, vm.start_time, engine.now, {"nic_id": nic.id})


def host_nic_statistics(engine: Engine, host: Host, nic: HostNic) -> list[Statistic]:
    active = host.status in _HOST_REPORTING and nic.status == "up"
    return _nic_stats(engine.seed, nic.id, active, host.boot_time, engine.now, {"host_nic_id": nic.id})


def disk_statistics(engine: Engine, disk: Disk) -> list[Statistic]:
    vm = engine.vms.get(engine.disk_vm.get(disk.id, ""))
    active = vm is not None and vm.status in _VM_RUNNING
    t, n = _traits(engine.seed, disk.id), _noise(engine.seed, disk.id, engine.now)
    read = round(2_000_000 * t[0] * 2 * n[0], 2) if active else 0.0
    write = round(1_000_000 * t[1] * 2 * n[1], 2) if active else 0.0
    ref = {"disk_id": disk.id}
    return [
        _stat("data.current.read", "Read data rate", "gauge", "decimal", "bytes_per_second", (read,), **ref),
        _stat("data.current.write", "Write data rate", "gauge", "decimal", "bytes_per_second", (write,), **ref),
        _stat("data.current.read_ops", "Read operations", "counter", "decimal", "none",
              (round(read / 8192, 2),), **ref),
        _stat("data.current.write_ops", "Write operations", "counter", "decimal", "none",
              (round(write / 8192, 2),), **ref),
        _stat("disk.read.latency", "Read latency", "gauge", "decimal", "seconds",
              (round(0.0005 + 0.004 * n[2], 6) if active else 0.0,), **ref),
        _stat("disk.write.latency", "Write latency", "gauge", "decimal", "seconds",
              (round(0.001 + 0.006 * n[3], 6) if active else 0.0,), **ref),
        _stat("disk.flush.latency", "Flush latency", "gauge", "decimal", "seconds",
              (round(0.002 + 0.01 * n[4], 6) if active else 0.0,), **ref),
    ]
