"""Strict round-trip audit of simulator XML through the official SDK's reader (ovirtsdk4).

Helper of ``sdk_conformance.py``; runs under the SDK's virtualenv, needs only the
standard library and ``ovirtsdk4``. Not collected by pytest (CI has no SDK).

The SDK's reader is lenient: an element whose name it does not know is skipped and
an enum value it cannot parse becomes None, silently. So "the SDK parsed it" proves
little. ``audit()`` walks the raw document next to the object the SDK built from it
and reports every element, ``<link rel>`` and value the SDK did not take in.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import re
import xml.etree.ElementTree as ET
from functools import cache
from itertools import pairwise
from typing import Any

from ovirtsdk4 import List, reader, readers, services, types

# Elements the SDK deliberately does not map to attributes.
_IGNORED = {"actions"}
_CLASS = re.compile(r"^class (\w+)Reader\(Reader\):", re.MULTILINE)
_TAG = re.compile(r"tag == '(\w+)':\s*\n\s*obj\.(\w+) =")
_REL = re.compile(r'rel == "([\w/]+)":\s*\n\s*if obj\.(\w+) is not None')


@cache
def _reader_tables() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Per SDK type, what its generated reader maps: element tag -> attribute, link rel -> attribute.

    Read from the SDK's own readers module, so the audit knows exactly what the SDK
    takes in (``<transparent_hugepages>`` -> ``transparent_huge_pages`` and the like).
    """
    source = inspect.getsource(readers)
    starts = [(m.start(), m.group(1)) for m in _CLASS.finditer(source)] + [(len(source), "")]
    tables = {}
    for (start, name), (end, _) in pairwise(starts):
        chunk = source[start:end]
        tables[name] = (dict(_TAG.findall(chunk)), dict(_REL.findall(chunk)))
    return tables


def _tables(obj: Any) -> tuple[dict[str, str], dict[str, str]]:
    return _reader_tables().get(type(obj).__name__, ({}, {}))


def _service_locator(obj: Any, rel: str) -> bool:
    """A link the type has no attribute for but the SDK reaches as a sub-service (``vm/backups``)."""
    name = "SystemService" if isinstance(obj, types.Api) else type(obj).__name__ + "Service"
    service = getattr(services, name, None)
    base = rel.removesuffix("/search")
    return service is not None and any(
        attr.endswith("_service") and attr[:-len("_service")].replace("_", "") == base.replace("_", "")
        for attr in dir(service))


def _text(element: ET.Element) -> str:
    return (element.text or "").strip()


def _has_content(element: ET.Element) -> bool:
    return bool(_text(element)) or len(element) > 0 or bool(element.attrib)


def _scalar_problem(value: Any, element: ET.Element, path: str) -> str | None:
    text = _text(element)
    if isinstance(value, enum.Enum):
        return None if value.value == text else f"{path}: enum read as {value.value!r}, XML has {text!r}"
    if isinstance(value, bool):
        return None if text in ("true", "false") and (text == "true") == value else \
            f"{path}: boolean {text!r} read as {value!r}"
    if isinstance(value, (int, float)):
        try:
            same = float(text) == float(value)
        except ValueError:
            same = False
        return None if same else f"{path}: number {text!r} read as {value!r}"
    if isinstance(value, datetime.datetime):
        return None if value.tzinfo is not None else f"{path}: date {text!r} read without a time zone"
    if isinstance(value, str):  # the SDK keeps surrounding whitespace, _text() does not
        return None if value.strip() == text else f"{path}: text {text!r} read as {value!r}"
    return f"{path}: unexpected SDK value {type(value).__name__}"


def audit(element: ET.Element, obj: Any, path: str, problems: list[str]) -> None:
    """Append to ``problems`` everything in ``element`` the SDK object ``obj`` lost."""
    if isinstance(obj, list):
        items = [c for c in element]
        if len(items) != len(obj):
            problems.append(f"{path}: {len(items)} elements, SDK read {len(obj)}")
        for index, (child, item) in enumerate(zip(items, obj)):
            _audit_value(child, item, f"{path}/{child.tag}[{index}]", problems)
        return
    for name in ("id", "href"):
        wire = element.get(name)
        kept = getattr(obj, name, None)
        kept = kept.value if isinstance(kept, enum.Enum) else kept
        if wire is not None and (str(kept) if kept is not None else None) != wire:
            problems.append(f"{path}/@{name}: {wire!r} read as {kept!r}")
    tags, rels = _tables(obj)
    seen: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if tag in _IGNORED:
            continue
        if tag == "link":
            rel, href = child.get("rel", ""), child.get("href")
            attr = rels.get(rel)
            if attr is None:
                if not _service_locator(obj, rel):
                    problems.append(f"{path}/link[@rel={rel}]: no such link in SDK type {type(obj).__name__}")
                continue
            kept = getattr(obj, attr)
            if getattr(kept, "href", None) != href:
                problems.append(f"{path}/link[@rel={rel}]: href not kept by the SDK")
            continue
        seen[tag] = seen.get(tag, 0) + 1
        if seen[tag] > 1:
            problems.append(f"{path}/{tag}: repeated element, the SDK keeps only one")
            continue
        attr = tags.get(tag)
        if attr is None:
            problems.append(f"{path}/{tag}: element unknown to SDK type {type(obj).__name__}")
            continue
        _audit_value(child, getattr(obj, attr), f"{path}/{tag}", problems)


def _audit_value(element: ET.Element, value: Any, path: str, problems: list[str]) -> None:
    if value is None:
        if _has_content(element):
            problems.append(f"{path}: present in XML ({_text(element)!r}) but read as None")
        return
    if isinstance(value, (list, types.Struct)):
        audit(element, value, path, problems)
        return
    problem = _scalar_problem(value, element, path)
    if problem:
        problems.append(problem)


def read_and_audit(body: bytes, max_problems: int = 20) -> tuple[Any, list[str]]:
    """Parse ``body`` with the SDK's Reader and audit it; returns (SDK object, problems)."""
    obj = reader.Reader.read(body)
    root = ET.fromstring(body)
    problems: list[str] = []
    audit(root, obj, "/" + root.tag, problems)
    # One problem per distinct location pattern is enough to act on.
    unique: dict[str, str] = {}
    for problem in problems:
        key = _pattern(problem)
        unique.setdefault(key, problem)
    return obj, list(unique.values())[:max_problems]


def _pattern(problem: str) -> str:
    """``/vms/vm[3]/nics`` and ``/vms/vm[7]/nics`` are the same problem."""
    return re.sub(r"\[\d+\]", "", problem.split(": ", 1)[0])


def is_list(obj: Any) -> bool:
    return isinstance(obj, List)
