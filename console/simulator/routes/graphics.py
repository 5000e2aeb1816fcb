"""``/vms/{id}/graphicsconsoles``: list, get, and the console actions.

As BackendVmGraphicsConsole(s)Resource answers them:
- list and get carry ``address``, ``port`` and ``tls_port`` only with ``current=true``
  and only while the VM runs (the engine does not know the next run's);
- ``remoteviewerconnectionfile`` answers 200 with ``<action><remote_viewer_connection_file>``
  (no ``<status>``: the resource sets only that member) and, when the VM is not
  running, **204 with no body**: the engine's query fails ("Vm X is not running.")
  and the resource turns any failure into ``Response.noContent()``;
- a GET with ``Accept: application/x-virt-viewer`` answers the file itself, or a 409
  ``<fault>`` whose reason is the query's message;
- ``ticket`` is SetVmTicket (a normal action: ``<ticket>`` and ``<status>complete``,
  409 when the VM's status refuses it); ``proxyticket`` answers a signed ticket for a
  running VM (409 otherwise).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..actionbody import parse_body
from ..consoles import (
    TICKET_VALIDITY_SECONDS,
    GraphicsConsole,
    ViewerOptions,
    consoles_of,
    new_ticket,
    qualified,
    viewer_file,
)
from ..lifecycle.faults import vm_status_illegal
from ..xml.common import API, actions, document, entity, leaf, opt, ref, struct
from .respond import empty_response, fault_response, render_collection, xml_response

if TYPE_CHECKING:
    from ..model import Vm
    from ..server import SimulatorServer
    from .api import Target

__all__ = ["CONSOLE_VERBS", "GraphicsConsolesHandler", "console_fragment"]

CONSOLE_VERBS = ("proxyticket", "remoteviewerconnectionfile", "ticket")
VIRT_VIEWER = "application/x-virt-viewer"


def console_fragment(vm: Vm, console: GraphicsConsole, current: bool) -> str:
    """One ``<graphics_console>``; children in JAXB's (alphabetical) order."""
    href = f"{API}/vms/{vm.id}/graphicsconsoles/{console.id}"
    live = current and qualified(vm)
    tls_port = vm.display_secure_port if console.protocol == "spice" else None
    children = [
        *actions(href, CONSOLE_VERBS),
        *opt("address", vm.display_address if live else None),
        *opt("port", vm.display_port if live else None),
        leaf("protocol", console.protocol),
        *opt("tls_port", tls_port if live and tls_port and tls_port > 0 else None),
        ref("vm", f"{API}/vms/{vm.id}", vm.id),
    ]
    return entity("graphics_console", href, console.id, children)


def _action(children: list[str]) -> str:
    return document(entity("action", None, None, children))


class GraphicsConsolesHandler:
    """Serves the ``graphicsconsoles`` collection under a VM (registered in routes.tree)."""

    def items(self, engine: Any, vm: Vm) -> list[GraphicsConsole]:
        return consoles_of(vm)

    async def get(self, request: web.Request, sim: SimulatorServer, target: Target,
                  params: dict[str, str]) -> web.StreamResponse:
        from .api import flag  # api imports the URL tree, which imports this module

        vm = target.parent
        current = flag(params, "current")
        if target.what == "entity" and VIRT_VIEWER in request.headers.get("Accept", ""):
            return self._descriptor(request, sim, vm, target.obj)
        if target.what not in ("list", "entity"):
            return empty_response(404)
        with sim.engine.lock:
            if target.what == "entity":
                return xml_response(request, document(console_fragment(vm, target.obj, current)))
            consoles = self.items(sim.engine, vm)
            fragments = [console_fragment(vm, console, current) for console in consoles]
        return xml_response(request, render_collection("graphics_consoles", fragments))

    async def post(self, request: web.Request, sim: SimulatorServer, target: Target,
                   raw: bytes) -> web.StreamResponse:
        if target.what != "verb" or target.obj is None or target.verb not in CONSOLE_VERBS:
            return empty_response(404 if target.what == "verb" else 405)
        body = parse_body(raw, "action")
        vm, console = target.parent, target.obj
        if target.verb == "remoteviewerconnectionfile":
            text = self._file(request, sim, vm, console)
            if text is None:
                return empty_response(204)
            return xml_response(request, _action([leaf("remote_viewer_connection_file", text)]))
        with sim.engine.lock:  # both tickets need a running VM's display
            status, running = vm.status, qualified(vm)
        if not running:
            fault = vm_status_illegal("set" if target.verb == "ticket" else "get",
                                      status, "VM ticket" if target.verb == "ticket" else "VM proxy ticket")
            return xml_response(request, _action([
                "<fault>", f"    {leaf('detail', fault.detail)}", f"    {leaf('reason', fault.reason)}", "</fault>",
                leaf("status", "failed")]), fault.status)
        if target.verb == "proxyticket":
            return xml_response(request, _action([*struct("proxy_ticket", value=secrets.token_urlsafe(96))]))
        ticket = body.get("ticket") if isinstance(body.get("ticket"), dict) else {}
        value = ticket.get("value") or new_ticket()
        expiry = ticket.get("expiry") or str(TICKET_VALIDITY_SECONDS)
        with sim.engine.lock:
            _log_console_session(sim, request, vm)
        return xml_response(request, _action([leaf("status", "complete"),
                                              *struct("ticket", expiry=expiry, value=value)]))

    def _descriptor(self, request: web.Request, sim: SimulatorServer, vm: Vm,
                    console: GraphicsConsole) -> web.Response:
        text = self._file(request, sim, vm, console)
        if text is None:
            return fault_response(request, 409, f"Vm {vm.name} is not running.", None)
        return web.Response(status=200, body=text.encode("utf-8"), content_type=VIRT_VIEWER)

    def _file(self, request: web.Request, sim: SimulatorServer, vm: Vm, console: GraphicsConsole) -> str | None:
        """The .vv text with a fresh ticket, or None when the engine's query would fail."""
        with sim.engine.lock:
            if not qualified(vm):
                return None
            host = sim.engine.hosts.get(vm.host_id) if vm.host_id else None
            text = viewer_file(vm, host, console.protocol, new_ticket(), _options(request, sim))
            _log_console_session(sim, request, vm)
            return text


def _log_console_session(sim: SimulatorServer, request: web.Request, vm: Vm) -> None:
    """The engine audits every console ticket it sets (event 164), with the caller's correlation id."""
    from ..server import CORRELATION_ID  # the server imports the routes

    sim.engine.events_log.log(sim.engine, "VM_SET_TICKET", vm=vm, correlation_id=request.get(CORRELATION_ID, ""),
                              by_user=True)


def _options(request: web.Request, sim: SimulatorServer) -> ViewerOptions:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else request.cookies.get("JSESSIONID", "null")
    ca = sim.ca_pem.decode("ascii") if sim.ca_pem is not None else None
    return ViewerOptions(f"{request.host}", token, ca)
