"""The hot path: turning one lxml element into one record.

A record class's reader walks the element's children once. Each child tag maps,
in a dict built once per class (see ``schema``), to ``(field, kind, converter)``:

- ``TEXT``: a string field, stored as the element text;
- ``VALUE``: ``converter(text)`` for numbers, booleans, dates and enums;
- ``NODE``: ``converter(element, ctx)`` for nested records and lists;
- ``SHARED``: the same for a structure shared between records (a ``SharedStruct``);
- ``REF``: the same for a reference (a ``RefReader``);
- ``LINK``: a ``<link rel href>`` of an entity.

An entity's loop reads ``SHARED`` and ``REF`` children inline (the two are ~20 of
a VM's ~40 children): no Python call per child on the common path.

Values are gathered in a dict and the record is built with one ``cls(**values)``
call: far cheaper than one attribute store per field, and the dataclass
constructor fills every absent field with None. The loop runs ~1.5 million times
for a 10,000-VM list, hence the plain, flat code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree

from console.api.types.base import Ref

# Every kind from NODE on is read by ``converter(element, ctx)``.
TEXT, VALUE, LINK, NODE, SHARED, REF = 0, 1, 2, 3, 4, 5

Spec = dict[str, tuple[str, int, Any]]
Reader = Callable[[Any, "Context"], Any]


class Context:
    """Per-document caches: equal references and rel tuples are stored once.

    Thousands of VMs point at the same cluster, template and host, and offer the
    same actions: sharing those objects is most of what keeps a 10,000-VM list small.
    """

    __slots__ = ("actions_key", "links_key", "placeholders", "refs", "shared", "tuples")

    def __init__(self) -> None:
        self.refs: dict[tuple[str | None, str | None], Ref] = {}
        # While a collapsed run is read: what its placeholder elements stand for
        # (see ``compact``); None otherwise, so no other tree's attributes are trusted.
        self.placeholders: list | None = None
        self.actions_key = self.links_key = ""  # their attribute names
        self.tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        # Serialized element -> record, for structures most VMs have in common.
        self.shared: dict[tuple[type, bytes], Any] = {}


def read_named_ref(el: Any, ctx: Context) -> Ref:
    """A reference to a type we do not model, inlined with children: keep its name."""
    return Ref(id=el.get("id"), href=el.get("href"), name=el.findtext("name"))


_action_rels = etree.XPath("link/@rel", smart_strings=False)


def read_actions(el: Any, ctx: Context) -> tuple[str, ...]:
    if ctx.placeholders is not None:
        key = el.get(ctx.actions_key)
        if key is not None:  # a collapsed <actions> (see ``compact``)
            return ctx.placeholders[int(key)]
    # XPath collects the rels in C: no Python object per <link>.
    rels = tuple(_action_rels(el))
    return ctx.tuples.setdefault(rels, rels)


def struct_reader(cls: type, spec: Spec) -> Reader:
    get_field = spec.get

    def read(el: Any, ctx: Context) -> Any:
        values: dict[str, Any] = {}
        for child in el:
            field = get_field(child.tag)
            if field is not None:
                name, kind, convert = field
                if kind == VALUE:
                    values[name] = convert(child.text)
                elif kind >= NODE:
                    values[name] = convert(child, ctx)
                else:
                    values[name] = child.text or ""
        return cls(**values)

    return read


_tostring = etree.tostring


class SharedStruct:
    """For structures that are usually identical across VMs (CPU topology, BIOS, USB...).

    Equal elements read as one shared (read-only) record: the serialized element,
    computed in C, is the key, and a hit skips reading the children at all.
    (``entity_reader`` does the same inline.)
    """

    __slots__ = ("cls", "read_fresh")

    def __init__(self, cls: type, spec: Spec) -> None:
        self.cls = cls
        self.read_fresh = struct_reader(cls, spec)

    def __call__(self, el: Any, ctx: Context) -> Any:
        key = (self.cls, _tostring(el))
        record = ctx.shared.get(key)
        if record is None:
            record = ctx.shared[key] = self.read_fresh(el, ctx)
        return record


def entity_reader(cls: type, spec: Spec) -> Reader:
    get_field = spec.get

    def read(el: Any, ctx: Context) -> Any:
        get = el.get
        href = get("href")
        values: dict[str, Any] = {"id": get("id"), "href": href}
        links: list[Any] = []
        shared, refs = ctx.shared, ctx.refs
        for child in el:
            field = get_field(child.tag)
            if field is not None:
                name, kind, convert = field
                if kind == VALUE:  # most frequent first
                    values[name] = convert(child.text)
                elif kind == SHARED:  # SharedStruct.__call__, inline
                    key = (convert.cls, _tostring(child))
                    record = shared.get(key)
                    if record is None:
                        record = shared[key] = convert.read_fresh(child, ctx)
                    values[name] = record
                elif kind == REF and not len(child):  # RefReader.__call__, inline
                    key = (child.get("href"), child.get("id"))
                    ref = refs.get(key)
                    if ref is None:
                        ref = refs[key] = Ref(id=key[1], href=key[0])
                    values[name] = ref
                elif kind >= NODE:
                    values[name] = convert(child, ctx)
                elif kind == TEXT:
                    values[name] = child.text or ""
                else:
                    links.append(child)
        if links:
            read = read_links(links, href, ctx)
            if read is not None:
                values["_links"] = read
        return cls(**values)

    return read


_pair = etree._Element.values


class _Link:
    """A link a placeholder stands for: what ``read_links`` asks of a ``<link>``."""

    __slots__ = ("href", "rel")

    def __init__(self, href: str, rel: str) -> None:
        self.href, self.rel = href, rel

    def values(self) -> list[str]:
        return [self.href, self.rel]

    def get(self, name: str) -> str | None:
        return self.href if name == "href" else self.rel if name == "rel" else None


def _expand(links: Sequence[Any], table: list, name: str) -> list[Any]:
    expanded: list[Any] = []
    for link in links:
        key = link.get(name)
        if key is None:
            expanded.append(link)
        else:
            base, rels = table[int(key)]
            expanded += [_Link(f"{base}/{rel}", rel) for rel in rels]
    return expanded


def read_links(
    links: Sequence[Any], href: str | None, ctx: Context
) -> tuple[str, ...] | dict[str, str] | None:
    """An entity's ``<link rel href>`` elements, in order -> its ``_links`` (see ``Entity``).

    Links following the engine's ``<href>/<rel>`` rule are kept as a shared tuple of
    rels; any other link makes it a rel -> href dict, exactly as sent.
    """
    table = ctx.placeholders
    if table is not None:  # collapsed link blocks (see ``compact``)
        if len(links) == 1:
            key = links[0].get(ctx.links_key)
            if key is not None:
                base, rels = table[int(key)]
                if base == href:  # the engine's rule, checked when collapsing
                    return ctx.tuples.setdefault(rels, rels)
        links = _expand(links, table, ctx.links_key)
        pairs = [link.values() for link in links]
    else:
        pairs = list(map(_pair, links))  # one C call for both attributes of each link
    prefix = None if href is None else href + "/"
    if prefix is not None:
        # The common case, checked in bulk: every link is exactly href="<prefix><rel>" rel.
        try:
            columns = list(zip(*pairs, strict=True))
        except ValueError:  # links with different numbers of attributes
            columns = []
        if len(columns) == 2 and columns[0] == tuple(map(prefix.__add__, columns[1])):
            rels = columns[1]
            return ctx.tuples.setdefault(rels, rels)
    rels_list: list[str] = []  # links following the engine's <href>/<rel> rule
    odd: dict[str, str] | None = None  # any other links, exactly as sent
    for link, pair in zip(links, pairs, strict=True):
        # The attribute order is unknown, so the <href>/<rel> rule itself tells which is which.
        if prefix is not None and len(pair) == 2:
            first, second = pair
            if first == prefix + second:
                rels_list.append(second)
                continue
            if second == prefix + first:
                rels_list.append(first)
                continue
        rel, link_href = link.get("rel"), link.get("href")
        if rel and link_href:
            if odd is None:
                odd = {}
            odd[rel] = link_href
    if odd is not None:
        return {**{rel: f"{prefix}{rel}" for rel in rels_list}, **odd}
    if rels_list:
        key = tuple(rels_list)
        return ctx.tuples.setdefault(key, key)
    return None


class RefReader:
    """``Ref | X``: a shared Ref for a bare reference, the full X when inlined.

    (``entity_reader`` reads bare references inline.)
    """

    __slots__ = ("inline",)

    def __init__(self, read: Reader | None) -> None:
        self.inline = read if read is not None else read_named_ref

    def __call__(self, el: Any, ctx: Context) -> Any:
        if len(el):  # children beyond id/href: the object was inlined (follow)
            return self.inline(el, ctx)
        # ~8 references per VM: one shared Ref per (href, id)
        key = (el.get("href"), el.get("id"))
        ref = ctx.refs.get(key)
        if ref is None:
            ref = ctx.refs[key] = Ref(id=key[1], href=key[0])
        return ref


def list_converter(item: Reader) -> Reader:
    """A wrapper element: ``<nics/>`` -> [], items that read as None are skipped."""

    def convert(el: Any, ctx: Context) -> list:
        values = []
        for child in el:
            value = item(child, ctx)
            if value is not None:
                values.append(value)
        return values

    return convert


def text_item(convert: Callable[[str | None], Any] | None) -> Reader:
    """List items that are plain values: ``<usages><usage>vm</usage></usages>``."""
    if convert is None:
        return lambda el, ctx: el.text or ""
    return lambda el, ctx: convert(el.text)
