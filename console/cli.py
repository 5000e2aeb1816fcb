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
from collections.abc import Mapping, Sequence

from console.backend.settings import DemoOptions, EngineSettings, normalize_url
from console.cli_args import DEFAULT_REFRESH, DEFAULT_TIMEOUT, build_parser
from console.config.private import UnprotectedFileError, read_private
from console.config.profiles import Config, ConfigError, Profile, keymap, load_config

__all__ = ["CliError", "build_parser", "choose_profile", "main", "more_engines", "resolve"]

_TRUE = {"1", "true", "yes", "y", "on", "t"}
_FALSE = {"0", "false", "no", "n", "off", "f", ""}


class CliError(Exception):
    """A problem reported as one line; exit status ``code`` (2: usage, 3: credentials)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


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


def more_engines(config: Config, args: argparse.Namespace) -> list[EngineSettings]:
    """Settings for each ``--profile`` after the first, one tab each, taken as written in
    config.toml (plus ``--read-only``): the flags and OVIRT_* name one engine, the first."""
    from console.config.engine import engine_settings
    from console.config.password import PasswordCommandError

    names = list(getattr(args, "profiles", None) or [])[1:]
    if not names:
        return []
    if args.command:
        raise CliError(f"{args.command} works on one engine: give one --profile")
    if args.demo:
        raise CliError("--demo opens the simulator in one tab: give at most one --profile with it")
    out = []
    for name in names:
        try:
            profile = config.profile(name)
            assert profile is not None  # a name was given: found, or ConfigError
            out.append(engine_settings(profile, read_only=bool(args.read_only)))
        except ConfigError as exc:
            raise CliError(str(exc)) from None
        except PasswordCommandError as exc:
            raise CliError(f"profile {name}: {exc}", code=3) from None
    return out


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
        more = more_engines(config, args)
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
    # Profile themes and :profile need the config; each further --profile opens its own tab.
    extra: dict[str, object] = {"engines": more} if more else {}
    app = make_app(settings, demo=demo, keymap=keys, config=config, **extra)
    result = app.run()
    return (
        result if isinstance(result, int) else int(getattr(app, "return_code", 0) or 0)
    )
