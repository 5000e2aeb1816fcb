"""The ``ovirt-console`` command line: parse flags and environment, then run the UI.

Flags win over the environment variables the oVirt Ansible collection and the
Terraform provider use (OVIRT_URL, OVIRT_USERNAME, OVIRT_PASSWORD, OVIRT_CAFILE,
OVIRT_INSECURE), so one shell profile serves all three tools.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from console import __version__
from console.backend.settings import DemoOptions, EngineSettings, normalize_url

__all__ = ["CliError", "build_parser", "main", "resolve"]

_TRUE = {"1", "true", "yes", "y", "on", "t"}
_FALSE = {"0", "false", "no", "n", "off", "f", ""}

EPILOG = """\
environment (flags win):
  OVIRT_URL        engine URL, e.g. https://engine.example.com/ovirt-engine/api
  OVIRT_USERNAME   user@profile, default admin@internal
  OVIRT_PASSWORD   password (prefer --password-file or the masked prompt)
  OVIRT_CAFILE     engine CA certificate (PEM)
  OVIRT_INSECURE   true to skip TLS verification

examples:
  ovirt-console --demo
  ovirt-console --demo --demo-vms 10000 --demo-seed 7
  ovirt-console --url engine.example.com --ca-file ca.pem
  ovirt-console --url https://engine/ovirt-engine/api --user admin@internal \\
      --password-file ~/.ovirt-pass --read-only

The engine CA is published at
  https://ENGINE/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA
With no password the login screen asks for it (masked); with no URL it offers the demo.
"""


class CliError(Exception):
    """A usage problem reported as one line, exit status 2."""


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ovirt-console",
        description="A keyboard-driven terminal console for oVirt.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"ovirt-console {__version__}"
    )

    engine = parser.add_argument_group("connect to an engine")
    engine.add_argument("--url", help="engine host or API URL (env OVIRT_URL)")
    engine.add_argument(
        "--user", "--username", dest="user", metavar="USER",
        help="user@profile (env OVIRT_USERNAME; default admin@internal)",
    )  # fmt: skip
    engine.add_argument(
        "--password-file", metavar="FILE",
        help="read the password from the first line of FILE ('-' for stdin)",
    )  # fmt: skip
    tls = engine.add_mutually_exclusive_group()
    tls.add_argument(
        "--ca-file",
        metavar="FILE",
        help="engine CA certificate, PEM (env OVIRT_CAFILE)",
    )
    tls.add_argument(
        "--insecure", action="store_true", default=None,
        help="do not verify the engine's TLS certificate (env OVIRT_INSECURE)",
    )  # fmt: skip

    behaviour = parser.add_argument_group("behaviour")
    behaviour.add_argument(
        "--read-only", action="store_true",
        help="refuse every action that changes anything (shows a READ-ONLY badge)",
    )  # fmt: skip
    behaviour.add_argument(
        "--refresh", type=_positive(float, 1.0), default=10.0, metavar="SECONDS",
        help="inventory refresh interval (default 10)",
    )  # fmt: skip
    behaviour.add_argument(
        "--timeout", type=_positive(float, 1.0), default=30.0, metavar="SECONDS",
        help="give up on an engine request after this long (default 30)",
    )  # fmt: skip

    demo = parser.add_argument_group("demo (embedded simulated engine)")
    demo.add_argument(
        "--demo",
        action="store_true",
        help="start the simulated engine and log in to it",
    )
    demo.add_argument(
        "--demo-vms", type=_positive(int, 1), default=DemoOptions.vms, metavar="N",
        help=f"VMs in the simulated inventory (default {DemoOptions.vms})",
    )  # fmt: skip
    demo.add_argument(
        "--demo-seed", type=int, default=DemoOptions.seed, metavar="N",
        help=f"seed of the simulated inventory and its life (default {DemoOptions.seed})",
    )  # fmt: skip
    demo.add_argument(
        "--demo-chaos",
        metavar="SPEC",
        help="simulator faults, e.g. latency=0.5,error_rate=0.1",
    )
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
            with open(os.path.expanduser(path), encoding="utf-8") as handle:
                text = handle.readline()
    except OSError as exc:
        raise CliError(
            f"cannot read --password-file {path}: {exc.strerror or exc}"
        ) from None
    password = text.rstrip("\r\n")
    if not password:
        raise CliError(f"--password-file {path} is empty")
    return password


def resolve(
    args: argparse.Namespace, env: Mapping[str, str]
) -> tuple[EngineSettings | None, DemoOptions | None]:
    """Settings to connect with (None: ask on the login screen) and demo options."""
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
            url="", username="", read_only=args.read_only,
            refresh=args.refresh, timeout=args.timeout, demo=True,
        )  # fmt: skip
        return settings, demo

    raw_url = args.url or env.get("OVIRT_URL", "").strip()
    if not raw_url:
        return None, None
    try:
        url = normalize_url(raw_url)
    except ValueError as exc:
        raise CliError(f"bad engine URL: {exc}") from None

    if args.ca_file:
        ca_file, insecure = args.ca_file, False
    elif args.insecure:
        ca_file, insecure = None, True
    else:  # no TLS flag: the environment decides, insecure only when asked for
        insecure = bool(_env_bool(env, "OVIRT_INSECURE"))
        ca_file = None if insecure else (env.get("OVIRT_CAFILE") or None)
    if ca_file:
        ca_file = os.path.expanduser(ca_file)
        if not os.path.isfile(ca_file):
            raise CliError(f"CA file {ca_file} does not exist")

    if args.password_file:
        password: str | None = _read_password_file(args.password_file)
    else:
        password = env.get("OVIRT_PASSWORD") or None

    return (
        EngineSettings(
            url=url,
            username=args.user or env.get("OVIRT_USERNAME") or "admin@internal",
            password=password,
            ca_file=ca_file,
            insecure=insecure,
            read_only=args.read_only,
            timeout=args.timeout,
            refresh=args.refresh,
        ),
        None,
    )


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
    try:
        settings, demo = resolve(args, os.environ if env is None else env)
        if args.password_file == "-":
            _keyboard_back_on_stdin()
    except CliError as exc:
        parser.exit(2, f"ovirt-console: error: {exc}\n")

    # Imported late: --help and --version stay instant, and no Textual before it is needed.
    from console.backend.demo import stop_on_signals
    from console.ui.app import make_app

    stop_on_signals()
    app = make_app(settings, demo=demo)
    result = app.run()
    return (
        result if isinstance(result, int) else int(getattr(app, "return_code", 0) or 0)
    )
