"""``/ovirt-engine/api/...``: path resolution, query parameters and GET handling.

Paths may carry matrix parameters on any segment (``/events;from=123``) and the
``/v4`` prefix; both are folded away before the URL tree (routes.tree) is walked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from .. import search
from ..xml.common import document
from ..xml.context import RenderContext
from ..xml.render import FollowError, FollowTree, parse_follow, validate_follow
from ..xml.root import api_document, link_header
from .respond import empty_response, html_error, send_collection, xml_response
from .tree import EMPTY_WRAPPERS, TREE, Coll

if TYPE_CHECKING:
    from ..server import SimulatorServer

_TRUE = {"t", "true", "y", "yes", "1", ""}
_FALSE = {"f", "false", "n", "no", "0"}


class BadParam(ValueError):
    """A query parameter with a value the engine cannot parse (400)."""


@dataclass
class Target:
    """What a path names: the API root, a collection, an entity, an empty link, or a verb."""

    what: str  # root | list | entity | empty | verb
    coll: Coll | None = None
    parent: Any = None
    obj: Any = None
    wrapper: str = ""
    verb: str = ""
    chain: list[tuple[str, Any]] = field(default_factory=list)  # (segment, object) from the top


def split_path(tail: str) -> tuple[list[str], dict[str, str]]:
    """Segments without matrix parameters, plus the matrix parameters themselves."""
    segments, matrix = [], {}
    for raw in tail.split("/"):
        if not raw:
            continue
        name, *params = raw.split(";")
        for param in params:
            key, _, value = param.partition("=")
            matrix[unquote(key)] = unquote(value)
        segments.append(unquote(name))
    if segments and segments[0] == "v4":
        segments = segments[1:]
    return segments, matrix


def params_of(request: web.Request, matrix: dict[str, str]) -> dict[str, str]:
    params = dict(matrix)
    params.update(request.query)
    if "All-Content" in request.headers and "all_content" not in params:
        params["all_content"] = request.headers["All-Content"]
    return params


def flag(params: dict[str, str], name: str, default: bool = False) -> bool:
    if name not in params:
        return default
    value = params[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadParam(f"Invalid value '{params[name]}' for boolean parameter '{name}'")


def integer(params: dict[str, str], name: str) -> int | None:
    if name not in params or params[name] == "":
        return None
    try:
        return int(params[name])
    except ValueError:
        raise BadParam(f"Invalid value '{params[name]}' for integer parameter '{name}'") from None


def resolve(engine: Any, segments: list[str]) -> Target | None:
    """Walk the URL tree; None means 404."""
    if not segments:
        return Target("root")
    coll = TREE.get(segments[0])
    if coll is None:
        wrapper = EMPTY_WRAPPERS.get(segments[0])
        return Target("empty", wrapper=wrapper) if wrapper and len(segments) == 1 else None
    parent: Any = None
    chain: list[tuple[str, Any]] = []
    index = 1
    while True:
        if index == len(segments):
            return Target("list", coll, parent, chain=chain)
        obj = coll.find(engine, parent, segments[index])
        if obj is None:
            # A collection-level verb such as POST /events/undelete.
            return Target("verb", coll, parent, verb=segments[index], chain=chain) \
                if index + 1 == len(segments) else None
        chain.append((segments[index - 1], obj))
        index += 1
        if index == len(segments):
            return Target("entity", coll, parent, obj, chain=chain)
        name = segments[index]
        if name in coll.subs:
            coll, parent = coll.subs[name], obj
            index += 1
            continue
        if index + 1 != len(segments):
            return None
        if name in coll.links:
            wrapper = "host_numa_nodes" if (name == "numanodes" and coll.kind == "host") else EMPTY_WRAPPERS.get(name)
            if wrapper:
                return Target("empty", coll, parent, obj, wrapper=wrapper, verb=name, chain=chain)
        return Target("verb", coll, parent, obj, verb=name, chain=chain)


async def handle_get(request: web.Request, sim: "SimulatorServer", target: Target,
                     params: dict[str, str]) -> web.StreamResponse:
    engine = sim.engine
    if target.what == "root":
        with engine.lock:
            body = api_document(engine.product_info, engine.summary(), engine.clock.now(), sim.user_id)
        return xml_response(request, body, headers={"Link": link_header(sim.url)})
    if target.what == "empty":
        return xml_response(request, document(f"<{target.wrapper}/>"))
    if target.what == "verb":
        return empty_response(404)
    coll = target.coll
    assert coll is not None
    if coll.handler is not None:
        return await coll.handler.get(request, sim, target, params)
    follow = parse_follow(params.get("follow"))
    all_content = flag(params, "all_content")
    ctx = RenderContext(engine)
    if coll.kind is not None and follow:
        follow = drop_empty_links(coll, follow)
        validate_follow(coll.kind, follow)
    elif follow:
        raise FollowError(f"Link '{next(iter(follow))}' not found")
    if target.what == "entity":
        with engine.lock:
            body = document(coll.fragment(ctx, target.parent, target.obj, follow, all_content))
        return xml_response(request, body)
    items = select(engine, coll, target.parent, params)
    return await send_collection(
        request, coll.wrapper, items,
        lambda obj: coll.fragment(ctx, target.parent, obj, follow, all_content, 1), engine.lock,
    )


def drop_empty_links(coll: Coll, follow: FollowTree) -> FollowTree:
    """Following a link the simulator never fills (tags, permissions, cdroms…) is not an error:
    the object keeps its ``<link>``, which SDKs read as an empty list, as for an empty collection."""
    empty = {rel for rel in coll.links if rel not in coll.subs or coll.subs[rel].handler is not None}
    return {name: sub for name, sub in follow.items() if name not in empty}


def select(engine: Any, coll: Coll, parent: Any, params: dict[str, str]) -> list[Any]:
    """Filter, sort and page a collection as the engine's search does."""
    max_results = integer(params, "max")
    if max_results is not None and max_results < 0:
        max_results = None  # -1 is "no limit" for the engine
    with engine.lock:
        items = coll.items(engine, parent)
        if coll.kind == "event" and "from" in params:
            start = integer(params, "from")
            items = [e for e in items if start is None or e.id > start]
        if coll.fields is None:
            if "search" in params and params["search"].strip():
                raise search.SearchError("This collection is not searchable")
            return items[:max_results] if max_results is not None else items
        query = search.parse(params.get("search"))
        return search.apply(query, items, coll.fields(engine), default_sort=coll.default_sort,
                            case_sensitive=flag(params, "case_sensitive"), max_results=max_results)


def unauthorized() -> web.Response:
    response = html_error(401, "Unauthorized")
    response.headers["WWW-Authenticate"] = 'Basic realm="RESTAPI"'
    return response

