"""The API explorer's backend: GET any path and read the reply generically.

Typed records cover what the views show; the explorer must show everything else
(about 290 services), so it reads XML without a schema into a small neutral tree and
derives from it what a hypermedia browser needs: sub-collection links, references to
other objects, the entity's action verbs, and for collections a table whose columns
are the scalar elements most items carry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from console.api.connection import Connection
from console.api.errors import ApiError
from console.api.query import build_query
from console.backend.action_forms import build_body, form_for
from console.backend.messages import (
    ActionFinished,
    ExplorerActionFinished,
    ExplorerLoaded,
)

__all__ = [
    "QUERY_KEYS",
    "ExplorerLink",
    "ExplorerNode",
    "ExplorerPage",
    "ExplorerRow",
    "audit_record",
    "explore",
    "invoke",
    "normalize",
    "read_page",
    "split_path",
]  # fmt: skip

QUERY_KEYS = ("search", "max", "follow", "all_content")  # what the query bar may send
MAX_COLUMNS = 8
_FIRST_COLUMNS = ("name", "status", "description")  # an admin's eye goes here first
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


@dataclass(frozen=True, slots=True)
class ExplorerNode:
    """One XML element: its tag, attributes (id, href, rel...), text and children."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    text: str = ""
    children: tuple[ExplorerNode, ...] = ()

    def attr(self, name: str) -> str:
        return next((v for k, v in self.attrs if k == name), "")

    @property
    def href(self) -> str:
        return self.attr("href")

    @property
    def is_reference(self) -> bool:
        """A pointer to another object: an href (or id) and nothing else worth showing inline."""
        return bool(self.href) and not self.text and all(c.tag == "link" for c in self.children)


@dataclass(frozen=True, slots=True)
class ExplorerLink:
    """Where ``enter`` can go from a page: a ``<link rel>`` or a reference."""

    label: str  # the rel, or the referencing element's tag
    path: str  # relative to the API root, query removed
    query: tuple[tuple[str, str], ...] = ()
    templated: bool = False  # e.g. vms?search={query}: the query bar asks for the value


@dataclass(frozen=True, slots=True)
class ExplorerRow:
    id: str
    path: str  # the item's own path ("" when the engine gave no href)
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExplorerPage:
    """One GET as the explorer shows it."""

    path: str
    query: tuple[tuple[str, str], ...]
    tag: str  # root element, e.g. "vms", "vm", "api"
    is_collection: bool
    node: ExplorerNode
    columns: tuple[str, ...]  # collections only
    rows: tuple[ExplorerRow, ...]  # collections only
    links: tuple[ExplorerLink, ...]  # sub-collections (<link rel>) of the entity
    references: tuple[ExplorerLink, ...]  # other objects the entity points at
    actions: tuple[str, ...]  # verbs from <actions>
    xml: str


def split_path(text: str, api_path: str = "/ovirt-engine/api") -> tuple[str, tuple[tuple[str, str], ...]]:
    """``/ovirt-engine/api/vms?search=x`` or ``vms?search=x`` -> ("vms", (("search", "x"),))."""
    parts = urlsplit(text.strip())
    return normalize(parts.path, api_path), tuple(parse_qsl(parts.query, keep_blank_values=True))


def normalize(path: str, api_path: str = "/ovirt-engine/api") -> str:
    """A path relative to the API root, without leading or trailing slashes."""
    path = path.strip()
    prefix = api_path.rstrip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix):]
    return path.strip("/")


def _node(element: etree._Element) -> ExplorerNode:
    children = tuple(_node(c) for c in element if isinstance(c.tag, str))
    text = (element.text or "").strip() if not children else ""
    tag = etree.QName(element).localname
    return ExplorerNode(tag, tuple(element.attrib.items()), text, children)


def _link(label: str, href: str, api_path: str) -> ExplorerLink:
    path, query = split_path(href, api_path)
    templated = "{" in href
    if templated:
        query = tuple((k, v) for k, v in query if "{" not in v)
    return ExplorerLink(label, path, query, templated)


def _elements(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str)]


def _is_collection(root: etree._Element, children: list[etree._Element]) -> bool:
    """No identity of its own, and items of one kind that have one (or nothing at all)."""
    if root.get("href") or root.get("id"):
        return False
    items = [c for c in children if c.tag != "link"]
    if not items:
        return not (root.text or "").strip()  # an empty list, e.g. <katello_errata/>
    return len({c.tag for c in items}) == 1 and any(c.get("href") or c.get("id") for c in items)


def _scalars(item: etree._Element) -> dict[str, str]:
    """An item's plain-text children (no attributes, no children): the candidate cells."""
    cells: dict[str, str] = {}
    for child in item:
        if isinstance(child.tag, str) and not len(child) and not child.attrib and child.tag not in cells:
            text = (child.text or "").strip()
            if text:
                cells[child.tag] = text
    return cells


def _columns(cells: list[dict[str, str]]) -> tuple[str, ...]:
    seen: Counter[str] = Counter()
    order: dict[str, int] = {}
    for item in cells:
        seen.update(item.keys())
        for tag in item:
            order.setdefault(tag, len(order))
    first = [c for c in _FIRST_COLUMNS if c in seen]
    rest = sorted((c for c in seen if c not in first), key=lambda c: (-seen[c], order[c]))
    return tuple([*first, *rest][:MAX_COLUMNS])


