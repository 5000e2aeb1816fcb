"""Where the .tcss files are: inside the wheel (console/styles) or the repo's styles/."""

from __future__ import annotations

from pathlib import Path

import console


def styles_dir() -> Path:
    installed = Path(console.__file__).parent / "styles"
    if installed.is_dir():
        return installed
    return Path(console.__file__).parent.parent / "styles"


def stylesheets() -> list[Path]:
    return sorted(styles_dir().glob("*.tcss"))
