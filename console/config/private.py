"""Files that may hold secrets (config.toml, --password-file) must be private, like ssh's keys.

A file that group or others can read, write or run, or that another user owns,
is refused before a byte of it is used: a password that other accounts on the
host could already read is compromised, and a config whose ``password_command``
someone else can rewrite runs their command. The file is checked through the
same descriptor it is read from, so it cannot be swapped between check and read.
Pipes and other non-regular files (``--password-file <(pass show x)``) hold
nothing on disk and are not checked.
"""

from __future__ import annotations

import os
import stat

__all__ = ["UnprotectedFileError", "problem", "read_private"]

_OPEN = 0o077  # any access for group or others, as ssh refuses for a private key


class UnprotectedFileError(Exception):
    """One line naming the file, what is wrong and the command that fixes it."""


def problem(path: str | os.PathLike[str], st: os.stat_result) -> str | None:
    """Why the file at ``path`` with status ``st`` is not private enough, or None."""
    if os.name != "posix" or not stat.S_ISREG(st.st_mode):
        return None
    if st.st_uid not in (os.getuid(), 0):
        return f"{os.fspath(path)} belongs to another user (uid {st.st_uid}): refusing to use it"
    mode = stat.S_IMODE(st.st_mode)
    if mode & _OPEN:
        return (
            f"permissions {mode:04o} for {os.fspath(path)} are too open: group or others can reach it;"
            f" run: chmod 600 {os.fspath(path)}"
        )
    return None


def read_private(path: str | os.PathLike[str]) -> bytes:
    """The whole file, after checking it is private (UnprotectedFileError; OSError as usual)."""
    with open(path, "rb") as handle:
        reason = problem(path, os.fstat(handle.fileno()))
        if reason is not None:
            raise UnprotectedFileError(reason)
        return handle.read()
