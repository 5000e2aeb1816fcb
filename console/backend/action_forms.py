"""Forms for oVirt actions: which parameters an action takes, and its ``<action>`` body.

The table (console/backend/action_params.py) is generated from the reference endpoint
index; this module matches a concrete path such as ``vms/123/start`` against its
patterns and turns the values a user typed into the XML the engine expects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from console.backend.action_params import ACTIONS, ENUMS, PARAM_TYPES

__all__ = ["ActionForm", "FormParam", "build_body", "form_for"]

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@dataclass(frozen=True, slots=True)
class FormParam:
    """One ``<action>`` child: ``kind`` is boolean/string/integer/decimal/date/enum/ref/refs/strings."""

    name: str
    kind: str
    detail: str = ""  # enum name, referenced type, or list item element
    choices: tuple[str, ...] = ()

    @property
    def hint(self) -> str:
        """What to type, shown next to the field."""
        if self.kind == "enum":
            return " | ".join(self.choices)
        if self.kind == "ref":
            return f"{self.detail} id (or name=NAME)"
        if self.kind == "refs":
            return f"{self.detail} ids, comma separated"
        if self.kind == "strings":
            return "values, comma separated"
        return "true | false" if self.kind == "boolean" else self.kind


@dataclass(frozen=True, slots=True)
class ActionForm:
    path: str  # the concrete entity path, e.g. "vms/123"
    verb: str  # the last path segment, e.g. "start"
    method: str  # the SDK's method name, e.g. "start"; the verb itself when unknown
    params: tuple[FormParam, ...]
    known: bool  # False: not in the index; an empty <action/> is still allowed


def _matches(pattern: list[str], parts: list[str]) -> int:
    """How many literal segments agree, or -1 when the path does not fit the pattern."""
    if len(pattern) != len(parts):
        return -1
    score = 0
    for want, got in zip(pattern, parts):
        if want.startswith("{"):
            continue
        if want != got:
            return -1
        score += 1
    return score


def form_for(path: str, verb: str) -> ActionForm:
    """The form of ``verb`` on the entity at ``path`` (relative to the API root)."""
    path = path.strip("/")
    parts = [*path.split("/"), verb] if path else [verb]
    best, best_score = None, -1
    for pattern, entry in ACTIONS.items():
        score = _matches(pattern.split("/"), parts)
        if score > best_score:
            best, best_score = entry, score
    if best is None:
        return ActionForm(path, verb, verb, (), known=False)
    method, names = best
    params = []
    for name in names:
        kind, *rest = PARAM_TYPES[name]
        detail = rest[0] if rest else ""
        params.append(FormParam(name, kind, detail, ENUMS.get(detail, ()) if kind == "enum" else ()))
    return ActionForm(path, verb, method, tuple(params), known=True)


def _boolean(name: str, value: str) -> str:
    low = value.strip().lower()
    if low in _TRUE:
        return "true"
    if low in _FALSE:
        return "false"
    raise ValueError(f"{name}: expected true or false, not {value!r}")


def _reference(parent: etree._Element, tag: str, value: str) -> None:
    element = etree.SubElement(parent, tag)
    value = value.strip()
    if value.startswith("name="):
        etree.SubElement(element, "name").text = value.removeprefix("name=")
    else:
        element.set("id", value)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _check_number(param: FormParam, value: str) -> str:
    text = value.strip()
    try:
        int(text) if param.kind == "integer" else float(text)
    except ValueError:
        raise ValueError(f"{param.name}: expected a{'n integer' if param.kind == 'integer' else ' number'}, not {value!r}") from None
    return text


def build_body(form: ActionForm, values: Mapping[str, str]) -> bytes:
    """The ``<action>`` document; empty values are left out. ValueError names a bad field."""
    known = {p.name: p for p in form.params}
    unknown = sorted({k for k, v in values.items() if v.strip()} - set(known))
    if unknown:
        raise ValueError(f"{form.method} takes no parameter {', '.join(unknown)}")
    root = etree.Element("action")
    for param in form.params:  # the index's order, stable for the engine and for tests
        raw = values.get(param.name, "")
        if not raw.strip():
            continue
        if param.kind == "ref":
            _reference(root, param.name, raw)
            continue
        if param.kind in ("refs", "strings"):
            wrapper = etree.SubElement(root, param.name)
            for item in _split(raw):
                if param.kind == "refs":
                    _reference(wrapper, param.detail, item)
                else:
                    etree.SubElement(wrapper, param.detail).text = item
            continue
        if param.kind == "boolean":
            text = _boolean(param.name, raw)
        elif param.kind in ("integer", "decimal"):
            text = _check_number(param, raw)
        elif param.kind == "enum" and raw.strip() not in param.choices:
            raise ValueError(f"{param.name}: one of {', '.join(param.choices)}, not {raw!r}")
        else:
            text = raw.strip() if param.kind == "enum" else raw
        etree.SubElement(root, param.name).text = text
    return etree.tostring(root, encoding="utf-8")
