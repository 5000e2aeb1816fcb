"""Read-side SDK checks for ``sdk_conformance.py``: every collection through the SDK's services,
and every document through the SDK's reader compared with the engine model.

Runs under the SDK's virtualenv (see sdk_conformance.py).
"""

from __future__ import annotations

import fnmatch
from typing import Any

import ovirtsdk4 as sdk
from ovirtsdk4 import http, types, writer
from sdk_audit import read_and_audit


def fetch(conn: sdk.Connection, path: str, query: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A raw GET through the SDK's own connection (same headers, auth and TLS as its services)."""
    response = conn.wait(conn.send(http.Request(method="GET", path=path, query=query or {})))
    return response.code, response.body


def _doc(report: Any, conn: sdk.Connection, name: str, path: str,
         query: dict[str, str] | None = None) -> Any:
    """Read ``path`` with the SDK's reader and audit the round trip; the parsed object or None."""
    holder: dict[str, Any] = {}

    def body() -> tuple[bool, Any]:
        code, raw = fetch(conn, path, query)
        if code != 200:
            return False, f"HTTP {code}"
        obj, problems = read_and_audit(raw)
        holder["obj"] = obj
        size = len(obj) if isinstance(obj, list) else 1
        return not problems, problems or f"{size} object(s), every element read by the SDK"

    report.run(f"reader.{name}", body)
    return holder.get("obj")


def _compare(report: Any, name: str, objs: Any, expected: dict[str, dict[str, Any]],
             read: Any) -> None:
    def body() -> tuple[bool, Any]:
        got = {o.id: read(o) for o in objs}
        missing = sorted(set(expected) - set(got))[:3]
        extra = sorted(set(got) - set(expected))[:3]
        wrong = [(i, got[i], expected[i]) for i in expected if i in got and got[i] != expected[i]][:3]
        ok = not missing and not extra and not wrong
        return ok, f"{len(got)} match the engine model" if ok else {"missing": missing, "extra": extra,
                                                                      "wrong": wrong}

    report.run(f"model.{name}", body)


def _id(ref: Any) -> str | None:
    return ref.id if ref is not None else None


def run_reader_checks(report: Any, conn: sdk.Connection, model: dict[str, Any]) -> None:
    root = _doc(report, conn, "api", "")
    if root is not None:
        report.add("model.api", root.summary.vms.total == len(model["vms"]) and
                   root.summary.hosts.total == len(model["hosts"]),
                   {"vms": root.summary.vms.total, "hosts": root.summary.hosts.total})
    vms = _doc(report, conn, "vms", "/vms")
    if vms is not None:
        _compare(report, "vms", vms, model["vms"], lambda v: {
            "name": v.name, "memory": v.memory, "cluster": _id(v.cluster), "os": v.os.type,
            "sockets": v.cpu.topology.sockets, "template": _id(v.template)})
    hosts = _doc(report, conn, "hosts", "/hosts")
    if hosts is not None:
        _compare(report, "hosts", hosts, model["hosts"], lambda h: {
            "name": h.name, "address": h.address, "cluster": _id(h.cluster), "memory": h.memory})
    clusters = _doc(report, conn, "clusters", "/clusters")
    if clusters is not None:
        _compare(report, "clusters", clusters, model["clusters"],
                 lambda c: {"name": c.name, "data_center": _id(c.data_center)})
    dcs = _doc(report, conn, "datacenters", "/datacenters")
    if dcs is not None:
        _compare(report, "data_centers", dcs, model["data_centers"], lambda d: {"name": d.name})
    sds = _doc(report, conn, "storagedomains", "/storagedomains")
    if sds is not None:
        _compare(report, "storage_domains", sds, model["storage_domains"], lambda s: {
            "name": s.name, "type": s.type.value, "storage_type": s.storage.type.value,
            "data_center": _id(s.data_centers[0]) if s.data_centers else None})
    for dc in dcs or []:
        _doc(report, conn, f"datacenters.{dc.name}.storagedomains", f"/datacenters/{dc.id}/storagedomains")
    networks = _doc(report, conn, "networks", "/networks")
    if networks is not None:
        _compare(report, "networks", networks, model["networks"],
                 lambda n: {"name": n.name, "data_center": _id(n.data_center)})
    _doc(report, conn, "vnicprofiles", "/vnicprofiles")
    templates = _doc(report, conn, "templates", "/templates")
    if templates is not None:
        _compare(report, "templates", templates, model["templates"], lambda t: {"name": t.name, "memory": t.memory})
    disks = _doc(report, conn, "disks", "/disks")
    if disks is not None:
        _compare(report, "disks", disks, model["disks"], lambda d: {
            "alias": d.alias, "provisioned_size": d.provisioned_size,
            "storage_domain": _id(d.storage_domains[0]) if d.storage_domains else None})
    # follow= inlines sub-collections under the element names the SDK's types read.
    _doc(report, conn, "hosts.follow", "/hosts", {"follow": "nics.statistics,statistics,cluster"})
    _doc(report, conn, "datacenters.follow", "/datacenters", {"follow": "storage_domains,clusters,networks"})
    _doc(report, conn, "clusters.follow", "/clusters", {"follow": "networks,data_center"})
    _doc(report, conn, "disks.follow", "/disks", {"follow": "statistics,storage_domains", "max": "20"})
    _doc(report, conn, "storagedomains.follow", "/storagedomains", {"follow": "data_centers"})
    _doc(report, conn, "vms.follow.empty_links", "/vms", {"follow": "tags,permissions,cdroms", "max": "5"})
    _doc(report, conn, "events", "/events", {"max": "50"})
    _doc(report, conn, "users", "/users")
    running = [v for v in vms or [] if v.status == types.VmStatus.UP][:3]
    for vm in running:
        base = f"/vms/{vm.id}"
        _doc(report, conn, "vm.all_content", base, {"all_content": "true"})
        _doc(report, conn, "vms.follow", "/vms", {"search": f"name={vm.name}",
                                                    "follow": "nics.reported_devices,disk_attachments.disk."
                                                              "storage_domains,statistics,snapshots,cluster"})
        nics = _doc(report, conn, "vm.nics", base + "/nics")
        if nics is not None:
            expected = {n["id"]: {"name": n["name"], "mac": n["mac"]} for n in model["nics"].get(vm.id, [])}
            _compare(report, "vm.nics", nics, expected, lambda n: {"name": n.name, "mac": n.mac.address})
            for nic in nics:
                _doc(report, conn, "vm.nic.reporteddevices", f"{base}/nics/{nic.id}/reporteddevices")
                _doc(report, conn, "vm.nic.statistics", f"{base}/nics/{nic.id}/statistics")
        _doc(report, conn, "vm.nics.follow", base + "/nics", {"follow": "statistics,reported_devices"})
        _doc(report, conn, "vm.reporteddevices", base + "/reporteddevices")
        _doc(report, conn, "vm.diskattachments", base + "/diskattachments")
        snaps = _doc(report, conn, "vm.snapshots", base + "/snapshots")
        for snap in snaps or []:
            _doc(report, conn, "vm.snapshot.disks", f"{base}/snapshots/{snap.id}/disks")
        _doc(report, conn, "vm.statistics", base + "/statistics")
    for host in (hosts or [])[:3]:
        base = f"/hosts/{host.id}"
        nics = _doc(report, conn, "host.nics", base + "/nics")
        if nics is not None:
            expected = {n["id"]: {"name": n["name"], "mac": n["mac"]} for n in model["host_nics"].get(host.id, [])}
            _compare(report, "host.nics", nics, expected, lambda n: {"name": n.name, "mac": n.mac.address})
            for nic in nics[:1]:
                _doc(report, conn, "host.nic.statistics", f"{base}/nics/{nic.id}/statistics")
        _doc(report, conn, "host.statistics", base + "/statistics")
    for disk in (disks or [])[:2]:
        _doc(report, conn, "disk.statistics", f"/disks/{disk.id}/statistics")


def _check(report: Any, name: str, body: Any) -> Any:
    return report.run(name, body)


def run_inventory_checks(report: Any, conn: sdk.Connection, vm_count: int) -> None:
    system = conn.system_service()
    vms_service = system.vms_service()

    def api() -> tuple[bool, Any]:
        info = system.get()
        ok = (info.product_info.name == "oVirt Engine" and info.product_info.version.major == 4
              and info.summary.vms.total == vm_count and info.special_objects.blank_template.id is not None
              and info.time is not None and info.authenticated_user is not None)
        return ok, {"product": info.product_info.name, "version": info.product_info.version.full_version,
                    "vms": info.summary.vms.total}

    _check(report, "api.get", api)
    _check(report, "vms.list", lambda: (len(vms_service.list()) == vm_count, f"{vm_count} VMs"))
    _check(report, "vms.list.max", lambda: (len(vms_service.list(max=7)) == 7, "max=7 -> 7"))

    def search_name() -> tuple[bool, Any]:
        names = [v.name for v in vms_service.list(search="name=web*")]
        return bool(names) and all(fnmatch.fnmatch(n, "web*") for n in names), f"{len(names)} web* VMs"

    def search_status() -> tuple[bool, Any]:
        up = vms_service.list(search="status=up")
        return bool(up) and all(v.status == types.VmStatus.UP for v in up), f"{len(up)} up"

    def sortby() -> tuple[bool, Any]:
        names = [v.name for v in vms_service.list(search="sortby name desc", max=20)]
        return names == sorted(names, reverse=True) and len(names) == 20, names[:3]

    def paging() -> tuple[bool, Any]:
        first = [v.id for v in vms_service.list(search="sortby name asc page 1", max=10)]
        second = [v.id for v in vms_service.list(search="sortby name asc page 2", max=10)]
        every = [v.id for v in vms_service.list(search="sortby name asc", max=20)]
        return first + second == every, "page 1 + page 2 == first 20"

    def case() -> tuple[bool, Any]:
        name = vms_service.list(max=1)[0].name
        loose = vms_service.list(search=f"name={name.upper()}", case_sensitive=False)
        strict = vms_service.list(search=f"name={name.upper()}", case_sensitive=True)
        return len(loose) == 1 and (len(strict) == 0 or name == name.upper()), f"{name}: {len(loose)}/{len(strict)}"

    def follow() -> tuple[bool, Any]:
        vms = vms_service.list(search="status=up", max=5, follow="nics,disk_attachments.disk,statistics")
        ok = bool(vms) and all(
            len(v.nics) > 0 and len(v.statistics) > 0 and v.disk_attachments
            and all(a.disk is not None and a.disk.provisioned_size for a in v.disk_attachments) for v in vms)
        return ok, f"{len(vms)} VMs with nics, statistics and disks inlined"

    _check(report, "vms.list.search.name", search_name)
    _check(report, "vms.list.search.status", search_status)
    _check(report, "vms.list.search.sortby", sortby)
    _check(report, "vms.list.search.page", paging)
    _check(report, "vms.list.case_sensitive", case)
    _check(report, "vms.list.follow", follow)

    def listed(name: str, service: Any, minimum: int = 1, **kw: Any) -> None:
        _check(report, f"{name}.list", lambda: ((n := len(service.list(**kw))) >= minimum, f"{n} listed"))

    listed("hosts", system.hosts_service())
    listed("clusters", system.clusters_service())
    listed("data_centers", system.data_centers_service())
    listed("storage_domains", system.storage_domains_service())
    listed("networks", system.networks_service())
    listed("templates", system.templates_service())
    listed("disks", system.disks_service())
    listed("vnic_profiles", system.vnic_profiles_service())

    def attached() -> tuple[bool, Any]:
        out = {}
        for dc in system.data_centers_service().list():
            sds = system.data_centers_service().data_center_service(dc.id).storage_domains_service().list()
            out[dc.name] = [(s.name, s.status.value if s.status else None) for s in sds]
            if not sds or any(s.status is None for s in sds):
                return False, out
        return True, out

    _check(report, "data_centers.storage_domains.list", attached)
    events_service = system.events_service()

    def events() -> tuple[bool, Any]:
        evs = events_service.list(max=20)
        ids = [int(e.id) for e in evs]
        return bool(evs) and ids == sorted(ids, reverse=True) and all(e.time and e.severity for e in evs), ids[:5]

    def events_from() -> tuple[bool, Any]:
        evs = events_service.list(max=20)
        pivot = int(evs[len(evs) // 2].id)
        newer = events_service.list(from_=pivot)
        return bool(newer) and all(int(e.id) > pivot for e in newer), f"from={pivot}: {len(newer)} newer"

    def events_search() -> tuple[bool, Any]:
        evs = events_service.list(search="severity=alert", max=10)
        return all(e.severity == types.LogSeverity.ALERT for e in evs), f"{len(evs)} alerts"

    _check(report, "events.list", events)
    _check(report, "events.list.from", events_from)
    _check(report, "events.list.search", events_search)


def post(conn: sdk.Connection, path: str, body: Any) -> tuple[int, bytes]:
    """A raw POST of an SDK-written body through the SDK's own connection."""
    request = http.Request(method="POST", path=path, query={})
    request.body = writer.Writer.write(body, indent=True)
    response = conn.wait(conn.send(request))
    return response.code, response.body


def _reply(report: Any, name: str, sent: tuple[int, bytes], code: int, root: str) -> Any:
    """Audit a POST reply: its status, its root element and its round trip through the reader."""
    holder: dict[str, Any] = {}

    def body() -> tuple[bool, Any]:
        got, raw = sent
        obj, problems = read_and_audit(raw)
        holder["obj"] = obj
        tag = raw.split(b"?>", 1)[-1].lstrip()[1:].split(b">", 1)[0].split(b" ", 1)[0].rstrip(b"/").decode()
        ok = got == code and tag == root and not problems
        return ok, problems or f"HTTP {got} <{tag}> read in full"

    report.run(f"reader.reply.{name}", body)
    return holder.get("obj")


def run_late_reader_checks(report: Any, conn: sdk.Connection) -> None:
    """Documents that only exist once actions ran: jobs, steps, action replies, faults."""
    jobs = _doc(report, conn, "jobs", "/jobs")
    for job in (jobs or [])[:3]:
        _doc(report, conn, "job.steps", f"/jobs/{job.id}/steps")
    _doc(report, conn, "jobs.follow", "/jobs", {"follow": "steps", "max": "5"})
    _doc(report, conn, "events.after_actions", "/events", {"max": "100"})
    _, raw = fetch(conn, "/vms", {"search": "status=down", "max": "2"})
    down, idle = read_and_audit(raw)[0][:2]  # one to start, one to snapshot while down
    _, raw = fetch(conn, "/vms", {"search": "status=up", "max": "1"})
    up = read_and_audit(raw)[0][0]
    _reply(report, "vm.start", post(conn, f"/vms/{down.id}/start", types.Action()), 200, "action")
    _reply(report, "vm.start_running", post(conn, f"/vms/{up.id}/start", types.Action()), 409, "action")
    _reply(report, "vm.ticket", post(conn, f"/vms/{up.id}/ticket", types.Action(ticket=types.Ticket(expiry=60))),
           200, "action")
    snap = _reply(report, "snapshot.add", post(conn, f"/vms/{idle.id}/snapshots",
                                               types.Snapshot(description="audit")), 201, "snapshot")
    if snap is not None:
        _doc(report, conn, "vm.snapshots.after_add", f"/vms/{idle.id}/snapshots")
    _, raw = fetch(conn, "/hosts", {"search": "status=up", "max": "1"})
    host = read_and_audit(raw)[0][0]
    _reply(report, "host.fence_status", post(conn, f"/hosts/{host.id}/fence",
                                             types.Action(fence_type="status")), 200, "action")
    _, raw = fetch(conn, "/storagedomains", {"max": "1"})
    sd = read_and_audit(raw)[0][0]
    _reply(report, "storage_domain.isattached", post(conn, f"/storagedomains/{sd.id}/isattached", types.Action()),
           200, "action")
    _reply(report, "fault.bad_search", fetch(conn, "/vms", {"search": "nosuchfield=1"}), 400, "fault")
