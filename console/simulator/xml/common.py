"""Building blocks of the engine's XML: escaping, dates, references, links, actions.

Documents are written as strings, not trees: a 10,000-VM list must render in about a
second, and string concatenation is an order of magnitude faster than lxml trees.
Every renderer produces a fragment at depth 0 (no leading indent, lines joined by
``\\n``); ``indent()`` shifts a fragment when it is nested. Text never contains a raw
newline (it is escaped as ``&#10;``), so shifting by replacing ``\\n`` is safe.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

API = "/ovirt-engine/api"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPE = "application/xml;charset=UTF-8"
PAD = "    "

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def esc(value: object) -> str:
    """Escape element text. Booleans are written the way JAXB writes them."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    text = value if isinstance(value, str) else str(value)
    return text.translate(_TEXT_ESCAPES)


def attr(value: object) -> str:
    return str(value).translate(_ATTR_ESCAPES)


def fmt_date(value: datetime | float | int | None) -> str | None:
    """xsd:dateTime with milliseconds and a numeric offset, e.g. 2020-02-03T18:51:47.577+01:00."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, tz=timezone.utc)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:"
        f"{value.second:02d}.{value.microsecond // 1000:03d}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    )


def indent(fragment: str, levels: int = 1) -> str:
    """Shift a depth-0 fragment right by ``levels`` indentation steps."""
    pad = PAD * levels
    return pad + fragment.replace("\n", "\n" + pad)


def leaf(tag: str, value: object) -> str:
    """``<tag>value</tag>``; an empty string stays ``<tag></tag>`` as JAXB writes it."""
    return f"<{tag}>{esc(value)}</{tag}>"


def opt(tag: str, value: object) -> list[str]:
    """A leaf when the value is known; absent (not empty) when it is None."""
    return [] if value is None else [f"<{tag}>{esc(value)}</{tag}>"]


def ref(tag: str, href: str, id_: str) -> str:
    return f'<{tag} href="{attr(href)}" id="{attr(id_)}"/>'


def ref_to(tag: str, collection: str, id_: str | None) -> list[str]:
    """Reference to a top-level object, e.g. ``<cluster href=".../clusters/X" id="X"/>``."""
    if not id_:
        return []
    return [f'<{tag} href="{API}/{collection}/{id_}" id="{id_}"/>']


def link(href: str, rel: str) -> str:
    return f'<link href="{attr(href)}" rel="{attr(rel)}"/>'


def links(href: str, rels: Iterable[str]) -> list[str]:
    return [f'<link href="{href}/{rel}" rel="{rel}"/>' for rel in rels]


def actions(href: str, verbs: Iterable[str]) -> list[str]:
    verbs = list(verbs)
    if not verbs:
        return ["<actions/>"]
    lines = ["<actions>"]
    lines.extend(f'{PAD}<link href="{href}/{verb}" rel="{verb}"/>' for verb in verbs)
    lines.append("</actions>")
    return lines


def block(tag: str, children: Iterable[str], attrs: str = "") -> list[str]:
    """``<tag>`` with already-rendered depth-0 child lines nested one level."""
    body = [PAD + line.replace("\n", "\n" + PAD) for line in children]
    if not body:
        return [f"<{tag}{attrs}/>"]
    return [f"<{tag}{attrs}>", *body, f"</{tag}>"]


def struct(tag: str, **fields: object) -> list[str]:
    """A nested struct of scalar leaves in the given order; None fields are omitted."""
    return block(tag, [leaf(k, v) for k, v in fields.items() if v is not None])


def entity_open(tag: str, href: str | None, id_: str | None) -> str:
    if href is None and id_ is None:
        return f"<{tag}>"
    if href is None:
        return f'<{tag} id="{attr(id_)}">'
    return f'<{tag} href="{attr(href)}" id="{attr(id_)}">'


def entity(tag: str, href: str | None, id_: str | None, children: list[str]) -> str:
    """A whole entity element at depth 0."""
    head = entity_open(tag, href, id_)
    if not children:
        return head[:-1] + "/>"
    body = "\n".join(PAD + line.replace("\n", "\n" + PAD) for line in children)
    return f"{head}\n{body}\n</{tag}>"


def collection(tag: str, fragments: Iterable[str]) -> str:
    """A collection wrapper around depth-0 entity fragments; empty collections are ``<tag/>``."""
    items = [indent(fragment) for fragment in fragments]
    if not items:
        return f"<{tag}/>"
    return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>"


def document(fragment: str) -> str:
    return XML_DECLARATION + fragment + "\n"


def version_struct(tag: str, full: str | None, major: int, minor: int, build: int | None = None,
                   revision: int | None = None) -> list[str]:
    """The engine's <version> shape: build, full_version, major, minor, revision (alphabetical)."""
    return struct(tag, build=build, full_version=full, major=major, minor=minor, revision=revision)
