"""Chaos soak: the console, headless, against a misbehaving simulated engine.

    python tests/benchmarks/soak.py --seconds 300

The simulator answers with latency up to 2 s, 10% 5xx, 5% dropped connections and
tokens that expire every 30 s, and is stopped and restarted once mid-run. The first two
actions the engine carries out lose their reply (chaos ``drop_after_actions``: the
engine acted, the connection is closed before the answer), so every run has lost
replies the console must settle by reading the engine's jobs and state, never by
resending; the summary's ``lost_replies`` says, per such request, how the console
reported it, how often it reached the engine and what the audit log and engine say.
Meanwhile a script drives the app like an admin (switch views, filter, open details)
and sends actions on VMs and hosts through the app's backend. JSON lines report
progress and a final summary; the run passes when there were no unhandled exceptions
and every action target was reported exactly once (none lost, none doubled), no
mutating request was sent twice (a 401 refused before the engine acted is the only
replay allowed) and every lost reply was settled by reading, sent once, audited alike.
Run as a script, the audit log goes to a throw-away state directory, not the admin's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.simulator import Engine, run_in_thread
from console.simulator.chaos import Chaos, Handled
from console.ui.app import make_app
from console.ui.render.common import enum_value
from tests.benchmarks.soak_replies import lost_replies, lost_reply_problems

# drop_after_actions: two, not one, so a lost reply whose settling reads all hit chaos
# (outcome unknown, ~0.1%) still leaves one that must be confirmed done.
CHAOS = {"latency": 2.0, "error_rate": 0.10, "drop_rate": 0.05, "drop_after_actions": 2, "token_ttl": 30.0}
SIZE = (160, 45)
VIEW_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
# (kind, action, statuses it makes sense from): what an admin would try during triage.
ACTIONS = [
    ("vms", "start", {"down"}),
    ("vms", "shutdown", {"up"}),
    ("vms", "stop", {"up", "powering_up", "wait_for_launch"}),
    ("vms", "suspend", {"up"}),
    ("vms", "reboot", {"up"}),
    ("hosts", "deactivate", {"up"}),
    ("hosts", "activate", {"maintenance"}),
]
ACTION_WAIT = 120.0  # a target not reported within this long counts as lost


class CountingChaos(Chaos):
    """The simulator's chaos, counting what it injected."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.injected: Counter[str] = Counter()
        self.requests = 0
        self.counting_lock = threading.Lock()

    def delay(self) -> float:
        value = super().delay()
        with self.counting_lock:
            self.requests += 1
            if value >= 0.5:
                self.injected["latency>=0.5s"] += 1
        return value

    def should_drop(self) -> bool:
        drop = super().should_drop()
        if drop:
            with self.counting_lock:
                self.injected["dropped"] += 1
        return drop

    def should_drop_after(self, handled: Handled | None = None) -> bool:
        drop = super().should_drop_after(handled)
        if drop:
            with self.counting_lock:
                self.injected["dropped_after"] += 1
        return drop

    def should_fail(self) -> bool:
        fail = super().should_fail()
        if fail:
            with self.counting_lock:
                self.injected["5xx"] += 1
        return fail


@dataclass(frozen=True, slots=True)
class Mutating:
    """A POST/PUT/DELETE the engine's API received, as its request log saw it."""

    method: str
    path: str
    correlation_id: str | None
    status: int  # 0: the connection was dropped before any answer


@dataclass
class Tally:
    requests: int = 0
    mutating_by_cid: Counter[str] = field(default_factory=Counter)
    mutating: list[Mutating] = field(default_factory=list)  # kept here: the log itself is trimmed
    unhandled: list[str] = field(default_factory=list)
    logged_errors: list[str] = field(default_factory=list)
    attempted: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    restarts: int = 0
    token_expiries: int = 0
    navigation_steps: int = 0
    ui_max_stall: float = 0.0  # longest the UI loop was late for a 50 ms tick, seconds


class ErrorLog(logging.Handler):
    """log.exception in the console marks a failure that escaped the expected paths."""

    def __init__(self, tally: Tally) -> None:
        super().__init__(level=logging.ERROR)
        self.tally = tally

    def emit(self, record: logging.LogRecord) -> None:
        self.tally.logged_errors.append(f"{record.name}: {record.getMessage()}"[:300])


def _watch_requests(server: Any, tally: Tally) -> None:
    """Count every request and the mutating ones per Correlation-Id (the log itself is trimmed)."""
    log = server.request_log
    original = log.record

    def record(**entry: Any) -> dict[str, Any]:
        tally.requests += 1
        # 401: refused before the engine acted, so the connection's one replay is safe.
        mutating = entry["method"] in ("POST", "PUT", "DELETE") and "/api/" in entry["path"]
        if mutating:
            tally.mutating.append(Mutating(entry["method"], entry["path"], entry["correlation_id"], entry["status"]))
        if mutating and entry["status"] != 401 and entry["correlation_id"]:
            tally.mutating_by_cid[entry["correlation_id"]] += 1
        return original(**entry)

    log.record = record


