"""A streamed reply body as decoded pieces of at most ``READ_BYTES``.

httpx decodes gzip a whole network read at a time: a 256 KB read of an engine's
XML (~24x compressible) becomes one 6 MB string, and two of them can be alive at
once. Decoding here with zlib's ``max_length`` keeps every piece the size of a
plain read, so a gzip reply costs no more memory than a plain one.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from console.api.transport import READ_BYTES

_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer
_ZLIB_WBITS = zlib.MAX_WBITS  # RFC 1950, what "deflate" should mean
_RAW_WBITS = -zlib.MAX_WBITS  # RFC 1951, what some servers send as "deflate"


async def decoded_pieces(response: httpx.Response) -> AsyncIterator[bytes]:
    """Yield the body decoded, in pieces no larger than ``READ_BYTES``."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        async for chunk in response.aiter_raw():
            for piece in cut(chunk):
                yield piece
    elif encoding in ("gzip", "x-gzip", "deflate"):
        decoder = _Decoder(encoding)
        async for chunk in response.aiter_raw():
            for piece in decoder.feed(chunk):
                yield piece
        for piece in decoder.flush():
            yield piece
    else:  # br, zstd, a chain: httpx knows them; its pieces are cut to size
        async for chunk in response.aiter_bytes():
            for piece in cut(chunk):
                yield piece


def cut(chunk: bytes) -> Iterator[bytes]:
    if len(chunk) <= READ_BYTES:
        if chunk:
            yield chunk
        return
    for start in range(0, len(chunk), READ_BYTES):
        yield chunk[start : start + READ_BYTES]


class _Decoder:
    """gzip or deflate, never more than ``READ_BYTES`` of output per call."""

    def __init__(self, encoding: str) -> None:
        self._deflate = encoding == "deflate"
        self._zlib = zlib.decompressobj(_ZLIB_WBITS if self._deflate else _GZIP_WBITS)
        self._first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._first and data:
            self._first = False
            if self._deflate and not _looks_like_zlib(data):
                self._zlib = zlib.decompressobj(_RAW_WBITS)
        while data:
            try:
                piece = self._zlib.decompress(data, READ_BYTES)
            except zlib.error as exc:
                raise httpx.DecodingError(str(exc)) from exc
            if piece:
                yield piece
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                return  # bytes after the stream's end are ignored, as httpx does

    def flush(self) -> Iterator[bytes]:
        try:
            rest = self._zlib.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc)) from exc
        yield from cut(rest)


def _looks_like_zlib(data: bytes) -> bool:
    """RFC 1950 header: deflate method, 32K window or less, header checksum right."""
    if len(data) < 2:
        return True  # too short to tell; zlib will say if it is not
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf << 8 | flg) % 31 == 0
