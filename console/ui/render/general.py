"""The General tab of every kind: label → value pairs, as in the Administration Portal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from console.ui.render import hosts as host_render
from console.ui.render import networks as network_render
from console.ui.render import templates as template_render
from console.ui.render import vms as vm_render
from console.ui.render.common import (
    RenderContext,
    enum_value,
    fmt_bytes,
    fmt_duration,
    fmt_percent,
    fmt_time,
    get,
    literal,
    status_text,
    usage_bar,
    version_text,
    yes_no,
)
from console.ui.render.data_centers import storage_kind
from console.ui.render.disks import alias, storage_domain_ref
from console.ui.render.jobs import duration
from console.ui.render.storage_domains import domain_status, total

Field = tuple[str, Text]


def _t(value: Any) -> Text:
    return value if isinstance(value, Text) else literal(value)


def _vm(vm: Any, c: RenderContext) -> list[Field]:
    status = status_text(get(vm, "status"))
    detail = get(vm, "status_detail")
    if detail:
        status.append(f" ({enum_value(detail)})", style="dim")
    ha = get(vm, "high_availability.enabled")
    return [
        ("Name", _t(get(vm, "name"))), ("ID", _t(get(vm, "id"))), ("Status", status),
        ("Host", _t(c.name("hosts", get(vm, "host")))), ("Cluster", _t(c.name("clusters", get(vm, "cluster")))),
        ("Data center", _t(vm_render.data_center_name(vm, c))),
        ("Template", _t(c.name("templates", get(vm, "template")))),
        ("Operating system", _t(get(vm, "os.type"))),
        ("Guest OS", _t(" ".join(str(p) for p in (get(vm, "guest_operating_system.distribution"),
                                                    get(vm, "guest_operating_system.version.full_version"))
                                 if p))),
        ("Memory", _t(fmt_bytes(get(vm, "memory")))),
        ("Guaranteed memory", _t(fmt_bytes(get(vm, "memory_policy.guaranteed")))),
        ("CPUs", _t(_topology(vm))),
        ("Highly available", _t(yes_no(ha) if ha is not None else "")),
        ("Uptime", _t(fmt_duration(vm_render.uptime(vm, c.now)))),
        ("IP addresses", _t(", ".join(vm_render.ip_addresses(vm)))), ("FQDN", _t(get(vm, "fqdn"))),
        ("CPU usage", _t(fmt_percent(vm_render.cpu_percent(vm)))),
        ("Memory usage", _t(fmt_percent(vm_render.memory_percent(vm)))),
        ("Created", _t(fmt_time(get(vm, "creation_time")))),
        ("Description", _t(get(vm, "description"))), ("Comment", _t(get(vm, "comment"))),
    ]


def _topology(record: Any) -> str:
    cpus = template_render.cpus(record)
    if cpus is None:
        return ""
    t = get(record, "cpu.topology")
    return f"{cpus} ({getattr(t, 'sockets', 1)} sockets × {getattr(t, 'cores', 1)} cores × {getattr(t, 'threads', 1)} threads)"


def _host(h: Any, c: RenderContext) -> list[Field]:
    os_parts = (get(h, "os.type"), get(h, "os.version.full_version"))
    return [
        ("Name", _t(get(h, "name"))), ("ID", _t(get(h, "id"))), ("Address", _t(get(h, "address"))),
        ("Status", status_text(get(h, "status"))), ("Cluster", _t(c.name("clusters", get(h, "cluster")))),
        ("SPM", _t(host_render.spm_role(h) or "normal")),
        ("OS", _t(" ".join(str(p) for p in os_parts if p))),
        ("Version", _t(version_text(get(h, "version")))),
        ("CPU model", _t(get(h, "cpu.name"))), ("CPU type", _t(get(h, "cpu.type"))),
        ("CPU cores", _t(_topology(h))),
        ("Memory", _t(fmt_bytes(get(h, "memory")))), ("Max scheduling memory", _t(fmt_bytes(get(h, "max_scheduling_memory")))),
        ("Running VMs", _t(str(host_render.running_vms(h, c)))),
        ("CPU usage", _t(fmt_percent(host_render.cpu_percent(h)))),
        ("Memory usage", _t(fmt_percent(host_render.memory_percent(h)))),
        ("Type", _t(enum_value(get(h, "type")))), ("Description", _t(get(h, "description"))),
    ]


def _cluster(r: Any, c: RenderContext) -> list[Field]:
    ident = get(r, "id") or ""
    return [
        ("Name", _t(get(r, "name"))), ("ID", _t(ident)),
        ("Data center", _t(c.name("data_centers", get(r, "data_center")))),
        ("Compatibility version", _t(version_text(get(r, "version")))),
        ("CPU type", _t(get(r, "cpu.type"))), ("CPU architecture", _t(enum_value(get(r, "cpu.architecture")))),
        ("Hosts", _t(str(c.count("hosts", "cluster", ident)))), ("VMs", _t(str(c.count("vms", "cluster", ident)))),
        ("Memory overcommit", _t(f"{get(r, 'memory_policy.over_commit.percent', '')}%"
                                 if get(r, "memory_policy.over_commit.percent") is not None else "")),
        ("Description", _t(get(r, "description"))),
    ]


def _data_center(r: Any, c: RenderContext) -> list[Field]:
    ident = get(r, "id") or ""
    return [
        ("Name", _t(get(r, "name"))), ("ID", _t(ident)), ("Status", status_text(get(r, "status"))),
        ("Storage type", _t(storage_kind(r))), ("Compatibility version", _t(version_text(get(r, "version")))),
        ("Quota mode", _t(enum_value(get(r, "quota_mode")))),
        ("Clusters", _t(str(c.count("clusters", "data_center", ident)))),
        ("Description", _t(get(r, "description"))),
    ]


def _storage_domain(r: Any, c: RenderContext) -> list[Field]:
    return [
        ("Name", _t(get(r, "name"))), ("ID", _t(get(r, "id"))), ("Status", status_text(domain_status(r))),
        ("Type", _t(enum_value(get(r, "type")))), ("Storage type", _t(enum_value(get(r, "storage.type")))),
        ("Path", _t(" ".join(str(p) for p in (get(r, "storage.address"), get(r, "storage.path")) if p))),
        ("Format", _t(enum_value(get(r, "storage_format")))),
        ("Used", _t(fmt_bytes(get(r, "used")))), ("Available", _t(fmt_bytes(get(r, "available")))),
        ("Committed", _t(fmt_bytes(get(r, "committed")))), ("Usage", usage_bar(get(r, "used"), total(r), 20)),
        ("Master", _t(yes_no(get(r, "master")))), ("Description", _t(get(r, "description"))),
    ]


def _network(r: Any, c: RenderContext) -> list[Field]:
    return [
        ("Name", _t(get(r, "name"))), ("ID", _t(get(r, "id"))),
        ("Data center", _t(c.name("data_centers", get(r, "data_center")))),
        ("VLAN", _t(str(get(r, "vlan.id", "")))), ("MTU", _t(str(network_render.mtu(r) or "default"))),
        ("Role", _t(network_render.usages(r))), ("STP", _t(yes_no(get(r, "stp")))),
        ("Description", _t(get(r, "description"))),
    ]


def _template(r: Any, c: RenderContext) -> list[Field]:
    return [
        ("Name", _t(get(r, "name"))), ("ID", _t(get(r, "id"))), ("Status", status_text(get(r, "status"))),
        ("Version", _t(template_render.version_label(r))), ("Cluster", _t(c.name("clusters", get(r, "cluster")))),
        ("OS", _t(get(r, "os.type"))), ("Memory", _t(fmt_bytes(get(r, "memory")))), ("CPUs", _t(_topology(r))),
        ("Created", _t(fmt_time(get(r, "creation_time")))), ("Description", _t(get(r, "description"))),
    ]


def _disk(r: Any, c: RenderContext) -> list[Field]:
    return [
        ("Alias", _t(alias(r))), ("ID", _t(get(r, "id"))), ("Status", status_text(get(r, "status"))),
        ("Size", _t(fmt_bytes(get(r, "provisioned_size")))), ("Actual size", _t(fmt_bytes(get(r, "actual_size")))),
        ("Storage domain", _t(c.name("storage_domains", storage_domain_ref(r)))),
        ("Format", _t(enum_value(get(r, "format")))), ("Thin provisioned", _t(yes_no(get(r, "sparse")))),
        ("Shareable", _t(yes_no(get(r, "shareable")))), ("Content", _t(enum_value(get(r, "content_type")))),
        ("Description", _t(get(r, "description"))),
    ]


def _event(r: Any, c: RenderContext) -> list[Field]:
    return [
        ("Time", _t(fmt_time(get(r, "time")))), ("Severity", _t(enum_value(get(r, "severity")))),
        ("Code", _t(str(get(r, "code", "")))), ("Description", _t(get(r, "description"))),
        ("VM", _t(c.name("vms", get(r, "vm")))), ("Host", _t(c.name("hosts", get(r, "host")))),
        ("Correlation id", _t(get(r, "correlation_id"))), ("Origin", _t(get(r, "origin"))),
    ]


def _job(r: Any, c: RenderContext) -> list[Field]:
    return [
        ("Description", _t(get(r, "description"))), ("Status", status_text(get(r, "status"))),
        ("Started", _t(fmt_time(get(r, "start_time")))), ("Ended", _t(fmt_time(get(r, "end_time")))),
        ("Duration", _t(fmt_duration(duration(r, c.now)))), ("External", _t(yes_no(get(r, "external")))),
    ]


GENERAL: dict[str, Callable[[Any, RenderContext], list[Field]]] = {
    "vms": _vm, "hosts": _host, "clusters": _cluster, "data_centers": _data_center,
    "storage_domains": _storage_domain, "networks": _network, "templates": _template,
    "disks": _disk, "events": _event, "jobs": _job,
}


def general(kind: str, record: Any, ctx: RenderContext) -> list[Field]:
    """The General tab's fields, blank ones dropped."""
    return [(label, value) for label, value in GENERAL[kind](record, ctx) if value.plain.strip()]
