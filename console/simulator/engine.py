"""The simulated engine's world: collections, lookups, actions and the passage of time.

Pure Python: no HTTP, no XML. The server calls `advance()` before serving each
request and the action methods for POSTs; everything time-dependent is driven
by the injected clock through a timeline of scheduled steps, so `advance()` is
O(due items) however large the inventory.

Action parameters (`params`), as parsed by the server from the <action> body:
  vm start:        {"pause": bool}                         (optional; start_paused)
  vm stop/shutdown:{"force": bool, "reason": str}          (optional)
  vm migrate:      {"host": {"id": str} | {"name": str}, "force": bool}  (host optional: scheduler picks)
  vm previewsnapshot: {"snapshot": {"id": str}, "restore_memory": bool}  (snapshot mandatory)
  host deactivate: {"reason": str}                         (optional)
  host fence:      {"fence_type": "restart"|"stop"|"start"|"status"|"manual",  (mandatory)
                    "maintenance_after_restart": bool}                        (optional)
  sd deactivate:   {"force": bool}                         (optional)
Unknown keys are ignored (the engine accepts and ignores irrelevant action children).
Every action takes `user_name` (keyword, default the admin) for event messages.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from . import stats
from .clock import Clock, RealClock
from .events import EventLog
from .inventory import generate
from .jobs import JobBook
from .life import Life
from .lifecycle import Scheduled, Timeline
from .lifecycle import host as host_lc
from .lifecycle import snapshot as snapshot_lc
from .lifecycle import storage as storage_lc
from .lifecycle import vm as vm_lc
from .lifecycle.faults import EngineFault, not_found
from .model import (
    ADMIN_USER_NAME,
    Cluster,
    DataCenter,
    Disk,
    DiskAttachment,
    Event,
    Host,
    HostNic,
    Job,
    Network,
    Nic,
    PowerManagement,
    ProductInfo,
    ReportedDevice,
    Snapshot,
    Statistic,
    StorageDomain,
    Template,
    Vm,
    VnicProfile,
)

__all__ = ["Engine", "EngineFault"]

# VM states in which the guest runs (guest agent data, statistics, host memory use).
RUNNING_STATES = frozenset({
    "up", "powering_up", "powering_down", "reboot_in_progress", "migrating", "paused",
    "saving_state", "restoring_state", "not_responding",
})
# States where a guest agent reports IPs/FQDN.
GUEST_VISIBLE_STATES = frozenset({"up", "powering_down", "migrating", "reboot_in_progress"})


class Engine:
    def __init__(
        self, *, seed: int = 0, vms: int = 60, clock: Clock | None = None,
        transition_seconds: float = 3.0, life: bool = True,
    ) -> None:
        if vms < 0:
            raise ValueError("vms must be >= 0")
        self.seed = seed
        self.clock: Clock = clock if clock is not None else RealClock()
        self.transition_seconds = float(transition_seconds)
        self.product_info = ProductInfo()
        # Held by every public mutator: the server may call in from several threads.
        self.lock = threading.RLock()
        self._now: datetime = self.clock.now()
        # Ids for objects created at run time; separate from the inventory's stream.
        self._id_rng = random.Random(f"ids:{seed}")
        inv = generate(seed=seed, vms=vms, now=self._now)
        self.data_centers: dict[str, DataCenter] = inv.data_centers
        self.clusters: dict[str, Cluster] = inv.clusters
        self.hosts: dict[str, Host] = inv.hosts
        self.host_nics: dict[str, list[HostNic]] = inv.host_nics
        self.vms: dict[str, Vm] = inv.vms
        self.storage_domains: dict[str, StorageDomain] = inv.storage_domains
        self.networks: dict[str, Network] = inv.networks
        self.vnic_profiles: dict[str, VnicProfile] = inv.vnic_profiles
        self.templates: dict[str, Template] = inv.templates
        self.disks: dict[str, Disk] = inv.disks
        self.disk_attachments: dict[str, list[DiskAttachment]] = inv.disk_attachments  # by vm id
        self.nics: dict[str, list[Nic]] = inv.nics  # by vm id
        self.reported_devices: dict[str, list[ReportedDevice]] = inv.reported_devices  # by vm id
        self.snapshots: dict[str, list[Snapshot]] = inv.snapshots  # by vm id, "Active VM" first
        self.events_log = EventLog()
        self.events: list[Event] = self.events_log.events  # ascending id
        self.job_book = JobBook(self._new_id)
        self.jobs: dict[str, Job] = self.job_book.jobs
        self.timeline = Timeline()
        # host id -> ids of VMs whose resources it carries (running or migrating there).
        self.host_vms: dict[str, set[str]] = {h: set() for h in self.hosts}
        for vm in self.vms.values():
            if vm.host_id is not None:
                self.host_vms[vm.host_id].add(vm.id)
        self._hosts_by_name = {h.name: h for h in self.hosts.values()}
        self.cluster_hosts: dict[str, list[str]] = {c: [] for c in self.clusters}
        for host in self.hosts.values():
            self.cluster_hosts[host.cluster_id].append(host.id)
        # In-flight transition per entity id (vm, host, storage domain, snapshot) and its job.
        self.pending: dict[str, Scheduled] = {}
        self.pending_jobs: dict[str, Job] = {}
        self.migration_progress: dict[str, int] = {}  # vm id -> percent
        self.cpu_spikes: dict[str, tuple[datetime, float]] = {}  # host id -> (until, cpu %), set by life
        self.disk_vm: dict[str, str] = {a.disk_id: vm_id for vm_id, atts in self.disk_attachments.items()
                                        for a in atts}
        self.events_log.seed_history(self, inv)
        self.life: Life | None = Life(self) if life else None
        if self.life is not None:
            self.life.start()

    # ---- time ---------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """Engine time of the step being applied (a due time during advance())."""
        return self._now

    def advance(self) -> None:
        """Apply every scheduled step due up to clock.now(), in due order."""
        with self.lock:
            target = self.clock.now()
            for due, fn in self.timeline.pop_due(target):
                self._now = due
                fn()
            self._now = max(self._now, target)

    def schedule(self, delay_seconds: float, fn: Callable[[], None]) -> Scheduled:
        """Run fn at now + delay; returns a handle with .cancel()."""
        return self.timeline.schedule(self._now, delay_seconds, fn)

    def _new_id(self) -> str:
        return str(uuid.UUID(int=self._id_rng.getrandbits(128), version=4))

    def new_id(self) -> str:
        """A fresh uuid string from the engine's seeded stream (deterministic)."""
        return self._new_id()

    # ---- lookups (EngineFault 404 instead of KeyError) ----------------------

    def get_vm(self, vm_id: str) -> Vm:
        return self._get(self.vms, vm_id, "VM")

    def get_host(self, host_id: str) -> Host:
        return self._get(self.hosts, host_id, "Host")

    def get_cluster(self, cluster_id: str) -> Cluster:
        return self._get(self.clusters, cluster_id, "Cluster")

    def get_data_center(self, dc_id: str) -> DataCenter:
        return self._get(self.data_centers, dc_id, "Data Center")

    def get_storage_domain(self, sd_id: str) -> StorageDomain:
        return self._get(self.storage_domains, sd_id, "Storage Domain")

    def get_job(self, job_id: str) -> Job:
        return self._get(self.jobs, job_id, "Job")

    def host_by_name(self, name: str) -> Host | None:
        return self._hosts_by_name.get(name)

    def hosts_in_data_center(self, dc_id: str) -> list[Host]:
        return [self.hosts[h] for c in self.clusters.values() if c.data_center_id == dc_id
                for h in self.cluster_hosts.get(c.id, ())]

    def vm_snapshot(self, vm_id: str, snapshot_id: str) -> Snapshot:
        for snap in self.snapshots.get(self.get_vm(vm_id).id, ()):
            if snap.id == snapshot_id:
                return snap
        raise not_found("Snapshot", snapshot_id)

    @staticmethod
    def _get(table: dict[str, Any], key: str, kind: str) -> Any:
        try:
            return table[key]
        except KeyError:
            raise not_found(kind, key) from None

    # ---- derived views for the writer ---------------------------------------

    def vm_guest_visible(self, vm: Vm) -> bool:
        """Whether guest-agent data (fqdn, guest OS, IPs, logical names) is reported now."""
        return vm.guest_agent and vm.status in GUEST_VISIBLE_STATES

    def vm_reported_devices(self, vm_id: str) -> list[ReportedDevice]:
        vm = self.get_vm(vm_id)
        return list(self.reported_devices.get(vm.id, ())) if self.vm_guest_visible(vm) else []

    def host_summary(self, host_id: str) -> tuple[int, int, int]:
        """Host <summary>: (active, migrating, total) VM counts."""
        with self.lock:
            return self._host_summary(host_id)

    def _host_summary(self, host_id: str) -> tuple[int, int, int]:
        self.get_host(host_id)
        active = migrating = 0
        for vm_id in self.host_vms.get(host_id, ()):
            vm = self.vms[vm_id]
            if vm.host_id != host_id:
                continue  # incoming migration: counted on its source
            active += 1
            if vm.status == "migrating":
                migrating += 1
        return active, migrating, active

    def host_used_memory(self, host_id: str) -> int:
        """Bytes committed to VMs on the host (incoming migrations included)."""
        return sum(self.vms[v].memory for v in self.host_vms.get(host_id, ()))

    def summary(self) -> dict[str, tuple[int, int]]:
        """API root <summary>: (active, total) for vms, hosts, users, storage_domains."""
        with self.lock:
            return self._summary()

    def _summary(self) -> dict[str, tuple[int, int]]:
        vms_active = sum(1 for vm in self.vms.values() if vm.status in RUNNING_STATES)
        hosts_active = sum(1 for h in self.hosts.values() if h.status == "up")
        sds_active = sum(1 for s in self.storage_domains.values() if s.status == "active")
        return {
            "hosts": (hosts_active, len(self.hosts)),
            "storage_domains": (sds_active, len(self.storage_domains)),
            "users": (1, 1),
            "vms": (vms_active, len(self.vms)),
        }

    # Readers below take the (re-entrant) lock too: they walk sets that actions mutate.

    def vm_statistics(self, vm_id: str) -> list[Statistic]:
        with self.lock:
            return stats.vm_statistics(self, self.get_vm(vm_id))

    def host_statistics(self, host_id: str) -> list[Statistic]:
        with self.lock:
            return stats.host_statistics(self, self.get_host(host_id))

    def nic_statistics(self, vm_id: str, nic_id: str) -> list[Statistic]:
        vm = self.get_vm(vm_id)
        for nic in self.nics.get(vm.id, ()):
            if nic.id == nic_id:
                return stats.nic_statistics(self, vm, nic)
        raise not_found("NIC", nic_id)

    def host_nic_statistics(self, host_id: str, nic_id: str) -> list[Statistic]:
        host = self.get_host(host_id)
        for nic in self.host_nics.get(host.id, ()):
            if nic.id == nic_id:
                return stats.host_nic_statistics(self, host, nic)
        raise not_found("NIC", nic_id)

    def disk_statistics(self, disk_id: str) -> list[Statistic]:
        return stats.disk_statistics(self, self._get(self.disks, disk_id, "Disk"))

    # ---- actions --------------------------------------------------------------

    def vm_action(
        self, vm_id: str, verb: str, params: dict[str, Any], correlation_id: str,
        *, user_name: str = ADMIN_USER_NAME,
    ) -> Job:
        """start stop shutdown reboot reset suspend migrate cancelmigration
        previewsnapshot commitsnapshot undosnapshot."""
        with self.lock:
            self.advance()
            vm = self.get_vm(vm_id)
            return vm_lc.perform(self, vm, verb, params or {}, correlation_id, user_name)

    def host_action(
        self, host_id: str, verb: str, params: dict[str, Any], correlation_id: str,
        *, user_name: str = ADMIN_USER_NAME,
    ) -> Job | PowerManagement:
        """activate deactivate fence refresh forceselectspm upgradecheck.

        fence with fence_type=status returns PowerManagement (no job); other verbs a Job.
        """
        with self.lock:
            self.advance()
            host = self.get_host(host_id)
            return host_lc.perform(self, host, verb, params or {}, correlation_id, user_name)

    def storage_domain_action(
        self, dc_id: str, sd_id: str, verb: str, params: dict[str, Any], correlation_id: str,
        *, user_name: str = ADMIN_USER_NAME,
    ) -> Job:
        """activate deactivate of a storage domain attached to data center dc_id."""
        with self.lock:
            self.advance()
            dc = self.get_data_center(dc_id)
            sd = self.get_storage_domain(sd_id)
            if sd.data_center_id != dc.id:
                raise not_found("Storage Domain", sd_id)
            return storage_lc.perform(self, dc, sd, verb, params or {}, correlation_id, user_name)

    def add_snapshot(
        self, vm_id: str, description: str, persist_memorystate: bool, correlation_id: str,
        *, user_name: str = ADMIN_USER_NAME,
    ) -> Snapshot:
        """Create a snapshot: returned `locked`, `ok` after one transition step."""
        with self.lock:
            self.advance()
            return snapshot_lc.add(self, self.get_vm(vm_id), description, persist_memorystate,
                                   correlation_id, user_name)

    def remove_snapshot(
        self, vm_id: str, snapshot_id: str, correlation_id: str, *, user_name: str = ADMIN_USER_NAME,
    ) -> Job:
        with self.lock:
            self.advance()
            vm = self.get_vm(vm_id)
            return snapshot_lc.remove(self, vm, self.vm_snapshot(vm_id, snapshot_id), correlation_id, user_name)

    def remove_vm(
        self, vm_id: str, detach_only: bool, correlation_id: str, *, user_name: str = ADMIN_USER_NAME,
    ) -> Job:
        """Remove a down VM; its disks too unless detach_only."""
        with self.lock:
            self.advance()
            return vm_lc.remove(self, self.get_vm(vm_id), detach_only, correlation_id, user_name)

    # ---- events and jobs from the API (external) ------------------------------

    def add_event(
        self, *, description: str, severity: str, origin: str, custom_id: int, flood_rate: int = 30,
        log_on_host: bool = False, correlation_id: str = "", refs: dict[str, str] | None = None,
    ) -> Event:
        """POST /events: an external event. refs keys: vm_id host_id cluster_id data_center_id
        storage_domain_id template_id user_id (ids; unknown ids raise 404 fault)."""
        with self.lock:
            self.advance()
            return self.events_log.add_external(
                self, description=description, severity=severity, origin=origin, custom_id=custom_id,
                flood_rate=flood_rate, log_on_host=log_on_host, correlation_id=correlation_id,
                refs=refs or {},
            )

    def dismiss_event(self, event_id: int) -> None:
        """DELETE /events/{id}: hide it (undelete_events brings dismissed ones back)."""
        with self.lock:
            self.events_log.dismiss(event_id)

    def undelete_events(self) -> None:
        with self.lock:
            self.events_log.undelete()

    def visible_events(self) -> list[Event]:
        """Events not dismissed, ascending id (the server reverses for newest-first)."""
        return [e for e in self.events if not e.deleted]

    def add_external_job(self, description: str, auto_cleared: bool, correlation_id: str) -> Job:
        with self.lock:
            self.advance()
            return self.job_book.add_external(description, auto_cleared, correlation_id, self._now)

    def add_external_step(
        self, job_id: str, description: str, type: str, parent_step_id: str | None = None,
    ) -> Any:
        with self.lock:
            self.advance()
            return self.job_book.add_external_step(self.get_job(job_id), description, type,
                                                   parent_step_id, self._now)

    def end_job(self, job_id: str, succeeded: bool = True, force: bool = False) -> Job:
        """POST /jobs/{id}/end."""
        with self.lock:
            self.advance()
            return self.job_book.end_external(self.get_job(job_id), succeeded, force, self._now)

    def end_step(self, job_id: str, step_id: str, succeeded: bool = True, force: bool = False) -> Any:
        with self.lock:
            self.advance()
            return self.job_book.end_step(self.get_job(job_id), step_id, succeeded, force, self._now)

    def clear_job(self, job_id: str) -> None:
        """POST /jobs/{id}/clear: forget a finished job."""
        with self.lock:
            self.job_book.clear(self.get_job(job_id))
