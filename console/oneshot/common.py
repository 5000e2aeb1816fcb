"""What every one-shot shares: exit statuses, logging in, engine errors to one line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from console.api.connection import Connection
from console.api.errors import (
    ApiError,
    AuthError,
    ConnectionError,
    ReadOnlyError,
    TimeoutError,
)
from console.backend.diagnose import explain
from console.backend.login import LoginFailed, log_in, quiet_close
from console.backend.settings import EngineSettings
from console.oneshot.exits import (
    EXIT_ENGINE,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    OneShotError,
    report,
)

__all__ = [
    "EXIT_ENGINE",
    "EXIT_OK",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "OneShotError",
    "engine_error",
    "report",
    "session",
]


def engine_error(exc: ApiError, settings: EngineSettings) -> OneShotError:
    """An engine failure as its exit status: unreachable and auth are 3, refusals 1."""
    if isinstance(exc, ConnectionError | TimeoutError | AuthError):
        return OneShotError(
            EXIT_UNREACHABLE,
            explain(
                exc, settings.url, user=settings.username, timeout=settings.timeout
            ),
        )
    if isinstance(exc, ReadOnlyError):
        return OneShotError(EXIT_USAGE, "read-only: nothing was sent")
    return OneShotError(EXIT_ENGINE, exc.summary)


@asynccontextmanager
async def session(settings: EngineSettings) -> AsyncIterator[Connection]:
    """A logged-in Connection, logged out (token revoked) on the way out."""
    try:
        conn, _ = await log_in(settings)
    except LoginFailed as exc:
        raise OneShotError(EXIT_UNREACHABLE, str(exc)) from None
    try:
        yield conn
    except ApiError as exc:
        raise engine_error(exc, settings) from None
    finally:
        await quiet_close(conn, logout=True)
