"""Opening a VM's graphics console: fetch its remote-viewer (``.vv``) file and keep it private.

``open_console(vm_id)`` lists the VM's consoles with ``current=true``, picks SPICE
(else VNC), asks the engine for the console's remote-viewer file and saves it for
``remote-viewer``. The file holds a one-time console ticket (valid 120 s), so:

- it lives in a 0700 directory of this user's: the runtime directory
  (``$XDG_RUNTIME_DIR/ovirt-console/consoles``, a per-user tmpfs) when the session has
  one, else the state directory (``~/.local/state/ovirt-console/consoles``);
- it is created 0600 with ``O_EXCL | O_NOFOLLOW``, never readable by others, not even
  for a moment, and never through a planted symlink;
- the ``sso-token`` line the engine adds to its ``[ovirt]`` section is dropped: that
  token is this session's API credential, living for hours, and the console does not
  need it (remote-viewer then asks for credentials only for the engine menus);
- its content is never logged; the audit log records that a console was opened.

Files older than ``KEEP_SECONDS`` are removed whenever a new one is saved: their
tickets have long expired, and remote-viewer deletes the files it opens itself
(``delete-this-file=1``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from console.api.errors import ApiError, ReadOnlyError
from console.backend.actions import new_correlation_id
from console.backend.audit import AuditLog
from console.backend.console_messages import (
    CONTEXT,
    GraphicsConsoleFailed,
    GraphicsConsoleReady,
)
from console.backend.messages import ActionFinished
from console.backend.session import Backend

__all__ = [
    "ACTION", "KEEP_SECONDS", "PREFERRED", "GraphicsConsoleBackend", "console_directory", "pick_console",
    "save_viewer_file", "without_sso_token",
]

log = logging.getLogger(__name__)

ACTION = "graphics_console"  # the audit log's action name
PREFERRED = ("spice", "vnc")  # SPICE first: it carries USB, smartcard and multi-monitor
KEEP_SECONDS = 600.0
READ_ONLY = "the console is read-only (--read-only): nothing was sent"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def pick_console(consoles: Sequence[Any]) -> Any | None:
    """The console to open: SPICE, else VNC (None when the VM has neither)."""
    by_protocol = {str(getattr(c, "protocol", "") or "").lower(): c for c in consoles}
    return next((by_protocol[p] for p in PREFERRED if p in by_protocol), None)


def without_sso_token(text: str) -> str:
    """The file minus the ``sso-token=`` line (the session's bearer token)."""
    kept = [line for line in text.splitlines(keepends=True) if not line.strip().startswith("sso-token=")]
    return "".join(kept)


def console_directory(environ: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """Where console files go: the per-user runtime directory when there is one, else the state directory.

    platformdirs falls back to a shared /tmp path when ``XDG_RUNTIME_DIR`` is unset;
    a directory another user could have created first is no place for a ticket, so
    then the state directory is used instead.
    """
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and _owned_private_dir(Path(runtime)):
        return Path(platformdirs.user_runtime_dir("ovirt-console")) / "consoles"
    return Path(platformdirs.user_state_dir("ovirt-console")) / "consoles"


def _owned_private_dir(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not stat.S_IMODE(st.st_mode) & 0o077


def _private_directory(path: Path) -> None:
    """Create ``path`` 0700 (parents as needed) and make sure it is ours and private."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise OSError(f"{path} is not a directory (a symlink?): refusing to save a console ticket there")
    if st.st_uid != os.getuid():
        raise OSError(f"{path} belongs to another user (uid {st.st_uid}): refusing to save a console ticket there")
    if stat.S_IMODE(st.st_mode) != 0o700:
        os.chmod(path, 0o700)  # mkdir's mode is cut by the umask, and an old directory may be looser


def _prune(directory: Path, now: float) -> None:
    for old in directory.glob("*.vv"):
        try:
            if now - old.lstat().st_mtime > KEEP_SECONDS:
                old.unlink()
        except OSError:
            continue  # gone already, or not ours to remove: not worth failing the new console for


def save_viewer_file(text: str, vm_name: str, protocol: str, directory: Path | None = None,
                     now: Callable[[], float] = time.time) -> Path:
    """Write the console file privately (0600, in a 0700 directory); returns its path."""
    folder = directory if directory is not None else console_directory()
    _private_directory(folder)
    _prune(folder, now())
    stem = _UNSAFE_NAME.sub("_", vm_name).strip("._-")[:64] or "vm"
    path = folder / f"{stem}-{protocol}-{secrets.token_hex(4)}.vv"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # exactly 0600 whatever the umask
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            fd = -1  # the file object owns it now
            out.write(without_sso_token(text))
    except BaseException:
        if fd >= 0:
            os.close(fd)
        path.unlink(missing_ok=True)
        raise
    return path


class GraphicsConsoleBackend(Backend):
    """Adds ``open_console`` to the engine session."""

    def open_console(self, vm_id: str) -> None:
        """Fetch and save the VM's console file: GraphicsConsoleReady or GraphicsConsoleFailed."""

        async def work() -> None:
            self._post(await self._open_console(vm_id))

        self._spawn(CONTEXT, work)

    async def _open_console(self, vm_id: str) -> GraphicsConsoleReady | GraphicsConsoleFailed:
        conn = self._require()
        name = self._names.get("vms", vm_id) or vm_id
        if conn.read_only:  # refused here, before even the list: nothing of this reaches the engine
            return GraphicsConsoleFailed(vm_id, name, READ_ONLY)
        consoles_service = conn.system_service().vms_service().vm_service(vm_id).graphics_consoles_service()
        try:
            console = pick_console(await consoles_service.list(current=True))
        except ApiError as exc:
            return GraphicsConsoleFailed(vm_id, name, f"could not list its consoles: {self._describe(exc)}")
        if console is None:
            return GraphicsConsoleFailed(vm_id, name, "the VM has no SPICE or VNC console")
        protocol = str(console.protocol).lower()
        cid = new_correlation_id()
        try:
            text = await consoles_service.console_service(console.id).remote_viewer_connection_file(
                headers={"Correlation-Id": cid})
        except ReadOnlyError:
            return GraphicsConsoleFailed(vm_id, name, READ_ONLY)
        except ApiError as exc:
            failed = GraphicsConsoleFailed(vm_id, name, self._describe(exc), exc.correlation_id or cid, sent=True)
            await self._audit(failed, protocol)
            return failed
        try:
            path = await asyncio.to_thread(save_viewer_file, text, name, protocol)
        except OSError as exc:
            log.warning("console file for VM %s not saved: %s", vm_id, exc)  # the reason, never the content
            failed = GraphicsConsoleFailed(vm_id, name, f"the console file could not be saved: {exc}", cid, sent=True)
            await self._audit(failed, protocol)
            return failed
        ready = GraphicsConsoleReady(vm_id, name, str(path), protocol, cid)
        await self._audit(ready, protocol)
        return ready

    async def _audit(self, outcome: GraphicsConsoleReady | GraphicsConsoleFailed, protocol: str) -> None:
        """One audit line: who opened which VM's console, how it ended (never the file or ticket)."""
        ok = isinstance(outcome, GraphicsConsoleReady)
        message = f"saved {outcome.path}" if ok else outcome.message  # type: ignore[union-attr]
        record = ActionFinished(ACTION, "vms", outcome.vm_id, outcome.vm_name, ok=ok, message=message,
                                correlation_id=outcome.correlation_id)
        s = self.settings
        await asyncio.to_thread(AuditLog().append, [record], user=s.username, engine=s.url,
                                params={"protocol": protocol})
