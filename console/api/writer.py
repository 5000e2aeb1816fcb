"""Request bodies (``<action>`` and entity documents) as the official SDK writes them.

The SDK's generated writers emit ``href`` and ``id`` as attributes, then every set
member as a child element in alphabetical order of its XML name, with 2-space
indentation and no XML declaration; an action without parameters is ``<action/>``.
The engine's JAXB reader is strict, so we mirror that exactly and write only what
the caller set.

Values a body may hold:

* ``None``: left out; ``bool``: ``true``/``false``; numbers: decimal text;
  ``datetime``: ISO 8601; string enums: their value; ``str``: escaped text.
* a ``Mapping``: a nested element (``id``/``href`` keys become attributes).
* a list or tuple: a wrapper element holding one singular child per item
  (``disks`` -> ``<disks><disk .../></disks>``).
* a record (a dataclass or slotted object, e.g. one the reader returned): its set
  members, like a mapping.
* ``Ref(...)`` or any value passed where the SDK expects a reference (``host=``):
  only ``id`` (or ``name`` when there is no id), never the whole object.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

_ATTRIBUTES = ("href", "id")

# Wrapper -> item names that are not a plain trailing "s".
_SINGULAR = {
    "statistics": "statistic",
    "properties": "property",
    "discovered_targets": "iscsi_details",
    "modified_bonds": "host_nic",
    "removed_bonds": "host_nic",
    "modified_labels": "network_label",
    "removed_labels": "network_label",
    "modified_network_attachments": "network_attachment",
    "removed_network_attachments": "network_attachment",
    "synchronized_network_attachments": "network_attachment",
    "vnic_profile_mappings": "vnic_profile_mapping",
    "addresses": "address",
    "slaves": "host_nic",
}


def singular(wrapper: str) -> str:
    """Item element name for a list wrapper."""
    if wrapper in _SINGULAR:
        return _SINGULAR[wrapper]
    if wrapper.endswith("ies"):
        return wrapper[:-3] + "y"
    if wrapper.endswith("s"):
        return wrapper[:-1]
    return wrapper


@dataclasses.dataclass(frozen=True, slots=True)
class Ref:
    """A reference written as ``<x id="..."/>`` or ``<x><name>...</name></x>``."""

    id: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.id is None and self.name is None:
            raise ValueError("a reference needs an id or a name")


def reference(value: Any) -> Any:
    """Reduce a value given for a reference parameter to what the engine needs.

    A string is an id; a record keeps only its ``id`` (or ``name``); mappings and
    ``Ref`` are taken as given. The engine resolves the rest.
    """
    if value is None or isinstance(value, (Ref, Mapping)):
        return value
    if isinstance(value, str):
        return Ref(id=value)
    ident = getattr(value, "id", None)
    if ident is not None:
        return Ref(id=str(ident))
    name = getattr(value, "name", None)
    if name is not None:
        return Ref(name=str(name))
    raise TypeError(f"cannot use {type(value).__name__} as a reference: it has no id or name")


def write(root: str, fields: Any = None) -> bytes:
    """Serialise ``fields`` (mapping, record or ``None``) under ``root``; UTF-8 bytes."""
    out: list[str] = []
    _element(out, root, fields if fields is not None else {}, 0)
    return "".join(out).encode("utf-8")


def write_action(**params: Any) -> bytes:
    """An ``<action>`` body; keyword names are the SDK's (``async_`` -> ``<async>``)."""
    fields = {_element_name(name): value for name, value in params.items()}
    return write("action", fields)


def _element_name(name: str) -> str:
    return name[:-1] if name.endswith("_") else name


def _members(value: Any) -> Iterable[tuple[str, Any]]:
    """(xml name, value) pairs of a mapping, Ref or record; unset members skipped."""
    if isinstance(value, Mapping):
        items = ((str(k), v) for k, v in value.items())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Records: only members that differ from their default (e.g. ``actions=()``).
        items = (
            (f.name, getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_") and getattr(value, f.name) != f.default
        )
    else:
        names: list[str] = []
        for cls in type(value).__mro__:
            names.extend(getattr(cls, "__slots__", ()))
        if not names and hasattr(value, "__dict__"):
            names = list(vars(value))
        items = ((n, getattr(value, n, None)) for n in names if not n.startswith("_"))
    return ((_element_name(k), v) for k, v in items if v is not None)


def _scalar(value: Any) -> str | None:
    """Text for a scalar value, or None when the value is structured."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (str, int, float, Decimal)):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return None


# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape_text(text: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise ValueError(f"character {bad.group()!r} cannot be sent in XML")
    # "\r" as a reference, as libxml2 writes it: a parser would turn a raw one into "\n".
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _escape_attr(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _element(out: list[str], name: str, value: Any, depth: int) -> None:
    pad = "  " * depth
    text = _scalar(value)
    if text is not None:
        out.append(
            f"{pad}<{name}>{_escape_text(text)}</{name}>\n"
            if depth
            else f"<{name}>{_escape_text(text)}</{name}>"
        )
        return
    if isinstance(value, (list, tuple)):
        children = [(singular(name), item) for item in value if item is not None]
        attrs = ""
    else:
        members = dict(_members(value))
        attrs = "".join(
            f' {a}="{_escape_attr(str(members.pop(a)))}"' for a in _ATTRIBUTES if a in members
        )
        children = sorted(members.items())
    end = "\n" if depth else ""
    if not children:
        out.append(f"{pad}<{name}{attrs}/>{end}")
        return
    out.append(f"{pad}<{name}{attrs}>\n")
    for child_name, child in children:
        _element(out, child_name, child, depth + 1)
    out.append(f"{pad}</{name}>{end}")
