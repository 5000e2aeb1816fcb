"""The service building blocks: paths, list/get, actions, remove, add.

Services only know their path and which parameters their engine endpoint takes;
sending, read-only refusal, correlation ids, token renewal and error mapping all
live in ``Connection`` so they are enforced in one place.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from console.api.errors import ApiError
from console.api.query import build_query, join_follow
from console.api.reader import parse
from console.api.writer import write, write_action

if TYPE_CHECKING:
    from console.api.connection import Connection, Exchange

# Annotations inside classes that define ``list()`` must not say ``list[...]``.
Records = list[Any]
Query = Mapping[str, object] | None
Headers = Mapping[str, str] | None

# Named list parameters, in the SDK's spelling; each collection says which it takes.
SEARCHABLE = frozenset({"search", "max", "follow", "case_sensitive", "filter"})
PLAIN = frozenset({"max", "follow"})


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What an action or a remove returned.

    ``action`` is the engine's ``<action>`` record (None when the reply had no body,
    as ``DELETE ?async=true`` does). Other members of the action (``power_management``
    of a fence status, ``is_attached`` ...) read through: ``result.power_management``.
    """

    correlation_id: str | None
    code: int
    action: Any | None = None

    @property
    def status(self) -> Any:
        """``complete``, ``pending``, ``in_progress`` or ``failed`` (CreationStatus)."""
        if self.action is not None and getattr(self.action, "status", None) is not None:
            return self.action.status
        # No body: 202 means accepted for later, 200 means done.
        return "pending" if self.code == 202 else "complete"

    @property
    def job(self) -> Any:
        """Reference (``.id``, ``.href``) to the job the engine started, if any."""
        return getattr(self.action, "job", None)

    def __getattr__(self, name: str) -> Any:
        action = object.__getattribute__(self, "action")
        if action is None or name.startswith("_"):
            raise AttributeError(name)
        return getattr(action, name)


@dataclass(frozen=True, slots=True)
class Created:
    """What an ``add`` returned: the new object plus how the request was traced.

    Attribute reads fall through to the record (``created.id``), as the SDK's ``add``
    returns the object itself. ``code`` 202 means the engine is still creating it.
    """

    record: Any
    correlation_id: str | None
    code: int

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, "record"), name)


class Service:
    """A node of the service tree: a connection and a path below the API root."""

    __slots__ = ("_connection", "_path")

    def __init__(self, connection: Connection, path: str) -> None:
        self._connection = connection
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def _child(self, segment: str) -> str:
        # Ids are opaque: quote them so an odd one cannot change the path.
        segment = quote(str(segment), safe="")
        return f"{self._path}/{segment}" if self._path else segment

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path or '/'!r})"

    async def _get(self, params: Mapping[str, object], query: Query, headers: Headers) -> Any:
        body = await self._get_bytes(params, query, headers)
        return parse(body)

    async def _get_bytes(
        self, params: Mapping[str, object], query: Query, headers: Headers
    ) -> bytes:
        conn = self._connection
        exchange, body = await conn.request(
            "GET",
            self._path,
            query=build_query(params, query),
            headers=_all_content_header(params, headers),
        )
        if exchange.response.status_code != 200:
            raise conn.error_for(exchange, body)
        if not body.strip():
            raise ApiError(
                f"empty reply to GET {self._path or '/'}", code=exchange.response.status_code
            )
        conn.check_xml(exchange.response)
        return body


class CollectionService(Service):
    """A collection: ``list()`` and its streaming form ``iter_list()``."""

    __slots__ = ()
    LIST_PARAMS: ClassVar[frozenset[str]] = PLAIN

    async def iter_list(
        self,
        *,
        search: str | None = None,
        max: int | None = None,  # noqa: A002 - the SDK's (and engine's) name
        follow: str | Iterable[str] | None = None,
        case_sensitive: bool | None = None,
        all_content: bool | None = None,
        filter: bool | None = None,  # noqa: A002
        query: Query = None,
        headers: Headers = None,
        **extra: object,
    ) -> AsyncIterator[Records]:
        """Yield the collection in batches of records, as they arrive and are parsed."""
        params: dict[str, object] = {
            "search": search,
            "max": max,
            "follow": join_follow(follow),
            "case_sensitive": case_sensitive,
            "all_content": all_content,
            "filter": filter,
            **extra,
        }
        self._check_params(params)
        async for batch in self._connection.stream_collection(
            self._path,
            query=build_query(params, query),
            headers=_all_content_header(params, headers),
        ):
            yield batch

    async def list(
        self,
        *,
        search: str | None = None,
        max: int | None = None,  # noqa: A002
        follow: str | Iterable[str] | None = None,
        case_sensitive: bool | None = None,
        all_content: bool | None = None,
        filter: bool | None = None,  # noqa: A002
        query: Query = None,
        headers: Headers = None,
        **extra: object,
    ) -> Records:
        """The whole collection (built on ``iter_list``, which it takes the arguments of)."""
        records: Records = []
        async for batch in self.iter_list(
            search=search, max=max, follow=follow, case_sensitive=case_sensitive,
            all_content=all_content, filter=filter, query=query, headers=headers, **extra,
        ):  # fmt: skip
            records.extend(batch)
        return records

    def _check_params(self, params: Mapping[str, object]) -> None:
        unsupported = sorted(
            name
            for name, value in params.items()
            if value is not None and name not in self.LIST_PARAMS
        )
        if unsupported:
            raise TypeError(f"{type(self).__name__}.list() does not take {', '.join(unsupported)}")


