"""``c``: open the selected VM's graphics console in remote-viewer, or say where its file is.

The backend fetches and saves the VM's remote-viewer file (``open_console``). When it
is ready and this machine can show it (``remote-viewer`` installed and a graphical
display: ``DISPLAY`` or ``WAYLAND_DISPLAY``), the TUI is suspended while remote-viewer
runs and comes back when it closes. Otherwise (typically over SSH) the status shows
the saved path and the command to run, within the ticket's lifetime.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual.app import SuspendNotSupported
from textual.dom import DOMNode

from console.backend.console_messages import GraphicsConsoleFailed, GraphicsConsoleReady
from console.ui.operations.targets import Selection, name_of
from console.ui.render.common import get

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from console.ui.engines.session import EngineSession
    from console.ui.operations.line import OperationLine

    _Base = Screen
else:
    _Base = DOMNode

__all__ = ["REMOTE_VIEWER", "GraphicsConsoleMixin", "RemoteViewer", "Viewer"]

REMOTE_VIEWER = "remote-viewer"
TITLE = "Graphics console"


class Viewer(Protocol):
    """What the console needs from a viewer program (tests give a recorder)."""

    def unavailable(self) -> str | None:
        """Why it cannot be launched here (None: it can)."""

    def launch(self, app: App[Any], path: str, banner: str) -> int:
        """Run it on ``path`` with the TUI suspended; its exit status."""


class RemoteViewer:
    """virt-viewer's ``remote-viewer``, found on PATH."""

    def __init__(self, which: Callable[[str], str | None] = shutil.which,
                 run: Callable[..., subprocess.CompletedProcess[Any]] = subprocess.run,
                 environ: Mapping[str, str] | None = None) -> None:
        self._which, self._run = which, run
        self._environ = environ

    def unavailable(self) -> str | None:
        env = os.environ if self._environ is None else self._environ
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            return "no graphical display here (DISPLAY and WAYLAND_DISPLAY are unset)"
        if self._which(REMOTE_VIEWER) is None:
            return "remote-viewer is not installed here (virt-viewer package)"
        return None

    def launch(self, app: App[Any], path: str, banner: str) -> int:
        program = self._which(REMOTE_VIEWER)
        if program is None:
            raise FileNotFoundError(REMOTE_VIEWER)
        with app.suspend():
            print(banner, file=sys.__stdout__, flush=True)
            # Waits: the terminal is remote-viewer's (its messages show) until its window closes.
            return self._run([program, path], check=False).returncode


class GraphicsConsoleMixin(_Base):
    """Mixed into OperationsMixin: ``open_graphics_console`` sends, ``graphics_console_message`` answers."""

    session: EngineSession
    # Replace on the screen to change how the file is opened (tests use a recorder).
    console_viewer: Viewer = RemoteViewer()
    _console_pending: set[str]  # VM ids asked for and not answered yet (set up by OperationsMixin)

    if TYPE_CHECKING:
        def _op_line(self) -> OperationLine: ...  # OperationsMixin's

    def open_graphics_console(self, selection: Selection) -> None:
        """Ask the backend for the VM's console file (the status rules already allowed it)."""
        record = selection.records[0]
        vm_id = str(get(record, "id"))
        if self.session.backend is None:
            self.notify("not connected to an engine: nothing was sent", title=TITLE, severity="error")
            return
        if vm_id in self._console_pending:  # a second c while the first is on its way: one ticket is enough
            self.notify(f"{name_of(record)}: already asking the engine", title=TITLE, markup=False)
            return
        self._console_pending.add(vm_id)
        self._op_line().show(Text(f" ⟳ {TITLE} {name_of(record)}: asking the engine for a console ticket…",
                                  style="dim"))
        self.session.call("open_console", vm_id)

    def graphics_console_message(self, payload: GraphicsConsoleReady | GraphicsConsoleFailed) -> None:
        self._console_pending.discard(payload.vm_id)
        if isinstance(payload, GraphicsConsoleFailed):
            line = Text(" ✗ ", style="bold red")
            line.append(f"{TITLE} {payload.vm_name}", style="bold")
            line.append(f"  {payload.message}", style="red")
            self._op_line().show(line)
            self.notify(f"{payload.vm_name}: {payload.message}", title=f"{TITLE} failed", severity="error",
                        timeout=10, markup=False)
            return
        reason = self.console_viewer.unavailable()
        if reason is not None:
            self._console_file_saved(payload, reason)
            return
        self._op_line().show(Text(f" ⟳ {TITLE} {payload.vm_name}: starting remote-viewer…", style="dim"))
        self.call_after_refresh(self._launch_viewer, payload)

    def graphics_console_broke(self, message: str) -> None:
        """The backend call itself failed (not connected, a bug): end the waiting line."""
        self._console_pending.clear()
        line = Text(" ✗ ", style="bold red")
        line.append(TITLE, style="bold")
        line.append(f"  {message}", style="red")
        self._op_line().show(line)

    def _launch_viewer(self, payload: GraphicsConsoleReady) -> None:
        banner = (f"ovirt-console: {payload.protocol.upper()} console of {payload.vm_name} is open in"
                  f" remote-viewer; close its window to come back.")
        try:
            status = self.console_viewer.launch(self.app, payload.path, banner)
        except SuspendNotSupported:
            self._console_file_saved(payload, "this terminal cannot hand itself over to remote-viewer")
            return
        except OSError as exc:
            self._console_file_saved(payload, f"remote-viewer could not be started ({exc})")
            return
        line = Text(" ✓ " if status == 0 else " ✗ ", style="bold green" if status == 0 else "bold red")
        line.append(f"{TITLE} {payload.vm_name}", style="bold")
        line.append(f"  {payload.protocol.upper()} · remote-viewer closed", style="dim")
        if status != 0:
            line.append(f" with status {status} (press c for a fresh ticket)", style="red")
            self.notify(f"{payload.vm_name}: remote-viewer exited with status {status}", title=TITLE,
                        severity="warning", markup=False)
        self._op_line().show(line)

    def _console_file_saved(self, payload: GraphicsConsoleReady, reason: str) -> None:
        """Not launched here: show where the file is and the command that opens it."""
        command = f"{REMOTE_VIEWER} {shlex.quote(payload.path)}"
        line = Text(" ✓ ", style="bold green")
        line.append(f"{TITLE} {payload.vm_name}", style="bold")
        line.append(f"  run: {command}", style="bold")
        line.append(f"  (ticket valid {payload.valid_seconds} s)", style="dim")
        self._op_line().show(line)
        self.notify(f"{payload.vm_name}: {payload.protocol.upper()} console file saved; {reason}.\n"
                    f"Run within {payload.valid_seconds} s: {command}", title=TITLE, timeout=30, markup=False)
