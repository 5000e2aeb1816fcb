"""Profiles: which one applies, precedence (flags > environment > profile), password_command,
and the settings a :profile switch logs in with."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.cli import CliError
from console.config import (
    ConfigError,
    PasswordCommandError,
    load_config,
    parse_config,
    run_password_command,
)
from tests import cli_support
from tests.cli_support import PY, settings_for

# The shared fixtures used here (private_umask and xdg are autouse); bound in this module,
# they apply to it only.
private_umask, xdg, config_file = cli_support.private_umask, cli_support.xdg, cli_support.config_file


def test_unknown_profile_names_the_known_ones(config_file: Path) -> None:
    with pytest.raises(
        CliError, match=r"no profile 'qa' in .*config.toml \(profiles: lab, prod\)"
    ):
        settings_for(["--profile", "qa"])


def test_default_profile_applies_when_nothing_else_names_an_engine(
    config_file: Path,
) -> None:
    settings, demo = settings_for([])
    assert demo is None and settings.profile == "lab"
    assert settings.url == "https://lab-engine.example.com/ovirt-engine/api"
    assert (settings.username, settings.insecure, settings.refresh, settings.timeout) == (
        "ops@internal", True, 20.0, 12.5,
    )  # fmt: skip


def test_profile_password_command_tls_and_read_only(
    config_file: Path, tmp_path: Path
) -> None:
    settings, _ = settings_for(["--profile", "prod"])
    assert settings.profile == "prod" and settings.password == "from-command"
    assert settings.ca_file == str(tmp_path / "ca.pem") and settings.insecure is False
    assert settings.read_only is True
    assert "from-command" not in repr(settings)


def test_environment_wins_over_the_profile(config_file: Path, tmp_path: Path) -> None:
    env = {
        "OVIRT_USERNAME": "env@internal",
        "OVIRT_PASSWORD": "envpass",
        "OVIRT_INSECURE": "true",
    }
    settings, _ = settings_for(["--profile", "prod"], env)
    assert settings.username == "env@internal"
    assert settings.password == "envpass"  # the command is not even needed
    assert settings.insecure is True and settings.ca_file is None
    env = {
        "OVIRT_URL": "https://other/ovirt-engine/api",
        "OVIRT_CAFILE": str(tmp_path / "ca.pem"),
    }
    settings, _ = settings_for(["--profile", "lab"], env)
    assert settings.url == "https://other/ovirt-engine/api"
    assert settings.ca_file == str(tmp_path / "ca.pem") and settings.insecure is False


def test_environment_insecure_false_overrides_a_profile_insecure(
    config_file: Path,
) -> None:
    settings, _ = settings_for(["--profile", "lab"], {"OVIRT_INSECURE": "false"})
    assert settings.insecure is False


def test_flags_win_over_environment_and_profile(
    config_file: Path, tmp_path: Path
) -> None:
    pw = tmp_path / "pw"
    pw.write_text("filepass\n")
    env = {
        "OVIRT_URL": "env-engine",
        "OVIRT_USERNAME": "env@internal",
        "OVIRT_PASSWORD": "envpass",
    }
    settings, _ = settings_for(
        ["--profile", "prod", "--url", "flag-engine", "--user", "flag@internal",
         "--password-file", str(pw), "--insecure", "--refresh", "7", "--timeout", "9"],
        env,
    )  # fmt: skip
    assert settings.url == "https://flag-engine/ovirt-engine/api"
    assert (settings.username, settings.password) == ("flag@internal", "filepass")
    assert settings.insecure is True and settings.ca_file is None
    assert (settings.refresh, settings.timeout) == (7.0, 9.0)
    assert settings.read_only is True  # a flag cannot lift the profile's read-only


def test_a_url_elsewhere_bypasses_the_default_profile(config_file: Path) -> None:
    # The default profile's credentials must never reach an engine named by flag or env.
    settings, _ = settings_for(["--url", "elsewhere"])
    assert settings.profile is None and settings.username == "admin@internal"
    assert settings.insecure is False and settings.refresh == 10.0
    settings, _ = settings_for([], {"OVIRT_URL": "elsewhere"})
    assert settings.profile is None and settings.insecure is False


def test_demo_takes_an_explicit_profile_only(config_file: Path) -> None:
    settings, demo = settings_for(["--demo"])
    assert demo is not None and settings.profile is None
    settings, _ = settings_for(["--demo", "--profile", "prod"])
    assert settings.profile == "prod" and settings.read_only is True
    assert settings.password is None  # the simulator supplies its own


def test_failing_password_command_is_a_one_line_credentials_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        f'[profiles.x]\nurl = "e"\npassword_command = "{PY} -c \'import sys; sys.exit(4)\'"\n'
    )
    with pytest.raises(CliError) as info:
        settings_for(["--config", str(path), "--profile", "x"])
    assert info.value.code == 3
    assert str(info.value).startswith("profile x: password_command:")
    assert "exit status 4" in str(info.value)


class TestPasswordCommand:
    def test_first_line_of_stdout(self) -> None:
        assert (
            run_password_command(f'{PY} -c \'print("s3cret"); print("second")\'')
            == "s3cret"
        )

    def test_no_shell_is_involved(self, tmp_path: Path) -> None:
        marker = tmp_path / "pwned"
        # With a shell this would create the marker; without one ';' is just an argument.
        password = run_password_command(
            f"{PY} -c 'import sys; print(sys.argv[1])' ';touch {marker}'"
        )
        assert password == f";touch {marker}" and not marker.exists()

    def test_missing_command(self) -> None:
        with pytest.raises(
            PasswordCommandError, match="no-such-password-tool: command not found"
        ):
            run_password_command("no-such-password-tool show x")

    def test_failure_shows_stderr_but_never_stdout(self) -> None:
        code = "import sys; print('leaked-secret'); print('entry not found', file=sys.stderr); sys.exit(1)"
        with pytest.raises(PasswordCommandError) as info:
            run_password_command(f'{PY} -c "{code}"')
        assert "exit status 1: entry not found" in str(info.value)
        assert "leaked-secret" not in str(info.value)

    def test_timeout(self) -> None:
        with pytest.raises(PasswordCommandError, match="gave no password within 0.3 s"):
            run_password_command(f"{PY} -c 'import time; time.sleep(5)'", timeout=0.3)

    def test_empty_output(self) -> None:
        with pytest.raises(PasswordCommandError, match="printed no password"):
            run_password_command(f"{PY} -c 'print()'")

    def test_unbalanced_quotes(self) -> None:
        with pytest.raises(PasswordCommandError, match="cannot be parsed"):
            run_password_command("pass show 'oops")


class TestEngineSettingsForProfileSwitch:
    """What the console's :profile NAME logs in with: the profile as written."""

    def test_prod(self, config_file: Path, tmp_path: Path) -> None:
        from console.config import engine_settings

        settings = engine_settings(load_config().profile("prod"))
        assert settings.url == "https://engine.example.com/ovirt-engine/api"
        assert (
            settings.username == "admin@internal"
            and settings.password == "from-command"
        )
        assert (
            settings.ca_file == str(tmp_path / "ca.pem") and settings.insecure is False
        )
        assert settings.read_only is True and settings.profile == "prod"
        assert (settings.refresh, settings.timeout) == (
            10.0,
            30.0,
        )  # EngineSettings defaults

    def test_lab_and_session_read_only(self, config_file: Path) -> None:
        from console.config import engine_settings

        lab = load_config().profile("lab")
        settings = engine_settings(lab)
        assert (
            settings.insecure is True and settings.password is None
        )  # login screen asks
        assert (settings.refresh, settings.timeout, settings.read_only) == (
            20.0,
            12.5,
            False,
        )
        assert engine_settings(lab, read_only=True).read_only is True
        assert engine_settings(lab, password="typed").password == "typed"

    def test_no_command_run_when_told_not_to(self, config_file: Path) -> None:
        from console.config import engine_settings

        assert (
            engine_settings(load_config().profile("prod"), run_password=False).password
            is None
        )

    def test_unusable_profiles(self, tmp_path: Path) -> None:
        from console.config import engine_settings

        config = parse_config(
            f'[profiles.nourl]\nusername = "a"\n[profiles.noca]\nurl = "e"\nca_file = "{tmp_path}/missing.pem"\n'
        )
        with pytest.raises(ConfigError, match="profile nourl has no url"):
            engine_settings(config.profile("nourl"))
        with pytest.raises(
            ConfigError, match="profile noca: CA file .*missing.pem does not exist"
        ):
            engine_settings(config.profile("noca"))
