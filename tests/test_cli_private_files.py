"""A config or password file that group or others can reach is refused, like ssh refuses such a key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console.cli import CliError, build_parser, main, resolve
from console.config import ConfigError, UnprotectedFileError, load_config, read_private
from console.config.private import problem

SECRET = "pw-5d1e9a"


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def write(path: Path, text: str, mode: int) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o610, 0o660, 0o666])
def test_group_or_other_access_is_refused(tmp_path, mode: int) -> None:
    path = write(tmp_path / "pw", SECRET, mode)
    with pytest.raises(UnprotectedFileError) as info:
        read_private(path)
    message = str(info.value)
    assert f"permissions {mode:04o}" in message and f"chmod 600 {path}" in message
    assert SECRET not in message


@pytest.mark.parametrize("mode", [0o600, 0o400, 0o700])
def test_private_files_are_read(tmp_path, mode: int) -> None:
    assert read_private(write(tmp_path / "pw", SECRET, mode)) == SECRET.encode()


def test_another_owner_is_refused_root_is_not() -> None:
    def st(uid: int) -> os.stat_result:  # a regular file, mode 0600
        return os.stat_result((0o100600, 1, 1, 1, uid, 0, 10, 0, 0, 0))

    assert problem("/x", st(os.getuid())) is None
    assert problem("/x", st(0)) is None
    other = os.getuid() + 4242
    assert problem("/x", st(other)) == f"/x belongs to another user (uid {other}): refusing to use it"


def test_a_pipe_is_not_a_file_on_disk() -> None:
    """``--password-file <(pass show x)``: a pipe holds nothing on disk, its mode says nothing."""
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, f"{SECRET}\n".encode())
        os.close(write_end)
        settings, _ = resolve(
            build_parser().parse_args(["--url", "e", "--password-file", f"/dev/fd/{read_end}"]), {}
        )
    finally:
        os.close(read_end)
    assert settings is not None and settings.password == SECRET


def test_password_file_readable_by_others_is_refused(tmp_path) -> None:
    path = write(tmp_path / "pw", f"{SECRET}\n", 0o644)
    args = build_parser().parse_args(["--url", "e", "--password-file", str(path)])
    with pytest.raises(CliError, match=r"^--password-file: permissions 0644 .* too open") as info:
        resolve(args, {})
    assert SECRET not in str(info.value)
    path.chmod(0o600)
    settings, _ = resolve(args, {})
    assert settings is not None and settings.password == SECRET


def test_config_readable_by_others_is_refused(tmp_path, capsys) -> None:
    path = write(tmp_path / "config.toml", '[profiles.lab]\nurl = "e"\npassword_command = "true"\n', 0o644)
    with pytest.raises(ConfigError, match=r"^config file: permissions 0644 .* chmod 600"):
        load_config(path)
    with pytest.raises(SystemExit) as exit_info:
        main(["--config", str(path)])
    assert exit_info.value.code == 2
    assert "too open" in capsys.readouterr().err
    path.chmod(0o600)
    assert load_config(path).profile("lab") is not None


def test_default_config_location_is_checked_too(tmp_path) -> None:
    folder = tmp_path / "config" / "ovirt-console"
    folder.mkdir(parents=True)
    write(folder / "config.toml", '[profiles.lab]\nurl = "e"\n', 0o664)
    with pytest.raises(ConfigError, match="permissions 0664"):
        load_config()
