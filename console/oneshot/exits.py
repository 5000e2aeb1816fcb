"""Exit statuses of the one-shots, and the error that carries one (no heavy imports)."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = [
    "EXIT_ENGINE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "OneShotError",
    "report",
]

EXIT_OK = 0
EXIT_ENGINE = 1  # the engine refused, or has no such object: its reason is printed
EXIT_USAGE = 2  # bad arguments or config, or read-only refusal: nothing was sent
EXIT_UNREACHABLE = 3  # cannot connect or log in
EXIT_INTERRUPTED = (
    130  # Ctrl-C before a list or action finished (128 + SIGINT, as shells do)
)


class OneShotError(Exception):
    """Ends a one-shot: ``message`` (one line) goes to stderr, ``code`` is the exit status."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def report(error: OneShotError, stderr: TextIO | None = None) -> int:
    print(f"ovirt-console: {error.message}", file=stderr or sys.stderr)
    return error.code
