"""Graphics consoles: the service tree, reading the engine's XML, the .vv action and read-only."""

from __future__ import annotations

import pytest

from console.api import Connection, ReadOnlyError
from console.api.enums import GraphicsType
from console.api.errors import ApiError, ConflictError, ParseError
from console.api.services.graphics_consoles import read_graphics_consoles
from console.api.types import GraphicsConsole
from tests.api.server import PASSWORD, USER, EngineStub

VM = "123"
BASE = f"vms/{VM}/graphicsconsoles"

# As the engine writes them (JAXB: alphabetical children, actions first).
CONSOLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<graphics_consoles>
    <graphics_console href="/ovirt-engine/api/vms/{VM}/graphicsconsoles/7370696365" id="7370696365">
        <actions>
            <link href="/ovirt-engine/api/vms/{VM}/graphicsconsoles/7370696365/proxyticket" rel="proxyticket"/>
            <link href="/ovirt-engine/api/vms/{VM}/graphicsconsoles/7370696365/remoteviewerconnectionfile"
                  rel="remoteviewerconnectionfile"/>
            <link href="/ovirt-engine/api/vms/{VM}/graphicsconsoles/7370696365/ticket" rel="ticket"/>
        </actions>
        <address>192.168.1.101</address>
        <port>5900</port>
        <protocol>spice</protocol>
        <tls_port>5901</tls_port>
        <vm href="/ovirt-engine/api/vms/{VM}" id="{VM}"/>
    </graphics_console>
    <graphics_console href="/ovirt-engine/api/vms/{VM}/graphicsconsoles/766e63" id="766e63">
        <address>192.168.1.101</address>
        <port>5902</port>
        <protocol>vnc</protocol>
        <vm href="/ovirt-engine/api/vms/{VM}" id="{VM}"/>
    </graphics_console>
</graphics_consoles>
"""

VV = """[virt-viewer]
type=spice
host=192.168.1.101
port=5900
password=Xq3bT0kq9Zp1
# Password is valid for 120 seconds.
delete-this-file=1
fullscreen=0
title=web-01
toggle-fullscreen=shift+f11
release-cursor=shift+f12
secure-attention=ctrl+alt+end
tls-port=5901
enable-smartcard=0
enable-usb-autoshare=0
usb-filter=-1,-1,-1,-1,0
tls-ciphers=DEFAULT
host-subject=O=example.com,CN=host1.example.com
ca=-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n

[ovirt]
host=engine.example.com:443
vm-guid=123
sso-token=secret-sso-token
admin=1
"""
# JAXB writes the text with its newlines as they are (& < > escaped).
VV_REPLY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<action>
    <remote_viewer_connection_file>{VV}</remote_viewer_connection_file>
</action>
"""


def test_reader_on_the_engines_list():
    consoles = read_graphics_consoles(CONSOLES.encode())
    assert isinstance(consoles, list) and [type(c) for c in consoles] == [GraphicsConsole, GraphicsConsole]
    spice, vnc = consoles
    assert spice.id == "7370696365" and spice.protocol == GraphicsType.SPICE
    assert (spice.address, spice.port, spice.tls_port) == ("192.168.1.101", 5900, 5901)
    assert spice.vm.id == VM and spice.href.endswith("/graphicsconsoles/7370696365")
    assert spice.actions == ("proxyticket", "remoteviewerconnectionfile", "ticket")
    assert vnc.protocol == "vnc" and vnc.tls_port is None and vnc.port == 5902


def test_reader_refuses_other_documents():
    with pytest.raises(ParseError, match="unsupported document <vms>"):
        read_graphics_consoles(b"<vms/>")
    with pytest.raises(ParseError):
        read_graphics_consoles(b"<graphics_consoles><graphics_console")
    # No entity expansion (XXE): the entity stays unresolved, nothing is read from disk.
    hostile = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               b'<graphics_console id="1"><address>&e;</address></graphics_console>')
    console = read_graphics_consoles(hostile)
    assert "root:" not in (console.address or "")


async def test_list_with_current_and_get(engine: EngineStub, connection: Connection):
    engine.set_xml_response(BASE, 200, CONSOLES)
    consoles_service = connection.system_service().vms_service().vm_service(VM).graphics_consoles_service()
    consoles = await consoles_service.list(current=True)
    assert [c.protocol for c in consoles] == ["spice", "vnc"]
    request = engine.last_request
    assert (request.method, request.path, request.query) == ("GET", BASE, "current=true")
    single = CONSOLES.split("<graphics_consoles>")[1].split("<graphics_console href", 2)[1]
    engine.set_xml_response(f"{BASE}/766e63", 200, "<graphics_console href" + single.split("</graphics_console>")[0]
                            + "</graphics_console>")
    one = await consoles_service.console_service("766e63").get(current=True)
    assert isinstance(one, GraphicsConsole) and one.id == "7370696365"
    assert engine.last_request.query == "current=true"
    with pytest.raises(TypeError, match="search"):
        await consoles_service.list(search="x")  # type: ignore[call-arg]


