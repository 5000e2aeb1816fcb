"""Test hooks under ``/ovirt-engine/simulator/`` and the request log.

These endpoints are NOT part of oVirt: a real engine has nothing under this path.
They exist so tests and demos can inspect and steer the simulator over HTTP:

- ``GET  /ovirt-engine/simulator/requests``    the request log as JSON (a list of
  ``{"method", "path", "query", "status", "correlation_id", "time"}``, oldest first)
- ``POST /ovirt-engine/simulator/reset-log``   empty the request log
- ``GET  /ovirt-engine/simulator/chaos``       current chaos settings as JSON
- ``POST /ovirt-engine/simulator/chaos``       change them, JSON body such as
  ``{"latency": 0.5, "error_rate": 0.1, "drop_rate": 0.05, "drop_after_rate": 0.05, "token_ttl": 30}``
  or ``{"drop_after_actions": 1}``: the next action POST the engine carries out loses its reply
- ``GET  /ovirt-engine/simulator/chaos/dropped-after``  the requests whose reply chaos dropped after
  the engine handled them, oldest first: ``{"method", "path", "status", "correlation_id", "verb",
  "cause"}`` with cause ``count`` (drop_after_actions) or ``rate`` (drop_after_rate)
- ``POST /ovirt-engine/simulator/clock/advance`` ``{"seconds": N}``: move a manual
  engine clock forward and apply everything that became due (409 for a real clock)

Hook requests need no authentication, are never subject to chaos and are not logged.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .chaos import ChaosSpecError
from .routes.api import resolve, split_path
from .xml.common import API

if TYPE_CHECKING:
    from .server import SimulatorServer

HOOKS_PREFIX = "/ovirt-engine/simulator"
LOG_LIMIT = 100_000


class RequestLog(list):
    """Log of API and SSO requests, oldest first; trimmed from the front past LOG_LIMIT."""

    def record(self, *, method: str, path: str, query: str, status: int, correlation_id: str | None,
               time: datetime) -> dict[str, Any]:
        entry = {"method": method, "path": path, "query": query, "status": status,
                 "correlation_id": correlation_id, "time": time.isoformat()}
        self.append(entry)
        if len(self) > LOG_LIMIT:
            del self[: len(self) - LOG_LIMIT]
        return entry


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(data), content_type="application/json")


async def _read_json(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


def action_verb(sim: SimulatorServer, request: web.Request) -> str | None:
    """The action verb of an API POST (``/vms/{id}/start`` -> start), None for adds and the rest."""
    raw_path = request.rel_url.raw_path
    if request.method != "POST" or not raw_path.startswith(API + "/"):
        return None
    segments, _ = split_path(raw_path[len(API):])
    with sim.engine.lock:
        target = resolve(sim.engine, segments)
    return target.verb if target is not None and target.what == "verb" else None


def add_hooks(app: web.Application, sim: SimulatorServer) -> None:
    """The hook routes (the server's middleware aims chaos drop-afters, see action_verb)."""
    async def requests(request: web.Request) -> web.Response:
        return _json(sim.request_log)

    async def reset_log(request: web.Request) -> web.Response:
        sim.request_log.clear()
        return _json({})

    async def get_chaos(request: web.Request) -> web.Response:
        return _json(sim.chaos.as_dict())

    async def set_chaos(request: web.Request) -> web.Response:
        try:
            sim.chaos.update(await _read_json(request))
        except (ChaosSpecError, ValueError) as exc:
            return _json({"error": str(exc)}, 400)
        return _json(sim.chaos.as_dict())

    async def dropped_after(request: web.Request) -> web.Response:
        return _json(sim.chaos.dropped_after)

    async def advance(request: web.Request) -> web.Response:
        clock = sim.engine.clock
        if not hasattr(clock, "advance"):
            return _json({"error": "the engine clock is not a manual clock"}, 409)
        try:
            seconds = float((await _read_json(request)).get("seconds", 0))
        except (TypeError, ValueError) as exc:
            return _json({"error": f"seconds must be a number: {exc}"}, 400)
        if seconds < 0:
            return _json({"error": "seconds must be >= 0"}, 400)
        with sim.engine.lock:
            clock.advance(seconds)
            sim.engine.advance()
        return _json({"now": clock.now().isoformat()})

    app.router.add_get(f"{HOOKS_PREFIX}/requests", requests)
    app.router.add_post(f"{HOOKS_PREFIX}/reset-log", reset_log)
    app.router.add_get(f"{HOOKS_PREFIX}/chaos", get_chaos)
    app.router.add_post(f"{HOOKS_PREFIX}/chaos", set_chaos)
    app.router.add_get(f"{HOOKS_PREFIX}/chaos/dropped-after", dropped_after)
    app.router.add_post(f"{HOOKS_PREFIX}/clock/advance", advance)
