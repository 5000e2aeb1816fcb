"""The worker layer between console.api and the widgets.

``session.Backend`` owns a thread with its own asyncio loop and one api
Connection; the UI calls its methods and receives ``messages`` dataclasses
through a sink. Modules: settings (what to connect to), login and diagnose
(one-line failures), inventory and details (what each view and tab reads),
live and polling (refresh, events tail, jobs, statistics, link health),
actions (the action runner), demo (the simulated engine's process).

Nothing here imports Textual; importing this package imports nothing else.
"""
