"""BookmarksBackend.load_engine_bookmarks: the engine's /bookmarks as one message, failures included."""

from __future__ import annotations

from console.api.errors import ApiError
from console.backend import bookmark_calls
from console.backend.bookmark_calls import BookmarksBackend, EngineBookmarksLoaded
from console.backend.messages import BackendError, Connected
from console.backend.settings import EngineSettings
from tests.backend.helpers import Collector


def test_engine_bookmarks_arrive_as_one_message(sim) -> None:
    sink = Collector()
    backend = BookmarksBackend(EngineSettings(url=sim.url, password="ovirt"), sink)
    try:
        backend.start()
        sink.wait_for(Connected)
        backend.load_engine_bookmarks()
        answer = sink.wait_for(EngineBookmarksLoaded)
    finally:
        backend.stop()
    assert answer == EngineBookmarksLoaded((), "")  # the simulator keeps none
    assert any(r["path"] == "/ovirt-engine/api/bookmarks" and r["status"] == 200 for r in sim.requests())


def test_a_refused_read_is_the_answer_not_a_backend_error(sim, monkeypatch) -> None:
    async def refuse(conn):
        raise ApiError("Not Found", code=404, reason="Not Found")

    monkeypatch.setattr(bookmark_calls, "engine_bookmarks", refuse)
    sink = Collector()
    backend = BookmarksBackend(EngineSettings(url=sim.url, password="ovirt"), sink)
    try:
        backend.start()
        sink.wait_for(Connected)
        backend.load_engine_bookmarks()
        answer = sink.wait_for(EngineBookmarksLoaded)
    finally:
        backend.stop()
    assert answer.bookmarks == () and "Not Found" in answer.error
    assert not [e for e in sink.of(BackendError) if "bookmarks" in e.context]
