"""The local audit log: one JSON line per action the console sent, appended, never rewritten.

Lives in the user's state directory (``platformdirs.user_state_dir("ovirt-console")``,
e.g. ~/.local/state/ovirt-console/audit.log), created 0600. A line holds the time,
user, engine URL, action, target, correlation id, job and result, plus the action's
parameters minus anything secret-looking. The password, tokens and the URL's
userinfo never reach it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from console.backend.messages import ActionFinished

__all__ = ["AuditLog", "default_path", "safe_url"]

log = logging.getLogger(__name__)

_SECRET_WORDS = ("password", "passwd", "secret", "token", "key", "credential")


def default_path() -> Path:
    return Path(platformdirs.user_state_dir("ovirt-console")) / "audit.log"


def safe_url(url: str) -> str:
    """The engine URL without userinfo, query or fragment (a token may hide there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items()
            if v is not None and not any(word in k.lower() for word in _SECRET_WORDS)}


class AuditLog:
    """Appends audit lines; a failure to write is logged, never raised into the action path."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def entries(self, results: Iterable[ActionFinished], *, user: str, engine: str,
                params: Mapping[str, Any], now: datetime | None = None) -> list[dict[str, Any]]:
        when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        clean = _params(params)
        return [{
            "time": when, "user": user, "engine": safe_url(engine), "kind": r.kind, "action": r.action,
            "target": {"id": r.id, "name": r.name}, "correlation_id": r.correlation_id, "job_id": r.job_id,
            "result": "ok" if r.ok else "failed", "message": r.message, "params": clean,
        } for r in results]

    def append(self, results: Iterable[ActionFinished], *, user: str, engine: str,
               params: Mapping[str, Any], now: datetime | None = None) -> bool:
        lines = "".join(json.dumps(entry, default=str, ensure_ascii=False) + "\n"
                        for entry in self.entries(results, user=user, engine=engine, params=params, now=now))
        if not lines:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(lines)
        except OSError as exc:
            log.warning("audit log %s not written: %s", self.path, exc)
            return False
        return True
