"""What happened to an action whose reply was lost.

A mutating request that was sent but never answered (a dropped connection, a read
timeout, a proxy's 502/504, an unreadable 2xx body) may or may not have been carried
out. It is never sent again: the engine is asked instead, first for jobs carrying the
request's Correlation-Id, then for the object's state, and the answer decides between
"succeeded" and "failed (outcome unknown: state is X)".
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from console.api.errors import ApiError, ConnectionError, TimeoutError

if TYPE_CHECKING:
    from console.api.connection import Connection

__all__ = ["EXPECTED", "Outcome", "is_ambiguous", "settle"]

# Transport failures that prove nothing left this machine (the request was never sent).
_NOT_SENT = frozenset({"ConnectError", "ConnectTimeout", "PoolTimeout", "ProxyError"})
# A proxy's answer that can come after the engine received the request.
_PROXY_AMBIGUOUS = frozenset({502, 504})

# Statuses that show the action took effect (or is taking effect), per (kind, action).
EXPECTED: Mapping[tuple[str, str], frozenset[str]] = {
    ("vms", "start"): frozenset({"wait_for_launch", "powering_up", "up"}),
    ("vms", "stop"): frozenset({"down"}),
    ("vms", "shutdown"): frozenset({"powering_down", "down"}),
    ("vms", "reboot"): frozenset({"reboot_in_progress"}),
    ("vms", "reset"): frozenset({"reboot_in_progress"}),
    ("vms", "suspend"): frozenset({"saving_state", "suspended"}),
    ("vms", "migrate"): frozenset({"migrating"}),
    ("hosts", "deactivate"): frozenset({"preparing_for_maintenance", "maintenance"}),
    ("hosts", "activate"): frozenset({"activating", "up"}),
    ("hosts", "fence"): frozenset({"reboot"}),
    ("storage_domains", "activate"): frozenset({"activating", "active"}),
    ("storage_domains", "deactivate"): frozenset({"preparing_for_maintenance", "maintenance"}),
}

_PATHS = {"vms": "vms", "hosts": "hosts", "storage_domains": "storagedomains"}
_JOB_FAILED = frozenset({"failed", "aborted"})
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)  # re-reads are safe to repeat; the engine may be restarting


def is_ambiguous(exc: ApiError) -> bool:
    """True when the request may have reached the engine although no answer came back."""
    if isinstance(exc, (ConnectionError, TimeoutError)):
        chain: list[BaseException] = []
        current: BaseException | None = exc.__cause__
        while current is not None and current not in chain:
            chain.append(current)
            current = current.__cause__ or current.__context__
        if any(type(c).__name__ in _NOT_SENT for c in chain):
            return False
        # "the connection is closed" and similar are raised before sending: no cause.
        return bool(chain)
    if exc.code in _PROXY_AMBIGUOUS and exc.fault is None:
        return True
    # A 2xx the engine answered but we could not read: it did act.
    return exc.code is not None and 200 <= exc.code < 300


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    message: str
    job_id: str | None = None


def _status(record: Any) -> str | None:
    status = getattr(record, "status", None)
    if status is None:
        return None
    return str(getattr(status, "value", status))


async def _jobs(conn: Connection, correlation_id: str) -> list[Any]:
    from console.backend import fetch

    return await fetch.list_records(
        conn, "jobs", {"search": f"correlation_id={correlation_id}"}
    )


async def _read(conn: Connection, kind: str, id: str) -> tuple[bool, Any]:
    """(exists, record) of the target."""
    from console.backend import fetch

    record = await fetch.get_record(conn, f"{_PATHS.get(kind, kind)}/{id}")
    return record is not None, record


async def settle(
    conn: Connection,
    kind: str,
    action: str,
    id: str,
    correlation_id: str,
    lost: ApiError,
    *,
    delays: tuple[float, ...] | None = None,
) -> Outcome:
    """Decide the outcome of an action whose reply was lost, by reading (never resending)."""
    why = lost.summary
    last: ApiError | None = None
    for delay in (0.0, *(RETRY_DELAYS if delays is None else delays)):
        if delay:
            await asyncio.sleep(delay)
        try:
            jobs = await _jobs(conn, correlation_id)
            exists, record = await _read(conn, kind, id)
        except ApiError as exc:
            last = exc
            continue
        return _decide(kind, action, jobs, exists, record, why)
    assert last is not None
    return Outcome(
        False,
        f"outcome unknown: the reply was lost ({why}) and the engine could not be asked "
        f"afterwards ({last.summary}); not resent, check the object before retrying",
    )


def _decide(
    kind: str, action: str, jobs: list[Any], exists: bool, record: Any, why: str
) -> Outcome:
    status = _status(record) if exists else "removed"
    state = f"state is {status or 'unknown'}"
    for job in jobs:
        job_status = _status(job) or ""
        job_id = getattr(job, "id", None)
        if job_status in _JOB_FAILED:
            return Outcome(False, f"the engine's job {job_status} ({state}); reply had been lost", job_id)
        return Outcome(True, f"confirmed by the engine's job after the reply was lost ({state})", job_id)
    if action == "remove" and not exists:
        return Outcome(True, "confirmed after the reply was lost: the object is gone")
    expected = EXPECTED.get((kind, action), frozenset())
    if exists and status in expected:
        return Outcome(True, f"confirmed after the reply was lost: {state}")
    return Outcome(
        False,
        f"outcome unknown: the reply was lost ({why}) and the engine shows no job for it; "
        f"{state}; not resent",
    )
