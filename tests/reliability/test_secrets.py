"""Passwords never reach disk, logs, the audit log, screenshots, reprs or tracebacks.

A full flow with a known password (typed on the login screen, then an action sent and
the app quit), plus a failed login with another known password; afterwards every
file under the user's config/state/cache/data directories, every log record, every
backend message, the screen export and the simulator's request log are searched.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import make_app
from tests.ui.test_simulator_e2e import until

PASSWORD = "S3cret-Pass-7f3a9c"
WRONG = "Wr0ng-Pass-91b2d4"


def leaks(text: str) -> list[str]:
    return [p for p in (PASSWORD, WRONG) if p in text]


def files_with_secrets(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {p}" for p in (PASSWORD, WRONG) if p.encode() in data]
    return found


async def test_password_never_written_logged_or_shown(tmp_path, monkeypatch, caplog) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    caplog.set_level(logging.DEBUG)
    clock = ManualClock()
    engine = Engine(seed=5, vms=10, clock=clock, life=False)
    sim = run_in_thread(engine=engine, password=PASSWORD)
    try:
        # a failed login first: its message and its traceback name no password
        bad = make_app(EngineSettings(url=sim.url, password=WRONG), clock=clock)
        async with bad.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: any(isinstance(p, m.ConnectFailed) for p in bad.received))
            assert not leaks(bad.export_screenshot())
        failed = next(p for p in bad.received if isinstance(p, m.ConnectFailed))
        assert not leaks(repr(failed))

        app = make_app(EngineSettings(url=sim.url, password=None), clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press(*PASSWORD)
            assert not leaks(app.export_screenshot())  # the field is masked
            await pilot.press("enter")
            await until(pilot, lambda: any(isinstance(p, m.Connected) for p in app.received))
            down = next(vm for vm in engine.vms.values() if vm.status == "down")
            app.backend.run_action("vms", [down.id], "start")
            await until(pilot, lambda: any(isinstance(p, m.ActionFinished) for p in app.received))
            assert not leaks(repr(app.backend)) and not leaks(repr(app.backend.settings))
            assert not leaks(repr(app.backend._conn))
            assert not leaks(app.export_screenshot())
            # Quiet before quitting: a message landing mid-teardown crashes the UI today
            # (NoMatches on MainScreen, reported to the UI owner); not what this test is about.
            app.backend.set_paused(True)
            await until(pilot, lambda: any(isinstance(p, m.PollingPaused) for p in app.received))
            await pilot.pause(0.3)
        for message in app.received + bad.received:
            assert not leaks(repr(message)), type(message).__name__
        assert not leaks(repr(sim.server.request_log))
    finally:
        sim.stop()
    logged = "\n".join(
        f"{r.getMessage()} {''.join(traceback.format_exception(*r.exc_info)) if r.exc_info else ''}"
        for r in caplog.records
    )
    assert not leaks(logged)
    assert not files_with_secrets(tmp_path)


def test_login_failure_traceback_has_no_password() -> None:
    import asyncio

    from console.backend.login import LoginFailed, log_in

    async def attempt() -> BaseException:
        try:
            await log_in(EngineSettings(url="http://127.0.0.1:9/ovirt-engine/api", password=PASSWORD, timeout=2))
        except LoginFailed as exc:
            return exc
        raise AssertionError("login to a closed port succeeded")

    exc = asyncio.run(attempt())
    text = "".join(traceback.format_exception(exc))
    assert "LoginFailed" in text and not leaks(text)
