"""The app's record of backend messages must not grow without bound in a real terminal."""

from __future__ import annotations

import pytest

from console.backend import messages as m
from console.ui.app import BackendMessage, OvirtConsole, make_app


def test_a_real_terminal_keeps_only_recent_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OvirtConsole, "is_headless", property(lambda self: False))
    app = make_app(None)
    for n in range(1000):
        app.on_backend_message(BackendMessage(m.LoadProgress("vms", n)))
    assert 0 < len(app.received) <= 256
    assert app.received[-1] == m.LoadProgress("vms", 999)  # the newest survive


def test_headless_runs_keep_every_message_for_assertions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OvirtConsole, "is_headless", property(lambda self: True))
    app = make_app(None)
    for n in range(1000):
        app.on_backend_message(BackendMessage(m.LoadProgress("vms", n)))
    assert [p.received for p in app.received] == list(range(1000))
