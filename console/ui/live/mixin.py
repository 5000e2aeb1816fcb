"""``LiveMixin`` for MainScreen: live messages, pause, the events pane, jobs, :top, health.

MainScreen keeps its own handlers; the app passes every backend message through
``live_prepare`` before ``MainScreen.handle`` and to ``live_handle`` after it (and
after the header took a ConnectionState), so this layer only adds to what the
screen already shows.

Statistics reach the tables through the screen's own public path: each watched
object's record is re-issued with its latest statistics attached as a
RecordUpdated, coalesced to one per object per frame, so the CPU% and MEM%
cells change in place (one line each) and an inventory refresh never blanks them.
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from console.backend import messages as m
from console.ui.dialogs.migrate import MigrateDialog
from console.ui.engines.stacks import stack_of
from console.ui.live.event_feed import EventFeed, to_notify
from console.ui.live.events_pane import EventsDock, EventsPane
from console.ui.live.health import Health
from console.ui.live.job_links import JobLinks
from console.ui.live.jobs_panel import JobsPanel
from console.ui.live.specs import LIVE_COMMANDS
from console.ui.live.stats_history import StatsHistory
from console.ui.live.top import TopScreen
from console.ui.live.top_rows import TopWatch
from console.ui.render.common import enum_value, get, safe
from console.ui.render.events import object_name
from console.ui.render.hosts import cpu_percent
from console.ui.state.inventory import is_running

if TYPE_CHECKING:
    from console.ui.app import OvirtConsole
    from console.ui.engines.session import EngineSession

__all__ = ["STALE_EVERY", "WATCH_EVERY", "LiveMixin"]

WATCH_EVERY = 2.0  # seconds between checks of which rows are on screen (no output)
STALE_EVERY = 10.0  # the stale age in the header moves in 10 s steps: few bytes over SSH
_STATS_KINDS = ("vms", "hosts")
_MAX_WATCHED = 100


class LiveMixin:
    """Mixed into MainScreen (``class MainScreen(LiveMixin, Screen)``)."""

    app: OvirtConsole
    session: EngineSession

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stats_history = StatsHistory()
        self.event_feed = EventFeed()
        self.job_links = JobLinks()
        self.live_health = Health()
        self.do_not_disturb = False
        # What raised a notification, newest last (tests read it); bounded like the feed.
        self.notified_events: deque[Any] = deque(maxlen=100)
        self._live_latest_stats: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._live_pending_stats: set[tuple[str, str]] = set()
        self._live_flush_armed = False
        self._live_watched: dict[str, tuple[str, ...]] = {}
        self._live_top_watch = TopWatch(_MAX_WATCHED)
        self._live_top_choice: dict[str, tuple[str, ...]] | None = None  # None: choose again
        self._live_events_dock: EventsDock | None = None
        self._live_jobs_panel: JobsPanel | None = None
        self._live_stale_timer: Any = None

    # -- lifecycle -------------------------------------------------------------------------
    def _on_mount(self) -> None:
        self.set_interval(WATCH_EVERY, self.update_watch)  # type: ignore[attr-defined]

    # -- messages --------------------------------------------------------------------------
    def live_handle(self, payload: object) -> None:
        """Every backend message, after MainScreen.handle saw it (UI thread)."""
        if isinstance(payload, m.StatisticsLoaded):
            self._live_statistics(payload)
        elif isinstance(payload, m.RecordsLoaded):
            if payload.kind == "events":
                self._live_events(payload.records, live=not payload.replace)
            elif payload.kind == "jobs":
                self._live_jobs_changed()
        elif isinstance(payload, m.RecordUpdated):
            if payload.kind == "jobs":
                self._live_jobs_changed()
        elif isinstance(payload, m.DetailLoaded):
            if payload.kind == "jobs" and payload.tab == "steps" and self._live_jobs_panel is not None:
                self._live_jobs_panel.steps_loaded(payload.id, payload.records)
        elif isinstance(payload, m.ActionFinished):
            self.job_links.add(payload)
            self._live_jobs_changed()
        elif isinstance(payload, m.PollingPaused):
            self.live_health.paused = payload.paused
            self._live_show_health()
        elif isinstance(payload, m.ConnectionState):
            self.live_health.update(payload)
            self._live_show_health()
            self._live_arm_stale_timer()
        elif isinstance(payload, m.Connected):
            self.update_watch()

    def live_prepare(self, payload: object) -> object:
        """Before MainScreen.handle: re-read VMs and hosts get their latest statistics back.

        Records from an inventory refresh or an event-driven re-read carry no statistics;
        handing them over bare and re-attaching afterwards would repaint every watched
        row twice per refresh (the cells lose and regain their value), so the copy with
        statistics is what the screen sees in the first place.
        """
        if isinstance(payload, m.RecordsLoaded) and payload.kind in _STATS_KINDS:
            latest = self._live_latest_stats
            kind = payload.kind
            if not any((kind, get(r, "id")) in latest for r in payload.records):
                return payload
            records = tuple(self._live_with_stats(r, latest[(kind, get(r, "id"))]) or r
                            if (kind, get(r, "id")) in latest and get(r, "statistics") is None else r
                            for r in payload.records)
            return dataclasses.replace(payload, records=records)
        if (isinstance(payload, m.RecordUpdated) and payload.kind in _STATS_KINDS and payload.record is not None
                and get(payload.record, "statistics") is None):
            stats = self._live_latest_stats.get((payload.kind, payload.id))
            if stats is not None:
                record = self._live_with_stats(payload.record, stats)
                if record is not None:
                    return dataclasses.replace(payload, record=record)
        return payload

    # -- statistics ------------------------------------------------------------------------
    def _live_statistics(self, payload: m.StatisticsLoaded) -> None:
        self.stats_history.add(payload.kind, payload.id, payload.statistics)
        key = (payload.kind, payload.id)
        self._live_latest_stats[key] = payload.statistics
        self._live_pending_stats.add(key)
        if not self._live_flush_armed:
            # Coalesce: a tick brings up to 100 of these; the tables refresh once.
            self._live_flush_armed = True
            self.call_after_refresh(self._live_flush_stats)  # type: ignore[attr-defined]

    def _live_flush_stats(self) -> None:
        self._live_flush_armed = False
        pending, self._live_pending_stats = self._live_pending_stats, set()
        by_kind: dict[str, list[str]] = {}
        for kind, ident in sorted(pending):
            by_kind.setdefault(kind, []).append(ident)
        for kind, ids in by_kind.items():
            self._live_attach(kind, ids)
        dialog = self._live_migrate_dialog()
        if dialog is not None and "hosts" in by_kind:
            # From the samples themselves: the inventory may take the records a moment later.
            latest = self._live_latest_stats
            dialog.update_cpu(lambda ident: cpu_percent(_Sampled(latest.get(("hosts", ident), ()))))
        top = self._live_top_screen()
        if top is not None:
            self._live_top_choice = None  # fresh samples: re-rank and sweep on
            top.update()

    def _live_attach(self, kind: str, ids: list[Any]) -> None:
        """Re-issue these records with their latest statistics; the tables repaint once per kind.

        All but the last go in as one upsert (only their own lines repaint); the last passes
        through the screen's RecordUpdated path, so the detail pane and bindings follow.
        """
        inventory = self.session.inventory
        updated_records: list[tuple[str, Any]] = []
        for ident in ids:
            stats = self._live_latest_stats.get((kind, ident))
            record = inventory.get(kind, ident) if stats is not None else None
            updated = self._live_with_stats(record, stats) if record is not None and stats is not None else None
            if updated is not None:
                updated_records.append((ident, updated))
        if not updated_records:
            return
        *rest, last = updated_records
        if rest:
            self.apply_records(kind, [record for _ident, record in rest])  # type: ignore[attr-defined]
        self.handle(m.RecordUpdated(kind, *last))  # type: ignore[attr-defined]

    @staticmethod
    def _live_with_stats(record: Any, stats: tuple[Any, ...]) -> Any | None:
        """A copy of ``record`` carrying ``stats``; None when it already does (nothing to repaint)."""
        if isinstance(record, type) or not dataclasses.is_dataclass(record) or not hasattr(record, "statistics"):
            return None
        current = get(record, "statistics")
        if current is not None and tuple(current) == stats:
            return None
        return dataclasses.replace(record, statistics=list(stats))  # type: ignore[type-var]

    def update_watch(self) -> None:
        """Tell the backend which rows' statistics to read: the visible and selected ones."""
        backend = self.session.backend
        watch = getattr(backend, "watch", None)
        if watch is None:
            return
        wanted = self._live_wanted()
        for kind in _STATS_KINDS:
            ids = wanted.get(kind, ())
            if self._live_watched.get(kind) != ids:
                self._live_watched[kind] = ids
                watch(kind, ids)

    def _live_wanted(self) -> dict[str, tuple[str, ...]]:
        if self.app.current_mode != self.session.mode:  # type: ignore[attr-defined]
            return {}  # a hidden engine tab shows no rows: it reads no statistics
        inventory = self.session.inventory
        top = self._live_top_screen()
        if top is not None and self._live_top_choice is not None:
            return self._live_top_choice  # the sweep moves on with each sample, not each check
        if top is not None:
            running = [get(vm, "id") for vm in inventory.records("vms") if is_running(vm)]

            def score(ident: str) -> float | None:
                sample = self.stats_history.latest("vms", ident)
                return None if sample is None else getattr(sample, top.sort)

            hosts = [get(h, "id") for h in inventory.records("hosts")][:_MAX_WATCHED]
            self._live_top_choice = {"vms": tuple(self._live_top_watch.choose(running, score)),
                                     "hosts": tuple(hosts)}
            return self._live_top_choice
        self._live_top_choice = None
        wanted: dict[str, list[str]] = {"vms": [], "hosts": []}
        view = getattr(self, "view", None)
        if view in _STATS_KINDS:
            table = self.table  # type: ignore[attr-defined]
            first = table.scroll_offset.y
            rows = max(1, table.size.height - 1)
            selected = table.cursor_id
            wanted[view] = ([selected] if selected else []) + list(table.model.order[first:first + rows])
        detail = getattr(self, "detail", None)
        if detail is not None and detail.kind in _STATS_KINDS:
            wanted[detail.kind].insert(0, detail.ident)
        dialog = self._live_migrate_dialog()
        if dialog is not None:  # the destinations' load, while the admin chooses
            wanted["hosts"][:0] = [h.id for h in dialog.hosts]
        return {kind: tuple(dict.fromkeys(i for i in ids if i))[:_MAX_WATCHED] for kind, ids in wanted.items()}

    def _live_migrate_dialog(self) -> MigrateDialog | None:
        """The migrate dialog, when it is on top of this tab's screens."""
        stack = stack_of(self.app, self.session)  # type: ignore[attr-defined]
        return stack[-1] if stack and isinstance(stack[-1], MigrateDialog) else None

    def on_resource_table_cursor_moved(self, event: Any) -> None:
        self.update_watch()

    # -- events ----------------------------------------------------------------------------
    def _live_event_object(self, event: Any) -> str:
        return object_name(event, self._render_context())  # type: ignore[attr-defined]

    def _live_events(self, records: tuple[Any, ...], *, live: bool) -> None:
        fresh = self.event_feed.add(records)
        if self._live_events_dock is not None:
            self._live_events_dock.pane.add(fresh)
        if live and fresh and not self.do_not_disturb:
            urgent = to_notify(fresh)
            self.notified_events.extend(urgent)
            if len(urgent) == 1:
                event = urgent[0]
                self.notify(safe(get(event, "description")),  # type: ignore[attr-defined]
                            title=f"{enum_value(get(event, 'severity'))} event {get(event, 'code', '')}".strip(),
                            severity="error", markup=False)
            elif urgent:
                self.notify(f"{len(urgent)} new error or alert events: press e to see them",  # type: ignore[attr-defined]
                            title="Events", severity="error", markup=False)

    def action_toggle_events_pane(self) -> None:
        if self._live_events_dock is None:
            dock = EventsDock(self._live_event_object, id="events-dock")
            dock.pane.feed = EventFeed(limit=self.event_feed.limit)
            self._live_events_dock = dock
            self.query_one("#main-column").mount(dock)  # type: ignore[attr-defined]
            dock.pane.add(self.event_feed.events())
            dock.pane.call_after_refresh(dock.pane.focus)
            return
        dock = self._live_events_dock
        dock.display = not dock.display
        if dock.display:
            dock.pane.focus()
        else:
            self.table.focus()  # type: ignore[attr-defined]

    @property
    def events_pane(self) -> EventsPane | None:
        dock = self._live_events_dock
        return dock.pane if dock is not None and dock.display else None

    def on_events_pane_jump_to(self, message: EventsPane.JumpTo) -> None:
        self.jump_to(message.kind, message.ident)

    def jump_to(self, kind: str, ident: str) -> None:
        if self.session.inventory.get(kind, ident) is None:
            self.notify(f"that {kind[:-1]} is not in the inventory (removed?)",  # type: ignore[attr-defined]
                        severity="warning")
            return
        self.show_view(kind)  # type: ignore[attr-defined]
        self.table.select(ident)  # type: ignore[attr-defined]
        self.table.focus()  # type: ignore[attr-defined]
        self.update_watch()

    def action_toggle_do_not_disturb(self) -> None:
        self.do_not_disturb = not self.do_not_disturb
        self._live_show_health()
        self.notify("do not disturb: event notifications off" if self.do_not_disturb  # type: ignore[attr-defined]
                    else "event notifications on", title="Events")

    # -- jobs ------------------------------------------------------------------------------
    def action_toggle_jobs_panel(self) -> None:
        if self._live_jobs_panel is None:
            panel = JobsPanel(self.job_links, self.app.now, id="jobs-panel")
            self._live_jobs_panel = panel
            self.query_one("#main-column").mount(panel)  # type: ignore[attr-defined]
            self._live_jobs_changed()
            return
        self._live_jobs_panel.display = not self._live_jobs_panel.display
        if self._live_jobs_panel.display:
            self._live_jobs_changed()

    @property
    def jobs_panel(self) -> JobsPanel | None:
        panel = self._live_jobs_panel
        return panel if panel is not None and panel.display else None

    def _live_jobs_changed(self) -> None:
        panel = self.jobs_panel
        if panel is None:
            return
        for job_id in panel.update_jobs(self.session.inventory.records("jobs")):
            self.session.call("load_detail", "jobs", job_id, "steps")

    # -- pause and health ------------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        set_paused = getattr(self.session.backend, "set_paused", None)
        if set_paused is None:  # a backend without pollers has nothing to pause
            return
        paused = not self.live_health.paused
        self.live_health.paused = paused  # shown at once; PollingPaused confirms it
        self._live_show_health()
        set_paused(paused)

    def _live_show_health(self) -> None:
        from console.ui.widgets.chrome.header import ConsoleHeader

        header = self.query_one(ConsoleHeader)  # type: ignore[attr-defined]
        badges = ["PAUSED"] if self.live_health.paused else []
        if self.do_not_disturb:
            badges.append("DND")
        if hasattr(header, "live"):
            header.live = "  ".join(badges)
        if hasattr(header, "live_detail"):
            now = time.time()  # stale_since is the backend's wall clock, not the display clock
            header.live_detail = self.live_health.detail(now, header.state_detail)

    def _live_arm_stale_timer(self) -> None:
        if self.live_health.stale and self._live_stale_timer is None:
            self._live_stale_timer = self.set_interval(STALE_EVERY, self._live_show_health)  # type: ignore[attr-defined]
        elif not self.live_health.stale and self._live_stale_timer is not None:
            self._live_stale_timer.stop()
            self._live_stale_timer = None

    # -- :top ------------------------------------------------------------------------------
    def live_command(self, line: str) -> bool:
        """Answer a ``:`` command the live layer owns; False for everything else."""
        words = line.strip().lstrip(":").split()
        if not words or words[0].lower() not in LIVE_COMMANDS:
            return False
        sort = words[1].lower() if len(words) > 1 else "cpu"
        self.action_show_top("memory" if sort.startswith("mem") else "cpu")
        return True

    def action_show_top(self, sort: str = "cpu") -> None:
        if self._live_top_screen() is not None:
            return
        screen = TopScreen(self.stats_history, self.session.inventory.records, sort=sort)
        self.app.push_screen(screen, self._live_top_closed)
        screen.call_after_refresh(self.update_watch)

    def _live_top_closed(self, target: tuple[str, str] | None) -> None:
        if target is not None:
            self.jump_to(*target)
        self.update_watch()

    def _live_top_screen(self) -> TopScreen | None:
        """This engine's :top, if open: another tab's must not make this one watch its VMs."""
        return next((s for s in stack_of(self.app, self.session) if isinstance(s, TopScreen)), None)


@dataclasses.dataclass(frozen=True, slots=True)
class _Sampled:
    """Just the statistics of an object, for the renderers that read ``.statistics``."""

    statistics: tuple[Any, ...]
