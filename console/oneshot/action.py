"""``ovirt-console action KIND NAME ACTION``: one action, by the console's own runner.

Read-only (flag or profile) is refused before anything connects: not even a
login reaches the engine. Targets are named as the admin knows them (a name) or
by id; the engine's refusal (e.g. "Cannot run VM. VM is running.") is printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TextIO

from console.api.connection import Connection
from console.backend import fetch
from console.backend.actions import ActionSpec, check, run_one
from console.backend.details import NameIndex
from console.backend.inventory import SPECS
from console.backend.settings import EngineSettings
from console.oneshot.common import (
    EXIT_ENGINE,
    EXIT_OK,
    EXIT_USAGE,
    OneShotError,
    session,
)

__all__ = ["ACTION_ALIASES", "KINDS", "find", "run_action", "spec_for"]

KINDS: dict[str, str] = {
    "vm": "vms", "vms": "vms", "host": "hosts", "hosts": "hosts",
    "storage": "storage_domains", "sd": "storage_domains",
    "storagedomain": "storage_domains", "storage_domain": "storage_domains",
}  # fmt: skip

# The Administration Portal's words for the same actions.
ACTION_ALIASES: dict[str, str] = {
    "run": "start", "poweroff": "stop", "power_off": "stop",
    "maintenance": "deactivate", "spm": "force_select_spm",
}  # fmt: skip

_UUID = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)


def spec_for(kind_word: str, action_word: str) -> ActionSpec:
    """The action, or OneShotError(usage) listing what the kind allows."""
    kind = KINDS.get(kind_word.lower())
    if kind is None:
        raise OneShotError(
            EXIT_USAGE, f"unknown kind {kind_word!r}: use vm, host or storage"
        )
    action = action_word.lower().replace("-", "_")
    try:
        return check(kind, ACTION_ALIASES.get(action, action))
    except ValueError as exc:
        raise OneShotError(EXIT_USAGE, str(exc)) from None


def _quote(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) else value


async def find(conn: Connection, kind: str, target: str) -> Any:
    """The one object named (or with id) ``target``; OneShotError(1) when there is none."""
    path = SPECS[kind].path
    word = kind[:-1].replace("_", " ")
    if _UUID.match(target):
        record = await fetch.get_record(conn, f"{path}/{target}")
        if record is not None:
            return record
    found = await fetch.list_records(conn, path, {"search": f"name={_quote(target)}"})
    exact = [r for r in found if getattr(r, "name", None) == target]
    if not exact:
        raise OneShotError(EXIT_ENGINE, f"the engine has no {word} named {target!r}")
    if len(exact) > 1:
        raise OneShotError(
            EXIT_USAGE,
            f"{len(exact)} {kind.replace('_', ' ')} are named {target!r}: give the id",
        )
    return exact[0]


async def run_action(
    settings: EngineSettings,
    spec: ActionSpec,
    target: str,
    out: TextIO,
    params: Mapping[str, Any] | None = None,
    *,
    read_only_source: str = "--read-only",
) -> int:
    if settings.read_only:
        raise OneShotError(
            EXIT_USAGE,
            f"read-only ({read_only_source}): {spec.description.lower()} refused, nothing was sent",
        )
    wanted = dict(params or {})
    async with session(settings) as conn:
        record = await find(conn, spec.kind, target)
        if spec.action == "migrate" and wanted.get("host"):
            host = await find(conn, "hosts", str(wanted["host"]))
            wanted["host"] = host.id
        names = NameIndex()
        names.add(spec.kind, [record])
        finished = await run_one(conn, spec, record.id, wanted, names)
    label = f"{spec.description} {spec.kind[:-1].replace('_', ' ')} {finished.name}"
    if not finished.ok:
        raise OneShotError(EXIT_ENGINE, f"{label}: {finished.message}")
    details = [f"job {finished.job_id}"] if finished.job_id else []
    if finished.correlation_id:
        details.append(f"correlation id {finished.correlation_id}")
    out.write(f"{label}: sent" + (f" ({', '.join(details)})" if details else "") + "\n")
    return EXIT_OK
