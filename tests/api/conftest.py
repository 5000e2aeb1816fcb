"""Fixtures for the api tests: a scripted loopback engine and a connection to it."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import trustme

from console.api import Connection
from tests.api.server import PASSWORD, USER, EngineStub


@pytest.fixture
async def engine() -> AsyncIterator[EngineStub]:
    stub = await EngineStub().start()
    try:
        yield stub
    finally:
        await stub.stop()


@pytest.fixture
async def connection(engine: EngineStub) -> AsyncIterator[Connection]:
    conn = Connection(engine.url, USER, PASSWORD, timeout=5)
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(test_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "ca.pem"
    test_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
async def tls_engine(test_ca: trustme.CA) -> AsyncIterator[EngineStub]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    test_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    stub = await EngineStub(ssl_context=context).start()
    try:
        yield stub
    finally:
        await stub.stop()
