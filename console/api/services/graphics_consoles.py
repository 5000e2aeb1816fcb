"""A VM's graphics consoles: ``/vms/{id}/graphicsconsoles`` and the console actions.

Names are the SDK's (VmGraphicsConsolesService.console_service,
VmGraphicsConsoleService.remote_viewer_connection_file). Always list with
``current=True`` to connect: without it the engine describes the next run and
leaves out the address and ports.

The actions are POSTs, so a read-only connection refuses them before sending.
``remote_viewer_connection_file`` returns the ``.vv`` text, which holds a console
ticket and the session's SSO token: callers must not log it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from console.api.errors import ApiError, ParseError
from console.api.query import join_follow
from console.api.reader.convert import Context
from console.api.reader.incremental import PARSER_OPTIONS
from console.api.reader.schema import READERS
from console.api.services.base import (
    ActionResult,
    CollectionService,
    EntityService,
    Headers,
    Query,
    Records,
)
from console.api.types.consoles import GraphicsConsole

__all__ = ["VmGraphicsConsoleService", "VmGraphicsConsolesService", "read_graphics_consoles"]

# As the shared reader parses: no entities, no network (XXE), comments and PIs dropped.
_PARSER = etree.XMLParser(**PARSER_OPTIONS)
_NOT_RUNNING = ("the engine generated no remote viewer connection file (HTTP 204): "
                "the VM is not running, or it has no such console")


def read_graphics_consoles(body: bytes) -> GraphicsConsole | list[GraphicsConsole]:
    """``<graphics_consoles>`` -> records, ``<graphics_console>`` -> one record; ParseError otherwise."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"unreadable XML document: {exc}") from exc
    read, ctx = READERS[GraphicsConsole], Context()
    if root.tag == "graphics_consoles":
        return [read(member, ctx) for member in root if member.tag == "graphics_console"]
    if root.tag == "graphics_console":
        return read(root, ctx)
    raise ParseError(f"unsupported document <{root.tag}>; expected graphics_consoles or graphics_console")


class VmGraphicsConsolesService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"current", "follow", "max"})

    def console_service(self, id: str) -> VmGraphicsConsoleService:
        return VmGraphicsConsoleService(self._connection, self._child(id))

    async def list(  # type: ignore[override]
        self,
        *,
        current: bool | None = None,
        follow: str | Iterable[str] | None = None,
        max: int | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> Records:
        """The VM's consoles; ``current=True`` for the running VM's address and ports."""
        params = {"current": current, "follow": join_follow(follow), "max": max}
        self._check_params(params)
        consoles = read_graphics_consoles(await self._get_bytes(params, query, headers))
        if not isinstance(consoles, list):
            raise ParseError("expected <graphics_consoles>, got one <graphics_console>")
        return consoles


class VmGraphicsConsoleService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow"})

    async def get(  # type: ignore[override]
        self,
        *,
        current: bool | None = None,
        follow: str | Iterable[str] | None = None,
        query: Query = None,
        headers: Headers = None,
    ) -> GraphicsConsole:
        params = {**self._get_params(follow, None, None), "current": current}
        console = read_graphics_consoles(await self._get_bytes(params, query, headers))
        if isinstance(console, list):
            raise ParseError("expected one <graphics_console>, got a collection")
        return console

    async def remote_viewer_connection_file(self, *, query: Query = None, headers: Headers = None) -> str:
        """Generate the ``.vv`` file for remote-viewer (the VM must be running); returns its text.

        The engine answers 204 with no body when it cannot make one (the VM is not
        running): that raises ApiError with code 204 and says so.
        """
        try:
            result = await self._action("remoteviewerconnectionfile", query, headers)
        except ApiError as exc:
            if exc.code != 204:
                raise
            raise ApiError(_NOT_RUNNING, code=204, reason="No remote viewer connection file",
                           detail=_NOT_RUNNING, correlation_id=exc.correlation_id) from None
        text = getattr(result.action, "remote_viewer_connection_file", None)
        if not text:
            raise ParseError("the engine's reply has no remote_viewer_connection_file",
                             code=result.code, correlation_id=result.correlation_id)
        return text

    async def ticket(self, *, ticket: Any = None, query: Query = None, headers: Headers = None) -> ActionResult:
        """Set a console ticket (``{"value": ..., "expiry": seconds}``, both optional); ``.ticket`` is the one set."""
        return await self._action("ticket", query, headers, ticket=ticket)

    async def proxy_ticket(
        self, *, async_: bool | None = None, query: Query = None, headers: Headers = None
    ) -> ActionResult:
        """A signed ticket for the engine's websocket proxy; ``.proxy_ticket.value``."""
        return await self._action("proxyticket", query, headers, async_=async_)
