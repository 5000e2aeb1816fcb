"""ovirt-console's asyncio client for the oVirt REST API v4.

    async with Connection(url, "admin@internal", password, ca_file="ca.pem") as conn:
        vms = await conn.system_service().vms_service().list(search="status=up")
        result = await conn.system_service().vms_service().vm_service(vms[0].id).start()
        print(result.status, result.job.id, result.correlation_id)

Exports are loaded on first use (PEP 562) so that importing a light part, such as
``console.api.errors`` or the records, does not pull in httpx.

- ``Connection`` (``console.api.connection``), ``parse`` (``console.api.reader``)
- the error hierarchy (``ApiError``, ``AuthError``, ``NotFoundError``, ``ConflictError``,
  ``ParseError``, ``ConnectionError``, ``TimeoutError``, ``ReadOnlyError``)
- ``ActionResult`` and ``Created`` (what actions, removes and adds return)
- every record (``Vm``, ``Host``, ``Ref``, ...) from ``console.api.types`` and every
  enum (``VmStatus``, ...) from ``console.api.enums``.
"""

from __future__ import annotations

import importlib
from typing import Any

from console.api import errors
from console.api.errors import (
    ApiError,
    AuthError,
    ConflictError,
    ConnectionError,
    NotFoundError,
    ParseError,
    ReadOnlyError,
    TimeoutError,
)

_LAZY = {
    "Connection": "console.api.connection",
    "parse": "console.api.reader",
    "IncrementalReader": "console.api.reader",
    "ActionResult": "console.api.services.base",
    "Created": "console.api.services.base",
}
# Records and enums: looked up by name in these modules, in order.
_RECORD_MODULES = ("console.api.types", "console.api.enums")

__all__ = [
    "ApiError",
    "AuthError",
    "ConflictError",
    "ConnectionError",
    "NotFoundError",
    "ParseError",
    "ReadOnlyError",
    "TimeoutError",
    "errors",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        for module_name in _RECORD_MODULES:
            module = importlib.import_module(module_name)
            if hasattr(module, name):
                value = getattr(module, name)
                globals()[name] = value
                return value
    raise AttributeError(f"module 'console.api' has no attribute {name!r}")


def __dir__() -> list[str]:
    names = set(__all__)
    for module_name in _RECORD_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        names.update(n for n in dir(module) if n[:1].isupper())
    return sorted(names)
