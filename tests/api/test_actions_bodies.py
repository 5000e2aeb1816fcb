"""Action bodies: wire paths and the exact XML the SDK would send."""

from __future__ import annotations

import re

import pytest

from console.api import Connection, Ref
from console.api.enums import FenceType
from console.api.writer import write_action
from tests.api.server import EngineStub

MODEL_DOC_BODIES = {
    "vm-migrate": '<action>\n  <host id="2ab5e1da-b726-4274-bbf7-0a42b16a0fc3"/>\n</action>',
    "vm-previewsnapshot": (
        '<action>\n  <disks>\n    <disk id="111">\n      <image_id>222</image_id>\n'
        '    </disk>\n  </disks>\n  <snapshot id="456"/>\n</action>'
    ),
    "vm-start": (
        "<action>\n  <vm>\n    <os>\n      <boot>\n        <devices>\n"
        "          <device>cdrom</device>\n        </devices>\n      </boot>\n"
        "    </os>\n  </vm>\n</action>"
    ),
    "sd-deactivate-force": "<action>\n  <force>true</force>\n</action>",
}
DONE = (
    '<action><job href="/ovirt-engine/api/jobs/j1" id="j1"/><status>complete</status>'
    '<vm href="/ovirt-engine/api/vms/123" id="123"/></action>'
)


def vm(conn: Connection):
    return conn.system_service().vms_service().vm_service("123")


def host(conn: Connection):
    return conn.system_service().hosts_service().host_service("123")


def attached_sd(conn: Connection):
    dc = conn.system_service().data_centers_service().data_center_service("dc")
    return dc.storage_domains_service().storage_domain_service("sd")


# (call, wire path, body after whitespace between tags is collapsed)
CASES = [
    (lambda c: vm(c).start(), "vms/123/start", "<action/>"),
    (
        lambda c: vm(c).start(async_=True, pause=True),
        "vms/123/start",
        "<action><async>true</async><pause>true</pause></action>",
    ),
    (
        lambda c: vm(c).start(vm={"os": {"boot": {"devices": ["cdrom"]}}}),
        "vms/123/start",
        "<action><vm><os><boot><devices><device>cdrom</device></devices></boot></os></vm></action>",
    ),
    (
        lambda c: vm(c).stop(force=True, reason="hung"),
        "vms/123/stop",
        "<action><force>true</force><reason>hung</reason></action>",
    ),
    (
        lambda c: vm(c).shutdown(reason="patching"),
        "vms/123/shutdown",
        "<action><reason>patching</reason></action>",
    ),
    (lambda c: vm(c).reboot(), "vms/123/reboot", "<action/>"),
    (lambda c: vm(c).reset(), "vms/123/reset", "<action/>"),
    (
        lambda c: vm(c).suspend(async_=False),
        "vms/123/suspend",
        "<action><async>false</async></action>",
    ),
    (lambda c: vm(c).migrate(host="456"), "vms/123/migrate", '<action><host id="456"/></action>'),
    (
        lambda c: vm(c).migrate(host=Ref(id="456"), cluster="c1", force=True),
        "vms/123/migrate",
        '<action><cluster id="c1"/><force>true</force><host id="456"/></action>',
    ),
    (
        lambda c: vm(c).migrate(host={"name": "host1"}),
        "vms/123/migrate",
        "<action><host><name>host1</name></host></action>",
    ),
    (lambda c: vm(c).cancel_migration(), "vms/123/cancelmigration", "<action/>"),
    (
        lambda c: vm(c).preview_snapshot(
            snapshot="456", restore_memory=False, disks=[{"id": "111", "image_id": "222"}]
        ),
        "vms/123/previewsnapshot",
        '<action><disks><disk id="111"><image_id>222</image_id></disk></disks>'
        '<restore_memory>false</restore_memory><snapshot id="456"/></action>',
    ),
    (lambda c: vm(c).commit_snapshot(), "vms/123/commitsnapshot", "<action/>"),
    (lambda c: vm(c).undo_snapshot(), "vms/123/undosnapshot", "<action/>"),
    (
        lambda c: vm(c).snapshots_service().snapshot_service("s1").restore(restore_memory=True),
        "vms/123/snapshots/s1/restore",
        "<action><restore_memory>true</restore_memory></action>",
    ),
    (lambda c: host(c).activate(), "hosts/123/activate", "<action/>"),
    (
        lambda c: host(c).deactivate(reason="firmware"),
        "hosts/123/deactivate",
        "<action><reason>firmware</reason></action>",
    ),
    (
        lambda c: host(c).fence(fence_type=FenceType.RESTART),
        "hosts/123/fence",
        "<action><fence_type>restart</fence_type></action>",
    ),
    (lambda c: host(c).refresh(), "hosts/123/refresh", "<action/>"),
    (lambda c: host(c).force_select_spm(), "hosts/123/forceselectspm", "<action/>"),
    (lambda c: host(c).upgrade_check(), "hosts/123/upgradecheck", "<action/>"),
    (lambda c: attached_sd(c).activate(), "datacenters/dc/storagedomains/sd/activate", "<action/>"),
    (
        lambda c: attached_sd(c).deactivate(force=True),
        "datacenters/dc/storagedomains/sd/deactivate",
        "<action><force>true</force></action>",
    ),
]


