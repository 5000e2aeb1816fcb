"""The action runner: send an action to each target and report how it ended.

One ActionFinished per target, carrying the Correlation-Id the api stamped on the
request and the job the engine started, so the jobs view can link a job to the
console action that caused it. The state change itself then arrives through the
normal paths (an immediate re-read of the target, then events and jobs polls).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from console.api.errors import ApiError, ReadOnlyError
from console.backend.messages import ActionFinished
from console.backend.outcome import is_ambiguous, settle

if TYPE_CHECKING:  # kept light: the command line's --help lists ACTIONS without httpx
    from console.api.connection import Connection
    from console.backend.details import NameIndex

__all__ = ["ACTIONS", "CONCURRENCY", "ActionSpec", "check", "new_correlation_id", "run_all", "run_one"]

CONCURRENCY = 8  # bulk actions on many rows: a few at a time, like the portal

# (connection, target id, params, headers): headers carry the action's Correlation-Id.
Call = Callable[["Connection", str, Mapping[str, Any], Mapping[str, str]], Awaitable[Any]]


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


class NotSent(Exception):
    """A step before the action's own request failed: nothing was sent, nothing to settle."""


async def _resolved_domain(c: Connection, i: str, p: Mapping[str, Any]) -> Any:
    try:
        return await _attached_domain(c, i, p)
    except ApiError as exc:
        raise NotSent(f"not sent: could not find the storage domain's data center ({exc.summary})") from exc


async def _sd_activate(c: Connection, i: str, p: Mapping[str, Any], h: Mapping[str, str]) -> Any:
    return await (await _resolved_domain(c, i, p)).activate(headers=h)


async def _sd_deactivate(c: Connection, i: str, p: Mapping[str, Any], h: Mapping[str, str]) -> Any:
    return await (await _resolved_domain(c, i, p)).deactivate(force=p.get("force"), headers=h)


def _snapshot_id(p: Mapping[str, Any]) -> str:
    """The chosen snapshot: refused before sending when the dialog gave none."""
    ident = p.get("snapshot")
    if not ident:
        raise ValueError("no snapshot chosen")
    return str(ident)


async def _preview_snapshot(c: Connection, i: str, p: Mapping[str, Any], h: Mapping[str, str]) -> Any:
    return await _vm(c, i).preview_snapshot(snapshot=_snapshot_id(p), restore_memory=p.get("restore_memory"),
                                            headers=h)


async def _remove_snapshot(c: Connection, i: str, p: Mapping[str, Any], h: Mapping[str, str]) -> Any:
    return await _vm(c, i).snapshots_service().snapshot_service(_snapshot_id(p)).remove(headers=h)


