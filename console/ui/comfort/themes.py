"""The console's own Textual themes and how a theme is chosen.

``ovirt-high-contrast``: pure black and white with saturated accents, for
projectors, low vision and washed-out terminals. ``ovirt-production``: a red
frame so a production engine is never mistaken for a lab (``theme =
"ovirt-production"`` in that profile). Any built-in Textual theme works too.
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="ovirt-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFAF00",
    error="#FF3030",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#303030",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "text-muted": "#D0D0D0",
        "text-accent": "#FFFF00",
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 50%",
    },
)

PRODUCTION = Theme(
    name="ovirt-production",
    primary="#D32F2F",
    secondary="#FF8A65",
    accent="#FF5252",
    warning="#FFB300",
    error="#FF1744",
    success="#66BB6A",
    foreground="#F0E6E6",
    background="#1A0E0E",
    surface="#241414",
    panel="#3A1A1A",
    dark=True,
)

CONSOLE_THEMES = (HIGH_CONTRAST, PRODUCTION)


def register_themes(app: App) -> None:
    for theme in CONSOLE_THEMES:
        app.register_theme(theme)


def theme_names(app: App) -> list[str]:
    return sorted(app.available_themes)


def apply_theme(app: App, name: str) -> str:
    """Switch to theme ``name``; returns "" or one line saying why not (naming the choices)."""
    name = name.strip()
    if name not in app.available_themes:
        return f"no theme {name!r} (themes: {', '.join(theme_names(app))})"
    app.theme = name
    return ""
