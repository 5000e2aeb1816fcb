"""Data centers: status, local or shared storage, compatibility level."""

from __future__ import annotations

from typing import Any

from console.ui.render.common import (
    Column,
    get,
    literal,
    right,
    status_text,
    version_text,
)


def storage_kind(dc: Any) -> str:
    local = get(dc, "local")
    if local is None:
        return ""
    return "Local" if local is True or str(local).lower() == "true" else "Shared"


COLUMNS: tuple[Column, ...] = (
    Column("status", "STATUS", 18, lambda r, c: status_text(get(r, "status")), sort_letter="S"),
    Column("name", "NAME", 20, lambda r, c: literal(get(r, "name")), sort_letter="N"),
    Column("storage", "STORAGE", 8, lambda r, c: literal(storage_kind(r)), sort_letter="T"),
    Column("version", "COMPAT", 7, lambda r, c: literal(version_text(get(r, "version"))), sort_letter="V"),
    Column("clusters", "CLUSTERS", 8, lambda r, c: right(str(c.count("clusters", "data_center", get(r, "id") or ""))),
           sort_key=lambda r, c: c.count("clusters", "data_center", get(r, "id") or ""), justify="right",
           sort_letter="C"),
    Column("description", "DESCRIPTION", 30, lambda r, c: literal(get(r, "description")), sort_letter="E"),
)
