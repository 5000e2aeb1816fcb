"""``password_command``: ask a password manager instead of storing a password.

The command is split like a shell would (``shlex``) but run without one, so a
profile cannot smuggle pipes or substitutions; its first stdout line is the
password. The password only lives in memory: never logged, never in a message.
"""

from __future__ import annotations

import shlex
import subprocess

__all__ = ["DEFAULT_TIMEOUT", "PasswordCommandError", "run_password_command"]

DEFAULT_TIMEOUT = 30.0  # long enough to unlock a gpg key at a pinentry prompt


class PasswordCommandError(Exception):
    """The command gave no password; the message is one line (never the output)."""


def run_password_command(command: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise PasswordCommandError(
            f"password_command cannot be parsed: {exc}"
        ) from None
    if not argv:
        raise PasswordCommandError("password_command is empty")
    name = argv[0]
    try:
        # stdin closed: a command that waits for typing must not steal the console's keys.
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True,
            timeout=timeout, check=False,
        )  # fmt: skip
    except FileNotFoundError:
        raise PasswordCommandError(
            f"password_command: {name}: command not found"
        ) from None
    except PermissionError:
        raise PasswordCommandError(
            f"password_command: {name}: not executable"
        ) from None
    except subprocess.TimeoutExpired:
        raise PasswordCommandError(
            f"password_command: {name} gave no password within {timeout:g} s"
        ) from None
    except OSError as exc:
        raise PasswordCommandError(
            f"password_command: {name}: {exc.strerror or exc}"
        ) from None
    if done.returncode != 0:
        # stderr may explain (e.g. "entry not found"); stdout may hold a secret: not shown.
        why = _last_line(done.stderr)
        raise PasswordCommandError(
            f"password_command: {name} failed with exit status {done.returncode}"
            + (f": {why}" if why else "")
        )
    text = done.stdout.decode("utf-8", errors="replace")
    password = text.split("\n", 1)[0].rstrip("\r")
    if not password:
        raise PasswordCommandError(f"password_command: {name} printed no password")
    return password


def _last_line(stderr: bytes, limit: int = 200) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", errors="replace").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[-1][:limit] if lines else ""
