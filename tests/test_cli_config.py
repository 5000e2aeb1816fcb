"""config.toml: parsing, validation, precedence (flags > environment > profile), password_command."""

from __future__ import annotations

import sys
from pathlib import Path

import os

import pytest

from console.cli import CliError, build_parser, choose_profile, main, resolve
from console.config import (
    ConfigError,
    PasswordCommandError,
    config_path,
    keymap,
    load_config,
    parse_config,
    run_password_command,
)

PY = sys.executable

EXAMPLE = """
default_profile = "lab"
theme = "textual-dark"

[keys]
quit = "ctrl+q"

[profiles.lab]
url = "lab-engine.example.com"
username = "ops@internal"
insecure = true
refresh = 20
timeout = 12.5

[profiles.prod]
url = "https://engine.example.com/ovirt-engine"
username = "admin@internal"
ca_file = "{ca}"
read_only = true
password_command = "{py} -c 'print(\\"from-command\\")'"
theme = "ovirt-production"

[profiles.prod.keys]
vm_start = "ctrl+r"
quit = "ctrl+x"
"""


@pytest.fixture(autouse=True)
def private_umask():
    """Files written here are private, as a user's config and password files must be (else refused)."""
    old = os.umask(0o077)
    yield
    os.umask(old)


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """platformdirs follows XDG_*: every test gets its own config and state dirs."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(EXAMPLE.format(ca=ca, py=PY))
    return path


def settings_for(argv: list[str], env: dict[str, str] | None = None):
    args = build_parser().parse_args(argv)
    environ = env or {}
    profile = choose_profile(load_config(args.config), args, environ)
    return resolve(args, environ, profile)


def test_config_lives_in_the_xdg_config_dir(xdg: Path) -> None:
    assert config_path() == xdg / "config" / "ovirt-console" / "config.toml"


def test_missing_default_config_is_empty_but_missing_named_file_is_an_error(
    tmp_path: Path,
) -> None:
    config = load_config()
    assert config.profiles == {} and config.default_profile is None
    assert config.profile(None) is None
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


def test_profiles_are_parsed(config_file: Path, tmp_path: Path) -> None:
    config = load_config()
    assert config.path == config_file and config.warnings == ()
    lab, prod = config.profile("lab"), config.profile("prod")
    assert config.profile(None) is lab  # default_profile
    assert lab.url == "https://lab-engine.example.com/ovirt-engine/api"
    assert (lab.username, lab.insecure, lab.refresh, lab.timeout) == (
        "ops@internal",
        True,
        20.0,
        12.5,
    )
    assert lab.read_only is False and lab.ca_file is None
    assert prod.url == "https://engine.example.com/ovirt-engine/api"
    assert prod.read_only is True and prod.ca_file == str(tmp_path / "ca.pem")
    assert config.theme_for(prod) == "ovirt-production"
    assert config.theme_for(lab) == "textual-dark"  # the global theme
    assert "from-command" not in repr(prod)  # the command is not echoed in logs either


def test_keymap_merges_global_keys_under_the_profile(config_file: Path) -> None:
    config = load_config()
    assert keymap(config, config.profile("prod")) == {
        "quit": "ctrl+x",
        "vm_start": "ctrl+r",
    }
    assert keymap(config, config.profile("lab")) == {"quit": "ctrl+q"}
    assert keymap(config, None) == {"quit": "ctrl+q"}


def test_unknown_keys_are_warned_not_refused() -> None:
    config = parse_config(
        'colour = "red"\n[profiles.a]\nurl = "e"\nflavour = 1\n', "/etc/c.toml"
    )
    assert config.warnings == (
        "/etc/c.toml: colour: unknown key, ignored",
        "/etc/c.toml: profiles.a.flavour: unknown key, ignored",
    )
    assert config.profile("a").url == "https://e/ovirt-engine/api"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[profiles.a]\nrefresh = "fast"',
            "c.toml: profiles.a.refresh: expected a number of seconds, got 'fast' (a string)",
        ),
        (
            "[profiles.a]\nrefresh = 0.5",
            "c.toml: profiles.a.refresh: must be at least 1 seconds, got 0.5",
        ),
        (
            '[profiles.a]\nread_only = "yes"',
            "c.toml: profiles.a.read_only: expected true or false, got 'yes' (a string)",
        ),
        (
            "[profiles.a]\ninsecure = 1",
            "c.toml: profiles.a.insecure: expected true or false, got 1 (an integer)",
        ),
        (
            "[profiles.a]\nurl = 42",
            "c.toml: profiles.a.url: expected a string, got 42 (an integer)",
        ),
        (
            '[profiles.a]\nurl = "ftp://x"',
            "c.toml: profiles.a.url: unsupported URL scheme 'ftp'",
        ),
        (
            '[profiles.a]\nca_file = "x"\ninsecure = true',
            "c.toml: profiles.a.insecure: ca_file and insecure = true exclude each other",
        ),
        (
            '[profiles.a]\npassword_command = " "',
            "c.toml: profiles.a.password_command: is empty",
        ),
        (
            "[profiles.a.keys]\nvm_start = 3",
            "c.toml: profiles.a.keys.vm_start: expected a key name",
        ),
        ('keys = "ctrl+q"', "c.toml: keys: expected a table of binding_id"),
        ('profiles = "a"', "c.toml: profiles: expected a table of [profiles.NAME]"),
        (
            'default_profile = "b"\n[profiles.a]',
            "c.toml: default_profile: no profile 'b' (profiles: a)",
        ),
        ("[profiles.a\nurl=", "c.toml: not valid TOML"),
    ],
)
def test_wrong_types_are_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "c.toml")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


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


def test_main_reports_config_errors_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[profiles.a]\nrefresh = true\n")
    with pytest.raises(SystemExit) as info:
        main(["--config", str(path)], env={})
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"ovirt-console: error: {path}: profiles.a.refresh: expected a number of seconds, got True (a boolean)\n"
    )


def test_main_warns_about_unknown_keys_and_hands_the_profile_to_the_ui(
    config_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import console.ui.app as ui_app

    config_file.write_text(
        config_file.read_text() + '\n[profiles.extra]\nurl = "x"\nspeed = 1\n'
    )
    made = []

    class FakeApp:
        def run(self) -> None:
            return None

    def make_app(settings, *, demo=None, keymap=None, config=None):
        made.append(settings)
        return FakeApp()

    monkeypatch.setattr(ui_app, "make_app", make_app)
    assert main(["--profile", "prod"], env={}) == 0
    assert made[-1].profile == "prod" and made[-1].password == "from-command"
    assert "profiles.extra.speed: unknown key, ignored" in capsys.readouterr().err


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


def test_key_overrides_reach_the_app_and_unknown_ids_are_named(
    config_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import console.ui.app as ui_app

    config_file.write_text(
        'default_profile = "lab"\n[keys]\n"app.quit" = "ctrl+q"\nquit = "ctrl+x"\n'
        '[profiles.lab]\nurl = "lab.example.com"\n[profiles.lab.keys]\n"main.xml" = "X"\n'
    )
    keymaps = []

    class FakeApp:
        def run(self) -> None:
            return None

    def make_app(settings, *, demo=None, keymap=None, config=None):
        keymaps.append(keymap)
        return FakeApp()

    monkeypatch.setattr(ui_app, "make_app", make_app)
    assert main([], env={"OVIRT_PASSWORD": "pw"}) == 0
    assert keymaps == [{"app.quit": "ctrl+q", "main.xml": "X"}]
    assert "[keys] quit: no action has this id" in capsys.readouterr().err
