"""Fixtures and helpers the CLI test files share.

A test module binds the fixtures it uses, the autouse ones too (``xdg = cli_support.xdg``):
bound there, they apply to that module only, not to the whole suite as they would from
tests/conftest.py, and a module-scoped fixture (``sim``) is one per module.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.cli import build_parser, choose_profile, main, resolve
from console.config import config_path, load_config
from tests.backend.conftest import Sim, start_sim

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


# -- the one-shot commands against the in-process simulator -------------------------------

ENV = {"OVIRT_PASSWORD": "ovirt"}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sim() -> Iterator[Sim]:
    s = start_sim()
    yield s
    s.stop()


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, env: dict[str, str] = ENV
) -> tuple[int, str, str]:
    code = main(list(argv), env=env)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def vms(sim: Sim, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    code, out, err = run(
        capsys, "list", "vms", "--output", "json", "--url", sim.url, *extra
    )
    assert (code, err) == (0, "")
    return json.loads(out)


def changes(sim: Sim) -> list[tuple[str, str]]:
    """Requests that could change something (SSO token and logout are not)."""
    return [
        (r["method"], r["path"]) for r in sim.requests()
        if r["method"] != "GET" and "/sso" not in r["path"] and "sso-logout" not in r["path"]
    ]  # fmt: skip
