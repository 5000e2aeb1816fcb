"""Parse request bodies (``<action>``, ``<snapshot>``, ``<event>``…) into plain dicts.

The engine unmarshals bodies with JAXB and answers malformed XML with 400
``Request syntactically incorrect.``; this module raises ``BodyError`` for the same
cases. Parsing uses a hardened lxml parser (no entities, no network, no DTDs).
Children are also kept in their original form so an ``<action>`` reply can echo them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from .xml.common import PAD, attr, esc

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_TRUE = {"t", "true", "y", "yes", "1"}
_FALSE = {"f", "false", "n", "no", "0"}
APIDOC_HINT = "For correct usage, see: /ovirt-engine/apidoc"

# Action children that are booleans on the wire (engine ``Action`` type).
BOOLEAN_FIELDS = frozenset({
    "async", "force", "restore_memory", "pause", "use_cloud_init", "use_sysprep", "use_ignition",
    "use_initialization", "volatile", "maintenance_after_restart", "stop_gluster_service",
    "discard_snapshots", "exclusive", "filter", "migrate_vms_in_affinity_closure", "attach_wgt",
    "maintenance_enabled", "reboot", "activate", "succeeded", "persist_memorystate",
    "check_connectivity", "commit_on_success", "detach_only", "optimize_cpu_settings",
})


class BodyError(Exception):
    """A body the engine would refuse; ``status``/``reason``/``detail`` form the fault."""

    def __init__(self, reason: str, detail: str, status: int = 400) -> None:
        super().__init__(f"{reason}: {detail}")
        self.status, self.reason, self.detail = status, reason, detail


@dataclass
class Body:
    """A parsed request body: root tag, id attribute, converted children, echo lines."""

    tag: str
    id: str | None
    values: dict[str, Any]
    echo: dict[str, list[str]] = field(default_factory=dict)  # child tag -> depth-0 lines

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def parse_bool(text: str, name: str = "value") -> bool:
    low = text.strip().lower()
    if low in _TRUE or low == "":  # a present-but-empty boolean means true
        return True
    if low in _FALSE:
        return False
    raise BodyError("Invalid value", f"{text} is not a valid boolean value for {name}")


def _convert(element: etree._Element) -> Any:
    """Element -> str (plain leaf) or dict (attributes + children; repeated tags -> list)."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children and not element.attrib:
        return (element.text or "").strip()
    result: dict[str, Any] = dict(element.attrib)
    for child in children:
        value = _convert(child)
        if child.tag in BOOLEAN_FIELDS and isinstance(value, str):
            value = parse_bool(value, child.tag)
        if child.tag in result:
            existing = result[child.tag]
            if isinstance(existing, list) and getattr(existing, "_repeated", False):
                existing.append(value)
            else:
                repeated = _Repeated([existing, value])
                result[child.tag] = repeated
        else:
            result[child.tag] = value
    return result


class _Repeated(list):
    _repeated = True


def serialize(element: etree._Element) -> list[str]:
    """Re-serialise a request element as depth-0 lines in the engine's 4-space style."""
    attrs = "".join(f' {k}="{attr(v)}"' for k, v in element.attrib.items())
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        text = (element.text or "").strip()
        if not text and element.text is None:
            return [f"<{element.tag}{attrs}/>"]
        return [f"<{element.tag}{attrs}>{esc(text)}</{element.tag}>"]
    lines = [f"<{element.tag}{attrs}>"]
    for child in children:
        lines.extend(PAD + line for line in serialize(child))
    lines.append(f"</{element.tag}>")
    return lines


def parse_body(raw: bytes, expected: str | tuple[str, ...]) -> Body:
    """Parse ``raw`` whose root must be ``expected``; raise BodyError like the engine."""
    if not raw.strip():
        raise BodyError("Request syntactically incorrect.", APIDOC_HINT)
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError:
        raise BodyError("Request syntactically incorrect.", APIDOC_HINT) from None
    if root.getroottree().docinfo.doctype:
        # The engine's unmarshaller disallows DOCTYPE declarations (XXE hardening).
        raise BodyError("Request syntactically incorrect.", APIDOC_HINT)
    expected_tags = (expected,) if isinstance(expected, str) else expected
    if not isinstance(root.tag, str) or root.tag not in expected_tags:
        raise BodyError("Request syntactically incorrect.", APIDOC_HINT)
    values = _convert(root)
    if isinstance(values, str):
        values = {}
    values.pop("href", None)
    id_ = values.pop("id", None)
    echo: dict[str, list[str]] = {}
    for child in root:
        if isinstance(child.tag, str):
            echo.setdefault(child.tag, []).extend(serialize(child))
    return Body(root.tag, id_, values, echo)


def reference(value: Any) -> dict[str, str] | None:
    """A reference given in a body (``<host id="…"/>`` or ``<host><name>h</name></host>``)."""
    if value is None:
        return None
    if isinstance(value, str):  # <host/> or <host></host>: present but empty
        return {}
    if isinstance(value, dict):
        ref: dict[str, str] = {}
        if isinstance(value.get("id"), str):
            ref["id"] = value["id"]
        if isinstance(value.get("name"), str):
            ref["name"] = value["name"]
        return ref
    return None