def _on_main(app: Any) -> bool:
    return type(app.screen).__name__ == "MainScreen"


async def _navigate(pilot: Any, app: Any, rng: random.Random, tally: Tally) -> None:
    if not _on_main(app):
        await pilot.press("escape")
        return
    step = rng.choice(["view", "view", "filter", "details", "clear"])
    if step == "view":
        await pilot.press(rng.choice(VIEW_KEYS))
    elif step == "filter":
        await pilot.press("1", "slash", *rng.choice(["web", "db", "app", "k8s", "-0"]), "enter")
    elif step == "details":
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("escape")
    else:
        await pilot.press("escape")
    tally.navigation_steps += 1


def _pick_action(app: Any, rng: random.Random, busy: set[tuple[str, str]]) -> tuple[str, str, list[str]] | None:
    """An action and 1-3 targets whose status allows it, as the admin sees them."""
    for _ in range(10):
        kind, action, allowed = rng.choice(ACTIONS)
        candidates = [
            r.id for r in app.inventory.records(kind)
            if enum_value(getattr(r, "status", None)) in allowed and (kind, r.id) not in busy
        ]  # fmt: skip
        if candidates:
            count = 1 if kind == "hosts" else rng.randint(1, 3)
            return kind, action, rng.sample(candidates, min(count, len(candidates)))
    return None


async def soak(
    seconds: float = 300.0,
    *,
    vms: int = 60,
    seed: int = 7,
    restart_at: float | None = None,
    restart_for: float = 3.0,
    action_every: float = 2.0,
    emit: Any = print,
) -> dict[str, Any]:
    """Run the soak; returns the summary (also emitted as the last JSON line)."""
    tally = Tally()
    rng = random.Random(seed)
    chaos = CountingChaos(seed=seed)
    sim = run_in_thread(engine=Engine(seed=seed, vms=vms, transition_seconds=2.0), chaos=chaos)
    _watch_requests(sim.server, tally)
    handler = ErrorLog(tally)
    logging.getLogger("console").addHandler(handler)
    previous_hook = threading.excepthook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        tally.unhandled.append(f"thread {args.thread.name if args.thread else '?'}: {args.exc_type.__name__}: {args.exc_value}")

    def loop_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        tally.unhandled.append(f"loop: {context.get('message')}: {type(exc).__name__ if exc else ''} {exc or ''}")

    threading.excepthook = thread_hook
    asyncio.get_running_loop().set_exception_handler(loop_handler)
    settings = EngineSettings(url=sim.url, username="admin@internal", password="ovirt", timeout=10.0, refresh=5.0)
    app = make_app(settings)
    started = time.monotonic()
    restart_at = seconds * 0.5 if restart_at is None else restart_at
    pending: dict[tuple[str, str], tuple[str, float]] = {}  # (kind, id) -> (action, sent at)
    reported: Counter[tuple[str, str, str]] = Counter()
    seen_messages = 0
    restarted = False
    last_line = started
    async def heartbeat() -> None:
        # A hung engine must never freeze the UI: its loop keeps ticking on time.
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.05)
            tally.ui_max_stall = max(tally.ui_max_stall, time.monotonic() - before - 0.05)

    beat: asyncio.Task[None] | None = None
    try:
        async with app.run_test(size=SIZE) as pilot:
            while not any(isinstance(p, m.Connected) for p in app.received):
                if time.monotonic() - started > 60:
                    raise RuntimeError("the console never connected to the simulator")
                await pilot.pause(0.1)
            backend_loop = getattr(app.backend, "_loop", None)
            if backend_loop is not None:
                backend_loop.call_soon_threadsafe(backend_loop.set_exception_handler, loop_handler)
            chaos.update(CHAOS)  # logged in: from here on the engine misbehaves
            beat = asyncio.get_running_loop().create_task(heartbeat())  # the app is up: measure
            deadline = time.monotonic() + seconds
            next_action = time.monotonic() + action_every
            while time.monotonic() < deadline or pending:
                now = time.monotonic()
                if now > deadline + ACTION_WAIT:
                    break  # what is still pending is lost
                elapsed = now - started
                if not restarted and elapsed >= restart_at:
                    restarted = True
                    tally.restarts += 1
                    await asyncio.to_thread(_restart, sim, restart_for)
                for message in app.received[seen_messages:]:
                    if isinstance(message, m.ActionFinished):
                        key = (message.kind, message.id, message.action)
                        reported[key] += 1
                        pending.pop((message.kind, message.id), None)
                seen_messages = len(app.received)
                if now < deadline:
                    await _navigate(pilot, app, rng, tally)
                    if now >= next_action:
                        next_action = now + action_every
                        choice = _pick_action(app, rng, set(pending))
                        if choice is not None and app.backend is not None:
                            kind, action, ids = choice
                            for id in ids:
                                tally.attempted[(kind, id, action)] += 1
                                pending[(kind, id)] = (action, now)
                            app.backend.run_action(kind, ids, action)
                await pilot.pause(0.05)
                if now - last_line >= 10:
                    last_line = now
                    emit(json.dumps({"t": round(elapsed, 1), **_figures(tally, chaos, reported, app)}))
            # late duplicates: give the backend a moment, then count again
            await pilot.pause(1.0)
            beat.cancel()  # quitting revokes the token (bounded, <= 1.1 s): not a stall
            for message in app.received[seen_messages:]:
                if isinstance(message, m.ActionFinished):
                    reported[(message.kind, message.id, message.action)] += 1
            exception = getattr(app, "_exception", None)
            if exception is not None:
                tally.unhandled.append(f"app: {type(exception).__name__}: {exception}")
    except Exception as exc:  # noqa: BLE001 - the app crashed out of run_test: count it
        tally.unhandled.append(f"app: {type(exc).__name__}: {exc}")
    finally:
        if beat is not None:
            beat.cancel()
        threading.excepthook = previous_hook
        logging.getLogger("console").removeHandler(handler)
        sim.stop()
    summary = {"summary": True, "seconds": round(time.monotonic() - started, 1),
               **_figures(tally, chaos, reported, app, final=True),
               "drop_after_actions_left": chaos.drop_after_actions,
               "lost_replies": lost_replies(tally.mutating, tally.attempted, chaos.dropped_after, app, sim.engine)}  # fmt: skip
    emit(json.dumps(summary))
    return summary


