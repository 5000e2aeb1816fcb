"""Background life: what makes a demo worth watching, deterministic for a seed.

A single self-rescheduling tick on the engine's timeline picks one happening:
warning and alert events, a load-balancing migration, a host that goes
non_responsive and recovers, a storage domain filling up (low-space warning),
a VM paused on an I/O error that recovers. Work per tick is bounded (it samples
a host, never scans the inventory), so advance() stays O(due items).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from .lifecycle.common import command_cid, free_memory, host_running_vms, pick_host
from .lifecycle.host import set_status
from .lifecycle.storage import check_low_space, free_percent
from .lifecycle.vm import start_migration
from .model import Host, Vm

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["Life"]


class Life:
    def __init__(self, engine: Engine, *, mean_interval: float = 25.0) -> None:
        self.engine = engine
        self.mean_interval = mean_interval
        # Own stream: user actions never shift what life does next.
        self.rng = random.Random(f"life:{engine.seed}")
        self._host_ids = list(engine.hosts)
        self._hiccup: str | None = None
        self._happenings = (
            (4.0, self.warning_event), (1.0, self.alert_event), (4.0, self.balance_migration),
            (0.5, self.host_hiccup), (3.0, self.storage_fill), (0.5, self.vm_io_pause),
        )

    def start(self) -> None:
        self.engine.schedule(self.rng.uniform(5.0, self.mean_interval), self._tick)

    def _tick(self) -> None:
        weights = [w for w, _ in self._happenings]
        _, happening = self.rng.choices(self._happenings, weights=weights)[0]
        happening()
        self.engine.schedule(self.rng.uniform(0.5, 1.5) * self.mean_interval, self._tick)

    # ---- sampling ---------------------------------------------------------------

    def _up_host(self, *, with_vms: bool = False) -> Host | None:
        """A random up host (a few tries, never a scan)."""
        if not self._host_ids:
            return None
        for _ in range(8):
            host = self.engine.hosts[self._host_ids[self.rng.randrange(len(self._host_ids))]]
            if host.status == "up" and (not with_vms or self._idle_vms(host)):
                return host
        return None

    def _idle_vms(self, host: Host) -> list[Vm]:
        return [vm for vm in host_running_vms(self.engine, host.id)
                if vm.status == "up" and vm.id not in self.engine.pending]

    # ---- happenings -----------------------------------------------------------------

    def warning_event(self) -> None:
        """A host CPU spike (its statistics show it too) or a VM that stops responding for a while."""
        if self.rng.random() < 0.5:
            host = self._up_host()
            if host is None:
                return
            load = self.rng.randint(81, 99)
            until = self.engine.now + timedelta(seconds=self.rng.uniform(40.0, 90.0))
            self.engine.cpu_spikes[host.id] = (until, float(load))
            self.engine.events_log.log(self.engine, "VDS_HIGH_CPU_USE", host=host, CpuUtilization=load, Threshold=80)
            return
        host = self._up_host(with_vms=True)
        if host is None:
            return
        vm = self.rng.choice(self._idle_vms(host))
        vm.status = "not_responding"
        self.engine.events_log.log(self.engine, "VM_NOT_RESPONDING", vm=vm)

        def responds() -> None:
            if vm.status == "not_responding":
                vm.status = "up"

        self.engine.schedule(self.rng.uniform(15.0, 45.0), responds)

    def alert_event(self) -> None:
        unfenced = [h for h in (self.engine.hosts[i] for i in self._host_ids[:64]) if not h.power_management_enabled]
        host = self.rng.choice(unfenced) if unfenced else self._up_host()
        if host is not None:
            self.engine.events_log.log(self.engine, "VDS_ALERT_FENCE_IS_NOT_CONFIGURED", host=host)

    def balance_migration(self) -> None:
        """Move a VM from the busiest of a few sampled hosts to one with clearly more room."""
        sampled = [h for h in (self._up_host(with_vms=True) for _ in range(3)) if h is not None]
        if not sampled:
            return
        source = min(sampled, key=lambda h: (free_memory(self.engine, h), h.name))
        vm = self.rng.choice(self._idle_vms(source))
        target = pick_host(self.engine, vm, exclude=source.id)
        if target is None or vm.placement_policy_affinity != "migratable":
            return
        if free_memory(self.engine, target) <= free_memory(self.engine, source):
            return  # only ever towards the host with more room
        start_migration(self.engine, vm, target, command_cid(self.engine, ""), reason="Load balancing")

    def host_hiccup(self) -> None:
        if self._hiccup is not None:
            return
        host = self._up_host()
        if host is None or host.spm_status == "spm" or host.id in self.engine.pending:
            return
        self._hiccup = host.id
        stranded = self._idle_vms(host)
        for vm in stranded:
            vm.previous_status, vm.status = vm.status, "unknown"
        host.status = "non_responsive"
        self.engine.events_log.log(self.engine, "VDS_FAILURE", host=host)
        self.engine.schedule(self.rng.uniform(20.0, 40.0), lambda: self._reconnect(host, stranded))

    def _reconnect(self, host: Host, stranded: list[Vm]) -> None:
        if host.status == "non_responsive":  # an admin may have fenced it meanwhile
            host.status = "connecting"
            self.engine.schedule(self.engine.transition_seconds, lambda: self._recovered(host, stranded))
        else:
            self._recovered(host, stranded)

    def _recovered(self, host: Host, stranded: list[Vm]) -> None:
        self._hiccup = None
        if host.status == "connecting":
            set_status(self.engine, host, "up")
        for vm in stranded:
            if vm.status == "unknown" and vm.host_id == host.id:
                vm.status = vm.previous_status or "up"

    def storage_fill(self) -> None:
        domains = [sd for sd in self.engine.storage_domains.values() if sd.type == "data" and sd.status == "active"]
        if not domains:
            return
        # Usually the fullest domain keeps filling; sometimes another one.
        sd = min(domains, key=free_percent) if self.rng.random() < 0.6 else self.rng.choice(domains)
        total = sd.used + sd.available
        if free_percent(sd) < sd.warning_low_space_indicator / 2:
            grow = -int(total * self.rng.uniform(0.08, 0.12))  # an admin cleaned up old images
        else:
            grow = int(total * self.rng.uniform(0.004, 0.012))
        grow = min(grow, sd.available)
        sd.used, sd.available = sd.used + grow, sd.available - grow
        check_low_space(self.engine, sd)

    def vm_io_pause(self) -> None:
        host = self._up_host(with_vms=True)
        if host is None:
            return
        vm = self.rng.choice(self._idle_vms(host))
        vm.status = "paused"
        vm.status_detail = "eio"
        self.engine.events_log.log(self.engine, "VM_PAUSED_EIO", vm=vm)

        def resume() -> None:
            if vm.status == "paused" and vm.status_detail == "eio":
                vm.status, vm.status_detail = "up", ""
                self.engine.events_log.log(self.engine, "VM_RECOVERED_FROM_PAUSE_ERROR", vm=vm)

        self.engine.schedule(self.rng.uniform(15.0, 30.0), resume)
