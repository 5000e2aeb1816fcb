"""POST and DELETE: entity actions, adding snapshots/events/jobs/steps, removals.

An action answers 200 with an ``<action>`` that echoes the request's children plus
``<job>``, ``<status>complete</status>`` and a reference to the target (protocol §7.1);
a refused action answers the engine fault's status with the echo, a ``<fault>`` and
``<status>failed</status>`` (§8.1). Children are written in alphabetical order, as JAXB does.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..actionbody import Body, BodyError, parse_body, parse_bool, reference
from ..lifecycle.faults import EngineFault
from ..xml.common import API, document, entity, leaf, ref, struct
from ..xml.context import RenderContext
from ..xml.faults import fault_lines
from ..xml.render import KINDS, render
from .api import Target, flag
from .respond import empty_response, xml_response

if TYPE_CHECKING:
    from ..server import SimulatorServer

VM_VERBS = frozenset({
    "start", "stop", "shutdown", "reboot", "reset", "suspend", "migrate", "cancelmigration",
    "previewsnapshot", "commitsnapshot", "undosnapshot",
})
HOST_VERBS = frozenset({"activate", "deactivate", "fence", "refresh", "forceselectspm", "upgradecheck"})
ATTACHED_SD_VERBS = frozenset({"activate", "deactivate"})


def action_document(body: Body | None, extra: dict[str, list[str]]) -> str:
    children: dict[str, list[str]] = dict(body.echo) if body else {}
    children.update(extra)
    lines: list[str] = []
    for tag in sorted(children):
        lines += children[tag]
    return document(entity("action", None, None, lines))


def _job_ref(job: Any) -> dict[str, list[str]]:
    if job is None or not hasattr(job, "steps"):
        return {}
    return {"job": [ref("job", f"{API}/jobs/{job.id}", job.id)]}


def _unsupported(kind: str, verb: str) -> EngineFault:
    return EngineFault(400, "Operation Failed",
                       f"[Action '{verb}' on {kind} is not supported by the simulated engine.]")


def _engine_params(body: Body) -> dict[str, Any]:
    params = dict(body.values)
    for key in ("host", "snapshot", "cluster", "storage_domain"):
        if key in params:
            params[key] = reference(params[key])
    return params


def _perform(sim: "SimulatorServer", target: Target, body: Body, cid: str) -> tuple[str, dict[str, list[str]]]:
    """Run the action; returns (target ref tag, extra response children)."""
    engine, coll, obj, verb = sim.engine, target.coll, target.obj, target.verb
    assert coll is not None
    params = _engine_params(body)
    kind = coll.kind
    if kind == "vm":
        if verb == "ticket":
            ticket = body.get("ticket") if isinstance(body.get("ticket"), dict) else {}
            value = ticket.get("value") or secrets.token_urlsafe(9)
            expiry = ticket.get("expiry") or "7200"
            return "vm", {"ticket": struct("ticket", expiry=expiry, value=value)}
        if verb not in VM_VERBS:
            raise _unsupported("VM", verb)
        return "vm", _job_ref(engine.vm_action(obj.id, verb, params, cid))
    if kind == "host":
        if verb not in HOST_VERBS:
            raise _unsupported("Host", verb)
        result = engine.host_action(obj.id, verb, params, cid)
        if result is not None and not hasattr(result, "steps"):  # fence status -> PowerManagement
            return "host", {"power_management": struct("power_management", status=result.status)}
        return "host", _job_ref(result)
    if kind == "storage_domain" and verb == "isattached":
        # A query-like action: the SDK returns the <is_attached> member of the reply.
        with engine.lock:
            attached = obj.data_center_id is not None
        return "storage_domain", {"is_attached": [leaf("is_attached", attached)]}
    if kind == "attached_storage_domain":
        if verb not in ATTACHED_SD_VERBS:
            raise _unsupported("Storage Domain", verb)
        return "storage_domain", _job_ref(engine.storage_domain_action(target.parent.id, obj.id, verb, params, cid))
    if kind == "job":
        if verb == "end":
            engine.end_job(obj.id, bool(params.get("succeeded", True)), bool(params.get("force", False)))
        elif verb == "clear":
            engine.clear_job(obj.id)
        else:
            raise _unsupported("Job", verb)
        return "job", {}
    if kind == "step" and verb == "end":
        engine.end_step(obj.job_id, obj.id, bool(params.get("succeeded", True)), bool(params.get("force", False)))
        return "step", {}
    raise _unsupported(coll.wrapper, verb)


_COLLECTIONS = {"vm": "vms", "host": "hosts", "job": "jobs", "storage_domain": "storagedomains"}


def _target_ref(tag: str, target: Target) -> list[str]:
    obj = target.obj
    if target.coll is not None and target.coll.kind == "attached_storage_domain":
        href = f"{API}/datacenters/{target.parent.id}/storagedomains/{obj.id}"
    elif tag == "step":
        href = f"{API}/jobs/{obj.job_id}/steps/{obj.id}"
    else:
        href = f"{API}/{_COLLECTIONS[tag]}/{obj.id}"
    return [ref(tag, href, obj.id)]


async def handle_post(request: web.Request, sim: "SimulatorServer", target: Target, params: dict[str, str],
                      raw: bytes, cid: str) -> web.StreamResponse:
    coll = target.coll
    if coll is not None and coll.handler is not None:
        return await coll.handler.post(request, sim, target, raw)
    if target.what == "list" and coll is not None:
        return await _add(request, sim, target, raw, cid)
    if target.what == "verb" and target.obj is None and coll is not None and coll.kind == "event":
        if target.verb != "undelete":
            return empty_response(404)
        body = parse_body(raw, "action")
        sim.engine.undelete_events()
        return xml_response(request, action_document(body, {"status": [leaf("status", "complete")]}))
    if target.what != "verb" or target.obj is None:
        return empty_response(405)  # adding to collections the simulator does not model
    body = parse_body(raw, "action")
    try:
        tag, extra = _perform(sim, target, body, cid)
    except EngineFault as fault:
        if fault.status == 404 and "Entity not found" not in fault.detail:
            return empty_response(404)
        failed = {"fault": ["<fault>", *("    " + line for line in fault_lines(fault.reason, fault.detail)),
                            "</fault>"],
                  "status": [leaf("status", "failed")]}
        return xml_response(request, action_document(body, failed), fault.status)
    extra.setdefault("status", [leaf("status", "complete")])
    extra[tag] = _target_ref(tag, target)
    return xml_response(request, action_document(body, extra))


def _created(request: web.Request, sim: "SimulatorServer", kind: str, obj: Any, href: str) -> web.Response:
    ctx = RenderContext(sim.engine)
    with sim.engine.lock:
        body = document(render(kind, obj, ctx))
    origin = sim.url.split(API, 1)[0]
    return xml_response(request, body, 201, headers={"Location": origin + href})


async def _add(request: web.Request, sim: "SimulatorServer", target: Target, raw: bytes,
               cid: str) -> web.StreamResponse:
    engine, coll, parent = sim.engine, target.coll, target.parent
    assert coll is not None
    if coll.kind == "snapshot":
        body = parse_body(raw, "snapshot")
        description = body.get("description")
        if not isinstance(description, str) or not description:
            raise EngineFault(400, "Incomplete parameters", "Snapshot [description] required for add")
        persist = body.get("persist_memorystate", False)
        snap = engine.add_snapshot(parent.id, description, bool(persist), cid)
        return _created(request, sim, "snapshot", snap, f"{API}/vms/{parent.id}/snapshots/{snap.id}")
    if coll.kind == "event":
        body = parse_body(raw, "event")
        missing = [name for name in ("custom_id", "description", "origin", "severity") if not body.get(name)]
        if missing:
            raise EngineFault(400, "Incomplete parameters", f"Event [{', '.join(missing)}] required for add")
        refs = {}
        for tag in ("vm", "host", "cluster", "data_center", "storage_domain", "template", "user"):
            r = reference(body.get(tag))
            if r and r.get("id"):
                refs[f"{tag}_id"] = r["id"]
        try:
            custom_id, flood = int(body.get("custom_id")), int(body.get("flood_rate") or 30)
        except (TypeError, ValueError):
            raise EngineFault(400, "Invalid value", "custom_id and flood_rate must be integers") from None
        log_on_host = body.get("log_on_host")
        event = engine.add_event(
            description=body.get("description"), severity=body.get("severity"), origin=body.get("origin"),
            custom_id=custom_id, flood_rate=flood,
            log_on_host=parse_bool(log_on_host) if isinstance(log_on_host, str) else False,
            correlation_id=cid, refs=refs)
        return _created(request, sim, "event", event, f"{API}/events/{event.id}")
    if coll.kind == "job":
        body = parse_body(raw, "job")
        if not body.get("description"):
            raise EngineFault(400, "Incomplete parameters", "Job [description] required for add")
        auto = body.get("auto_cleared", True)
        job = engine.add_external_job(body.get("description"), auto if isinstance(auto, bool) else
                                      parse_bool(str(auto)), cid)
        return _created(request, sim, "job", job, f"{API}/jobs/{job.id}")
    if coll.kind == "step":
        body = parse_body(raw, "step")
        missing = [name for name in ("description", "type") if not body.get(name)]
        if missing:
            raise EngineFault(400, "Incomplete parameters", f"Step [{', '.join(missing)}] required for add")
        parent_step = reference(body.get("parent_step")) or {}
        step = engine.add_external_step(parent.id, body.get("description"), body.get("type"), parent_step.get("id"))
        return _created(request, sim, "step", step, f"{API}/jobs/{parent.id}/steps/{step.id}")
    return empty_response(405)


async def handle_delete(request: web.Request, sim: "SimulatorServer", target: Target, params: dict[str, str],
                        cid: str) -> web.StreamResponse:
    engine, coll = sim.engine, target.coll
    if target.what != "entity" or coll is None:
        return empty_response(404 if target.what in ("verb",) else 405)
    job = None
    if coll.kind == "vm":
        job = engine.remove_vm(target.obj.id, flag(params, "detach_only"), cid)
    elif coll.kind == "snapshot":
        job = engine.remove_snapshot(target.parent.id, target.obj.id, cid)
    elif coll.kind == "event":
        engine.dismiss_event(target.obj.id)
    else:
        return empty_response(405)
    if flag(params, "async"):
        return empty_response(202)
    extra = {"status": [leaf("status", "complete")], **_job_ref(job)}
    return xml_response(request, action_document(None, extra))


# Fields a PUT may change: free text with no engine bookkeeping attached to it.
UPDATABLE = ("description", "comment")
UPDATABLE_KINDS = frozenset({"vm", "host", "cluster", "data_center", "storage_domain", "network", "template",
                             "disk"})


async def handle_put(request: web.Request, sim: "SimulatorServer", target: Target,
                     raw: bytes) -> web.StreamResponse:
    """Update description/comment (other elements are accepted and ignored, as read-only ones are)."""
    coll = target.coll
    if target.what != "entity" or coll is None or coll.kind not in UPDATABLE_KINDS:
        return empty_response(405)
    tag = KINDS[coll.kind].tag
    body = parse_body(raw, tag)
    with sim.engine.lock:
        for name in UPDATABLE:
            value = body.get(name)
            if isinstance(value, str) and hasattr(target.obj, name):
                setattr(target.obj, name, value)
        text = document(render(coll.kind, target.obj, RenderContext(sim.engine)))
    return xml_response(request, text)


__all__ = ["handle_post", "handle_delete", "handle_put", "BodyError", "EngineFault"]
