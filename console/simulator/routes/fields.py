"""Searchable fields per collection (protocol reference §14), as ``search.Field`` getters.

Values that need other objects (a VM's cluster name, a disk's VM names) are looked up
through the engine; the getters run inside one request under the engine lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..search import Field
from ..stats import vm_cpu_total

if TYPE_CHECKING:
    from ..engine import Engine

MB = 1024 * 1024
GB = 1024 * MB
SEVERITY_RANKS = {"normal": 0, "warning": 1, "error": 2, "alert": 10}


def _vm_status(text: str) -> str:
    # Search uses the engine's internal names (poweringup, migratingfrom…).
    text = text.replace("_", "")
    return "migrating" if text in ("migratingfrom", "migratingto") else text


def _plain(text: str) -> str:
    return text.replace("_", "")


def _name(table: dict[str, Any], key: str | None) -> str | None:
    obj = table.get(key) if key else None
    return None if obj is None else obj.name


def _stat_values(stats: list[Any]) -> dict[str, float]:
    return {s.name: float(s.values[0]) for s in stats if s.values and s.type != "string"}


def _percent(part: float | None, whole: float | None) -> float:
    return round(100.0 * part / whole, 2) if part is not None and whole else 0.0


def vm_fields(engine: "Engine") -> dict[str, Field]:
    def dc_name(vm: Any) -> str | None:
        cluster = engine.clusters.get(vm.cluster_id)
        return _name(engine.data_centers, cluster.data_center_id) if cluster else None

    def ips(vm: Any) -> list[str]:
        if not engine.vm_guest_visible(vm):
            return []
        return [ip.address for dev in engine.reported_devices.get(vm.id, ()) for ip in dev.ips]

    def usage(vm: Any) -> dict[str, float]:
        return _stat_values(engine.vm_statistics(vm.id))

    def uptime(vm: Any) -> float:
        running = vm.host_id is not None and vm.start_time is not None and vm.status != "down"
        return (engine.now - vm.start_time).total_seconds() if running else 0.0

    host = Field(lambda vm: _name(engine.hosts, vm.host_id))
    return {
        "cpu_usage": Field(lambda vm: round(sum(vm_cpu_total(engine.seed, vm, engine.now)), 2), kind="num"),
        "mem_usage": Field(lambda vm: _percent((u := usage(vm)).get("memory.used"), u.get("memory.installed")),
                           kind="num"),
        "network_usage": Field(lambda vm: usage(vm).get("network.current.total", 0.0), kind="num"),
        "uptime": Field(uptime, kind="num"),
        "name": Field(lambda vm: vm.name),
        "id": Field(lambda vm: vm.id),
        "description": Field(lambda vm: vm.description),
        "comment": Field(lambda vm: vm.comment),
        "status": Field(lambda vm: vm.status, normalize=_vm_status),
        "cluster": Field(lambda vm: _name(engine.clusters, vm.cluster_id)),
        "host": host, "on_host": host, "host.name": host,
        "datacenter": Field(dc_name),
        "template": Field(lambda vm: _name(engine.templates, vm.template_id)),
        "os": Field(lambda vm: vm.os_type),
        "type": Field(lambda vm: vm.type),
        "architecture": Field(lambda vm: vm.cpu_architecture),
        "fqdn": Field(lambda vm: vm.fqdn if engine.vm_guest_visible(vm) else ""),
        "ip": Field(ips),
        "memory": Field(lambda vm: vm.memory // MB, kind="num"),
        "vcpus": Field(lambda vm: vm.cpu_sockets * vm.cpu_cores * vm.cpu_threads, kind="num"),
        "creationdate": Field(lambda vm: vm.creation_time, kind="date"),
        "stateless": Field(lambda vm: str(vm.stateless).lower()),
        "origin": Field(lambda vm: vm.origin),
    }


def host_fields(engine: "Engine") -> dict[str, Field]:
    def dc_name(host: Any) -> str | None:
        cluster = engine.clusters.get(host.cluster_id)
        return _name(engine.data_centers, cluster.data_center_id) if cluster else None

    def usage(host: Any) -> dict[str, float]:
        return _stat_values(engine.host_statistics(host.id))

    return {
        "cpu_usage": Field(lambda h: round((u := usage(h)).get("cpu.current.user", 0.0)
                                           + u.get("cpu.current.system", 0.0), 2), kind="num"),
        "mem_usage": Field(lambda h: _percent((u := usage(h)).get("memory.used"), u.get("memory.total")),
                           kind="num"),
        "name": Field(lambda h: h.name),
        "id": Field(lambda h: h.id),
        "address": Field(lambda h: h.address),
        "comment": Field(lambda h: h.comment),
        "description": Field(lambda h: h.description),
        "status": Field(lambda h: h.status, normalize=_plain),
        "external_status": Field(lambda h: h.external_status),
        "cluster": Field(lambda h: _name(engine.clusters, h.cluster_id)),
        "datacenter": Field(dc_name),
        "type": Field(lambda h: h.type),
        "architecture": Field(lambda h: "x86_64"),
        "cpus": Field(lambda h: h.cpu_sockets * h.cpu_cores * h.cpu_threads, kind="num"),
        "memory": Field(lambda h: h.memory // MB, kind="num"),
        "active_vms": Field(lambda h: engine.host_summary(h.id)[0], kind="num"),
        "spm_id": Field(lambda h: 1 if h.spm_status == "spm" else -1, kind="num"),
        "update_available": Field(lambda h: str(h.update_available).lower()),
        "version": Field(lambda h: h.version_full),
    }


def cluster_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "name": Field(lambda c: c.name),
        "id": Field(lambda c: c.id),
        "description": Field(lambda c: c.description),
        "comment": Field(lambda c: c.comment),
        "architecture": Field(lambda c: c.cpu_architecture),
        "cpu_type": Field(lambda c: c.cpu_type),
        "compatibility_level": Field(lambda c: f"{c.version_major}.{c.version_minor}"),
        "datacenter": Field(lambda c: _name(engine.data_centers, c.data_center_id)),
    }


def data_center_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "name": Field(lambda d: d.name),
        "id": Field(lambda d: d.id),
        "description": Field(lambda d: d.description),
        "comment": Field(lambda d: d.comment),
        "status": Field(lambda d: d.status, normalize=_plain),
        "local": Field(lambda d: str(d.local).lower()),
        "compatibility_version": Field(lambda d: f"{d.version_major}.{d.version_minor}"),
    }


def storage_domain_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "name": Field(lambda s: s.name),
        "id": Field(lambda s: s.id),
        "description": Field(lambda s: s.description),
        "comment": Field(lambda s: s.comment),
        "status": Field(lambda s: s.status if s.data_center_id else "unattached", normalize=_plain),
        "external_status": Field(lambda s: s.external_status),
        "datacenter": Field(lambda s: _name(engine.data_centers, s.data_center_id)),
        "type": Field(lambda s: s.type),
        "storage_type": Field(lambda s: s.storage_type),
        "free_size": Field(lambda s: s.available // GB, kind="num"),
        "used_size": Field(lambda s: s.used // GB, kind="num"),
        "total_size": Field(lambda s: (s.available + s.used) // GB, kind="num"),
        "committed": Field(lambda s: s.committed // GB, kind="num"),
    }


def disk_fields(engine: "Engine") -> dict[str, Field]:
    owners: dict[str, list[str]] = {}
    for vm_id, attachments in engine.disk_attachments.items():
        vm = engine.vms.get(vm_id)
        for att in attachments:
            if vm is not None:
                owners.setdefault(att.disk_id, []).append(vm.name)
    alias = Field(lambda d: d.name)
    return {
        "alias": alias, "name": alias,
        "id": Field(lambda d: d.id),
        "description": Field(lambda d: d.description),
        "status": Field(lambda d: d.status),
        "format": Field(lambda d: d.format),
        "disk_type": Field(lambda d: d.storage_type),
        "disk_content_type": Field(lambda d: d.content_type),
        "shareable": Field(lambda d: str(d.shareable).lower()),
        "provisioned_size": Field(lambda d: d.provisioned_size // GB, kind="num"),
        "actual_size": Field(lambda d: d.actual_size // GB, kind="num"),
        "storage": Field(lambda d: _name(engine.storage_domains, d.storage_domain_id)),
        "vm_names": Field(lambda d: owners.get(d.id, [])),
        "number_of_vms": Field(lambda d: len(owners.get(d.id, [])), kind="num"),
    }


def network_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "name": Field(lambda n: n.name),
        "id": Field(lambda n: n.id),
        "description": Field(lambda n: n.description),
        "comment": Field(lambda n: n.comment),
        "vlanid": Field(lambda n: n.vlan_id, kind="num"),
        "mtu": Field(lambda n: n.mtu, kind="num"),
        "stp": Field(lambda n: str(n.stp).lower()),
        "vmnetwork": Field(lambda n: str("vm" in n.usages).lower()),
        "datacenter": Field(lambda n: _name(engine.data_centers, n.data_center_id)),
        "datacenter.name": Field(lambda n: _name(engine.data_centers, n.data_center_id)),
    }


def template_fields(engine: "Engine") -> dict[str, Field]:
    def dc_name(t: Any) -> str | None:
        cluster = engine.clusters.get(t.cluster_id) if t.cluster_id else None
        return _name(engine.data_centers, cluster.data_center_id) if cluster else None

    return {
        "name": Field(lambda t: t.name),
        "id": Field(lambda t: t.id),
        "description": Field(lambda t: t.description),
        "comment": Field(lambda t: t.comment),
        "status": Field(lambda t: t.status),
        "os": Field(lambda t: t.os_type),
        "cluster": Field(lambda t: _name(engine.clusters, t.cluster_id)),
        "datacenter": Field(dc_name),
        "mem": Field(lambda t: t.memory // MB, kind="num"),
        "creationdate": Field(lambda t: t.creation_time, kind="date"),
        "version_name": Field(lambda t: t.version_name),
    }


def event_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "severity": Field(lambda e: e.severity, kind="rank", ranks=SEVERITY_RANKS),
        "time": Field(lambda e: e.time, kind="date"),
        "type": Field(lambda e: e.code, kind="num"),
        "message": Field(lambda e: e.description),
        "correlation_id": Field(lambda e: e.correlation_id),
        "origin": Field(lambda e: e.origin),
        "custom_event_id": Field(lambda e: e.custom_id, kind="num"),
        "event_vm": Field(lambda e: _name(engine.vms, e.vm_id)),
        "event_host": Field(lambda e: _name(engine.hosts, e.host_id)),
        "event_template": Field(lambda e: _name(engine.templates, e.template_id)),
        "event_storage": Field(lambda e: _name(engine.storage_domains, e.storage_domain_id)),
        "event_datacenter": Field(lambda e: _name(engine.data_centers, e.data_center_id)),
        "_event_vm_id": Field(lambda e: e.vm_id),
        "_event_host_id": Field(lambda e: e.host_id),
        "_event_storage_id": Field(lambda e: e.storage_domain_id),
        "_event_datacenter_id": Field(lambda e: e.data_center_id),
        "_event_template_id": Field(lambda e: e.template_id),
        "usrname": Field(lambda e: "admin@internal-authz" if e.user_id else ""),
        "id": Field(lambda e: e.id, kind="num"),
    }


def job_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "correlation_id": Field(lambda j: j.correlation_id),
        "description": Field(lambda j: j.description),
        "status": Field(lambda j: j.status),
        "start_time": Field(lambda j: j.start_time, kind="date"),
        "id": Field(lambda j: j.id),
    }


def user_fields(engine: "Engine") -> dict[str, Field]:
    return {
        "name": Field(lambda u: u.name),
        "usrname": Field(lambda u: u.user_name),
        "id": Field(lambda u: u.id),
    }
