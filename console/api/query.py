"""Query strings, built exactly as the official SDK builds them.

The SDK sorts parameters by name and encodes them with ``urllib.parse.urlencode``
(space -> ``+``, ``=`` -> ``%3D``); booleans are ``true``/``false``. Matching it byte
for byte keeps engine logs and proxy caches identical to what admins already see.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from urllib.parse import urlencode

# Python keywords the SDK suffixes with "_"; the wire name drops it.
_WIRE_NAMES = {"from_": "from", "async_": "async", "filter_": "filter", "max_": "max"}


def wire_name(name: str) -> str:
    """``from_`` -> ``from``, ``async_`` -> ``async``; other names unchanged."""
    return _WIRE_NAMES.get(name, name)


def render(value: object) -> str:
    """One parameter value as the SDK's ``Writer.render_*`` would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        # ``follow`` takes several link paths, comma-joined.
        return ",".join(render(v) for v in value)
    return str(value)


def build_query(
    params: Mapping[str, object] | None = None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The encoded query string (without ``?``); ``""`` when there is nothing to send.

    ``params`` are the named arguments of a call (``None`` values are left out);
    ``extra`` is the caller's free-form ``query=`` dict, sent verbatim. Named
    arguments win over an extra entry of the same name, as in the SDK.
    """
    merged: dict[str, str] = {}
    if extra:
        for name, value in extra.items():
            if value is not None:
                merged[str(name)] = render(value)
    if params:
        for name, value in params.items():
            if value is not None:
                merged[wire_name(name)] = render(value)
    if not merged:
        return ""
    return urlencode(sorted(merged.items()))


def join_follow(follow: str | Iterable[str] | None) -> str | None:
    """``follow`` accepts ``"nics,disk_attachments"`` or a list of link paths."""
    if follow is None or isinstance(follow, str):
        return follow
    return ",".join(follow)
