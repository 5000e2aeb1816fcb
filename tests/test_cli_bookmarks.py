"""Saved searches per profile: stored in the XDG state dir, survive a restart, never shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.config import (
    Bookmark,
    BookmarkError,
    add_bookmark,
    bookmark_scope,
    bookmarks_path,
    list_bookmarks,
    remove_bookmark,
)


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def test_stored_in_the_xdg_state_dir(xdg: Path) -> None:
    assert bookmarks_path() == xdg / "state" / "ovirt-console" / "bookmarks.json"
    assert list_bookmarks("prod") == []  # no file yet


def test_add_list_remove_persist_per_profile() -> None:
    add_bookmark("prod", "down vms", "vms", "status=down")
    add_bookmark("prod", "Busy hosts", "hosts", "cpu_usage>80 sortby name")
    add_bookmark("lab", "down vms", "vms", "status=down and cluster=lab")
    # A fresh read of the file (as after a restart) sees the same, sorted by name.
    assert list_bookmarks("prod") == [
        Bookmark("Busy hosts", "hosts", "cpu_usage>80 sortby name"),
        Bookmark("down vms", "vms", "status=down"),
    ]
    assert list_bookmarks("lab") == [
        Bookmark("down vms", "vms", "status=down and cluster=lab")
    ]
    assert remove_bookmark("prod", "down vms") is True
    assert remove_bookmark("prod", "down vms") is False
    assert [b.name for b in list_bookmarks("prod")] == ["Busy hosts"]
    assert len(list_bookmarks("lab")) == 1  # another profile's are untouched


def test_adding_the_same_name_replaces_it() -> None:
    add_bookmark("prod", "up", "vms", "status=up")
    add_bookmark("prod", " up ", "vms", "status=up sortby name")
    assert list_bookmarks("prod") == [Bookmark("up", "vms", "status=up sortby name")]


def test_file_format_is_plain_json_without_secrets() -> None:
    add_bookmark("prod", "spm", "hosts", "spm_role=spm")
    data = json.loads(bookmarks_path().read_text())
    assert data == {
        "version": 1,
        "scopes": {
            "prod": [{"name": "spm", "kind": "hosts", "search": "spm_role=spm"}]
        },
    }
    assert not list(
        bookmarks_path().parent.glob(".bookmarks-*")
    )  # no temp file left behind


def test_removing_the_last_bookmark_drops_the_scope() -> None:
    add_bookmark("prod", "a", "vms", "")
    remove_bookmark("prod", "a")
    assert json.loads(bookmarks_path().read_text())["scopes"] == {}


def test_a_bookmark_needs_a_name_and_a_view() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        add_bookmark("prod", "  ", "vms", "status=up")
    with pytest.raises(ValueError, match="needs a view"):
        add_bookmark("prod", "x", "", "status=up")


def test_corrupt_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("{not json")
    with pytest.raises(BookmarkError, match="cannot read bookmarks"):
        list_bookmarks("prod", path)
    path.write_text('{"scopes": {"prod": [{"name": 1}]}}')
    with pytest.raises(BookmarkError, match="malformed bookmark"):
        list_bookmarks("prod", path)
    path.write_text("[]")
    with pytest.raises(BookmarkError, match="not an ovirt-console bookmarks file"):
        add_bookmark("prod", "x", "vms", "", path)
    assert path.read_text() == "[]"  # an unreadable file is never overwritten


def test_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "b.json"
    add_bookmark("p", "x", "vms", "name=web*", path)
    assert list_bookmarks("p", path) == [Bookmark("x", "vms", "name=web*")]
    assert not bookmarks_path().exists()


def test_scope_is_the_profile_else_demo_else_the_engine() -> None:
    assert bookmark_scope("prod", "https://e/ovirt-engine/api") == "prod"
    assert bookmark_scope(None, "", demo=True) == "demo"
    assert (
        bookmark_scope(None, "https://e/ovirt-engine/api")
        == "https://e/ovirt-engine/api"
    )
