"""Element -> record conversion, compiled once per record class.

For every record class a dispatch dict maps each child tag to a small handler
closure that already knows the slot to fill and how to read the value, derived
once from the dataclass type hints. Converting an element is then one dict lookup
and one call per child: no per-element reflection, no regexes.

Type hints -> how a child element is read:
  ``str``                  element text; ``<x></x>`` and ``<x/>`` both read '' (see below)
  ``int`` / ``float`` / ``bool`` / ``datetime``   parsed text, ``None`` when empty
  a ``StrEnum``            the member, or the raw text when unknown
  a ``Struct`` subclass    nested record
  ``Ref | X``              a shared ``Ref`` when the element has no children, else a full X
  ``list[...]``            wrapper element; each child read as the item type;
                           ``<nics/>`` -> ``[]``, no wrapper -> ``None``
Entities also read ``id``/``href`` attributes, ``<actions>`` and ``<link rel>``.

Strings: lxml's tree cannot tell ``<x></x>`` from ``<x/>``, so an empty string
element always reads as ''. The engine writes empty strings as ``<x></x>`` and
leaves unset strings out, so '' and None keep their meaning on real documents.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import datetime
from enum import StrEnum
from types import UnionType
from typing import Any, Callable

from console.api import enums as _enums
from console.api import types as _types
from console.api.reader.values import enum_lookup, read_date, read_float
from console.api.types.base import Entity, Ref, Struct

Handler = Callable[[Any, Any, "Context"], None]
Reader = Callable[[Any, "Context"], Any]

_BOOLS: dict[str | None, bool] = {"true": True, "false": False, "1": True, "0": False}


class Context:
    """Per-document caches: identical references and rel tuples are stored once."""

    __slots__ = ("refs", "tuples")

    def __init__(self) -> None:
        self.refs: dict[tuple[str | None, str | None], Ref] = {}
        self.tuples: dict[tuple[str, ...], tuple[str, ...]] = {}

    def ref(self, el: Any) -> Ref:
        get = el.get
        key = (get("href"), get("id"))
        ref = self.refs.get(key)
        if ref is None:
            ref = self.refs[key] = Ref(id=key[1], href=key[0])
        return ref

    def named_ref(self, el: Any) -> Ref:
        """A reference to a type we do not model, inlined with children: keep its name."""
        return Ref(id=el.get("id"), href=el.get("href"), name=el.findtext("name"))

    def finish_links(self, obj: Entity, links: list[tuple[str, str]]) -> None:
        base = obj.href
        if base is not None:
            prefix = base + "/"
            if all(href == prefix + rel for rel, href in links):
                rels = tuple(rel for rel, _ in links)
                obj._links = self.tuples.setdefault(rels, rels)
                return
        obj._links = dict(links)


# --- handlers: one closure per (class, child tag) --------------------------------


def _str(setter: Callable) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        setter(obj, el.text or "")

    return handle


def _int(setter: Callable) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        text = el.text
        if text:
            try:
                setter(obj, int(text))
            except ValueError:
                pass  # unreadable number: leave the field unset

    return handle


def _bool(setter: Callable) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        text = el.text
        value = _BOOLS.get(text)
        if value is None and text:
            value = _BOOLS.get(text.strip().lower())
        if value is not None:
            setter(obj, value)

    return handle


def _parsed(setter: Callable, read: Callable[[str | None], Any]) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        value = read(el.text)
        if value is not None:
            setter(obj, value)

    return handle


def _enum(setter: Callable, table: dict[str, StrEnum]) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        text = el.text
        if text:
            member = table.get(text)
            if member is None:  # other spelling, or a value newer than this client
                member = table.get(text.strip().lower(), text)
            setter(obj, member)

    return handle


def _struct(setter: Callable, read: Reader) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        setter(obj, read(el, ctx))

    return handle


def _ref(setter: Callable, read: Reader | None) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        if len(el):  # children beyond id/href: the object was inlined (follow)
            setter(obj, read(el, ctx) if read is not None else ctx.named_ref(el))
        else:
            setter(obj, ctx.ref(el))

    return handle


def _list(setter: Callable, item: Callable[[Any, Context], Any]) -> Handler:
    def handle(obj: Any, el: Any, ctx: Context) -> None:
        values = []
        for child in el:
            if child.tag.__class__ is str:  # skip comments and processing instructions
                value = item(child, ctx)
                if value is not None:
                    values.append(value)
        setter(obj, values)

    return handle


def _actions(obj: Any, el: Any, ctx: Context) -> None:
    rels = tuple([rel for rel in (link.get("rel") for link in el) if rel])
    obj.actions = ctx.tuples.setdefault(rels, rels)


def _link(obj: Any, el: Any, ctx: Context) -> None:
    # Collected in the slot as a list while reading; Context.finish_links compacts it.
    get = el.get
    rel = get("rel")
    href = get("href")
    if rel and href:
        links = obj._links
        if links is None:
            obj._links = [(rel, href)]
        else:
            links.append((rel, href))


# --- list items ---------------------------------------------------------------------


def _item_text(el: Any, ctx: Context) -> str:
    return el.text or ""


def _item_enum(table: dict[str, StrEnum]) -> Callable[[Any, Context], Any]:
    def item(el: Any, ctx: Context) -> StrEnum | str | None:
        text = el.text
        if not text:
            return None
        member = table.get(text)
        return member if member is not None else table.get(text.strip().lower(), text)

    return item


def _item_ref(read: Reader | None) -> Callable[[Any, Context], Any]:
    def item(el: Any, ctx: Context) -> Any:
        if len(el):
            return read(el, ctx) if read is not None else ctx.named_ref(el)
        return ctx.ref(el)

    return item


# --- readers: one per record class ---------------------------------------------------


def _struct_reader(cls: type, spec: dict[str, Handler]) -> Reader:
    get_handler = spec.get

    def read(el: Any, ctx: Context) -> Any:
        obj = cls()
        for child in el:
            handle = get_handler(child.tag)
            if handle is not None:
                handle(obj, child, ctx)
        return obj

    return read


def _entity_reader(cls: type, spec: dict[str, Handler]) -> Reader:
    get_handler = spec.get

    def read(el: Any, ctx: Context) -> Any:
        obj = cls()
        get = el.get
        obj.id = get("id")
        obj.href = get("href")
        for child in el:
            handle = get_handler(child.tag)
            if handle is not None:
                handle(obj, child, ctx)
        links = obj._links
        if links is not None:
            ctx.finish_links(obj, links)
        return obj

    return read


def _record_classes() -> list[type]:
    return [
        obj
        for obj in vars(_types).values()
        if isinstance(obj, type) and issubclass(obj, Struct) and dataclasses.is_dataclass(obj)
    ]


_NAMESPACE: dict[str, Any] = {
    **{k: v for k, v in vars(_types).items() if isinstance(v, type)},
    **{k: v for k, v in vars(_enums).items() if isinstance(v, type)},
    "datetime": datetime,
}


def _members(hint: Any) -> list[Any]:
    """The non-None alternatives of a (possibly union) hint."""
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        return [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return [hint]


def _value_kind(options: list[Any], readers: dict[type, Reader]) -> tuple[str, Any]:
    """Classify one value type: ('enum', table) / ('ref', reader) / ('struct', reader) / scalar."""
    records = [o for o in options if isinstance(o, type) and issubclass(o, Struct)]
    enums = [o for o in options if isinstance(o, type) and issubclass(o, StrEnum)]
    if enums:
        return "enum", enum_lookup(enums[0])
    if Ref in options:
        return "ref", readers[records[0]] if records else None
    if records:
        return "struct", readers[records[0]]
    (only,) = options
    for kind in (bool, int, float, datetime, str):  # bool before int: bool is an int
        if only is kind:
            return kind.__name__, None
    raise TypeError(f"no reader for {only!r}")


def _handler(setter: Callable, hint: Any, readers: dict[type, Reader]) -> Handler:
    options = _members(hint)
    if len(options) == 1 and typing.get_origin(options[0]) is list:
        kind, arg = _value_kind(_members(typing.get_args(options[0])[0]), readers)
        if kind == "enum":
            item = _item_enum(arg)
        elif kind == "ref":
            item = _item_ref(arg)
        elif kind == "struct":
            item = arg
        elif kind == "str":
            item = _item_text
        else:
            raise TypeError(f"no list reader for {hint!r}")
        return _list(setter, item)
    kind, arg = _value_kind(options, readers)
    if kind == "enum":
        return _enum(setter, arg)
    if kind == "ref":
        return _ref(setter, arg)
    if kind == "struct":
        return _struct(setter, arg)
    scalar = {"str": _str, "int": _int, "bool": _bool}
    if kind in scalar:
        return scalar[kind](setter)
    return _parsed(setter, read_float if kind == "float" else read_date)


def _build() -> dict[type, Reader]:
    classes = _record_classes()
    specs: dict[type, dict[str, Handler]] = {cls: {} for cls in classes}
    # Readers first (closing over still-empty specs) so handlers can refer to any of them.
    readers: dict[type, Reader] = {
        cls: (_entity_reader if issubclass(cls, Entity) else _struct_reader)(cls, specs[cls])
        for cls in classes
    }
    for cls in classes:
        hints = typing.get_type_hints(cls, globalns=_NAMESPACE)
        spec = specs[cls]
        for f in dataclasses.fields(cls):
            if f.name in ("id", "href", "actions", "_links"):
                continue
            setter = getattr(cls, f.name).__set__  # the slot descriptor: no name lookup
            spec[f.metadata.get("tag", f.name)] = _handler(setter, hints[f.name], readers)
        if issubclass(cls, Entity):
            spec["actions"] = _actions
            spec["link"] = _link
    return readers


READERS: dict[type, Reader] = _build()
