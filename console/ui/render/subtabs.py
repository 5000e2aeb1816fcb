"""Rows of the small detail tables (NICs, disk attachments, snapshots, statistics …).

Each table is (column titles, row function). Tables of a main kind reuse that
kind's columns so a host's VMs look exactly like the VM view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from console.ui.render import COLUMNS
from console.ui.render.common import (
    RenderContext,
    enum_value,
    fmt_bytes,
    fmt_time,
    get,
    literal,
    right,
    row_of,
    safe,
    status_text,
    yes_no,
)
from console.ui.render.disks import alias
from console.ui.render.trends import statistic_trend

Row = tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class SubTable:
    titles: tuple[str, ...]
    row: Callable[[Any, RenderContext], Row]


def _ips(device_holder: Any) -> str:
    out = []
    for device in get(device_holder, "reported_devices", ()) or ():
        for ip in getattr(device, "ips", None) or ():
            address = getattr(ip, "address", None)
            if address and safe(address) not in out:
                out.append(safe(address))
    return " ".join(out)


def _vm_nic(nic: Any, c: RenderContext) -> Row:
    return (
        literal(get(nic, "name")), status_text("up" if get(nic, "linked") in (True, "true") else "down"),
        literal(c.name("vnic_profiles", get(nic, "vnic_profile"))), literal(enum_value(get(nic, "interface"))),
        literal(get(nic, "mac.address")), literal(_ips(nic)), literal(yes_no(get(nic, "plugged"))),
    )


def _host_nic(nic: Any, c: RenderContext) -> Row:
    speed = get(nic, "speed")
    return (
        literal(get(nic, "name")), status_text(get(nic, "status")), literal(get(nic, "mac.address")),
        literal(get(nic, "ip.address")), literal(c.name("networks", get(nic, "network"))),
        right(f"{int(speed) // 1_000_000} Mb/s" if speed else ""), right(str(get(nic, "mtu", ""))),
    )


def _disk_attachment(att: Any, c: RenderContext) -> Row:
    """An attachment joined with its disk (from the disks inventory) for size and domain."""
    disk = get(att, "disk")
    full = c.extra.get("disk_lookup", lambda ident: None)(get(disk, "id")) or disk
    domains = get(full, "storage_domains", ()) or ()
    return (
        literal(alias(full) or get(disk, "id")), right(fmt_bytes(get(full, "provisioned_size"))),
        right(fmt_bytes(get(full, "actual_size"))),
        literal(c.name("storage_domains", domains[0] if domains else None)),
        status_text(get(full, "status")), literal(enum_value(get(att, "interface"))),
        literal(yes_no(get(att, "bootable"))), literal(yes_no(get(att, "active"))),
    )


def _snapshot(s: Any, c: RenderContext) -> Row:
    return (
        literal(fmt_time(get(s, "date"))), literal(get(s, "description")), status_text(get(s, "snapshot_status")),
        literal(enum_value(get(s, "snapshot_type"))), literal(yes_no(get(s, "persist_memorystate"))),
    )


def _statistic(s: Any, c: RenderContext) -> Row:
    values = get(s, "values", ()) or ()
    datum = getattr(values[0], "datum", None) if values else None
    unit = enum_value(get(s, "unit"))
    shown = fmt_bytes(datum) if unit == "bytes" and datum is not None else (
        f"{float(datum):g}" if datum is not None else "")
    if unit == "percent" and shown:
        shown += "%"
    return (literal(get(s, "name")), right(shown), literal(unit), statistic_trend(s), literal(get(s, "description")))


def _vnic_profile(p: Any, c: RenderContext) -> Row:
    return (literal(get(p, "name")), literal(c.name("networks", get(p, "network"))),
            literal(yes_no(get(p, "port_mirroring"))), literal(get(p, "description")))


def _step(s: Any, c: RenderContext) -> Row:
    progress = get(s, "progress")
    return (literal(get(s, "description")), status_text(get(s, "status")), literal(enum_value(get(s, "type"))),
            right(f"{progress}%" if progress is not None else ""), literal(fmt_time(get(s, "start_time"))),
            literal(fmt_time(get(s, "end_time"))))


def _of_kind(kind: str, keys: tuple[str, ...] | None = None) -> SubTable:
    columns = tuple(col for col in COLUMNS[kind] if keys is None or col.key in keys)
    return SubTable(tuple(col.title for col in columns), lambda record, ctx: row_of(columns, record, ctx))


TABLES: dict[str, SubTable] = {
    "vm_nics": SubTable(("NAME", "LINK", "PROFILE", "TYPE", "MAC", "GUEST IPS", "PLUGGED"), _vm_nic),
    "host_nics": SubTable(("NAME", "STATUS", "MAC", "IP", "NETWORK", "SPEED", "MTU"), _host_nic),
    "disk_attachments": SubTable(("ALIAS", "SIZE", "ACTUAL", "STORAGE DOMAIN", "STATUS", "INTERFACE",
                                  "BOOT", "ACTIVE"), _disk_attachment),
    "snapshots": SubTable(("DATE", "DESCRIPTION", "STATUS", "TYPE", "MEMORY"), _snapshot),
    "statistics": SubTable(("NAME", "VALUE", "UNIT", "TREND", "DESCRIPTION"), _statistic),
    "vnic_profiles": SubTable(("NAME", "NETWORK", "PORT MIRRORING", "DESCRIPTION"), _vnic_profile),
    "steps": SubTable(("DESCRIPTION", "STATUS", "TYPE", "PROGRESS", "START", "END"), _step),
    "events": _of_kind("events"),
    "vms": _of_kind("vms", ("status", "name", "host", "ips", "memory", "cpu", "uptime")),
    "hosts": _of_kind("hosts", ("status", "name", "address", "spm", "vms", "cpu", "mem_usage")),
    "clusters": _of_kind("clusters", ("name", "version", "cpu_type", "hosts", "vms")),
    "storage_domains": _of_kind("storage_domains", ("status", "name", "type", "used", "available", "usage")),
    "networks": _of_kind("networks", ("name", "vlan", "mtu", "usages")),
    "disks": _of_kind("disks", ("status", "alias", "size", "actual", "format", "content")),
    "templates": _of_kind("templates", ("status", "name", "version", "memory", "cpus")),
}
