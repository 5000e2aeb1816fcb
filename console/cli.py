"""The ``ovirt-console`` command line: flags, environment and profile, then the UI or a one-shot.

Precedence, highest first: flags, the environment variables the oVirt Ansible
collection and Terraform provider use (OVIRT_URL, OVIRT_USERNAME, OVIRT_PASSWORD,
OVIRT_CAFILE, OVIRT_INSECURE), the config.toml profile, built-in defaults.
Bare ``ovirt-console [flags]`` starts the full-screen console; ``list``,
``events`` and ``action`` are one-shots for scripts (see console.oneshot).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from console import __version__
from console.backend.settings import DemoOptions, EngineSettings, normalize_url
from console.config.private import UnprotectedFileError, read_private
from console.config.profiles import Config, ConfigError, Profile, keymap, load_config

__all__ = ["CliError", "build_parser", "choose_profile", "main", "resolve"]

_TRUE = {"1", "true", "yes", "y", "on", "t"}
_FALSE = {"0", "false", "no", "n", "off", "f", ""}
DEFAULT_REFRESH = 10.0
DEFAULT_TIMEOUT = 30.0

EPILOG = """\
environment (flags win; these win over the profile):
  OVIRT_URL        engine URL, e.g. https://engine.example.com/ovirt-engine/api
  OVIRT_USERNAME   user@profile, default admin@internal
  OVIRT_PASSWORD   password (prefer --password-file, a profile's password_command
                   or the masked prompt)
  OVIRT_CAFILE     engine CA certificate (PEM)
  OVIRT_INSECURE   true to skip TLS verification

profiles: named engines in config.toml (XDG config dir, usually
  ~/.config/ovirt-console/config.toml); --profile NAME picks one, else its
  default_profile is used when no URL is given by flag or environment.

examples:
  ovirt-console --demo
  ovirt-console --demo --demo-vms 10000 --demo-seed 7
  ovirt-console --profile prod
  ovirt-console --url engine.example.com --ca-file ca.pem
  ovirt-console --url https://engine/ovirt-engine/api --user admin@internal \\
      --password-file ~/.ovirt-pass --read-only
  ovirt-console list vms --search "status=up" --output json
  ovirt-console events --follow
  ovirt-console action vm web-01 start
  ovirt-console COMMAND --help          (more on each one-shot)

The engine CA is published at
  https://ENGINE/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA
With no password the login screen asks for it (masked); with no URL it offers the demo.
"""


class CliError(Exception):
    """A problem reported as one line; exit status ``code`` (2: usage, 3: credentials)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _positive(kind: type[int | float], minimum: float) -> Callable[[str], int | float]:
    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"must be at least {minimum:g}, got {text}"
            )
        return value

    convert.__name__ = kind.__name__
    return convert


