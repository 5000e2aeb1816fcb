"""Disks: size, actual size, where they live and in what format."""

from __future__ import annotations

from typing import Any

from console.ui.render.common import (
    Column,
    enum_value,
    fmt_bytes,
    get,
    literal,
    right,
    status_text,
    yes_no,
)


def storage_domain_ref(disk: Any) -> Any:
    domains = get(disk, "storage_domains", ()) or ()
    return domains[0] if domains else get(disk, "storage_domain")


def alias(disk: Any) -> Any:
    return get(disk, "alias") or get(disk, "name")


COLUMNS: tuple[Column, ...] = (
    Column("status", "STATUS", 10, lambda r, c: status_text(get(r, "status")), sort_letter="S"),
    Column("alias", "ALIAS", 26, lambda r, c: literal(alias(r)), sort_letter="N"),
    Column("size", "SIZE", 9, lambda r, c: right(fmt_bytes(get(r, "provisioned_size"))),
           sort_key=lambda r, c: get(r, "provisioned_size"), justify="right", sort_letter="Z"),
    Column("actual", "ACTUAL", 9, lambda r, c: right(fmt_bytes(get(r, "actual_size"))),
           sort_key=lambda r, c: get(r, "actual_size"), justify="right", sort_letter="A"),
    Column("storage_domain", "STORAGE DOMAIN", 18,
           lambda r, c: literal(c.name("storage_domains", storage_domain_ref(r))), sort_letter="D"),
    Column("format", "FORMAT", 6, lambda r, c: literal(enum_value(get(r, "format"))), sort_letter="F"),
    Column("sparse", "THIN", 4, lambda r, c: literal(yes_no(get(r, "sparse"))), sort_letter="T"),
    Column("content", "CONTENT", 8, lambda r, c: literal(enum_value(get(r, "content_type"))), sort_letter="C"),
    Column("description", "DESCRIPTION", 24, lambda r, c: literal(get(r, "description")), sort_letter="E"),
)