ACTIONS: dict[tuple[str, str], ActionSpec] = dict(
    [
        _spec("vms", "start", "Run", lambda c, i, p, h: _vm(c, i).start(headers=h)),
        _spec("vms", "stop", "Power off", lambda c, i, p, h: _vm(c, i).stop(headers=h)),
        _spec("vms", "shutdown", "Shut down", lambda c, i, p, h: _vm(c, i).shutdown(headers=h)),
        _spec("vms", "reboot", "Reboot", lambda c, i, p, h: _vm(c, i).reboot(headers=h)),
        _spec("vms", "reset", "Reset", lambda c, i, p, h: _vm(c, i).reset(headers=h)),
        _spec("vms", "suspend", "Suspend", lambda c, i, p, h: _vm(c, i).suspend(headers=h)),
        _spec("vms", "migrate", "Migrate", lambda c, i, p, h: _vm(c, i).migrate(host=p.get("host"), force=p.get("force"), headers=h)),
        _spec("vms", "cancel_migration", "Cancel migration", lambda c, i, p, h: _vm(c, i).cancel_migration(headers=h)),
        _spec("vms", "snapshot", "Create snapshot", lambda c, i, p, h: _vm(c, i).snapshots_service().add(
            {"description": p.get("description") or "ovirt-console snapshot",
             "persist_memorystate": bool(p.get("persist_memorystate", False))}, headers=h)),
        _spec("vms", "preview_snapshot", "Preview snapshot", _preview_snapshot),
        _spec("vms", "commit_snapshot", "Commit snapshot", lambda c, i, p, h: _vm(c, i).commit_snapshot(headers=h)),
        _spec("vms", "undo_snapshot", "Undo snapshot preview", lambda c, i, p, h: _vm(c, i).undo_snapshot(headers=h)),
        _spec("vms", "remove_snapshot", "Remove snapshot", _remove_snapshot),
        _spec("vms", "remove", "Remove", lambda c, i, p, h: _vm(c, i).remove(detach_only=p.get("detach_only"), headers=h)),
        _spec("hosts", "deactivate", "Maintenance", lambda c, i, p, h: _host(c, i).deactivate(reason=p.get("reason"), headers=h)),
        _spec("hosts", "activate", "Activate", lambda c, i, p, h: _host(c, i).activate(headers=h)),
        _spec("hosts", "fence", "Power management", lambda c, i, p, h: _host(c, i).fence(fence_type=p.get("fence_type", "restart"), headers=h)),
        _spec("hosts", "refresh", "Refresh capabilities", lambda c, i, p, h: _host(c, i).refresh(headers=h)),
        _spec("hosts", "force_select_spm", "Select as SPM", lambda c, i, p, h: _host(c, i).force_select_spm(headers=h)),
        _spec("hosts", "upgrade_check", "Check for upgrade", lambda c, i, p, h: _host(c, i).upgrade_check(headers=h)),
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
    """Send one action once; never raises for a failure (it is the result).

    The Correlation-Id is chosen here, before sending, so that when the reply is lost
    (dropped connection, timeout after sending) the engine's jobs can be asked about
    this very request: the action is then settled by reading, never sent again.
    """
    name = names.get(spec.kind, id) or id
    cid = new_correlation_id()

    def failed(message: str, correlation_id: str | None = cid) -> ActionFinished:
        return ActionFinished(spec.action, spec.kind, id, name, ok=False, message=message,
                              correlation_id=correlation_id)  # fmt: skip

    try:
        result = await spec.call(conn, id, params, {"Correlation-Id": cid})
    except ReadOnlyError:
        return failed("the console is read-only (--read-only): nothing was sent", None)
    except NotSent as exc:
        return failed(str(exc), None)
    except ApiError as exc:
        if not is_ambiguous(exc):
            return failed(exc.summary, exc.correlation_id or cid)
        try:
            outcome = await settle(conn, spec.kind, spec.action, id, cid, exc)
        except asyncio.CancelledError:
            raise
        except Exception as inner:  # noqa: BLE001 - the result must still be reported
            return failed(f"outcome unknown: the reply was lost ({exc.summary}) and checking "
                          f"failed ({type(inner).__name__}: {inner}); not resent")  # fmt: skip
        return ActionFinished(spec.action, spec.kind, id, name, ok=outcome.ok,
                              message=outcome.message, correlation_id=cid,
                              job_id=outcome.job_id, extra={"settled": True})  # fmt: skip
    except (ValueError, TypeError) as exc:  # refused by the client before sending
        return failed(f"not sent: {exc}", None)
    job = getattr(result, "job", None)
    extra: dict[str, Any] = {}
    if spec.action == "snapshot":
        extra["snapshot_id"] = getattr(result, "id", None)
    return ActionFinished(
        spec.action, spec.kind, id, name, ok=True,
        correlation_id=getattr(result, "correlation_id", None) or cid,
        job_id=getattr(job, "id", None), extra=extra,
    )  # fmt: skip


def new_correlation_id() -> str:
    """A fresh id in the engine's alphabet ([0-9a-zA-Z_-], at most 36 characters)."""
    return str(uuid.uuid4())


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
        try:
            async with gate:
                finished = await run_one(conn, spec, id, params, names)
        except asyncio.CancelledError:
            # Stopped mid-flight (quit): still report it, so no action is left unreported.
            post(_interrupted(spec, id, names))
            raise
        except Exception as exc:  # noqa: BLE001 - one target's bug must not lose the others
            finished = ActionFinished(spec.action, spec.kind, id, names.get(spec.kind, id) or id,
                                      ok=False, message=f"outcome unknown: {type(exc).__name__}: {exc}")  # fmt: skip
        post(finished)
        return finished

    return list(await asyncio.gather(*(one(id) for id in ids)))


def _interrupted(spec: ActionSpec, id: str, names: NameIndex) -> ActionFinished:
    return ActionFinished(
        spec.action, spec.kind, id, names.get(spec.kind, id) or id, ok=False,
        message="interrupted before the engine answered (the console stopped): outcome unknown",
    )  # fmt: skip
