"""The live layer's key actions as plain data, for the action registry.

Plain dicts (ActionSpec keyword arguments), not ActionSpec objects: the registry
imports this module, so importing the registry from here would be circular.
registry.ACTIONS spreads them: ``*(ActionSpec(**a) for a in LIVE_ACTIONS)``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LIVE_ACTIONS", "LIVE_COMMANDS"]

LIVE_ACTIONS: tuple[dict[str, Any], ...] = (
    {"id": "main.pause", "key": "p", "description": "Pause/resume polling", "action": "toggle_pause",
     "group": "Live"},
    {"id": "main.events_pane", "key": "e", "description": "Show/hide the events pane",
     "action": "toggle_events_pane", "group": "Live"},
    {"id": "main.jobs_panel", "key": "J", "description": "Show/hide jobs with their steps",
     "action": "toggle_jobs_panel", "group": "Live", "footer": False},
    {"id": "main.do_not_disturb", "key": "z", "description": "Do not disturb (no event notifications)",
     "action": "toggle_do_not_disturb", "group": "Live", "footer": False},
    {"id": "main.top", "key": "percent_sign", "description": "Top: VMs and hosts by CPU/memory (:top)",
     "action": "show_top", "group": "Live", "footer": False, "key_display": "%"},
)

# ``:`` words the live layer answers (MainScreen.run_command asks live_command first).
LIVE_COMMANDS = ("top",)
