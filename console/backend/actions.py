"""The action runner: send an action to each target and report how it ended.

One ActionFinished per target, carrying the Correlation-Id the api stamped on the
request and the job the engine started, so the jobs view can link a job to the
console action that caused it. The state change itself then arrives through the
normal paths (an immediate re-read of the target, then events and jobs polls).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from console.api.errors import ApiError, ReadOnlyError
from console.backend.messages import ActionFinished

if TYPE_CHECKING:  # kept light: the command line's --help lists ACTIONS without httpx
    from console.api.connection import Connection
    from console.backend.details import NameIndex

__all__ = ["ACTIONS", "CONCURRENCY", "ActionSpec", "check", "run_all", "run_one"]

CONCURRENCY = 8  # bulk actions on many rows: a few at a time, like the portal

Call = Callable[["Connection", str, Mapping[str, Any]], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    kind: str
    action: str
    description: str
    call: Call


def _vm(conn: Connection, id: str) -> Any:
    return conn.system_service().vms_service().vm_service(id)


def _host(conn: Connection, id: str) -> Any:
    return conn.system_service().hosts_service().host_service(id)


async def _attached_domain(conn: Connection, id: str, params: Mapping[str, Any]) -> Any:
    """A storage domain is activated within its data center: find that data center."""
    from console.backend import fetch

    dc = params.get("data_center")
    if not dc:
        domain = await fetch.get_record(conn, f"storagedomains/{id}")
        refs = getattr(domain, "data_centers", None) or ()
        if not refs:
            raise ApiError("the storage domain is not attached to a data center")
        dc = refs[0].id
    centers = conn.system_service().data_centers_service()
    return (
        centers.data_center_service(dc)
        .storage_domains_service()
        .storage_domain_service(id)
    )


def _spec(
    kind: str, action: str, description: str, call: Call
) -> tuple[tuple[str, str], ActionSpec]:
    return (kind, action), ActionSpec(kind, action, description, call)


async def _sd_activate(c: Connection, i: str, p: Mapping[str, Any]) -> Any:
    return await (await _attached_domain(c, i, p)).activate()


async def _sd_deactivate(c: Connection, i: str, p: Mapping[str, Any]) -> Any:
    return await (await _attached_domain(c, i, p)).deactivate(force=p.get("force"))


ACTIONS: dict[tuple[str, str], ActionSpec] = dict(
    [
        _spec("vms", "start", "Run", lambda c, i, p: _vm(c, i).start()),
        _spec("vms", "stop", "Power off", lambda c, i, p: _vm(c, i).stop()),
        _spec("vms", "shutdown", "Shut down", lambda c, i, p: _vm(c, i).shutdown()),
        _spec("vms", "reboot", "Reboot", lambda c, i, p: _vm(c, i).reboot()),
        _spec("vms", "reset", "Reset", lambda c, i, p: _vm(c, i).reset()),
        _spec("vms", "suspend", "Suspend", lambda c, i, p: _vm(c, i).suspend()),
        _spec("vms", "migrate", "Migrate", lambda c, i, p: _vm(c, i).migrate(host=p.get("host"), force=p.get("force"))),
        _spec("vms", "cancel_migration", "Cancel migration", lambda c, i, p: _vm(c, i).cancel_migration()),
        _spec("vms", "snapshot", "Create snapshot", lambda c, i, p: _vm(c, i).snapshots_service().add(
            {"description": p.get("description") or "ovirt-console snapshot",
             "persist_memorystate": bool(p.get("persist_memorystate", False))})),
        _spec("vms", "remove", "Remove", lambda c, i, p: _vm(c, i).remove(detach_only=p.get("detach_only"))),
        _spec("hosts", "deactivate", "Maintenance", lambda c, i, p: _host(c, i).deactivate(reason=p.get("reason"))),
        _spec("hosts", "activate", "Activate", lambda c, i, p: _host(c, i).activate()),
        _spec("hosts", "fence", "Power management", lambda c, i, p: _host(c, i).fence(fence_type=p.get("fence_type", "restart"))),
        _spec("hosts", "refresh", "Refresh capabilities", lambda c, i, p: _host(c, i).refresh()),
        _spec("hosts", "force_select_spm", "Select as SPM", lambda c, i, p: _host(c, i).force_select_spm()),
        _spec("hosts", "upgrade_check", "Check for upgrade", lambda c, i, p: _host(c, i).upgrade_check()),
        _spec("storage_domains", "activate", "Activate", _sd_activate),
        _spec("storage_domains", "deactivate", "Maintenance", _sd_deactivate),
    ]
)  # fmt: skip


def check(kind: str, action: str) -> ActionSpec:
    spec = ACTIONS.get((kind, action))
    if spec is None:
        known = ", ".join(a for k, a in ACTIONS if k == kind) or "none"
        raise ValueError(f"no action {action!r} for {kind} (actions: {known})")
    return spec


async def run_one(
    conn: Connection,
    spec: ActionSpec,
    id: str,
    params: Mapping[str, Any],
    names: NameIndex,
) -> ActionFinished:
    """Send one action; never raises for an engine refusal (it is the result)."""
    name = names.get(spec.kind, id) or id
    try:
        result = await spec.call(conn, id, params)
    except ReadOnlyError:
        return ActionFinished(spec.action, spec.kind, id, name, ok=False,
                              message="the console is read-only (--read-only): nothing was sent")  # fmt: skip
    except ApiError as exc:
        return ActionFinished(spec.action, spec.kind, id, name, ok=False, message=exc.summary,
                              correlation_id=exc.correlation_id)  # fmt: skip
    job = getattr(result, "job", None)
    extra: dict[str, Any] = {}
    if spec.action == "snapshot":
        extra["snapshot_id"] = getattr(result, "id", None)
    return ActionFinished(
        spec.action, spec.kind, id, name, ok=True,
        correlation_id=getattr(result, "correlation_id", None),
        job_id=getattr(job, "id", None), extra=extra,
    )  # fmt: skip


async def run_all(
    conn: Connection,
    spec: ActionSpec,
    ids: tuple[str, ...],
    params: Mapping[str, Any],
    names: NameIndex,
    post: Callable[[object], None],
) -> list[ActionFinished]:
    """Run on every target, a few at a time; post each result as it ends."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(id: str) -> ActionFinished:
        async with gate:
            finished = await run_one(conn, spec, id, params, names)
        post(finished)
        return finished

    return list(await asyncio.gather(*(one(id) for id in ids)))
