"""Checking the engine's replies: the XML guard and the fault-to-error mapping.

``Connection`` delegates ``check_xml``, ``error_for`` and ``fault_error`` here; the
functions take the connection's API URL where a message needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from console.api.errors import ApiError, error_class
from console.api.reader import parse
from console.api.transport import content_type, is_xml

_TYPICAL_PATH = "/ovirt-engine/api"


@dataclass(slots=True)
class Exchange:
    """A response together with the correlation id the request carried."""

    response: httpx.Response
    correlation_id: str | None


def check_xml(url: str, response: httpx.Response) -> None:
    """Raise a clear error when a reply is not XML (e.g. a proxy's HTML page)."""
    if not is_xml(response):
        raise ApiError(not_xml_message(url, response), code=response.status_code)


def error_for(url: str, exchange: Exchange, body: bytes) -> ApiError:
    """The exception for a failed reply: by status, with the engine's fault if any."""
    response = exchange.response
    code = response.status_code
    cls = error_class(code)
    cid = exchange.correlation_id
    if not body.strip():
        return cls(code=code, correlation_id=cid)
    if code in (401, 403) and not is_xml(response):
        # The engine's auth filter answers with a container HTML page.
        return cls(
            f"HTTP {code} {response.reason_phrase}: the engine refused the login "
            f"(token expired or revoked, or the user lacks permission)",
            code=code,
            correlation_id=cid,
        )
    if not is_xml(response):
        return cls(not_xml_message(url, response), code=code, correlation_id=cid)
    try:
        document = parse(body)
    except ApiError:
        return cls(
            f"HTTP {code} with a reply that is not readable XML", code=code, correlation_id=cid
        )
    fault = fault_of(document)
    if fault is None:
        return cls(
            f"HTTP {code}: expected a fault, got {type(document).__name__}",
            code=code,
            correlation_id=cid,
        )
    return fault_error(cls, exchange, fault)


def fault_error(cls: type[ApiError], exchange: Exchange, fault: Any) -> ApiError:
    """An error of class ``cls`` carrying the engine's fault."""
    return cls(
        code=exchange.response.status_code,
        reason=getattr(fault, "reason", None),
        detail=getattr(fault, "detail", None),
        fault=fault,
        correlation_id=exchange.correlation_id,
    )


def not_xml_message(url: str, response: httpx.Response) -> str:
    ctype = content_type(response) or "none"
    message = (
        f"HTTP {response.status_code} {response.reason_phrase}: the reply has content "
        f"type '{ctype}', not the XML an oVirt engine sends"
    )
    path = urlsplit(url).path
    if path != _TYPICAL_PATH:
        message += f"; is the path '{path}' right? The usual one is '{_TYPICAL_PATH}'"
    return message


def fault_of(document: Any) -> Any:
    """The fault in a bare ``<fault>`` or inside an ``<action>``, else None."""
    if type(document).__name__ == "Fault":
        return document
    return getattr(document, "fault", None) if type(document).__name__ == "Action" else None
