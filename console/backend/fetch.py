"""How the backend reads from the engine: stream a collection, get one entity, get raw bytes.

A thin layer over ``console.api.Connection`` in the backend's own terms (a path
relative to the API URL plus query parameters), so loaders, detail tabs and
pollers share one way of turning a reply into records or an ``ApiError``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from console.api.connection import Connection
from console.api.errors import ApiError, NotFoundError
from console.api.query import build_query
from console.api.reader import parse

__all__ = ["get_bytes", "get_record", "list_records", "stream"]


def _query(params: Mapping[str, object] | None) -> str:
    return build_query(dict(params or {}))


async def stream(
    conn: Connection, path: str, params: Mapping[str, object] | None = None
) -> AsyncIterator[list[Any]]:
    """Records of a collection in batches, parsed as the body arrives."""
    async for batch in conn.stream_collection(path, query=_query(params)):
        yield batch


async def get_bytes(
    conn: Connection, path: str, params: Mapping[str, object] | None = None
) -> bytes:
    """The reply body of a GET exactly as the engine sent it; ApiError on failure."""
    exchange, body = await conn.request("GET", path, query=_query(params))
    if exchange.response.status_code != 200:
        raise conn.error_for(exchange, body)
    conn.check_xml(exchange.response)
    return body


async def get_record(
    conn: Connection, path: str, params: Mapping[str, object] | None = None
) -> Any | None:
    """One entity, or None when the engine says it no longer exists (404)."""
    try:
        body = await get_bytes(conn, path, params)
    except NotFoundError:
        return None
    return parse(body)


async def list_records(
    conn: Connection, path: str, params: Mapping[str, object] | None = None
) -> list[Any]:
    """A whole (small) collection as a list of records."""
    result = parse(await get_bytes(conn, path, params))
    if isinstance(result, list):
        return result
    raise ApiError(f"expected a collection from {path}, got {type(result).__name__}")
