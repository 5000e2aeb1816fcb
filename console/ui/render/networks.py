"""Logical networks: data center, VLAN, MTU and what they carry."""

from __future__ import annotations

from typing import Any

from console.ui.render.common import Column, enum_value, get, literal, right


def usages(network: Any) -> str:
    return ", ".join(enum_value(u) for u in (get(network, "usages", ()) or ()))


def mtu(network: Any) -> int | None:
    value = get(network, "mtu")
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


COLUMNS: tuple[Column, ...] = (
    Column("name", "NAME", 20, lambda r, c: literal(get(r, "name")), sort_letter="N"),
    Column("data_center", "DATA CENTER", 16, lambda r, c: literal(c.name("data_centers", get(r, "data_center"))),
           sort_letter="D"),
    Column("vlan", "VLAN", 5, lambda r, c: right(str(get(r, "vlan.id", ""))),
           sort_key=lambda r, c: get(r, "vlan.id"), justify="right", sort_letter="V"),
    Column("mtu", "MTU", 6, lambda r, c: right(str(mtu(r) or "default")),
           sort_key=lambda r, c: mtu(r), justify="right", sort_letter="M"),
    Column("usages", "ROLE", 18, lambda r, c: literal(usages(r)), sort_letter="R"),
    Column("description", "DESCRIPTION", 30, lambda r, c: literal(get(r, "description")), sort_letter="E"),
)