@pytest.mark.parametrize(("call", "path", "body"), CASES)
async def test_action_path_and_exact_body(
    engine: EngineStub, connection: Connection, call, path: str, body: str
) -> None:
    engine.set_xml_response(path, 200, DONE)
    result = await call(connection)
    request = engine.last_request
    assert (request.method, request.path) == ("POST", path)
    assert request.content == body
    assert request.headers["Content-Type"] == "application/xml"
    assert not request.body.startswith(b"<?xml")  # no declaration, as the SDK writes
    assert result.status == "complete"
    assert result.job.id == "j1"


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("vm-migrate", lambda c: vm(c).migrate(host="2ab5e1da-b726-4274-bbf7-0a42b16a0fc3")),
        (
            "vm-previewsnapshot",
            lambda c: vm(c).preview_snapshot(
                snapshot="456", disks=[{"id": "111", "image_id": "222"}]
            ),
        ),
        ("vm-start", lambda c: vm(c).start(vm={"os": {"boot": {"devices": ["cdrom"]}}})),
        ("sd-deactivate-force", lambda c: attached_sd(c).deactivate(force=True)),
    ],
)
async def test_bodies_match_the_model_documentation_byte_for_byte(
    engine: EngineStub, connection: Connection, name: str, call
) -> None:
    for path in (
        "vms/123/migrate",
        "vms/123/previewsnapshot",
        "vms/123/start",
        "datacenters/dc/storagedomains/sd/deactivate",
    ):
        engine.set_xml_response(path, 200, DONE)
    await call(connection)
    assert engine.last_request.body.decode().rstrip("\n") == MODEL_DOC_BODIES[name]


async def test_text_is_escaped_and_utf8_encoded(engine: EngineStub, connection: Connection) -> None:
    engine.set_xml_response("vms/123/shutdown", 200, DONE)
    await vm(connection).shutdown(reason='Ünïcode <maintenance> & "quotes"')
    request = engine.last_request
    assert (
        request.body
        == (
            '<action>\n  <reason>Ünïcode &lt;maintenance&gt; &amp; "quotes"</reason>\n</action>'
        ).encode()
    )


async def test_reference_parameters_send_only_the_id(
    engine: EngineStub, connection: Connection
) -> None:
    from console.api import Host

    engine.set_xml_response("vms/123/migrate", 200, DONE)
    target = Host(id="h2", name="host2", description="a full record from a list")
    await vm(connection).migrate(host=target)
    assert engine.last_request.content == '<action><host id="h2"/></action>'


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # sdk/tests/test_iscsi_discover.py
        (
            {"iscsi": {"address": "iscsi.example.com", "port": 3260}},
            "<action><iscsi><address>iscsi.example.com</address><port>3260</port></iscsi></action>",
        ),
        # sdk/tests/test_setupnetworks.py: children alphabetical (bonding before name)
        (
            {
                "modified_bonds": [
                    {
                        "name": "bond0",
                        "bonding": {
                            "options": [{"name": "mode", "type": "4"}],
                            "slaves": [{"name": "eth1"}, {"name": "eth2"}],
                        },
                    }
                ]
            },
            "<action><modified_bonds><host_nic><bonding><options><option><name>mode</name>"
            "<type>4</type></option></options><slaves><host_nic><name>eth1</name></host_nic>"
            "<host_nic><name>eth2</name></host_nic></slaves></bonding><name>bond0</name>"
            "</host_nic></modified_bonds></action>",
        ),
    ],
)
def test_writer_matches_the_sdk_test_suite_bodies(params: dict, expected: str) -> None:
    assert re.sub(r">\s+<", "><", write_action(**params).decode()) == expected
