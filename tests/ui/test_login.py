"""Log in: settings, the login screen, failures shown as one line, the demo button."""

from __future__ import annotations

import re
from datetime import UTC

from textual.widgets import Input

from console.backend import messages as m
from console.ui.app import BackendMessage
from console.ui.screens.login import LoginScreen
from console.ui.screens.main import MainScreen
from console.ui.widgets.chrome.header import ConsoleHeader
from tests.ui.conftest import SIZE, Harness, engine_settings
from tests.ui.screen_text import screen_text


async def test_login_with_settings_goes_to_main_screen_and_fills_header():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, MainScreen)
        header = h.app.screen.query_one(ConsoleHeader)
        assert (header.product, header.version, header.user, header.state) == (
            "oVirt Engine", "4.3.8.2-1.el7", "admin@internal", "connected")
        assert header.refresh_interval == 10.0
        assert not header.read_only
        assert h.backend.calls[0] == ("start",)
        assert any(isinstance(p, m.Connected) for p in h.app.received)


async def test_login_screen_asks_for_password_and_connects():
    h = Harness(engine_settings(password=None))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, LoginScreen)
        assert h.backends == []
        assert h.app.focused.id == "login-password"
        assert h.app.screen.query_one("#login-password", Input).password  # masked
        await pilot.press(*"secret", "enter")
        await pilot.pause()
        assert isinstance(h.app.screen, MainScreen)
        assert h.backend.settings.password == "secret"
        assert h.backend.settings.url == "https://engine.example.com/ovirt-engine/api"


async def test_wrong_password_shows_one_line_on_login_screen():
    h = Harness(engine_settings(password="wrong"))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, LoginScreen)
        text = screen_text(h.app)
        assert "✗ Wrong user name or password for admin@internal: check them and retry" in text
        assert "Traceback" not in text
        assert h.backend.calls[-1] == ("stop",)
        # Retrying with the right password from the same screen works.
        await pilot.click("#login-password")
        await pilot.press(*"secret", "enter")
        await pilot.pause()
        assert isinstance(h.app.screen, MainScreen)


async def test_refused_connection_is_shown_with_the_fix():
    message = "Connection refused by engine.example.com:443: is the engine running and the URL right?"
    h = Harness(engine_settings(), fail=message)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(h.app.screen, LoginScreen)
        assert f"✗ {message}" in screen_text(h.app)


async def test_bad_url_is_refused_before_any_backend_starts():
    h = Harness(None)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert h.app.screen.query_one("#login-demo").display  # no URL: the demo is offered
        await pilot.click("#login-url")
        await pilot.press(*"ftp://x", "tab", "tab", *"pw", "enter")
        await pilot.pause()
        assert h.backends == []
        assert "unsupported URL scheme 'ftp'" in screen_text(h.app)


async def test_demo_button_starts_a_demo_backend():
    h = Harness(None)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#login-demo")
        await pilot.pause()
        assert h.backend.settings.demo and h.backend.demo is not None
        assert isinstance(h.app.screen, MainScreen)


async def test_quit_key_and_read_only_badge():
    h = Harness(engine_settings(read_only=True))
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "READ-ONLY" in screen_text(h.app)
        await pilot.press("q")
        await pilot.pause()
    assert h.backend.calls[-1] == ("stop",)


async def test_header_shows_reconnecting_stale_data_and_running_jobs():
    import dataclasses
    from datetime import datetime

    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        stale = datetime(2020, 2, 20, 11, 58, 30, tzinfo=UTC).timestamp()
        h.app.post_message(BackendMessage(m.ConnectionState("reconnecting", attempt=3, next_retry_in=8.0,
                                                           stale_since=stale)))
        await pilot.pause()
        header = h.app.screen.query_one(ConsoleHeader)
        assert header.state == "reconnecting"
        assert header.state_detail == "attempt 3, next in 8s; stale since 11:58:30 UTC"
        # The age comes first (it is never cut); the engine's detail and its time of day follow.
        text = screen_text(h.app)
        assert re.search(r"● reconnecting \(stale \d+h\d\dm\) \(attempt 3, next in 8s; stale since", text), text
        job = h.app.inventory.records("jobs")[0]
        h.app.screen.handle(m.RecordsLoaded("jobs", (dataclasses.replace(job, status="started"),), replace=True))
        assert header.running_jobs == 1
        assert "jobs: 1" in screen_text(h.app)
