"""Write-side SDK checks for ``sdk_conformance.py``: sub-collections, actions, faults,
follow_link and logout, each through the SDK's services exactly as an admin script does.

Runs under the SDK's virtualenv. The simulator runs on a fast real clock with background
life on, so waits poll with a deadline and targets are picked among idle objects.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import ovirtsdk4 as sdk
from ovirtsdk4 import types

VS = types.VmStatus
HS = types.HostStatus


class Waiter:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    def until(self, read: Callable[[], Any], done: Callable[[Any], bool], what: str) -> Any:
        deadline = time.monotonic() + self.timeout
        while True:
            value = read()
            if done(value):
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")
            time.sleep(0.1)


def _cid() -> str:
    return "sdk-" + uuid.uuid4().hex[:12]


def _job_done(system: Any, cid: str, wait: Waiter) -> tuple[bool, Any]:
    """The job stamped with ``cid`` finished, with finished steps (examples/helpers/jobs.py style)."""
    jobs_service = system.jobs_service()
    jobs = wait.until(lambda: jobs_service.list(search=f"correlation_id={cid}"),
                      lambda js: js and all(j.status != types.JobStatus.STARTED for j in js), f"job {cid}")
    steps = jobs_service.job_service(jobs[0].id).steps_service().list()
    ok = all(j.status == types.JobStatus.FINISHED for j in jobs) and bool(steps) and all(
        s.status == types.StepStatus.FINISHED for s in steps)
    return ok, {"job": jobs[0].description, "steps": [s.description for s in steps]}


def run_action_checks(report: Any, sim: Any, conn: sdk.Connection, timeout: float) -> None:
    system = conn.system_service()
    wait = Waiter(timeout)
    vms = system.vms_service()
    _sub_collections(report, conn, system)
    _faults(report, system)
    _vm_power(report, system, vms, wait)
    _vm_migration(report, system, vms, wait)
    _snapshots(report, system, vms, wait)
    _hosts(report, system, wait)
    _storage(report, system, wait)


def _sub_collections(report: Any, conn: sdk.Connection, system: Any) -> None:
    vm = system.vms_service().list(search="status=up", max=1)[0]
    vm_service = system.vms_service().vm_service(vm.id)

    def nics() -> tuple[bool, Any]:
        out = []
        for nic in vm_service.nics_service().list():
            devices = vm_service.nics_service().nic_service(nic.id).reported_devices_service().list()
            ips = [ip.address for d in devices for ip in (d.ips or [])]
            out.append((nic.name, nic.mac.address, ips))
        return bool(out) and all(ips for _, _, ips in out), out

    report.run("vm.nics.reported_devices", nics)
    report.run("vm.reported_devices", lambda: (bool(r := vm_service.reported_devices_service().list()),
                                               [d.name for d in r]))
    report.run("vm.disk_attachments", lambda: (bool(a := vm_service.disk_attachments_service().list()) and all(
        x.disk is not None and x.interface is not None for x in a), [x.interface.value for x in a]))
    def snapshots() -> tuple[bool, Any]:
        listed = vm_service.snapshots_service().list()
        return any(s.snapshot_type == types.SnapshotType.ACTIVE for s in listed), len(listed)

    report.run("vm.snapshots", snapshots)

    def stats(service: Any) -> tuple[bool, Any]:
        got = service.list()
        names = {s.name for s in got}
        return bool(got) and all(s.values and s.unit is not None for s in got), sorted(names)[:6]

    report.run("vm.statistics", lambda: stats(vm_service.statistics_service()))
    host = system.hosts_service().list(search="status=up", max=1)[0]
    host_service = system.hosts_service().host_service(host.id)
    report.run("host.nics", lambda: (bool(n := host_service.nics_service().list()), [x.name for x in n]))
    report.run("host.statistics", lambda: stats(host_service.statistics_service()))

    def follow_ref() -> tuple[bool, Any]:
        full = system.vms_service().vm_service(vm.id).get()
        cluster = conn.follow_link(full.cluster)
        return isinstance(cluster, types.Cluster) and cluster.name is not None, cluster.name

    def follow_list() -> tuple[bool, Any]:
        full = system.vms_service().vm_service(vm.id).get()
        nics = conn.follow_link(full.nics)
        return bool(nics) and all(isinstance(n, types.Nic) for n in nics), len(nics)

    def follow_disk() -> tuple[bool, Any]:
        # examples/list_vm_disks.py: each attachment's disk through follow_link.
        disks = [conn.follow_link(a.disk) for a in vm_service.disk_attachments_service().list()]
        return bool(disks) and all(isinstance(d, types.Disk) and d.provisioned_size for d in disks), \
            [d.alias for d in disks]

    report.run("follow_link.reference", follow_ref)
    report.run("follow_link.attachment_disk", follow_disk)
    report.run("follow_link.list", follow_list)


def _faults(report: Any, system: Any) -> None:
    vms = system.vms_service()

    def start_running() -> tuple[bool, Any]:
        vm = vms.list(search="status=up", max=1)[0]
        try:
            vms.vm_service(vm.id).start()
        except sdk.Error as exc:
            fault = exc.fault
            ok = (type(exc) is sdk.Error and exc.code == 409 and fault is not None
                  and fault.reason == "Operation Failed" and fault.detail == "[Cannot run VM. VM is running.]")
            return ok, str(exc)
        return False, "start of a running VM succeeded"

    def not_found() -> tuple[bool, Any]:
        try:
            vms.vm_service(str(uuid.uuid4())).get()
        except sdk.NotFoundError as exc:
            return exc.code == 404, str(exc)
        return False, "no error for a missing VM"

    def action_on_missing() -> tuple[bool, Any]:
        try:
            vms.vm_service(str(uuid.uuid4())).start()
        except sdk.NotFoundError as exc:
            return exc.code == 404, str(exc)
        return False, "no error for an action on a missing VM"

    def bad_snapshot() -> tuple[bool, Any]:
        vm = vms.list(max=1)[0]
        try:
            vms.vm_service(vm.id).snapshots_service().add(types.Snapshot())
        except sdk.Error as exc:
            return exc.code == 400 and exc.fault is not None and bool(exc.fault.reason), str(exc)
        return False, "a snapshot without description was added"

    report.run("fault.start_running_vm", start_running)
    report.run("fault.not_found", not_found)
    report.run("fault.action_on_missing_vm", action_on_missing)
    report.run("fault.snapshot_without_description", bad_snapshot)


def _idle_vm(vms: Any, status: str, exclude: set[str]) -> Any:
    for vm in vms.list(search=f"status={status}", max=50):
        if vm.id not in exclude and not vm.name.startswith("sdk"):
            exclude.add(vm.id)
            return vm
    raise LookupError(f"no {status} VM left")


_USED: set[str] = set()


def _vm_power(report: Any, system: Any, vms: Any, wait: Waiter) -> None:
    vm = _idle_vm(vms, "down", _USED)
    svc = vms.vm_service(vm.id)
    status = lambda: svc.get().status

    def step(name: str, act: Callable[[str], Any], target: Any, with_job: bool = False) -> None:
        def body() -> tuple[bool, Any]:
            cid = _cid()
            act(cid)
            got = wait.until(status, lambda s: s == target, f"{vm.name} {target.value}")
            if with_job:
                ok, detail = _job_done(system, cid, wait)
                return ok and got == target, detail
            return got == target, got.value

        report.run(name, body)

    step("vm.start", lambda cid: svc.start(query={"correlation_id": cid}), VS.UP, with_job=True)
    step("vm.reboot", lambda cid: svc.reboot(query={"correlation_id": cid}), VS.UP)
    step("vm.suspend", lambda cid: svc.suspend(query={"correlation_id": cid}), VS.SUSPENDED)
    step("vm.start.resume", lambda cid: svc.start(), VS.UP)
    step("vm.shutdown", lambda cid: svc.shutdown(query={"correlation_id": cid}), VS.DOWN, with_job=True)
    step("vm.start.again", lambda cid: svc.start(), VS.UP)
    step("vm.stop", lambda cid: svc.stop(query={"correlation_id": cid}), VS.DOWN, with_job=True)

    def event() -> tuple[bool, Any]:
        evs = system.events_service().list(search=f"event_vm={vm.name}", max=20)
        texts = [e.description for e in evs]
        return any(t.startswith(f"VM {vm.name} started on Host") for t in texts), texts[:3]

    report.run("events.for_vm_actions", event)

    def remove() -> tuple[bool, Any]:
        svc.remove()
        try:
            wait.until(lambda: svc.get(), lambda _: False, "removal")
        except sdk.NotFoundError:
            return True, f"{vm.name} removed, then 404"
        return False, "VM still there"

    report.run("vm.remove", remove)


def _vm_migration(report: Any, system: Any, vms: Any, wait: Waiter) -> None:
    hosts = system.hosts_service()

    def pick() -> tuple[Any, Any]:
        for vm in vms.list(search="status=up", max=100):
            if vm.id in _USED:
                continue
            peers = [h for h in hosts.list(search="status=up")
                     if h.cluster.id == vm.cluster.id and h.id != vm.host.id]
            if peers:
                _USED.add(vm.id)
                return vm, peers[0]
        raise LookupError("no up VM with an up peer host")

    vm, target = pick()
    svc = vms.vm_service(vm.id)
    settled = lambda: svc.get()

    def to_host() -> tuple[bool, Any]:
        cid = _cid()
        svc.migrate(host=types.Host(id=target.id), query={"correlation_id": cid})
        got = wait.until(settled, lambda v: v.status == VS.UP and v.host.id == target.id, "migration")
        ok, detail = _job_done(system, cid, wait)
        return ok and got.host.id == target.id, detail

    def scheduler() -> tuple[bool, Any]:
        before = svc.get().host.id
        svc.migrate()
        got = wait.until(settled, lambda v: v.status == VS.UP and v.host.id != before, "scheduled migration")
        return True, f"moved to {got.host.id}"

    def cancel() -> tuple[bool, Any]:
        before = svc.get().host.id
        svc.migrate()
        svc.cancel_migration()
        got = wait.until(settled, lambda v: v.status == VS.UP, "cancelled migration")
        return got.host.id == before, "stayed on its source host"

    def by_name() -> tuple[bool, Any]:
        source = svc.get().host.id
        peers = [h for h in hosts.list(search="status=up") if h.cluster.id == vm.cluster.id and h.id != source]
        svc.migrate(host=types.Host(name=peers[0].name))
        got = wait.until(settled, lambda v: v.status == VS.UP and v.host.id == peers[0].id, "migration by name")
        return True, f"to {peers[0].name} ({got.host.id})"

    report.run("vm.migrate.host", to_host)
    report.run("vm.migrate.host_by_name", by_name)
    report.run("vm.migrate.scheduler", scheduler)
    report.run("vm.cancel_migration", cancel)


def _snapshots(report: Any, system: Any, vms: Any, wait: Waiter) -> None:
    vm = _idle_vm(vms, "down", _USED)
    svc = vms.vm_service(vm.id)
    snaps = svc.snapshots_service()
    holder: dict[str, Any] = {}

    def snapshot_status(snap_id: str) -> Any:
        return snaps.snapshot_service(snap_id).get().snapshot_status

    def add() -> tuple[bool, Any]:
        snap = snaps.add(types.Snapshot(description="sdk conformance", persist_memorystate=False))
        holder["id"] = snap.id
        got = wait.until(lambda: snapshot_status(snap.id), lambda s: s == types.SnapshotStatus.OK, "snapshot ok")
        return got == types.SnapshotStatus.OK and snap.description == "sdk conformance", snap.id

    def preview_then(verb: str) -> tuple[bool, Any]:
        snap_id = holder["id"]
        svc.preview_snapshot(snapshot=types.Snapshot(id=snap_id), restore_memory=False)
        wait.until(lambda: (snapshot_status(snap_id), svc.get().status),
                   lambda s: s == (types.SnapshotStatus.IN_PREVIEW, VS.DOWN), "in preview, VM down")
        getattr(svc, verb)()
        if verb == "commit_snapshot":
            done = lambda: all(s.snapshot_status == types.SnapshotStatus.OK for s in snaps.list())
        else:
            done = lambda: snapshot_status(snap_id) == types.SnapshotStatus.OK
        wait.until(lambda: done() and svc.get().status == VS.DOWN, bool, f"{verb} done")
        return True, f"preview -> {verb}"

    def remove() -> tuple[bool, Any]:
        snap_id = holder.get("id") or snaps.list()[-1].id
        snaps.snapshot_service(snap_id).remove()
        wait.until(lambda: [s.id for s in snaps.list()], lambda ids: snap_id not in ids, "snapshot removal")
        return True, f"{snap_id} removed"

    report.run("snapshot.add", add)
    report.run("vm.preview_snapshot.undo", lambda: preview_then("undo_snapshot"))
    report.run("vm.preview_snapshot.commit", lambda: preview_then("commit_snapshot"))
    report.run("snapshot.remove", remove)


def _hosts(report: Any, system: Any, wait: Waiter) -> None:
    hosts = system.hosts_service()

    def pick() -> Any:
        up = hosts.list(search="status=up")
        for host in up:
            peers = [h for h in up if h.cluster.id == host.cluster.id and h.id != host.id]
            if len(peers) >= 2 and host.spm.status != types.SpmStatus.SPM:
                return host
        raise LookupError("no up non-SPM host with two up peers")

    host = pick()
    svc = hosts.host_service(host.id)
    status = lambda: svc.get().status

    def deactivate() -> tuple[bool, Any]:
        cid = _cid()
        svc.deactivate(query={"correlation_id": cid})
        wait.until(status, lambda s: s == HS.MAINTENANCE, "maintenance")
        left = system.vms_service().list(search=f"host={host.name}")
        ok, detail = _job_done(system, cid, wait)
        return ok and not left, detail

    def fence_status() -> tuple[bool, Any]:
        pm = svc.fence(fence_type="status")
        return isinstance(pm, types.PowerManagement) and pm.status == types.PowerManagementStatus.ON, \
            pm.status.value if pm and pm.status else None

    def fence_restart() -> tuple[bool, Any]:
        svc.fence(fence_type="restart")
        seen = wait.until(status, lambda s: s != HS.MAINTENANCE, "reboot")
        back = wait.until(status, lambda s: s == HS.MAINTENANCE, "back in maintenance")
        return back == HS.MAINTENANCE, f"{seen.value} -> {back.value}"

    def activate() -> tuple[bool, Any]:
        svc.activate()
        return wait.until(status, lambda s: s == HS.UP, "up") == HS.UP, "up"

    report.run("host.deactivate", deactivate)
    report.run("host.fence.status", fence_status)
    report.run("host.fence.restart", fence_restart)
    report.run("host.activate", activate)
    report.run("host.refresh", lambda: (svc.refresh() is None and status() == HS.UP, "refreshed"))
    report.run("host.upgrade_check", lambda: (svc.upgrade_check() is None, "checked"))

    def force_spm() -> tuple[bool, Any]:
        svc.force_select_spm()
        got = wait.until(lambda: svc.get().spm.status, lambda s: s == types.SpmStatus.SPM, "spm")
        return got == types.SpmStatus.SPM, got.value

    report.run("host.force_select_spm", force_spm)


def _storage(report: Any, system: Any, wait: Waiter) -> None:
    def body() -> tuple[bool, Any]:
        refused = []
        for dc in system.data_centers_service().list():
            attached = system.data_centers_service().data_center_service(dc.id).storage_domains_service()
            ordered = sorted(attached.list(), key=lambda s: (s.type == types.StorageDomainType.DATA, s.master))
            for sd in ordered:
                if sd.status != types.StorageDomainStatus.ACTIVE or sd.master:
                    continue
                svc = attached.storage_domain_service(sd.id)
                try:
                    svc.deactivate()
                except sdk.Error as exc:  # e.g. running VMs use it: the engine refuses, try another
                    refused.append(f"{sd.name}: {exc.fault.detail if exc.fault else exc}")
                    continue
                status = lambda svc=svc: svc.get().status  # bound now: the loop ends on return
                wait.until(status, lambda s: s == types.StorageDomainStatus.MAINTENANCE, "sd maintenance")
                svc.activate()
                back = wait.until(status, lambda s: s == types.StorageDomainStatus.ACTIVE, "sd active")
                return back == types.StorageDomainStatus.ACTIVE, f"{sd.name}: maintenance -> active"
        return False, {"no domain could be deactivated": refused}

    report.run("attached_storage_domain.deactivate_activate", body)
