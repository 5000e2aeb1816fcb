"""Fault bodies: a bare ``<fault>`` or an ``<action>`` carrying one (protocol reference §8.1)."""

from __future__ import annotations

from .common import document, entity, leaf


def fault_lines(reason: str, detail: str | None) -> list[str]:
    lines = [leaf("reason", reason)]
    if detail is not None:
        lines.append(leaf("detail", detail))
    return lines


def fault_document(reason: str, detail: str | None) -> str:
    return document(entity("fault", None, None, fault_lines(reason, detail)))
