"""The ``ovirt-console`` argument parser: engine, profile, behaviour and demo flags, epilog."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from console import __version__
from console.backend.settings import DemoOptions

__all__ = ["DEFAULT_REFRESH", "DEFAULT_TIMEOUT", "EPILOG", "build_parser"]

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
  ovirt-console --profile prod --profile lab   (two engines, one tab each: ] and [ switch)
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


class _Profiles(argparse.Action):
    """``--profile NAME``, repeatable: ``profile`` is the first named (the one flags and the
    environment refine, as with a single profile), ``profiles`` every one, in order, once."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        names = list(getattr(namespace, "profiles", None) or [])
        if values not in names:
            names.append(values)
        namespace.profiles = names
        namespace.profile = names[0]


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
        action=_Profiles,
        help="engine profile from config.toml; repeat it to open several engines,"
        " one tab each (flags and OVIRT_* apply to the first)",
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
