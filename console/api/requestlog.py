"""The request log (``--log-file``): one debug line per request, never a secret.

Every request of a ``Connection`` passes httpx event hooks that log, to the
``console.api.requests`` logger at DEBUG, the method, the path and query (values of
credential-like parameters masked), the status (or the transport failure's type),
the time to the response headers and the Correlation-Id. Headers are never
logged (Authorization carries the token), nor bodies (the SSO form carries the
password), nor the host part of the URL (it may carry user:password@). Nothing is
formatted unless a handler is listening. ``open_log_file`` attaches a file created
with mode 0600.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
from urllib.parse import parse_qsl, urlencode

import httpx

__all__ = ["LOGGER", "LogFileError", "event_hooks", "log_failure", "open_log_file", "redact_query"]

LOGGER = logging.getLogger("console.api.requests")
_STARTED = "console.started"  # request.extensions key; httpcore ignores keys it does not know


class LogFileError(Exception):
    """The log file exists and others can read it: one line naming the fix."""


_SECRET_KEY = re.compile(r"pass|token|secret|auth|ticket|key", re.IGNORECASE)


def redact_query(query: str) -> str:
    """The query with the values of credential-like parameters replaced by ***."""
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(_SECRET_KEY.search(key) for key, _ in pairs):
        return query
    return urlencode([(k, "***" if _SECRET_KEY.search(k) else v) for k, v in pairs])


def _target(request: httpx.Request) -> str:
    query = redact_query(request.url.query.decode("ascii", "replace"))
    return request.url.path + (f"?{query}" if query else "")


def _elapsed(request: httpx.Request) -> str:
    started = request.extensions.get(_STARTED)
    return f"{time.monotonic() - started:.3f}s" if isinstance(started, float) else "-"


async def _on_request(request: httpx.Request) -> None:
    if LOGGER.isEnabledFor(logging.DEBUG):
        request.extensions[_STARTED] = time.monotonic()


async def _on_response(response: httpx.Response) -> None:
    if not LOGGER.isEnabledFor(logging.DEBUG):
        return
    request = response.request
    cid = request.headers.get("Correlation-Id") or response.headers.get("Correlation-Id") or "-"
    LOGGER.debug("%s %s %d %s correlation_id=%s", request.method, _target(request),
                 response.status_code, _elapsed(request), cid)


def log_failure(request: httpx.Request, exc: BaseException) -> None:
    """A request that got no response (refused, reset, timed out): the error's type only."""
    if LOGGER.isEnabledFor(logging.DEBUG):
        cid = request.headers.get("Correlation-Id") or "-"
        LOGGER.debug("%s %s failed:%s %s correlation_id=%s", request.method, _target(request),
                     type(exc).__name__, _elapsed(request), cid)


def event_hooks() -> dict[str, list]:
    return {"request": [_on_request], "response": [_on_response]}


def open_log_file(path: str) -> logging.Handler:
    """Log requests to ``path`` (appended; created 0600). A file others can read is refused
    (LogFileError naming the fix); other failures raise OSError."""
    path = os.path.expanduser(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
    st = os.fstat(fd)
    if os.name == "posix" and stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
        os.close(fd)
        raise LogFileError(
            f"--log-file {path}: permissions {stat.S_IMODE(st.st_mode):04o} let others read it;"
            f" run: chmod 600 {path}"
        )
    handler = logging.StreamHandler(os.fdopen(fd, "a", encoding="utf-8", buffering=1))
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    handler.setLevel(logging.DEBUG)
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.DEBUG)
    return handler
