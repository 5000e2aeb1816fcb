"""``--profile A --profile B``: both engines open, one tab each; one profile behaves as before."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from console.cli import (
    CliError,
    build_parser,
    choose_profile,
    main,
    more_engines,
    resolve,
)
from console.config.profiles import config_path, load_config

PY = sys.executable

CONFIG = """
default_profile = "lab"

[profiles.lab]
url = "lab-engine.example.com"
username = "ops@internal"
password_command = "{py} -c 'print(\\"lab-pw\\")'"

[profiles.prod]
url = "https://engine.example.com/ovirt-engine"
read_only = true
password_command = "{py} -c 'print(\\"prod-pw\\")'"
refresh = 30

[profiles.qa]
url = "qa.example.com"

[profiles.broken]
url = "broken.example.com"
password_command = "{py} -c 'import sys; sys.exit(3)'"
"""


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    old = os.umask(0o077)
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(CONFIG.format(py=PY))
    yield path
    os.umask(old)


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """What main() handed to the UI (the app itself never starts)."""
    import console.ui.app as ui_app
    from console.backend import demo

    made: list[dict] = []

    class FakeApp:
        def run(self) -> None:
            return None

    def make_app(settings, **kwargs):
        made.append({"settings": settings, **kwargs})
        return FakeApp()

    monkeypatch.setattr(ui_app, "make_app", make_app)
    monkeypatch.setattr(demo, "stop_on_signals", lambda: None)
    return made


def test_two_profiles_open_two_engines(launched: list[dict]) -> None:
    assert main(["--profile", "lab", "--profile", "prod"], env={}) == 0
    first, more = launched[0]["settings"], launched[0]["engines"]
    assert (first.profile, first.password, first.username) == ("lab", "lab-pw", "ops@internal")
    assert [(s.profile, s.url, s.password, s.read_only, s.refresh) for s in more] == [
        ("prod", "https://engine.example.com/ovirt-engine/api", "prod-pw", True, 30.0)]


def test_flags_and_environment_refine_the_first_profile_only(launched: list[dict]) -> None:
    env = {"OVIRT_USERNAME": "env@internal"}
    assert main(["--profile", "qa", "--profile", "lab", "--user", "flag@internal", "--read-only"], env=env) == 0
    first, (lab,) = launched[0]["settings"], launched[0]["engines"]
    assert first.profile == "qa" and first.username == "flag@internal" and first.read_only
    assert first.password is None  # no password_command: qa's tab opens on its login form
    # The second engine as its profile says, plus --read-only (which only ever adds).
    assert lab.username == "ops@internal" and lab.password == "lab-pw" and lab.read_only


def test_one_profile_is_handed_over_as_before(launched: list[dict]) -> None:
    assert main(["--profile", "prod"], env={}) == 0
    assert "engines" not in launched[0] and launched[0]["settings"].profile == "prod"
    # Named twice: one engine.
    assert main(["--profile", "prod", "--profile", "prod"], env={}) == 0
    assert "engines" not in launched[1]


def test_parser_keeps_the_first_profile_and_every_one_in_order() -> None:
    args = build_parser().parse_args(["-p", "a", "--profile", "b", "-p", "a"])
    assert args.profile == "a" and args.profiles == ["a", "b"]
    single = build_parser().parse_args(["--profile", "prod"])
    assert single.profile == "prod" and single.profiles == ["prod"]
    assert build_parser().parse_args([]).profile is None


def test_precedence_for_the_first_profile_is_unchanged() -> None:
    args = build_parser().parse_args(["--profile", "lab", "--profile", "prod", "--url", "other.example.com"])
    config = load_config(None)
    profile = choose_profile(config, args, {})
    settings, _ = resolve(args, {}, profile)
    assert profile.name == "lab" and settings.url == "https://other.example.com/ovirt-engine/api"


@pytest.mark.parametrize(("argv", "message"), [
    (["--profile", "lab", "--profile", "nope"], "no profile 'nope'"),
    (["--profile", "lab", "--profile", "prod", "--demo"], "--demo opens the simulator in one tab"),
    (["--profile", "lab", "--profile", "prod", "list", "vms"], "list works on one engine"),
])
def test_several_profiles_refused_where_they_make_no_sense(argv: list[str], message: str) -> None:
    args = build_parser().parse_args(argv)
    with pytest.raises(CliError, match=message):
        more_engines(load_config(None), args)


def test_a_failing_password_command_of_a_further_profile_exits_3(launched, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--profile", "lab", "--profile", "broken"], env={})
    assert exit_.value.code == 3 and not launched
    assert "profile broken:" in capsys.readouterr().err
