"""Logging in: settings -> an open Connection and the Connected message, or one line why not."""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from console.api.connection import Connection
from console.backend.diagnose import explain
from console.backend.messages import Connected
from console.backend.settings import EngineSettings, normalize_url

__all__ = ["LoginFailed", "log_in", "quiet_close", "revoke_all"]

log = logging.getLogger(__name__)

# Sessions still logged in, with the loop each lives on: a SIGTERM/SIGHUP (an SSH
# disconnect) revokes their tokens before the process dies (see revoke_all).
_open: weakref.WeakKeyDictionary[Connection, asyncio.AbstractEventLoop] = weakref.WeakKeyDictionary()

LOGOUT_TIMEOUT = 0.8


class LoginFailed(Exception):
    """The message is the one line the login screen shows (it names the fix)."""


async def log_in(settings: EngineSettings) -> tuple[Connection, Connected]:
    """Fetch a token and read the API root (product and version for the header)."""
    s = settings
    if not s.password:
        raise LoginFailed(
            "no password: type it on the login screen, or pass --password-file"
        )
    try:
        url = normalize_url(s.url)
        conn = Connection(
            url, s.username, s.password, ca_file=s.ca_file, insecure=s.insecure,
            read_only=s.read_only, timeout=s.timeout,
        )  # fmt: skip
    except ValueError as exc:
        raise LoginFailed(explain(exc, s.url)) from None
    try:
        api = await conn.system_service().get()
    except Exception as exc:
        await quiet_close(conn, logout=True)
        raise LoginFailed(
            explain(exc, url, user=s.username, timeout=s.timeout)
        ) from exc
    except BaseException:
        await quiet_close(conn, logout=True)
        raise
    _open[conn] = asyncio.get_running_loop()
    product = getattr(api, "product_info", None)
    version = getattr(product, "version", None)
    connected = Connected(
        url=url, user=s.username,
        product=getattr(product, "name", None) or "oVirt Engine",
        version=getattr(version, "full_version", None) or _dotted(version),
        read_only=s.read_only, insecure=s.insecure,
    )  # fmt: skip
    return conn, connected


async def quiet_close(
    conn: Connection, *, logout: bool, timeout: float = LOGOUT_TIMEOUT
) -> None:
    """Close (revoking the token when ``logout``) within ``timeout``; never raises."""
    _open.pop(conn, None)
    try:
        await asyncio.wait_for(conn.close(logout=logout), timeout)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
    except Exception as exc:  # noqa: BLE001 - closing must not fail
        log.debug("close: %s", exc)


def revoke_all(timeout: float = LOGOUT_TIMEOUT + 0.3) -> None:
    """Revoke every open session's token, each on its own loop; from a signal handler.

    Bounded by ``timeout`` per session; a loop that is gone or busy is skipped.
    """
    for conn, loop in list(_open.items()):
        if loop.is_closed() or not loop.is_running():
            continue
        future = asyncio.run_coroutine_threadsafe(quiet_close(conn, logout=True), loop)
        try:
            future.result(timeout=timeout)
        except BaseException:  # noqa: BLE001 - the process is going down anyway
            future.cancel()


def _dotted(version: Any) -> str:
    parts = [
        getattr(version, name, None) for name in ("major", "minor", "build", "revision")
    ]
    return ".".join(str(p) for p in parts if p is not None) or "unknown"