class EntityService(Service):
    """One object: ``get``, its raw XML, and the plumbing for actions and remove."""

    __slots__ = ()
    GET_PARAMS: ClassVar[frozenset[str]] = frozenset({"follow"})

    async def get(
        self,
        *,
        follow: str | Iterable[str] | None = None,
        all_content: bool | None = None,
        filter: bool | None = None,  # noqa: A002
        query: Query = None,
        headers: Headers = None,
    ) -> Any:
        """The object as a record."""
        params = self._get_params(follow, all_content, filter)
        return await self._get(params, query, headers)

    async def get_raw(
        self,
        *,
        follow: str | Iterable[str] | None = None,
        all_content: bool | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> bytes:
        """The object's XML exactly as the engine sent it (the console's "show XML")."""
        params = self._get_params(follow, all_content, None)
        return await self._get_bytes(params, query, headers)

    def _get_params(self, follow: Any, all_content: Any, filter_: Any) -> dict[str, object]:
        params = {"follow": join_follow(follow), "all_content": all_content, "filter": filter_}
        unsupported = sorted(
            n for n, v in params.items() if v is not None and n not in self.GET_PARAMS
        )
        if unsupported:
            raise TypeError(f"{type(self).__name__}.get() does not take {', '.join(unsupported)}")
        return params

    async def _action(
        self, verb: str, query: Query = None, headers: Headers = None, **params: Any
    ) -> ActionResult:
        """POST ``<path>/<verb>`` with an ``<action>`` body built from ``params``."""
        conn = self._connection
        exchange, body = await conn.request(
            "POST",
            self._child(verb),
            query=build_query(None, query),
            headers=headers,
            body=write_action(**params),
        )
        return _action_result(conn, exchange, body, accepted=(200, 201, 202))

    async def _remove(
        self, params: Mapping[str, object], query: Query, headers: Headers
    ) -> ActionResult:
        conn = self._connection
        exchange, body = await conn.request(
            "DELETE", self._path, query=build_query(params, query), headers=headers
        )
        return _action_result(conn, exchange, body, accepted=(200, 202))


async def add(
    service: Service,
    root: str,
    obj: Any,
    params: Mapping[str, object],
    query: Query,
    headers: Headers,
) -> Created:
    """POST a new ``<root>`` document to a collection; 200/201/202 are success."""
    conn = service._connection
    exchange, body = await conn.request(
        "POST",
        service.path,
        query=build_query(params, query),
        headers=headers,
        body=write(root, obj),
    )
    code = exchange.response.status_code
    if code not in (200, 201, 202):
        raise conn.error_for(exchange, body)
    conn.check_xml(exchange.response)
    record = parse(body)
    if type(record).__name__ == "Fault":
        raise conn.fault_error(exchange, record)
    return Created(record, exchange.correlation_id, code)


def _action_result(
    conn: Connection, exchange: Exchange, body: bytes, accepted: tuple[int, ...]
) -> ActionResult:
    response = exchange.response
    if response.status_code not in accepted:
        raise conn.error_for(exchange, body)
    if not body.strip():
        return ActionResult(exchange.correlation_id, response.status_code, None)
    conn.check_xml(response)
    document = parse(body)
    kind = type(document).__name__
    if kind == "Fault":
        raise conn.fault_error(exchange, document)
    if kind != "Action":
        raise ApiError(
            f"expected an <action> reply, got {kind}",
            code=response.status_code,
            correlation_id=exchange.correlation_id,
        )
    fault = getattr(document, "fault", None)
    if fault is not None:  # a failed action can come back under 2xx
        raise conn.fault_error(exchange, fault)
    if getattr(document, "correlation_id", None) is None:
        # The record carries the id we sent, so it can be traced on its own too.
        with contextlib.suppress(AttributeError):
            document.correlation_id = exchange.correlation_id
    return ActionResult(exchange.correlation_id, response.status_code, document)


def _all_content_header(params: Mapping[str, object], headers: Headers) -> Headers:
    """Pre-4.1 engines read ``all_content`` only as a header; the SDK sends both."""
    value = params.get("all_content")
    if value is None:
        return headers
    merged = {"All-Content": "true" if value else "false"}
    merged.update(headers or {})
    return merged
