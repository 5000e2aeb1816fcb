"""Run the embedded simulated engine in its own process for ``--demo``.

A separate process, not a thread: rendering 10,000 VMs costs the simulator about
a second of CPU, and under the GIL that would stall the console's event loop.
The child stays in our process group, so a terminal hang-up (SSH drop) reaches
it too; on a normal exit, a crash or SIGTERM we terminate it ourselves.
"""

from __future__ import annotations

import atexit
import collections
import queue
import subprocess
import sys
import threading
import weakref
from typing import Self

from console.backend.settings import DemoOptions, EngineSettings

__all__ = ["DemoEngine", "DemoOptions", "DemoStartError", "parse_banner"]

START_TIMEOUT = 30.0  # a 50,000-VM inventory takes a while to generate
STOP_TIMEOUT = 1.0

# Engines not yet stopped; atexit sweeps them if the console dies with an exception.
_live: weakref.WeakSet[DemoEngine] = weakref.WeakSet()


class DemoStartError(RuntimeError):
    """The simulator did not come up; the message is one line naming the cause."""


def parse_banner(first: str, second: str) -> tuple[str, str, str]:
    """(url, user, password) from the simulator's first two stdout lines.

    Line 1 is the API URL; line 2 reads ``user: admin@internal password: ovirt``.
    """
    url = first.strip()
    if not url.startswith(("http://", "https://")):
        raise DemoStartError(
            f"demo engine printed {first.strip()!r} instead of its API URL"
        )
    words = second.split()
    fields = dict(zip(words[0::2], words[1::2]))
    user, password = fields.get("user:"), fields.get("password:")
    if not user or password is None:
        raise DemoStartError(
            f"demo engine printed {second.strip()!r} instead of its user and password"
        )
    return url, user, password


class DemoEngine:
    """One simulator child process; ``start()`` blocks until it serves."""

    def __init__(
        self, options: DemoOptions | None = None, *, python: str | None = None
    ) -> None:
        self.options = options or DemoOptions()
        self._python = python or sys.executable
        self._proc: subprocess.Popen[str] | None = None
        self._banner: queue.Queue[str | None] = queue.Queue()
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=20)
        self._stderr_reader: threading.Thread | None = None
        self._closed = (
            False  # stop() was called: a late start must not leave a child behind
        )
        self.url: str | None = None
        self.username: str | None = None
        self._password: str | None = None

    def __repr__(self) -> str:
        pid = self._proc.pid if self._proc else None
        return f"DemoEngine(url={self.url!r}, pid={pid})"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def command(self) -> list[str]:
        cmd = [
            self._python, "-m", "console.simulator",
            "--host", "127.0.0.1", "--port", "0",
            "--vms", str(self.options.vms), "--seed", str(self.options.seed),
        ]  # fmt: skip
        if self.options.chaos:
            cmd += ["--chaos", self.options.chaos]
        return cmd

    def start(self, timeout: float = START_TIMEOUT) -> EngineSettings:
        """Spawn the simulator, wait for its banner, return settings to log in with."""
        if self._proc is not None:
            raise RuntimeError("demo engine already started")
        if self._closed:
            raise DemoStartError("the console is closing: demo engine not started")
        try:
            self._proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                bufsize=1,
                close_fds=True,
            )
        except OSError as exc:
            raise DemoStartError(f"cannot start the demo engine: {exc}") from exc
        _live.add(self)
        if self._closed:  # stop() raced with Popen
            self.stop()
            raise DemoStartError("the console is closing: demo engine not started")
        # Both pipes are drained for the child's whole life so it never blocks on a full pipe.
        threading.Thread(
            target=self._read_stdout, name="demo-stdout", daemon=True
        ).start()
        self._stderr_reader = threading.Thread(
            target=self._read_stderr, name="demo-stderr", daemon=True
        )
        self._stderr_reader.start()
        try:
            first = self._next_line(timeout)
            second = self._next_line(timeout)
            self.url, self.username, self._password = parse_banner(first, second)
        except BaseException:
            self.stop()
            raise
        return EngineSettings(
            url=self.url, username=self.username, password=self._password,
            demo=True, insecure=False,
        )  # fmt: skip

    def _next_line(self, timeout: float) -> str:
        try:
            line = self._banner.get(timeout=timeout)
        except queue.Empty:
            raise DemoStartError(
                f"demo engine did not start within {timeout:g} s{self._why()}"
            ) from None
        if line is None:
            code = self._proc.wait(timeout=STOP_TIMEOUT) if self._proc else None
            # The child is gone: let the stderr reader reach EOF so its last words are read.
            if self._stderr_reader is not None:
                self._stderr_reader.join(timeout=STOP_TIMEOUT)
            raise DemoStartError(
                f"demo engine exited (code {code}) before serving{self._why()}"
            )
        return line

    def _why(self) -> str:
        lines = [line for line in self._stderr_tail if line.strip()]
        return f": {lines[-1].strip()}" if lines else ""

    def _read_stdout(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for count, line in enumerate(self._proc.stdout):
            if count < 2:
                self._banner.put(line)
        self._banner.put(None)  # EOF: the process is gone

    def _read_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        for line in self._proc.stderr:
            self._stderr_tail.append(line)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Terminate the child (SIGTERM, then SIGKILL); bounded, safe to call twice."""
        self._closed = True
        proc = self._proc
        _live.discard(self)
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:  # pragma: no cover - unkillable child
                pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@atexit.register
def _stop_all() -> None:
    for engine in list(_live):
        engine.stop()


def stop_on_signals() -> None:
    """On SIGTERM/SIGHUP (an SSH disconnect) revoke the engine tokens and stop demo engines.

    atexit does not run on a signal. The handler cleans up, then re-raises the signal
    with its default action so the console still dies the way the sender meant.
    """
    import os
    import signal

    def handler(signum: int, frame: object) -> None:
        from console.backend.login import revoke_all

        revoke_all()  # before the demo engines go: their tokens are revoked on them
        _stop_all()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, handler)
