"""Clusters: data center, compatibility level, CPU type and how much runs in them."""

from __future__ import annotations

from console.ui.render.common import Column, get, literal, right, version_text

COLUMNS: tuple[Column, ...] = (
    Column("name", "NAME", 20, lambda r, c: literal(get(r, "name")), sort_letter="N"),
    Column("data_center", "DATA CENTER", 16, lambda r, c: literal(c.name("data_centers", get(r, "data_center"))),
           sort_letter="D"),
    Column("version", "COMPAT", 7, lambda r, c: literal(version_text(get(r, "version"))), sort_letter="V"),
    Column("cpu_type", "CPU TYPE", 26, lambda r, c: literal(get(r, "cpu.type")), sort_letter="T"),
    Column("hosts", "HOSTS", 5, lambda r, c: right(str(c.count("hosts", "cluster", get(r, "id") or ""))),
           sort_key=lambda r, c: c.count("hosts", "cluster", get(r, "id") or ""), justify="right", sort_letter="H"),
    Column("vms", "VMS", 5, lambda r, c: right(str(c.count("vms", "cluster", get(r, "id") or ""))),
           sort_key=lambda r, c: c.count("vms", "cluster", get(r, "id") or ""), justify="right", sort_letter="M"),
    Column("description", "DESCRIPTION", 30, lambda r, c: literal(get(r, "description")), sort_letter="E"),
)
