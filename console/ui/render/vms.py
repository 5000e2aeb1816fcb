"""Virtual machines: the Administration Portal's VM list as table cells."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from console.ui.render.common import (
    Column,
    RenderContext,
    enum_value,
    fmt_bytes,
    fmt_duration,
    fmt_percent,
    get,
    literal,
    literal_key,
    safe,
    since,
    statistic,
    status_key,
    status_text,
)
from console.ui.render.trends import TREND_COLUMNS


def ip_addresses(vm: Any) -> list[str]:
    """Guest-reported addresses, IPv4 first, from the VM's NICs and reported devices."""
    seen: list[str] = []
    devices = list(get(vm, "reported_devices", ()) or ())
    for nic in get(vm, "nics", ()) or ():
        devices.extend(getattr(nic, "reported_devices", None) or ())
    for device in devices:
        for ip in getattr(device, "ips", None) or ():
            address = safe(getattr(ip, "address", None))
            if address and address not in seen:
                seen.append(address)
    return sorted(seen, key=lambda a: (":" in a, a))


def cpu_percent(vm: Any) -> float | None:
    return statistic(vm, "cpu.current.total")


def memory_percent(vm: Any) -> float | None:
    used = statistic(vm, "memory.used")
    installed = statistic(vm, "memory.installed") or get(vm, "memory")
    if used is None or not installed:
        return None
    return 100.0 * used / float(installed)


def uptime(vm: Any, now) -> float | None:
    if enum_value(get(vm, "status")) not in ("up", "migrating", "powering_down", "reboot_in_progress"):
        return None
    return since(get(vm, "start_time"), now)


def data_center_name(vm: Any, ctx: RenderContext) -> str:
    cluster_id = get(vm, "cluster.id")
    dc_id = ctx.cluster_dc(cluster_id) if cluster_id else None
    return safe(ctx.names("data_centers", dc_id) or "") if dc_id else ""


def _right(text: str) -> Text:
    return Text(text, no_wrap=True, end="", justify="right")


COLUMNS: tuple[Column, ...] = (
    Column("status", "STATUS", 13, lambda v, c: status_text(get(v, "status")),
           sort_key=lambda v, c: status_key(get(v, "status")), sort_letter="S"),
    Column("name", "NAME", 20, lambda v, c: literal(get(v, "name")),
           sort_key=literal_key(lambda v, c: get(v, "name")), sort_letter="N"),
    Column("host", "HOST", 10, lambda v, c: literal(c.name("hosts", get(v, "host"))),
           sort_key=literal_key(lambda v, c: c.name("hosts", get(v, "host"))), sort_letter="H"),
    Column("ips", "IP ADDRESSES", 16, lambda v, c: literal(" ".join(ip_addresses(v))), sort_letter="I"),
    Column("fqdn", "FQDN", 20, lambda v, c: literal(get(v, "fqdn")),
           sort_key=literal_key(lambda v, c: get(v, "fqdn")), sort_letter="F"),
    Column("cluster", "CLUSTER", 12, lambda v, c: literal(c.name("clusters", get(v, "cluster"))),
           sort_key=literal_key(lambda v, c: c.name("clusters", get(v, "cluster"))), sort_letter="C"),
    Column("data_center", "DATA CENTER", 12, lambda v, c: literal(data_center_name(v, c)),
           sort_key=literal_key(data_center_name), sort_letter="D"),
    Column("memory", "MEMORY", 8, lambda v, c: _right(fmt_bytes(get(v, "memory"))),
           sort_key=lambda v, c: get(v, "memory"), justify="right", sort_letter="M"),
    Column("cpu", "CPU%", 5, lambda v, c: _right(fmt_percent(cpu_percent(v))),
           sort_key=lambda v, c: cpu_percent(v), justify="right", sort_letter="P"),
    Column("mem_usage", "MEM%", 5, lambda v, c: _right(fmt_percent(memory_percent(v))),
           sort_key=lambda v, c: memory_percent(v), justify="right", sort_letter="R"),
    *TREND_COLUMNS["vms"],  # beside the numbers they explain
    Column("uptime", "UPTIME", 8, lambda v, c: _right(fmt_duration(uptime(v, c.now))),
           sort_key=lambda v, c: uptime(v, c.now), justify="right", sort_letter="U"),
    Column("description", "DESCRIPTION", 24, lambda v, c: literal(get(v, "description")),
           sort_key=literal_key(lambda v, c: get(v, "description")), sort_letter="E"),
)
