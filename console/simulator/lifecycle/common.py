"""Helpers shared by the state machines: correlation ids, scheduling and pending work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model import Host, Job, Vm

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["clear_pending", "command_cid", "free_memory", "host_running_vms", "pick_host", "set_pending"]


def command_cid(engine: Engine, correlation_id: str) -> str:
    """The request's correlation id, or an engine-generated 8-hex one like the real engine."""
    return correlation_id or engine.new_id()[:8]


def free_memory(engine: Engine, host: Host) -> int:
    return host.max_scheduling_memory - engine.host_used_memory(host.id)


def pick_host(engine: Engine, vm: Vm, exclude: str | None = None) -> Host | None:
    """The scheduler: the up host in the VM's cluster with most free memory that fits (ties by name)."""
    best: Host | None = None
    best_free = -1
    for host_id in engine.cluster_hosts.get(vm.cluster_id, ()):
        host = engine.hosts[host_id]
        if host.status != "up" or host.id == exclude:
            continue
        free = free_memory(engine, host)
        if free >= vm.memory and (free > best_free or (free == best_free and best and host.name < best.name)):
            best, best_free = host, free
    return best


def host_running_vms(engine: Engine, host_id: str) -> list[Vm]:
    """VMs whose source host is host_id, in name order (sets are unordered: keep runs deterministic)."""
    vms = [engine.vms[v] for v in engine.host_vms.get(host_id, ()) if engine.vms[v].host_id == host_id]
    vms.sort(key=lambda vm: (vm.name, vm.id))
    return vms


def set_pending(engine: Engine, entity_id: str, delay: float, fn: Callable[[], None], job: Job | None) -> None:
    """Schedule the entity's next transition step of `job`; another job in flight is interrupted (failed)."""
    old = engine.pending.pop(entity_id, None)
    if old is not None:
        old.cancel()
    old_job = engine.pending_jobs.pop(entity_id, None)
    if old_job is not None and old_job is not job:
        engine.job_book.finish(old_job, engine.now, succeeded=False)
    engine.pending[entity_id] = engine.schedule(delay, fn)
    if job is not None:
        engine.pending_jobs[entity_id] = job


def clear_pending(engine: Engine, entity_id: str, *, fail_job: bool = True) -> None:
    """Cancel the entity's in-flight step; its job fails (it was interrupted) unless told otherwise."""
    handle = engine.pending.pop(entity_id, None)
    if handle is not None:
        handle.cancel()
    job = engine.pending_jobs.pop(entity_id, None)
    if job is not None and fail_job:
        engine.job_book.finish(job, engine.now, succeeded=False)


def finish_pending(engine: Engine, entity_id: str, succeeded: bool = True) -> None:
    """The entity's transition completed: drop the handle and close its job."""
    engine.pending.pop(entity_id, None)
    job = engine.pending_jobs.pop(entity_id, None)
    if job is not None:
        engine.job_book.finish(job, engine.now, succeeded=succeeded)
