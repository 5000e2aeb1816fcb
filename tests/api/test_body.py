"""Streamed reply bodies: decoded by us in bounded pieces, whatever the encoding."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest
from lxml import etree

from console.api import ApiError, Connection
from console.api.body import decoded_pieces
from console.api.transport import READ_BYTES
from tests.api.server import EngineStub
from tests.benchmarks.vm_corpus import vms_document

# About 24x compressible, like an engine's XML: one network read decodes to megabytes.
BODY = vms_document(300)


def _deflate_raw(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


async def _pieces(encoding: str | None, payload: bytes, chunk: int) -> list[bytes]:
    chunks = [payload[i : i + chunk] for i in range(0, len(payload), chunk)]

    async def stream():  # type: ignore[no-untyped-def]
        for piece in chunks:
            yield piece

    headers = {"Content-Encoding": encoding} if encoding else {}
    response = httpx.Response(200, headers=headers, content=stream())
    return [piece async for piece in decoded_pieces(response)]


@pytest.mark.parametrize(
    ("encoding", "payload"),
    [
        pytest.param(None, BODY, id="plain"),
        pytest.param("identity", BODY, id="identity"),
        pytest.param("gzip", gzip.compress(BODY), id="gzip"),
        pytest.param("x-gzip", gzip.compress(BODY), id="x-gzip"),
        pytest.param("deflate", zlib.compress(BODY), id="deflate-zlib"),
        pytest.param("deflate", _deflate_raw(BODY), id="deflate-raw"),
    ],
)
@pytest.mark.parametrize("chunk", [7, 4096, 1 << 20])
async def test_every_encoding_decodes_whole_in_pieces_no_larger_than_a_read(
    encoding: str | None, payload: bytes, chunk: int
) -> None:
    pieces = await _pieces(encoding, payload, chunk)
    assert b"".join(pieces) == BODY
    assert all(0 < len(piece) <= READ_BYTES for piece in pieces)
    assert len(pieces) >= len(BODY) // READ_BYTES


@pytest.mark.parametrize(
    ("encoding", "payload"),
    [(None, b""), ("gzip", gzip.compress(b"")), ("deflate", zlib.compress(b""))],
)
async def test_an_empty_body_yields_no_pieces(encoding: str | None, payload: bytes) -> None:
    assert await _pieces(encoding, payload, 4096) == []


async def test_a_corrupt_gzip_body_is_a_decoding_error() -> None:
    payload = bytearray(gzip.compress(BODY))
    payload[200:260] = b"\x00" * 60
    with pytest.raises(httpx.DecodingError):
        await _pieces("gzip", bytes(payload), 4096)


async def test_bytes_after_the_end_of_a_gzip_stream_are_ignored() -> None:
    pieces = await _pieces("gzip", gzip.compress(b"<vms/>") + b"trailing junk", 4096)
    assert b"".join(pieces) == b"<vms/>"


async def test_a_gzip_collection_lists_like_a_plain_one(
    engine: EngineStub, connection: Connection
) -> None:
    engine.set_xml_response("vms", 200, gzip.compress(BODY), headers={"Content-Encoding": "gzip"})
    vms = await connection.system_service().vms_service().list()
    expected = etree.fromstring(BODY).findall("vm")
    assert [vm.id for vm in vms] == [element.get("id") for element in expected]
    assert [vm.name for vm in vms] == [element.findtext("name") for element in expected]


async def test_a_corrupt_gzip_collection_is_the_apis_error(
    engine: EngineStub, connection: Connection
) -> None:
    payload = bytearray(gzip.compress(BODY))
    payload[200:260] = b"\x00" * 60
    engine.set_xml_response("vms", 200, bytes(payload), headers={"Content-Encoding": "gzip"})
    with pytest.raises(ApiError, match="request to .* failed"):
        await connection.system_service().vms_service().list()
