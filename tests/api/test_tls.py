"""TLS: verification is on by default; a test CA via ca_file is accepted, not without."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.api import Connection, ConnectionError
from tests.api.server import PASSWORD, USER, EngineStub


async def test_engine_with_our_ca_file_is_trusted(tls_engine: EngineStub, ca_file: Path) -> None:
    tls_engine.set_xml_response("vms", 200, '<vms><vm id="1"><name>secure</name></vm></vms>')
    async with Connection(tls_engine.url, USER, PASSWORD, ca_file=str(ca_file)) as conn:
        vms = await conn.system_service().vms_service().list()
    assert [vm.name for vm in vms] == ["secure"]
    assert tls_engine.url.startswith("https://")


async def test_unknown_ca_is_refused_and_the_fix_is_named(tls_engine: EngineStub) -> None:
    async with Connection(tls_engine.url, USER, PASSWORD) as conn:
        assert conn.insecure is False  # verification is the default
        with pytest.raises(ConnectionError) as caught:
            await conn.system_service().vms_service().list()
    message = str(caught.value)
    assert "certificate" in message.lower()
    assert "--ca-file" in message and "--insecure" in message
    assert (
        tls_engine.root + "/ovirt-engine/services/pki-resource?resource=ca-certificate"
        "&format=X509-PEM-CA"
    ) in message
    assert tls_engine.requests == []  # the handshake failed before any request


async def test_wrong_ca_file_is_refused(tls_engine: EngineStub, tmp_path: Path) -> None:
    import trustme

    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    async with Connection(tls_engine.url, USER, PASSWORD, ca_file=str(other)) as conn:
        with pytest.raises(ConnectionError, match="--ca-file"):
            await conn.authenticate()


async def test_insecure_must_be_asked_for_and_then_works(tls_engine: EngineStub) -> None:
    tls_engine.set_xml_response("vms", 200, "<vms/>")
    async with Connection(tls_engine.url, USER, PASSWORD, insecure=True) as conn:
        assert conn.insecure is True
        assert await conn.system_service().vms_service().list() == []


async def test_sso_login_also_verifies(tls_engine: EngineStub) -> None:
    async with Connection(tls_engine.url, USER, PASSWORD) as conn:
        with pytest.raises(ConnectionError, match="certificate"):
            await conn.authenticate()


async def test_certificate_for_another_name_is_refused(test_ca, ca_file: Path) -> None:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    test_ca.issue_cert("engine.other.example").configure_cert(context)
    stub = await EngineStub(ssl_context=context).start()
    try:
        async with Connection(stub.url, USER, PASSWORD, ca_file=str(ca_file)) as conn:
            with pytest.raises(ConnectionError, match="certificate"):
                await conn.authenticate()
    finally:
        await stub.stop()