async def test_remote_viewer_connection_file_returns_the_text(engine: EngineStub, connection: Connection):
    engine.set_xml_response(f"{BASE}/7370696365/remoteviewerconnectionfile", 200, VV_REPLY, method="POST")
    service = (connection.system_service().vms_service().vm_service(VM)
               .graphics_consoles_service().console_service("7370696365"))
    text = await service.remote_viewer_connection_file(headers={"Correlation-Id": "vv-1"})
    assert text == VV
    request = engine.last_request
    assert request.method == "POST" and request.content.endswith("<action/>")
    assert request.headers["Correlation-Id"] == "vv-1"


async def test_the_file_never_shows_in_a_repr(engine: EngineStub, connection: Connection):
    engine.set_xml_response(f"{BASE}/7370696365/remoteviewerconnectionfile", 200, VV_REPLY, method="POST")
    service = (connection.system_service().vms_service().vm_service(VM)
               .graphics_consoles_service().console_service("7370696365"))
    result = await service._action("remoteviewerconnectionfile")
    assert result.action.remote_viewer_connection_file == VV
    assert "Xq3bT0kq9Zp1" not in repr(result.action) and "secret-sso-token" not in repr(result)


async def test_vm_not_running_204_is_an_error_that_says_why(engine: EngineStub, connection: Connection):
    engine.set_xml_response(f"{BASE}/766e63/remoteviewerconnectionfile", 204, "", method="POST")
    service = (connection.system_service().vms_service().vm_service(VM)
               .graphics_consoles_service().console_service("766e63"))
    with pytest.raises(ApiError) as caught:
        await service.remote_viewer_connection_file()
    assert caught.value.code == 204 and "not running" in caught.value.summary


async def test_a_reply_without_the_file_is_a_parse_error(engine: EngineStub, connection: Connection):
    engine.set_xml_response(f"{BASE}/766e63/remoteviewerconnectionfile", 200,
                            "<action><status>complete</status></action>", method="POST")
    service = (connection.system_service().vms_service().vm_service(VM)
               .graphics_consoles_service().console_service("766e63"))
    with pytest.raises(ParseError, match="remote_viewer_connection_file"):
        await service.remote_viewer_connection_file()


async def test_ticket_sends_the_choice_and_reads_the_result(engine: EngineStub, connection: Connection):
    engine.set_xml_response(f"{BASE}/766e63/ticket", 409, """<action>
        <fault><detail>[Cannot set VM ticket because the VM is in Down status.]</detail>
        <reason>Operation Failed</reason></fault><status>failed</status></action>""", method="POST")
    service = (connection.system_service().vms_service().vm_service(VM)
               .graphics_consoles_service().console_service("766e63"))
    with pytest.raises(ConflictError) as caught:
        await service.ticket()
    assert caught.value.summary == "Cannot set VM ticket because the VM is in Down status."
    engine.set_xml_response(f"{BASE}/766e63/ticket", 200, """<action>
        <status>complete</status><ticket><expiry>60</expiry><value>abcd12345</value></ticket></action>""",
                            method="POST")
    result = await service.ticket(ticket={"value": "abcd12345", "expiry": 60})
    assert "<ticket><expiry>60</expiry><value>abcd12345</value></ticket>" in engine.last_request.content
    assert (result.ticket.value, result.ticket.expiry, result.status) == ("abcd12345", 60, "complete")
    engine.set_xml_response(f"{BASE}/766e63/proxyticket", 200,
                            "<action><proxy_ticket><value>signed</value></proxy_ticket></action>", method="POST")
    assert (await service.proxy_ticket()).proxy_ticket.value == "signed"


async def test_read_only_refuses_the_console_actions_before_sending(engine: EngineStub):
    engine.set_xml_response(BASE, 200, CONSOLES)
    async with Connection(engine.url, USER, PASSWORD, read_only=True) as conn:
        consoles = conn.system_service().vms_service().vm_service(VM).graphics_consoles_service()
        assert len(await consoles.list(current=True)) == 2  # reading is allowed
        service = consoles.console_service("7370696365")
        for call in (service.remote_viewer_connection_file, service.ticket, service.proxy_ticket):
            with pytest.raises(ReadOnlyError):
                await call()
    assert [r.method for r in engine.api_requests] == ["GET"]
