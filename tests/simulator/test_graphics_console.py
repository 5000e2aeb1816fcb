"""Graphics consoles over HTTP: list/get with and without ``current``, the remote-viewer
file, the console ticket, and how the engine answers for a VM that is not running."""

from __future__ import annotations

import configparser
import ssl
from collections.abc import AsyncIterator

import httpx
import pytest

from console.simulator.engine import Engine
from console.simulator.server import SimulatorServer

from .conftest import advance, child_names, login, xml

SPICE, VNC = "7370696365", "766e63"  # the engine's console ids: the protocol name in hex


def vm_with(sim: SimulatorServer, status: str, display: str):  # type: ignore[no-untyped-def]
    return next(vm for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name)
                if vm.status == status and vm.display_type == display)


def read_vv(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return parser


async def viewer_file(api: httpx.AsyncClient, vm_id: str, console: str) -> httpx.Response:
    return await api.post(f"/vms/{vm_id}/graphicsconsoles/{console}/remoteviewerconnectionfile",
                          content="<action/>")


async def test_list_carries_address_and_ports_only_for_the_current_run(api: httpx.AsyncClient,
                                                                      sim: SimulatorServer) -> None:
    vm = vm_with(sim, "up", "spice")
    current = xml(await api.get(f"/vms/{vm.id}/graphicsconsoles", params={"current": "true"}))
    assert current.tag == "graphics_consoles" and len(current) == 1
    console = current[0]
    assert console.get("id") == SPICE
    assert console.get("href") == f"/ovirt-engine/api/vms/{vm.id}/graphicsconsoles/{SPICE}"
    assert child_names(console) == ["actions", "address", "port", "protocol", "tls_port", "vm"]
    assert console.findtext("address") == vm.display_address
    assert int(console.findtext("port")) == vm.display_port
    assert int(console.findtext("tls_port")) == vm.display_secure_port
    assert console.findtext("protocol") == "spice" and console.find("vm").get("id") == vm.id
    rels = [link.get("rel") for link in console.find("actions")]
    assert rels == ["proxyticket", "remoteviewerconnectionfile", "ticket"]
    # Without current=true the engine describes the next run: no address, no ports.
    next_run = xml(await api.get(f"/vms/{vm.id}/graphicsconsoles"))[0]
    assert child_names(next_run) == ["actions", "protocol", "vm"]
    single = xml(await api.get(f"/vms/{vm.id}/graphicsconsoles/{SPICE}", params={"current": "true"}))
    assert single.tag == "graphics_console" and single.findtext("port") == str(vm.display_port)


async def test_consoles_follow_the_configured_graphics_and_unknown_ids_are_404(api: httpx.AsyncClient,
                                                                              sim: SimulatorServer) -> None:
    down = vm_with(sim, "down", "vnc")
    consoles = xml(await api.get(f"/vms/{down.id}/graphicsconsoles", params={"current": "true"}))
    # A down VM keeps its configured console, with nothing to connect to.
    assert [(c.get("id"), c.findtext("protocol"), c.find("port")) for c in consoles] == [(VNC, "vnc", None)]
    assert (await api.get(f"/vms/{down.id}/graphicsconsoles/{SPICE}")).status_code == 404
    assert (await api.get(f"/vms/{down.id}/graphicsconsoles/nothex")).status_code == 404
    # The VM still advertises the link, and follow= of it is not an error.
    vm_xml = xml(await api.get(f"/vms/{down.id}", params={"follow": "graphicsconsoles"}))
    assert f"/ovirt-engine/api/vms/{down.id}/graphicsconsoles" in [
        link.get("href") for link in vm_xml.findall("link")]


async def test_spice_remote_viewer_file_as_the_engine_writes_it(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = vm_with(sim, "up", "spice")
    response = await viewer_file(api, vm.id, SPICE)
    assert response.status_code == 200
    action = xml(response)
    # The resource sets only this member: no <status>, no job.
    assert child_names(action) == ["remote_viewer_connection_file"]
    text = action.findtext("remote_viewer_connection_file")
    assert text.startswith("[virt-viewer]\ntype=spice\n") and text.endswith("\n")
    vv = read_vv(text)
    viewer, ovirt = vv["virt-viewer"], vv["ovirt"]
    assert viewer["host"] == vm.display_address
    assert int(viewer["port"]) == vm.display_port and int(viewer["tls-port"]) == vm.display_secure_port
    assert len(viewer["password"]) == 12 and viewer["delete-this-file"] == "1"
    assert "# Password is valid for 120 seconds." in text
    assert viewer["title"] == vm.name
    assert (viewer["toggle-fullscreen"], viewer["release-cursor"], viewer["secure-attention"]) == (
        "shift+f11", "shift+f12", "ctrl+alt+end")
    assert viewer["tls-ciphers"] == "DEFAULT" and "smain" in viewer["secure-channels"]
    assert "ca" not in viewer and "host-subject" not in viewer  # plain HTTP: no engine CA to send
    token = api.headers["Authorization"].split(" ", 1)[1]
    assert ovirt["vm-guid"] == vm.id and ovirt["sso-token"] == token and ovirt["admin"] == "1"
    # Every file carries a fresh ticket.
    again = read_vv(xml(await viewer_file(api, vm.id, SPICE)).findtext("remote_viewer_connection_file"))
    assert again["virt-viewer"]["password"] != viewer["password"]


async def test_vnc_file_has_no_spice_part(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = vm_with(sim, "up", "vnc")
    viewer = read_vv(xml(await viewer_file(api, vm.id, VNC)).findtext("remote_viewer_connection_file"))["virt-viewer"]
    assert viewer["type"] == "vnc" and int(viewer["port"]) == vm.display_port
    assert "tls-port" not in viewer and "secure-channels" not in viewer and viewer["password"]


async def test_not_running_answers_no_content_like_the_engine(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    down = vm_with(sim, "down", "vnc")
    response = await viewer_file(api, down.id, VNC)
    # BackendVmGraphicsConsoleResource: a failed console query becomes Response.noContent().
    assert response.status_code == 204 and response.content == b""
    # The virt-viewer GET says why, as a 409 fault.
    descriptor = await api.get(f"/vms/{down.id}/graphicsconsoles/{VNC}",
                               headers={"Accept": "application/x-virt-viewer"})
    assert descriptor.status_code == 409
    assert xml(descriptor).findtext("reason") == f"Vm {down.name} is not running."
    suspended = vm_with(sim, "suspended", "spice")
    assert (await viewer_file(api, suspended.id, SPICE)).status_code == 204


async def test_virt_viewer_get_returns_the_file(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = vm_with(sim, "up", "vnc")
    response = await api.get(f"/vms/{vm.id}/graphicsconsoles/{VNC}", headers={"Accept": "application/x-virt-viewer"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-virt-viewer")
    assert read_vv(response.text)["virt-viewer"]["type"] == "vnc"


async def test_console_ticket(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = vm_with(sim, "up", "spice")
    chosen = await api.post(f"/vms/{vm.id}/graphicsconsoles/{SPICE}/ticket",
                            content="<action><ticket><value>abcd12345</value><expiry>60</expiry></ticket></action>")
    action = xml(chosen)
    assert action.findtext("status") == "complete"
    assert (action.findtext("ticket/value"), action.findtext("ticket/expiry")) == ("abcd12345", "60")
    fresh = xml(await api.post(f"/vms/{vm.id}/graphicsconsoles/{SPICE}/ticket", content="<action/>"))
    assert len(fresh.findtext("ticket/value")) == 12 and fresh.findtext("ticket/expiry") == "120"
    down = vm_with(sim, "down", "vnc")
    refused = await api.post(f"/vms/{down.id}/graphicsconsoles/{VNC}/ticket", content="<action/>")
    assert refused.status_code == 409
    assert xml(refused).findtext("status") == "failed"
    assert "Down" in xml(refused).findtext("fault/detail")
    proxy = xml(await api.post(f"/vms/{vm.id}/graphicsconsoles/{SPICE}/proxyticket", content="<action/>"))
    assert proxy.findtext("proxy_ticket/value")
    no_proxy = await api.post(f"/vms/{down.id}/graphicsconsoles/{VNC}/proxyticket", content="<action/>")
    assert no_proxy.status_code == 409 and xml(no_proxy).findtext("status") == "failed"


async def test_console_becomes_available_once_the_vm_powers_up(api: httpx.AsyncClient, sim: SimulatorServer,
                                                               http: httpx.AsyncClient) -> None:
    vm = vm_with(sim, "down", "vnc")
    assert (await api.post(f"/vms/{vm.id}/start", content="<action/>")).status_code == 200
    answers = [(sim.engine.vms[vm.id].status, (await viewer_file(api, vm.id, VNC)).status_code)]
    for _ in range(2):
        await advance(sim, http, 3)
        answers.append((sim.engine.vms[vm.id].status, (await viewer_file(api, vm.id, VNC)).status_code))
    assert answers[0] == ("wait_for_launch", 204)  # not yet qualified for a console
    assert ("powering_up", 200) in answers and ("up", 200) in answers


@pytest.fixture
async def tls_sim(engine: Engine) -> AsyncIterator[SimulatorServer]:
    server = SimulatorServer(engine, tls=True)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def test_over_tls_the_file_carries_the_engine_ca_and_host_subject(tls_sim: SimulatorServer) -> None:
    async with httpx.AsyncClient(verify=ssl.create_default_context(cafile=tls_sim.ca_file), timeout=10) as http:
        token = await login(http, tls_sim.url)
        vm = vm_with(tls_sim, "up", "spice")
        response = await http.post(f"{tls_sim.url}/vms/{vm.id}/graphicsconsoles/{SPICE}/remoteviewerconnectionfile",
                                   content="<action/>", headers={"Authorization": f"Bearer {token}"})
    vv = read_vv(xml(response).findtext("remote_viewer_connection_file"))
    host = tls_sim.engine.hosts[vm.host_id]
    assert vv["virt-viewer"]["host-subject"] == f"O=simulator.ovirt,CN={host.address}"
    ca = vv["virt-viewer"]["ca"]
    assert ca.startswith("-----BEGIN CERTIFICATE-----\\n") and "\n" not in ca  # one line, \n written out
    assert vv["ovirt"]["ca"] == ca


async def test_each_console_file_and_ticket_is_an_event_with_the_callers_correlation_id(
        api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = vm_with(sim, "up", "spice")
    before = len(sim.engine.events_log.events)
    await api.post(f"/vms/{vm.id}/graphicsconsoles/{SPICE}/remoteviewerconnectionfile", content="<action/>",
                   headers={"Correlation-Id": "console-1"})
    await api.post(f"/vms/{vm.id}/graphicsconsoles/{SPICE}/ticket", content="<action/>",
                   headers={"Correlation-Id": "console-2"})
    added = sim.engine.events_log.events[before:]
    assert [(e.code, e.vm_id, e.correlation_id) for e in added] == [
        (164, vm.id, "console-1"), (164, vm.id, "console-2")]
    assert added[0].description == f"User admin@internal-authz initiated console session for VM {vm.name}"


async def test_no_event_when_the_vm_is_not_running(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = vm_with(sim, "down", "spice")
    before = len(sim.engine.events_log.events)
    response = await viewer_file(api, vm.id, SPICE)
    assert response.status_code == 204
    assert sim.engine.events_log.events[before:] == []
