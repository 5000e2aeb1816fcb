"""Building HTTP responses the way the engine (behind Apache) sends them."""

from __future__ import annotations

import asyncio
import zlib
from typing import Any, Callable, Sequence

from aiohttp import web
from aiohttp.web import ContentCoding

from ..xml.common import CONTENT_TYPE, XML_DECLARATION, document, indent
from ..xml.faults import fault_document

SERVER_HEADER = "Apache/2.4.57 (Red Hat Enterprise Linux) OpenSSL/3.0.7"
STREAM_THRESHOLD = 200  # items; bigger collections are streamed in chunks
CHUNK = 250


def _wants_gzip(request: web.Request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def xml_response(request: web.Request, body: str, status: int = 200,
                 headers: dict[str, str] | None = None) -> web.Response:
    response = web.Response(status=status, text=body, content_type="application/xml", charset="UTF-8",
                            headers=headers)
    response.headers["Content-Type"] = CONTENT_TYPE
    if _wants_gzip(request) and len(body) > 256:
        response.enable_compression(ContentCoding.gzip)  # Apache mod_deflate does this for application/xml
        response.headers["Vary"] = "Accept-Encoding"
    return response


def empty_response(status: int, headers: dict[str, str] | None = None) -> web.Response:
    """A body-less answer (404 for a missing object, 202 for async deletes)."""
    return web.Response(status=status, headers=headers)


def fault_response(request: web.Request, status: int, reason: str, detail: str | None) -> web.Response:
    return xml_response(request, fault_document(reason, detail), status)


def html_error(status: int, title: str) -> web.Response:
    """The servlet container's HTML error page (401, unsupported version…)."""
    body = f"<html><head><title>Error</title></head><body>{title}</body></html>"
    return web.Response(status=status, text=body, content_type="text/html", charset="UTF-8")


def render_collection(wrapper: str, fragments: Sequence[str], indented: bool = False) -> str:
    """A collection document; ``indented`` fragments are already shifted one level."""
    if not fragments:
        return document(f"<{wrapper}/>")
    items = fragments if indented else [indent(f) for f in fragments]
    return document(f"<{wrapper}>\n" + "\n".join(items) + f"\n</{wrapper}>")


async def send_collection(request: web.Request, wrapper: str, items: list[Any],
                          render_one: Callable[[Any], str], lock: Any) -> web.StreamResponse:
    """Answer a list. Large lists are rendered in a worker thread chunk by chunk and
    streamed, so the first bytes leave at once and small requests are not held up."""
    if request.method == "HEAD":  # headers only: no need to render anything
        head = web.Response(status=200)
        head.headers["Content-Type"] = CONTENT_TYPE
        return head
    if len(items) <= STREAM_THRESHOLD:
        with lock:
            fragments = [render_one(obj) for obj in items]
        return xml_response(request, render_collection(wrapper, fragments, indented=True))
    response = web.StreamResponse(status=200)
    response.headers["Content-Type"] = CONTENT_TYPE
    # Compressed here, in the render thread, at a fast level: zlib at the default
    # level would cost the event loop more than the rendering itself.
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31) if _wants_gzip(request) else None
    if compressor is not None:
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
    await response.prepare(request)
    loop = asyncio.get_running_loop()

    def pack(text: str, last: bool = False) -> bytes:
        data = text.encode()
        if compressor is None:
            return data
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    def render_chunk(chunk: list[Any]) -> bytes:
        with lock:  # the engine mutates under this lock; hold it per chunk only
            parts = [render_one(obj) for obj in chunk]
        return pack("\n".join(parts) + "\n")

    await response.write(pack(f"{XML_DECLARATION}<{wrapper}>\n"))
    for start in range(0, len(items), CHUNK):
        await response.write(await loop.run_in_executor(None, render_chunk, items[start:start + CHUNK]))
    await response.write(pack(f"</{wrapper}>\n", last=True))
    await response.write_eof()
    return response