def _references(node: ExplorerNode, api_path: str, out: list[ExplorerLink], seen: set[str]) -> None:
    for child in node.children:
        if child.tag in ("link", "actions"):
            continue
        if child.href and child.href not in seen:
            seen.add(child.href)
            out.append(_link(child.tag, child.href, api_path))
        _references(child, api_path, out, seen)


def read_page(
    path: str, query: Mapping[str, str] | tuple[tuple[str, str], ...], body: bytes, api_path: str = "/ovirt-engine/api"
) -> ExplorerPage:
    """Turn a reply body into an ExplorerPage; ApiError when it is not XML."""
    try:
        root_element = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ApiError(f"the reply to GET {path or '/'} is not XML: {exc}") from None
    children = _elements(root_element)
    pairs = tuple(query.items()) if isinstance(query, Mapping) else tuple(query)
    links = tuple(_link(c.get("rel") or "", c.get("href") or "", api_path)
                  for c in children if c.tag == "link" and c.get("href"))
    actions: tuple[str, ...] = ()
    for child in children:
        if child.tag == "actions":
            actions = tuple(c.get("rel") for c in _elements(child) if c.get("rel"))
    columns: tuple[str, ...] = ()
    rows: tuple[ExplorerRow, ...] = ()
    references: list[ExplorerLink] = []
    collection = _is_collection(root_element, children)
    if collection:
        # A collection shows as a table only: no neutral tree of 10,000 items (seconds of CPU).
        root = ExplorerNode(etree.QName(root_element).localname, tuple(root_element.attrib.items()))
        items = [c for c in children if c.tag != "link"]
        cells = [_scalars(item) for item in items]
        columns = _columns(cells)
        rows = tuple(
            ExplorerRow(
                item.get("id") or "",
                normalize(item.get("href") or "", api_path) if item.get("href") else "",
                tuple(found.get(col, "") for col in columns),
            )
            for item, found in zip(items, cells)
        )
    else:
        root = _node(root_element)
        _references(root, api_path, references, {root.href})
    return ExplorerPage(
        path=path, query=pairs, tag=root.tag, is_collection=collection, node=root, columns=columns,
        rows=rows, links=links, references=tuple(references), actions=actions,
        xml=body.decode("utf-8", errors="replace"),
    )  # fmt: skip


def _api_path(conn: Connection) -> str:
    return urlsplit(conn.url).path or "/ovirt-engine/api"


def _check_query(query: Mapping[str, str]) -> dict[str, str]:
    bad = sorted(set(query) - set(QUERY_KEYS))
    if bad:
        raise ValueError(f"unknown query parameter {', '.join(bad)}; use {', '.join(QUERY_KEYS)}")
    return {k: v for k, v in query.items() if v != ""}


async def explore(conn: Connection, text: str, query: Mapping[str, str] | None = None) -> ExplorerLoaded:
    """GET ``text`` (a path, an href, optionally with ?query) and read it: ExplorerLoaded."""
    api_path = _api_path(conn)
    path, inline = split_path(text, api_path)
    params = _check_query({**dict(inline), **dict(query or {})})
    exchange, body = await conn.request("GET", path, query=build_query(params))
    if exchange.response.status_code != 200:
        raise conn.error_for(exchange, body)
    conn.check_xml(exchange.response)
    return ExplorerLoaded(read_page(path, params, body, api_path))


async def invoke(conn: Connection, path: str, verb: str, values: Mapping[str, str]) -> ExplorerActionFinished:
    """POST ``<action>`` built from the form's values to ``path/verb``: ExplorerActionFinished."""
    path = normalize(path, _api_path(conn))
    form = form_for(path, verb)
    body = build_body(form, values)  # ValueError on a bad field, before anything is sent
    target = f"{path}/{verb}" if path else verb
    try:
        exchange, reply = await conn.request("POST", target, body=body)
    except ApiError as exc:  # read-only refusal and broken links: nothing reached the engine or no reply
        return ExplorerActionFinished(path, verb, False, exc.summary, getattr(exc, "correlation_id", None))
    cid = exchange.correlation_id
    text = reply.decode("utf-8", errors="replace")
    if exchange.response.status_code >= 300:
        error = conn.error_for(exchange, reply)
        return ExplorerActionFinished(path, verb, False, error.summary, cid, xml=text)
    status, job_id = "", None
    try:
        root = etree.fromstring(reply, _PARSER) if reply.strip() else None
    except etree.XMLSyntaxError:
        root = None
    if root is not None:
        status = root.findtext("status") or ""
        job = root.find("job")
        job_id = job.get("id") if job is not None else None
    message = f"{form.method}: {status}" if status else f"{form.method}: sent"
    return ExplorerActionFinished(path, verb, True, message, cid, job_id, text)


def audit_record(done: ExplorerActionFinished) -> ActionFinished:
    """The audit log's view of an explorer action: kind is the collection, id the entity."""
    parts = done.path.split("/")
    kind = parts[-2] if len(parts) >= 2 else (parts[0] or "api")
    entity = parts[-1] if len(parts) >= 2 else ""
    return ActionFinished(
        done.verb, kind, entity, done.path, done.ok, done.message, done.correlation_id, done.job_id
    )
