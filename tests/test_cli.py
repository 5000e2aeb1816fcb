"""The command line: flags, environment precedence, URL normalisation, --version, --help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from console import __version__
from console.backend.settings import DemoOptions, normalize_url
from console.cli import CliError, build_parser, main, resolve
from tests import cli_support

# Private files (as config and password files must be), and main() reads config.toml
# from a per-test directory: the developer's own profiles must not leak into these tests.
private_umask, xdg = cli_support.private_umask, cli_support.xdg


def settings_for(argv: list[str], env: dict[str, str] | None = None):
    return resolve(build_parser().parse_args(argv), env or {})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("engine.example.com", "https://engine.example.com/ovirt-engine/api"),
        ("engine.example.com:8443", "https://engine.example.com:8443/ovirt-engine/api"),
        ("https://engine", "https://engine/ovirt-engine/api"),
        ("https://engine/", "https://engine/ovirt-engine/api"),
        ("https://engine/ovirt-engine", "https://engine/ovirt-engine/api"),
        ("https://engine/ovirt-engine/api", "https://engine/ovirt-engine/api"),
        ("https://engine/ovirt-engine/api/", "https://engine/ovirt-engine/api"),
        (
            "  https://engine/ovirt-engine/api?x=1#top ",
            "https://engine/ovirt-engine/api",
        ),
        (
            "http://127.0.0.1:8080/ovirt-engine/api",
            "http://127.0.0.1:8080/ovirt-engine/api",
        ),
        (
            "https://proxy.example.com/rhv/ovirt-engine",
            "https://proxy.example.com/rhv/ovirt-engine/api",
        ),
    ],
)
def test_url_normalisation(typed: str, expected: str) -> None:
    assert normalize_url(typed) == expected


@pytest.mark.parametrize(
    "bad", ["", "   ", "ftp://engine", "https://", "https://engine:notaport/"]
)
def test_url_normalisation_rejects_non_urls(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_url(bad)


def test_flags_build_settings(tmp_path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    pw = tmp_path / "pw"
    pw.write_text("s3cret\nignored second line\n")
    settings, demo = settings_for(
        ["--url", "engine.lab", "--user", "ops@internal", "--ca-file", str(ca),
         "--password-file", str(pw), "--read-only", "--refresh", "30", "--timeout", "5"]
    )  # fmt: skip
    assert demo is None
    assert settings.url == "https://engine.lab/ovirt-engine/api"
    assert settings.username == "ops@internal"
    assert settings.password == "s3cret"
    assert settings.ca_file == str(ca)
    assert settings.insecure is False
    assert settings.read_only is True
    assert settings.refresh == 30.0
    assert settings.timeout == 5.0
    assert settings.demo is False


def test_password_never_in_repr(tmp_path) -> None:
    settings, _ = settings_for(["--url", "e"], {"OVIRT_PASSWORD": "hunter2"})
    assert settings.password == "hunter2"
    assert "hunter2" not in repr(settings)


def test_environment_is_honoured(tmp_path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    env = {
        "OVIRT_URL": "https://env-engine/ovirt-engine/api",
        "OVIRT_USERNAME": "env@internal",
        "OVIRT_PASSWORD": "envpass",
        "OVIRT_CAFILE": str(ca),
    }
    settings, _ = settings_for([], env)
    assert settings.url == "https://env-engine/ovirt-engine/api"
    assert settings.username == "env@internal"
    assert settings.password == "envpass"
    assert settings.ca_file == str(ca)
    assert settings.insecure is False


def test_flags_win_over_environment(tmp_path) -> None:
    pw = tmp_path / "pw"
    pw.write_text("filepass")
    env = {
        "OVIRT_URL": "env-engine",
        "OVIRT_USERNAME": "env@internal",
        "OVIRT_PASSWORD": "envpass",
        "OVIRT_CAFILE": str(tmp_path / "missing.pem"),
    }
    settings, _ = settings_for(
        [
            "--url",
            "flag-engine",
            "--user",
            "flag@internal",
            "--password-file",
            str(pw),
            "--insecure",
        ],
        env,
    )
    assert settings.url == "https://flag-engine/ovirt-engine/api"
    assert settings.username == "flag@internal"
    assert settings.password == "filepass"
    assert settings.insecure is True and settings.ca_file is None


def test_ca_file_flag_wins_over_insecure_environment(tmp_path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    settings, _ = settings_for(
        ["--url", "e", "--ca-file", str(ca)], {"OVIRT_INSECURE": "true"}
    )
    assert settings.insecure is False and settings.ca_file == str(ca)


@pytest.mark.parametrize(
    ("value", "insecure"),
    [("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)],
)
def test_insecure_environment_values(value: str, insecure: bool) -> None:
    settings, _ = settings_for(["--url", "e"], {"OVIRT_INSECURE": value})
    assert settings.insecure is insecure


def test_insecure_environment_garbage_is_one_line_error() -> None:
    with pytest.raises(CliError, match="OVIRT_INSECURE='maybe' is not a boolean"):
        settings_for(["--url", "e"], {"OVIRT_INSECURE": "maybe"})


def test_tls_verification_is_the_default() -> None:
    settings, _ = settings_for(["--url", "e"])
    assert settings.insecure is False and settings.ca_file is None
    assert settings.username == "admin@internal"
    assert settings.password is None  # the login screen asks, masked


def test_no_url_means_login_screen_with_demo_offer() -> None:
    assert settings_for([]) == (None, None)


def test_demo_options() -> None:
    settings, demo = settings_for(
        [
            "--demo",
            "--demo-vms",
            "600",
            "--demo-seed",
            "7",
            "--read-only",
            "--refresh",
            "5",
        ]
    )
    assert demo == DemoOptions(vms=600, seed=7)
    assert (
        settings.demo is True and settings.read_only is True and settings.refresh == 5.0
    )


def test_demo_and_url_exclude_each_other() -> None:
    with pytest.raises(CliError, match="exclude each other"):
        settings_for(["--demo", "--url", "engine"])


def test_ca_file_and_insecure_exclude_each_other(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--url", "e", "--ca-file", "x", "--insecure"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_missing_ca_file_is_one_line_error(tmp_path) -> None:
    with pytest.raises(CliError, match="does not exist"):
        settings_for(["--url", "e", "--ca-file", str(tmp_path / "nope.pem")])


def test_missing_and_empty_password_file(tmp_path) -> None:
    with pytest.raises(CliError, match="cannot read --password-file"):
        settings_for(["--url", "e", "--password-file", str(tmp_path / "nope")])
    empty = tmp_path / "empty"
    empty.write_text("\n")
    with pytest.raises(CliError, match="is empty"):
        settings_for(["--url", "e", "--password-file", str(empty)])


def test_bad_refresh_rejected(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--refresh", "0.1"])
    assert "must be at least 1" in capsys.readouterr().err


def test_main_reports_usage_errors_in_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--url", "ftp://engine"], env={})
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ovirt-console: error: bad engine URL") and "\n" not in err
    assert "Traceback" not in err


def test_version_and_help_through_python_dash_m() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "console", "--version"],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert version.returncode == 0
    assert version.stdout.strip() == f"ovirt-console {__version__}"
    help_text = subprocess.run(
        [sys.executable, "-m", "console", "--help"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    for flag in (
        "--demo",
        "--demo-vms",
        "--demo-seed",
        "--url",
        "--user",
        "--ca-file",
        "--insecure",
        "--password-file",
        "--read-only",
        "--refresh",
        "OVIRT_URL",
        "OVIRT_INSECURE",
        "pki-resource",
    ):
        assert flag in help_text, flag


class FakeApp:
    def __init__(self, settings, demo) -> None:
        self.settings, self.demo = settings, demo

    def run(self):
        return None


def test_main_hands_settings_and_demo_to_the_ui(monkeypatch) -> None:
    import console.ui.app as ui_app

    made: list[FakeApp] = []

    def make_app(settings, *, demo=None, keymap=None, config=None):
        made.append(FakeApp(settings, demo))
        made[-1].config = config  # the app reads profile themes and :profile from it
        return made[-1]

    monkeypatch.setattr(ui_app, "make_app", make_app)
    assert main(["--demo", "--demo-vms", "120", "--demo-seed", "4"], env={}) == 0
    assert made[-1].demo == DemoOptions(vms=120, seed=4)
    assert made[-1].settings.demo is True
    assert made[-1].config is not None and made[-1].config.profiles == {}
    assert (
        main(["--url", "engine.lab", "--read-only"], env={"OVIRT_PASSWORD": "pw"}) == 0
    )
    assert made[-1].demo is None
    assert (
        made[-1].settings.url == "https://engine.lab/ovirt-engine/api"
        and made[-1].settings.read_only
    )
    assert main([], env={}) == 0
    assert made[-1].settings is None and made[-1].demo is None  # the login screen asks
