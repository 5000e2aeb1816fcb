"""README's key and command tables are the registry's, so the documentation cannot drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.ui.actions import keytable
from console.ui.actions.registry import ACTIONS
from console.ui.commands import COMMAND_HELP
from console.ui.screens.help import help_sections
from console.ui.views import BY_KIND

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_holds_exactly_the_generated_tables() -> None:
    text = README.read_text(encoding="utf-8")
    # If this fails: python -m console.ui.actions.keytable README.md
    assert keytable.replace_block(text) == text


def test_every_action_is_in_the_table_with_its_id_and_key() -> None:
    rendered = keytable.render()
    views_row = next(line for line in rendered.splitlines() if "`view.KIND`" in line)
    for action in ACTIONS:
        if action.id.startswith("view."):  # one row for all views: 1 … 0 and every title
            assert BY_KIND[action.id.removeprefix("view.")].title in views_row
            continue
        row = next(line for line in rendered.splitlines() if f"| `{action.id}` |" in line)
        assert action.description.replace("|", "\\|") in row
        assert all(f"`{key}`" in row for key in (action.key_display or action.key).split())
        assert ("off in read-only" in row) == action.mutating


def test_help_screen_lists_the_same_commands() -> None:
    commands = dict(help_sections("vms", {}, False))["Commands (:)"]
    assert [key for key, _ in commands] == [command for command, _ in COMMAND_HELP]
    for heading in (":open [PROFILE]", ":close", ":profile [NAME]", ":export FILE", ":top"):
        assert heading in dict(COMMAND_HELP)


def test_missing_markers_are_an_error() -> None:
    with pytest.raises(ValueError, match="markers"):
        keytable.replace_block("# README without the block\n")
