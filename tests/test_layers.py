"""The layer rules, checked on every run: ui -> backend -> api, simulator apart.

An architecture test like Harlequin's import-linter contracts: a forbidden import
fails the suite instead of slowly eroding the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "console"

FORBIDDEN = {
    "api": ("textual", "console.simulator", "console.backend", "console.ui"),
    "simulator": ("textual", "console.api", "console.backend", "console.ui"),
    "backend": ("console.ui", "textual.widgets", "textual.widget", "textual.app"),
    "ui": ("httpx", "console.simulator.server", "lxml"),
}


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def violations(layer: str) -> list[str]:
    banned = FORBIDDEN[layer]
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in imported_modules(path):
            if any(module == b or module.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert violations(layer) == []


def test_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    # Guards the guard: the walker must find nested and from-imports.
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from httpx import AsyncClient\n    import textual.app\n")
    assert imported_modules(sample) == ["httpx", "textual.app"]