def _engine_flags(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """The flags that say which engine and how; on every subcommand too.

    On a subcommand they default to SUPPRESS so ``ovirt-console --url X list vms``
    and ``ovirt-console list vms --url X`` both work without one hiding the other.
    """
    quiet: dict[str, Any] = {"default": argparse.SUPPRESS} if sub else {}

    def dflt(value: object) -> dict[str, Any]:
        return quiet or {"default": value}

    config = parser.add_argument_group("profile")
    config.add_argument(
        "--profile",
        "-p",
        metavar="NAME",
        help="engine profile from config.toml",
        **dflt(None),
    )
    config.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: XDG config dir/config.toml)",
        **dflt(None),
    )

    engine = parser.add_argument_group("connect to an engine")
    engine.add_argument(
        "--url", help="engine host or API URL (env OVIRT_URL)", **dflt(None)
    )
    engine.add_argument(
        "--user", "--username", dest="user", metavar="USER",
        help="user@profile (env OVIRT_USERNAME; default admin@internal)", **dflt(None),
    )  # fmt: skip
    engine.add_argument(
        "--password-file", metavar="FILE",
        help="read the password from the first line of FILE ('-' for stdin); FILE must be private (chmod 600)", **dflt(None),
    )  # fmt: skip
    tls = engine.add_mutually_exclusive_group()
    tls.add_argument(
        "--ca-file",
        metavar="FILE",
        help="engine CA certificate, PEM (env OVIRT_CAFILE)",
        **dflt(None),
    )
    tls.add_argument(
        "--insecure", action="store_true", help="do not verify the engine's TLS certificate (env OVIRT_INSECURE)",
        **dflt(None),
    )  # fmt: skip

    behaviour = parser.add_argument_group("behaviour")
    behaviour.add_argument(
        "--read-only", action="store_true", **dflt(False),
        help="refuse every action that changes anything (shows a READ-ONLY badge)",
    )  # fmt: skip
    if not sub:
        behaviour.add_argument(
            "--refresh", type=_positive(float, 1.0), default=None, metavar="SECONDS",
            help=f"inventory refresh interval (default {DEFAULT_REFRESH:g})",
        )  # fmt: skip
    behaviour.add_argument(
        "--timeout", type=_positive(float, 1.0), metavar="SECONDS", **dflt(None),
        help=f"give up on an engine request after this long (default {DEFAULT_TIMEOUT:g})",
    )  # fmt: skip
    behaviour.add_argument(
        "--log-file", metavar="PATH", **dflt(None),
        help="append a debug line per request (method, path, status, time, correlation id;"
        " never a header, token or password) to PATH, created mode 0600",
    )  # fmt: skip

    demo = parser.add_argument_group("demo (embedded simulated engine)")
    demo.add_argument(
        "--demo",
        action="store_true",
        help="start the simulated engine and log in to it",
        **dflt(False),
    )
    demo.add_argument(
        "--demo-vms", type=_positive(int, 1), metavar="N", **dflt(DemoOptions.vms),
        help=f"VMs in the simulated inventory (default {DemoOptions.vms})",
    )  # fmt: skip
    demo.add_argument(
        "--demo-seed", type=int, metavar="N", **dflt(DemoOptions.seed),
        help=f"seed of the simulated inventory and its life (default {DemoOptions.seed})",
    )  # fmt: skip
    demo.add_argument(
        "--demo-chaos",
        metavar="SPEC",
        help="simulator faults, e.g. latency=0.5,error_rate=0.1",
        **dflt(None),
    )


def build_parser() -> argparse.ArgumentParser:
    from console.oneshot.commands import add_commands

    parser = argparse.ArgumentParser(
        prog="ovirt-console",
        description="A keyboard-driven terminal console for oVirt.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"ovirt-console {__version__}"
    )
    _engine_flags(parser)
    add_commands(parser, lambda p: _engine_flags(p, sub=True))
    return parser


def _env_bool(env: Mapping[str, str], name: str) -> bool | None:
    raw = env.get(name)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CliError(f"{name}={raw!r} is not a boolean: use true or false")


def _read_password_file(path: str) -> str:
    try:
        if path == "-":
            text = sys.stdin.readline()
        else:
            data = read_private(os.path.expanduser(path))
            text = data.decode("utf-8").partition("\n")[0]
    except UnprotectedFileError as exc:
        raise CliError(f"--password-file: {exc}") from None
    except UnicodeDecodeError:
        raise CliError(f"--password-file {path} is not UTF-8 text") from None
    except OSError as exc:
        raise CliError(
            f"cannot read --password-file {path}: {exc.strerror or exc}"
        ) from None
    password = text.rstrip("\r\n")
    if not password:
        raise CliError(f"--password-file {path} is empty")
    return password


def _tls(
    layers: Sequence[tuple[str | None, bool | None]],
) -> tuple[str | None, bool]:
    """(ca_file, insecure) from (ca_file, insecure) layers, highest first.

    The highest layer that says anything decides; a CA file implies verification,
    and an explicit ``insecure = false`` keeps looking lower only for a CA file.
    """
    verify = False
    for ca_file, insecure in layers:
        if insecure and not verify:
            return None, True
        if ca_file:
            return ca_file, False
        if insecure is False:
            verify = True
    return None, False


def choose_profile(
    config: Config, args: argparse.Namespace, env: Mapping[str, str]
) -> Profile | None:
    """--profile NAME, else the default profile unless a URL (or --demo) says otherwise.

    A default profile never lends its credentials to an engine named elsewhere.
    """
    if args.profile:
        try:
            return config.profile(args.profile)
        except ConfigError as exc:
            raise CliError(str(exc)) from None
    if args.url or env.get("OVIRT_URL", "").strip() or args.demo:
        return None
    return config.profile(None)


