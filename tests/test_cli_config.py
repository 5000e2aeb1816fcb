"""config.toml: where it lives, parsing, validation, keymaps, and the errors and warnings main reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.cli import main
from console.config import ConfigError, config_path, keymap, load_config, parse_config
from tests import cli_support

# The shared fixtures used here (private_umask and xdg are autouse); bound in this module,
# they apply to it only.
private_umask, xdg, config_file = cli_support.private_umask, cli_support.xdg, cli_support.config_file


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
