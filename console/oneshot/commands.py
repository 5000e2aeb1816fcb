"""The one-shot subcommands: their argparse definitions and running one.

``cli.py`` builds the parser and resolves settings; this module owns what each
subcommand accepts and how it runs, so the console's launcher stays small.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TextIO

from console.backend.settings import DemoOptions, EngineSettings
from console.oneshot.exits import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    OneShotError,
    report,
)
from console.oneshot.output import OUTPUTS

__all__ = ["COMMANDS", "add_commands", "run_command"]

COMMANDS = ("list", "events", "action")
LIST_KINDS = ("vms", "hosts", "clusters", "datacenters", "storage", "events", "jobs")

AddFlags = Callable[[argparse.ArgumentParser], None]

LIST_EPILOG = """\
examples:
  ovirt-console list vms --search "status=up and cluster=prod" --output json
  ovirt-console --profile prod list hosts --output csv > hosts.csv
  ovirt-console list storage
  ovirt-console list events --max 50
"""
EVENTS_EPILOG = """\
examples:
  ovirt-console events --max 100
  ovirt-console events --follow --output json | jq -r .description
Ctrl-C stops following (exit status 0).
"""
ACTION_EPILOG = """\
actions (oVirt's own names; aliases: run=start, poweroff=stop, maintenance=deactivate):
{actions}

examples:
  ovirt-console action vm web-01 start
  ovirt-console action vm web-01 migrate --host host-02
  ovirt-console action host host-03 deactivate --reason "kernel update"
  ovirt-console action storage dc-east-nfs-01 activate

exit status: 0 sent, 1 the engine refused (its reason is printed) or has no
such object, 2 usage or read-only, 3 cannot connect or log in.
"""


def add_commands(parser: argparse.ArgumentParser, add_engine_flags: AddFlags) -> None:
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND",
        title="one-shot commands (for scripts and cron; no full-screen console)",
    )  # fmt: skip
    fmt = argparse.RawDescriptionHelpFormatter

    listing = sub.add_parser(
        "list", help="print one collection as a table, JSON or CSV",
        description="Print one collection of the engine.", epilog=LIST_EPILOG, formatter_class=fmt,
    )  # fmt: skip
    listing.add_argument("kind", choices=LIST_KINDS, help="what to list")
    listing.add_argument(
        "--search", "-s", metavar="QUERY", help='the engine\'s search, e.g. "status=up"'
    )
    listing.add_argument("--max", type=_count, metavar="N", help="at most N objects")
    _output_flag(listing)
    add_engine_flags(listing)

    events = sub.add_parser(
        "events", help="print the event log; --follow tails it",
        description="Print the newest events, oldest first.", epilog=EVENTS_EPILOG, formatter_class=fmt,
    )  # fmt: skip
    events.add_argument(
        "--follow", "-f", action="store_true", help="keep printing new events"
    )
    events.add_argument(
        "--max",
        type=_count,
        default=20,
        metavar="N",
        help="newest N events first (default 20)",
    )
    events.add_argument(
        "--interval",
        type=_seconds,
        default=3.0,
        metavar="SECONDS",
        help="poll interval with --follow (default 3)",
    )
    _output_flag(events)
    add_engine_flags(events)

    action = sub.add_parser(
        "action", help="run one action on a VM, host or storage domain",
        description="Run one action; honours --read-only and the profile's read_only.",
        epilog=ACTION_EPILOG.format(actions=actions_help()), formatter_class=fmt,
    )  # fmt: skip
    action.add_argument("kind", metavar="KIND", help="vm, host or storage")
    action.add_argument("target", metavar="NAME", help="the object's name or id")
    action.add_argument(
        "action", metavar="ACTION", help="e.g. start, shutdown, migrate"
    )
    action.add_argument(
        "--host",
        metavar="HOST",
        help="migrate: target host (default: the scheduler picks)",
    )
    action.add_argument(
        "--force",
        action="store_true",
        default=None,
        help="migrate, storage maintenance: force",
    )
    action.add_argument(
        "--description", metavar="TEXT", help="snapshot: its description"
    )
    action.add_argument(
        "--memory", action="store_true", help="snapshot: include the memory state"
    )
    action.add_argument(
        "--reason",
        metavar="TEXT",
        help="host maintenance: the reason shown in the portal",
    )
    add_engine_flags(action)


def actions_help() -> str:
    """The action table of ACTIONS (light to import: --help stays instant)."""
    from console.backend.actions import ACTIONS

    kinds = {"vms": "vm", "hosts": "host", "storage_domains": "storage"}
    return "\n".join(
        f"  {kinds[k]:<8} {', '.join(a for kk, a in ACTIONS if kk == k)}" for k in kinds
    )


def _output_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", choices=OUTPUTS, default="table",
        help="table (default), json or csv",
    )  # fmt: skip


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0.1:
        raise argparse.ArgumentTypeError(f"must be at least 0.1, got {text}")
    return value


def action_params(args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key in ("host", "force", "description", "reason"):
        if getattr(args, key, None) is not None:
            params[key] = getattr(args, key)
    if getattr(args, "memory", False):
        params["persist_memorystate"] = True
    return params


def run_command(
    args: argparse.Namespace,
    settings: EngineSettings | None,
    demo: DemoOptions | None,
    *,
    read_only_source: str = "--read-only",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the parsed subcommand; returns the exit status (see console.oneshot)."""
    stdout = out or sys.stdout
    try:
        spec = None
        if args.command == "action":
            from console.oneshot.action import spec_for

            spec = spec_for(
                args.kind, args.action
            )  # usage errors before any connection
            if settings is not None and settings.read_only:
                from console.oneshot.action import run_action

                return asyncio.run(run_action(settings, spec, args.target, stdout,
                                              read_only_source=read_only_source))  # fmt: skip
        if settings is None:
            raise OneShotError(
                EXIT_USAGE, "no engine: give --url, OVIRT_URL, --profile or --demo"
            )
        if demo is not None:
            return _with_demo(args, settings, demo, spec, stdout, read_only_source)
        _ensure_password(settings)
        return asyncio.run(_coroutine(args, settings, spec, stdout, read_only_source))
    except OneShotError as exc:
        return report(exc, err)
    except KeyboardInterrupt:
        if args.command == "events" and args.follow:
            return EXIT_OK  # Ctrl-C ends a follower: that is how it is meant to stop
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK  # the reader went away (| head): not an error


def _coroutine(
    args: argparse.Namespace,
    settings: EngineSettings,
    spec: Any,
    out: TextIO,
    read_only_source: str,
) -> Coroutine[Any, Any, int]:
    if args.command == "list":
        from console.oneshot.listing import KIND_NAMES, run_list

        return run_list(settings, KIND_NAMES[args.kind], out, output=args.output,
                        search=args.search, max=args.max)  # fmt: skip
    if args.command == "events":
        if args.follow:
            from console.oneshot.events import run_events

            return run_events(
                settings, out, output=args.output, max=args.max, interval=args.interval
            )
        from console.oneshot.listing import run_list

        return run_list(settings, "events", out, output=args.output, max=args.max)
    from console.oneshot.action import run_action

    return run_action(settings, spec, args.target, out, action_params(args),
                      read_only_source=read_only_source)  # fmt: skip


def _with_demo(
    args: argparse.Namespace,
    settings: EngineSettings,
    demo: DemoOptions,
    spec: Any,
    out: TextIO,
    read_only_source: str,
) -> int:
    from dataclasses import replace

    from console.backend.demo import DemoEngine, DemoStartError

    engine = DemoEngine(demo)
    try:
        try:
            started = engine.start()
        except DemoStartError as exc:
            raise OneShotError(EXIT_UNREACHABLE, str(exc)) from None
        live = replace(started, read_only=settings.read_only, timeout=settings.timeout)
        return asyncio.run(_coroutine(args, live, spec, out, read_only_source))
    finally:
        engine.stop()


def _ensure_password(settings: EngineSettings) -> None:
    """Scripts pass a password; a person at a terminal may type it (masked)."""
    if settings.password:
        return
    if not sys.stdin.isatty():
        raise OneShotError(
            EXIT_UNREACHABLE,
            "no password: use --password-file, OVIRT_PASSWORD or a profile's password_command",
        )
    try:
        settings.password = getpass.getpass(f"Password for {settings.username}: ")
    except EOFError:
        raise OneShotError(EXIT_UNREACHABLE, "no password typed") from None


def _quiet_stdout() -> None:
    import os

    # Python would complain again at exit while flushing the dead pipe.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
