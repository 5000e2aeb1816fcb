"""``:bookmark add/rm`` and the ``:bookmarks`` picker (saved searches + the engine's own)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from console.backend.bookmark_messages import EngineBookmarksLoaded
from console.backend.engine_bookmarks import parse_bookmarks
from console.config.bookmarks import Bookmark, list_bookmarks
from console.ui.app import make_app
from console.ui.comfort.bookmark_picker import BookmarkPicker
from console.ui.widgets.chrome.status_line import StatusLine
from tests.ui.conftest import SIZE, engine_settings
from tests.ui.fakes import FROZEN_NOW, FakeBackend

ENGINE_XML = b"""<bookmarks>
  <bookmark id="b1"><name>prod up</name><value>Vms: status = up</value></bookmark>
  <bookmark id="b2"><name>odd</name><value>Pools: name = x</value></bookmark>
</bookmarks>"""


class EngineBookmarkFake(FakeBackend):
    """The fake backend plus the real session's engine-bookmarks call."""

    answer = EngineBookmarksLoaded(tuple(parse_bookmarks(ENGINE_XML)))

    def load_engine_bookmarks(self) -> None:
        self.calls.append(("load_engine_bookmarks",))
        self.sink(self.answer)


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def app_with(backend_class=EngineBookmarkFake, **settings):
    made: list[FakeBackend] = []

    def build(settings, sink, *, demo=None):
        made.append(backend_class(settings, sink, demo=demo))
        return made[-1]

    return make_app(engine_settings(**settings), backend_factory=build, clock=lambda: FROZEN_NOW), made


def option_texts(picker: BookmarkPicker) -> list[str]:
    options = picker.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_bookmark_add_saves_search_or_filter_per_profile_and_rm_removes():
    app, _made = app_with(profile="prod")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("colon", *"search vms status=up", "enter")
        await pilot.pause()
        await pilot.press("colon", *"bookmark add running", "enter")
        await pilot.pause()
        await pilot.press("escape", "2")  # hosts, no search: the filter is saved
        await pilot.press("slash", *"bodh1", "enter")
        await pilot.press("colon", *"bookmark add first host", "enter")
        await pilot.pause()
        assert list_bookmarks("prod") == [Bookmark("first host", "hosts", "/bodh1"),
                                          Bookmark("running", "vms", "status=up")]
        assert list_bookmarks("https://engine.example.com/ovirt-engine/api") == []
        await pilot.press("colon", *"bookmark rm running", "enter")
        await pilot.pause()
        assert [b.name for b in list_bookmarks("prod")] == ["first host"]
        await pilot.press("colon", *"bookmark rm running", "enter")
        await pilot.pause()
        assert screen.query_one(StatusLine).message == "no bookmark named 'running'"
        await pilot.press("colon", *"bookmark frob", "enter")
        await pilot.pause()
        assert screen.query_one(StatusLine).message.startswith("usage: bookmark add NAME")


async def test_bookmarks_picker_lists_both_and_runs_the_chosen_search():
    app, made = app_with(profile="prod")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("2", "slash", *"bodh2", "enter", "colon", *"bookmark add h2", "enter")
        await pilot.press("1")
        await pilot.press("colon", *"bookmarks", "enter")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, BookmarkPicker)
        assert ("load_engine_bookmarks",) in made[-1].calls
        texts = option_texts(picker)
        assert texts[0] == "saved in the console"
        assert "h2   hosts  filter bodh2" in texts[1]
        assert texts[2] == "on the engine"
        assert "odd   Pools: name = x" in texts[3] and "(no matching view)" in texts[3]
        assert "prod up   Vms: status = up" in texts[4]
        # The engine's bookmark: its search goes to the engine for its view.
        options = picker.query_one(OptionList)
        assert options.highlighted == 1
        await pilot.press("down")  # headings and the view-less "odd" cannot be chosen
        assert options.highlighted == 4
        await pilot.press("enter")
        await pilot.pause()
        assert made[-1].calls[-1] == ("search", "vms", "status = up")
        assert app.screen is screen
        # The console's own bookmark: the saved filter is applied to its view.
        await pilot.press("colon", *"bookmarks", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.view == "hosts"
        assert [screen.table.model.record(i).name for i in screen.table.model.order] == ["bodh2"]


async def test_engine_bookmark_failure_is_one_line_in_the_picker():
    class Refusing(EngineBookmarkFake):
        answer = EngineBookmarksLoaded((), "HTTP 404: Not Found")

    app, _made = app_with(Refusing)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"bookmarks", "enter")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, BookmarkPicker)
        assert option_texts(picker) == ["saved in the console", "  none yet: bookmark add NAME",
                                        "on the engine", "  engine bookmarks: HTTP 404: Not Found"]
        await pilot.press("enter")  # nothing to choose: stays open
        assert app.screen is picker
        await pilot.press("escape")
        assert app.screen is not picker
