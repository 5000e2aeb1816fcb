"""Compiles, once at import, how each record class is read from XML.

The dataclass type hints of ``console.api.types`` say how each child element reads:
  ``str``                  element text (``<x></x>`` and ``<x/>`` both read '', see below)
  ``int`` ``float`` ``bool`` ``datetime``   parsed text; None when empty or unreadable
  a ``StrEnum``            the member, or the raw text when unknown
  a ``Struct`` subclass    a nested record
  ``Ref | X``              a shared ``Ref`` when the element has no children, else a full X
  ``list[...]``            a wrapper element, each child read as the item type;
                           ``<nics/>`` -> ``[]``; no wrapper -> None
Entities also read ``id``/``href`` attributes, ``<actions>`` and ``<link rel>``.
A field's element name is the field name, or ``metadata["tag"]`` (``import_``).
Elements no field names are ignored.

Strings: lxml's tree cannot tell ``<x></x>`` from ``<x/>``, so an empty string
element reads as ''. The engine writes empty strings as ``<x></x>`` and leaves
unset ones out, so '' versus None keeps its meaning on real documents.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import datetime
from enum import StrEnum
from types import UnionType
from typing import Any

from console.api import enums as _enums
from console.api import types as _types
from console.api.reader.convert import (
    LINK,
    NODE,
    REF,
    SHARED,
    TEXT,
    VALUE,
    Reader,
    RefReader,
    SharedStruct,
    Spec,
    entity_reader,
    list_converter,
    read_actions,
    struct_reader,
    text_item,
)
from console.api.reader.values import (
    enum_reader,
    read_bool,
    read_date,
    read_float,
    read_int,
)
from console.api.types.base import Entity, Ref, Struct

_SCALARS: dict[type, Any] = {
    bool: read_bool,
    int: read_int,
    float: read_float,
    datetime: read_date,
    str: None,
}

_NAMESPACE: dict[str, Any] = {
    **{k: v for k, v in vars(_types).items() if isinstance(v, type)},
    **{k: v for k, v in vars(_enums).items() if isinstance(v, type)},
    "datetime": datetime,
}


# Structures most VMs, hosts or clusters have in common: read once per document and
# shared. Not Display (ports differ per running VM) nor anything carrying addresses.
_SHARED: set[type] = {
    _types.Bios,
    _types.Boot,
    _types.BootMenu,
    _types.Certificate,
    _types.Console,
    _types.Cpu,
    _types.CpuTopology,
    _types.CustomProperty,  # an item of per-record lists (the lists themselves are not shared)
    _types.ErrorHandling,
    _types.FencingPolicy,
    _types.GuestOperatingSystem,
    _types.HighAvailability,
    _types.Initialization,
    _types.Io,
    _types.Kernel,
    _types.MemoryPolicy,
    _types.MigrationOptions,
    _types.OperatingSystem,
    _types.Sso,
    _types.TimeZone,
    _types.Usb,
    _types.Version,
    _types.VmPlacementPolicy,
}


def _reader(cls: type, spec: Spec) -> Reader:
    if issubclass(cls, Entity):
        return entity_reader(cls, spec)
    if cls in _SHARED:
        return SharedStruct(cls, spec)
    return struct_reader(cls, spec)


def _record_classes() -> list[type]:
    return [
        obj
        for obj in vars(_types).values()
        if isinstance(obj, type) and issubclass(obj, Struct) and dataclasses.is_dataclass(obj)
    ]


def _options(hint: Any) -> list[Any]:
    """The non-None alternatives of a hint (``Ref | Cluster | None`` -> [Ref, Cluster])."""
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        return [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return [hint]


def _value(options: list[Any], readers: dict[type, Reader]) -> tuple[int, Any]:
    """(kind, converter) for one value type."""
    records = [o for o in options if isinstance(o, type) and issubclass(o, Struct)]
    enum_types = [o for o in options if isinstance(o, type) and issubclass(o, StrEnum)]
    if enum_types:
        return VALUE, enum_reader(enum_types[0])
    if Ref in options:
        return REF, RefReader(readers[records[0]] if records else None)
    if records:
        read = readers[records[0]]
        return (SHARED if isinstance(read, SharedStruct) else NODE), read
    (only,) = options
    if only not in _SCALARS:
        raise TypeError(f"no XML reading for {only!r}")
    convert = _SCALARS[only]
    return (TEXT, None) if convert is None else (VALUE, convert)


def _field(hint: Any, readers: dict[type, Reader]) -> tuple[int, Any]:
    options = _options(hint)
    if len(options) == 1 and typing.get_origin(options[0]) is list:
        (item_hint,) = typing.get_args(options[0])
        kind, convert = _value(_options(item_hint), readers)
        item = convert if kind >= NODE else text_item(convert)
        return NODE, list_converter(item)
    return _value(options, readers)


def _build() -> dict[type, Reader]:
    classes = _record_classes()
    specs: dict[type, Spec] = {cls: {} for cls in classes}
    # Readers first, closing over still-empty specs, so any field can refer to any reader.
    readers: dict[type, Reader] = {cls: _reader(cls, specs[cls]) for cls in classes}
    for cls in classes:
        hints = typing.get_type_hints(cls, globalns=_NAMESPACE)
        spec = specs[cls]
        for f in dataclasses.fields(cls):
            if f.name in ("id", "href", "actions", "_links"):
                continue  # attributes and entity plumbing, read by entity_reader
            kind, convert = _field(hints[f.name], readers)
            spec[f.metadata.get("tag", f.name)] = (f.name, kind, convert)
        if issubclass(cls, Entity):
            spec["actions"] = ("actions", NODE, read_actions)
            spec["link"] = ("_links", LINK, None)
    return readers


READERS: dict[type, Reader] = _build()
"""Record class -> ``read(element, ctx)``."""