def _restart(sim: Any, down_for: float) -> None:
    """Stop the engine, keep it away a while, start it again on the same port."""
    loop = sim._loop
    asyncio.run_coroutine_threadsafe(sim.server.stop(), loop).result(15)
    time.sleep(down_for)
    asyncio.run_coroutine_threadsafe(sim.server.start(), loop).result(15)


def _figures(tally: Tally, chaos: CountingChaos, reported: Counter, app: Any, final: bool = False) -> dict[str, Any]:
    finished = [p for p in app.received if isinstance(p, m.ActionFinished)]
    attempted = sum(tally.attempted.values())
    lost = sum(max(0, n - reported[k]) for k, n in tally.attempted.items())
    doubled = sum(max(0, n - tally.attempted[k]) for k, n in reported.items())
    replayed = sum(1 for n in tally.mutating_by_cid.values() if n > 1)
    figures = {
        "requests": tally.requests,
        "faults": dict(chaos.injected),
        "faults_total": chaos.injected["dropped"] + chaos.injected["dropped_after"] + chaos.injected["5xx"],
        "restarts": tally.restarts,
        "actions_attempted": attempted,
        "actions_succeeded": sum(1 for f in finished if f.ok),
        "actions_failed": sum(1 for f in finished if not f.ok),
        "actions_settled_by_reading": sum(1 for f in finished if f.extra.get("settled")),
        # the reply was lost yet reading showed the engine had done it: reported as succeeded
        "actions_settled_succeeded": sum(1 for f in finished if f.extra.get("settled") and f.ok),
        "navigation_steps": tally.navigation_steps,
        "ui_max_stall_ms": round(tally.ui_max_stall * 1000),
        "unhandled_exceptions": len(tally.unhandled),
        "logged_errors": len(tally.logged_errors),
    }
    if final:
        figures.update(
            lost=lost, doubled=doubled, mutating_replayed=replayed,
            unhandled=tally.unhandled[:10], errors=tally.logged_errors[:10],
            failure_reasons=Counter(_reason(f.message) for f in finished if not f.ok).most_common(8),
        )  # fmt: skip
    return figures


def _reason(message: str) -> str:
    return message.split(":")[0][:60] if message.startswith("outcome unknown") else message[:60]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--vms", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    # The app appends an audit line per action: keep the soak's out of the admin's own log.
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="ovirt-console-soak-")
    summary = asyncio.run(soak(args.seconds, vms=args.vms, seed=args.seed))
    ok = (summary["unhandled_exceptions"] == 0 and summary["lost"] == 0 and summary["doubled"] == 0
          and summary["mutating_replayed"] == 0 and not lost_reply_problems(summary, CHAOS["drop_after_actions"]))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
