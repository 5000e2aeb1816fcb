"""Templates: status, version, cluster and the hardware a VM made from it gets."""

from __future__ import annotations

from typing import Any

from console.ui.render.common import (
    Column,
    fmt_bytes,
    fmt_time,
    get,
    literal,
    right,
    status_text,
)


def version_label(template: Any) -> str:
    name, number = get(template, "version.version_name"), get(template, "version.version_number")
    if name and number is not None:
        return f"{name} ({number})"
    return str(name or number or "")


def cpus(record: Any) -> int | None:
    topology = get(record, "cpu.topology")
    if topology is None:
        return None
    product = 1
    for part in ("sockets", "cores", "threads"):
        product *= int(getattr(topology, part, None) or 1)
    return product


COLUMNS: tuple[Column, ...] = (
    Column("status", "STATUS", 10, lambda r, c: status_text(get(r, "status")), sort_letter="S"),
    Column("name", "NAME", 22, lambda r, c: literal(get(r, "name")), sort_letter="N"),
    Column("version", "VERSION", 12, lambda r, c: literal(version_label(r)), sort_letter="V"),
    Column("cluster", "CLUSTER", 14, lambda r, c: literal(c.name("clusters", get(r, "cluster"))), sort_letter="C"),
    Column("memory", "MEMORY", 8, lambda r, c: right(fmt_bytes(get(r, "memory"))),
           sort_key=lambda r, c: get(r, "memory"), justify="right", sort_letter="M"),
    Column("cpus", "CPUS", 4, lambda r, c: right(str(cpus(r) or "")),
           sort_key=lambda r, c: cpus(r), justify="right", sort_letter="P"),
    Column("created", "CREATED", 19, lambda r, c: literal(fmt_time(get(r, "creation_time"))), sort_letter="T"),
    Column("description", "DESCRIPTION", 26, lambda r, c: literal(get(r, "description")), sort_letter="E"),
)