def resolve(
    args: argparse.Namespace,
    env: Mapping[str, str],
    profile: Profile | None = None,
) -> tuple[EngineSettings | None, DemoOptions | None]:
    """Settings to connect with (None: ask on the login screen) and demo options."""
    p = profile
    name = p.name if p else None
    read_only = bool(args.read_only) or bool(
        p and p.read_only
    )  # read-only only adds up
    refresh = getattr(args, "refresh", None) or (p and p.refresh) or DEFAULT_REFRESH
    timeout = args.timeout or (p and p.timeout) or DEFAULT_TIMEOUT
    if args.demo:
        if args.url:
            raise CliError(
                "--demo and --url exclude each other: pick the simulator or an engine"
            )
        demo = DemoOptions(
            vms=args.demo_vms, seed=args.demo_seed, chaos=args.demo_chaos
        )
        # The URL and credentials come from the simulator once it is up.
        settings = EngineSettings(
            url="", username="", read_only=read_only, refresh=refresh,
            timeout=timeout, demo=True, profile=name,
        )  # fmt: skip
        return settings, demo

    raw_url = args.url or env.get("OVIRT_URL", "").strip() or (p and p.url) or ""
    if not raw_url:
        return None, None
    try:
        url = normalize_url(raw_url)
    except ValueError as exc:
        raise CliError(f"bad engine URL: {exc}") from None

    ca_file, insecure = _tls([
        (args.ca_file, args.insecure or None),
        (env.get("OVIRT_CAFILE") or None, _env_bool(env, "OVIRT_INSECURE")),
        ((p.ca_file, p.insecure) if p else (None, None)),
    ])  # fmt: skip
    if ca_file:
        ca_file = os.path.expanduser(ca_file)
        if not os.path.isfile(ca_file):
            raise CliError(f"CA file {ca_file} does not exist")

    if args.password_file:
        password: str | None = _read_password_file(args.password_file)
    else:
        password = env.get("OVIRT_PASSWORD") or None
    if password is None and p and p.password_command:
        password = _from_command(p)

    return (
        EngineSettings(
            url=url,
            username=args.user
            or env.get("OVIRT_USERNAME")
            or (p and p.username)
            or "admin@internal",
            password=password,
            ca_file=ca_file,
            insecure=insecure,
            read_only=read_only,
            timeout=timeout,
            refresh=refresh,
            profile=name,
        ),
        None,
    )


def _from_command(profile: Profile) -> str:
    from console.config.password import PasswordCommandError, run_password_command

    assert profile.password_command is not None
    try:
        return run_password_command(profile.password_command)
    except PasswordCommandError as exc:
        raise CliError(f"profile {profile.name}: {exc}", code=3) from None


def _keyboard_back_on_stdin() -> None:
    """After ``--password-file -`` read a pipe, the console still needs the keyboard."""
    if sys.stdin.isatty():
        return
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise CliError(
            "--password-file - read stdin, and there is no terminal left for the console"
        ) from None
    os.dup2(tty, 0)
    os.close(tty)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - fd 0 lives on


def main(
    argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None
) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    environ = os.environ if env is None else env
    try:
        config = load_config(args.config)
        for warning in config.warnings:
            print(f"ovirt-console: warning: {warning}", file=sys.stderr)
        profile = choose_profile(config, args, environ)
        settings, demo = resolve(args, environ, profile)
        if args.password_file == "-" and not args.command:
            _keyboard_back_on_stdin()
    except (CliError, ConfigError) as exc:
        parser.exit(getattr(exc, "code", 2), f"ovirt-console: error: {exc}\n")
    if args.log_file:
        from console.api.requestlog import LogFileError, open_log_file

        try:
            open_log_file(args.log_file)
        except LogFileError as exc:
            parser.exit(2, f"ovirt-console: error: {exc}\n")
        except OSError as exc:
            parser.exit(2, f"ovirt-console: error: cannot open --log-file {args.log_file}: {exc.strerror or exc}\n")

    if args.command:
        from console.oneshot.commands import run_command

        source = (
            "--read-only"
            if args.read_only
            else f"profile {profile.name if profile else ''}: read_only = true"
        )
        return run_command(args, settings, demo, read_only_source=source)

    # Imported late: --help and --version stay instant, and no Textual before it is needed.
    from console.backend.demo import stop_on_signals
    from console.ui.actions.registry import unknown_ids
    from console.ui.app import make_app

    keys = keymap(config, profile)
    for binding_id in unknown_ids(keys):
        print(f"ovirt-console: warning: [keys] {binding_id}: no action has this id", file=sys.stderr)
        del keys[binding_id]
    stop_on_signals()
    app = make_app(settings, demo=demo, keymap=keys, config=config)  # profile themes, :profile
    result = app.run()
    return (
        result if isinstance(result, int) else int(getattr(app, "return_code", 0) or 0)
    )
