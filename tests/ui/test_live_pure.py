"""The live layer's pure parts: health text, event feed, job links and steps, :top ranking, ASCII mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.api.types import Event, Job, Statistic, Step, Value
from console.api.types.base import Ref
from console.backend.messages import ActionFinished, ConnectionState
from console.ui.live.ascii import ascii_mode, blocks, no_color, plain_style
from console.ui.live.event_feed import EventFeed, EventFilter, jump_target, to_notify
from console.ui.live.event_lines import event_line
from console.ui.live.health import Health, fmt_age, health_text
from console.ui.live.job_links import JobLinks
from console.ui.live.job_steps import job_lines, progress_bar
from console.ui.live.jobs_panel import panel_jobs
from console.ui.live.stats_history import StatsHistory
from console.ui.live.top_rows import TopWatch, top_line, top_rows

T0 = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def event(number: int, severity: str = "normal", description: str = "", *, vm: str | None = None,
          host: str | None = None, code: int = 1, correlation_id: str | None = None) -> Event:
    return Event(id=str(number), severity=severity, description=description or f"event {number}", code=code,
                 time=T0 + timedelta(seconds=number), vm=Ref(id=vm) if vm else None,
                 host=Ref(id=host) if host else None, correlation_id=correlation_id)


# -- health -----------------------------------------------------------------------------------
def test_reconnecting_text_names_the_attempt_the_next_try_and_the_age_of_the_data():
    state = ConnectionState("reconnecting", attempt=3, next_retry_in=8.0, detail="refused", stale_since=1000.0)
    assert health_text(state, now=1042.4) == "reconnecting (attempt 3, next in 8s)  stale 42s"


def test_connected_again_says_nothing():
    assert health_text(ConnectionState("connected"), now=5.0) == ""
    assert health_text(ConnectionState("closed"), now=5.0) == "disconnected"


@pytest.mark.parametrize("seconds, text", [(0, "0s"), (59.9, "59s"), (60, "1m00s"), (185, "3m05s"),
                                           (7440, "2h04m"), (-3, "0s")])
def test_age_format(seconds, text):
    assert fmt_age(seconds) == text


def test_header_badges_show_pause_and_health_together():
    health = Health()
    assert health.badges(0) == "" and not health.stale
    health.paused = True
    assert health.badges(0) == "PAUSED"
    health.update(ConnectionState("reconnecting", attempt=1, next_retry_in=2, stale_since=10.0))
    assert health.stale
    assert health.badges(70.0) == "PAUSED  reconnecting (attempt 1, next in 2s)  stale 1m00s"
    assert health.detail(70.0) == "attempt 1, next in 2s; stale 1m00s"
    # The age is said even beside the header's own "stale since": a time of day is not an age.
    assert health.detail(70.0, "Connection refused; stale since 00:00:10 UTC") == "attempt 1, next in 2s; stale 1m00s"
    assert health.detail(70.0, "attempt 1, next in 2s; stale since 00:00:10 UTC") == "stale 1m00s"
    # What the header's own detail already says is not repeated.
    fix = "Connection refused by 127.0.0.1:443: check the URL and that the engine runs; stale since 00:00:10 UTC"
    assert health.detail(70.0, fix) == "attempt 1, next in 2s; stale 1m00s"  # the long detail gets cut
    assert health.detail(70.0, "attempt 1, next in 2s") == "stale 1m00s"
    health.update(ConnectionState("connected"))
    assert not health.stale and health.badges(70.0) == "PAUSED" and health.detail(70.0) == ""


# -- event feed -------------------------------------------------------------------------------
def test_feed_drops_duplicates_across_polls_and_keeps_number_order():
    feed = EventFeed()
    assert [e.id for e in feed.add([event(3), event(1)])] == ["1", "3"]
    # The same events again (initial load and tail overlap, a catch-up after reconnect): nothing new.
    assert feed.add([event(3), event(1)]) == []
    assert [e.id for e in feed.add([event(2), event(4), event(4)])] == ["2", "4"]
    assert [e.id for e in feed.events()] == ["1", "2", "3", "4"] and feed.newest == 4


def test_feed_is_bounded_to_the_newest():
    feed = EventFeed(limit=3)
    feed.add([event(n) for n in range(1, 6)])
    assert [e.id for e in feed.events()] == ["3", "4", "5"]
    assert feed.add([event(1)]) == []  # older than all kept: not brought back


def test_filter_by_minimum_severity_and_text():
    feed = EventFeed()
    feed.add([event(1, "normal", "VM web1 started"), event(2, "warning", "low disk on sd1", code=42),
              event(3, "error", "host h1 not responding"), event(4, "alert", "power fencing of h1")])
    ids = lambda flt, name=lambda e: "": [e.id for e in feed.visible(flt, name)]
    assert ids(EventFilter()) == ["1", "2", "3", "4"]
    assert ids(EventFilter.at_least("error")) == ["3", "4"]
    assert ids(EventFilter(text="H1")) == ["3", "4"]
    assert ids(EventFilter(text="42")) == ["2"]  # the code
    assert ids(EventFilter(text="web-db"), lambda e: "web-db" if e.id == "1" else "") == ["1"]  # the object
    assert ids(EventFilter.at_least("warning", "disk")) == ["2"]
    with pytest.raises(ValueError):
        EventFilter.at_least("fatal")


def test_only_errors_and_alerts_notify_and_enter_prefers_the_vm():
    fresh = [event(1, "normal"), event(2, "warning"), event(3, "error"), event(4, "alert")]
    assert [e.id for e in to_notify(fresh)] == ["3", "4"]
    assert jump_target(event(5, vm="v1", host="h1")) == ("vms", "v1")
    assert jump_target(event(6, host="h1")) == ("hosts", "h1")
    assert jump_target(event(7)) is None


def test_event_line_shows_time_severity_code_object_and_literal_description():
    line = event_line(event(9, "error", "[red]web[1] failed", code=1234, vm="v"), lambda e: "web[1]")
    assert line.plain.startswith("2026-11-27 01:00:09 ERROR    1234 web[1]")
    assert line.plain.endswith("[red]web[1] failed")  # engine text is never markup
    assert any("red" in str(span.style) for span in line.spans)


# -- jobs ---------------------------------------------------------------------------------------
def job(ident: str, status: str = "started", *, start: int = 0, end: int | None = None) -> Job:
    return Job(id=ident, description=f"job {ident}", status=status, start_time=T0 + timedelta(seconds=start),
               end_time=T0 + timedelta(seconds=end) if end is not None else None)


def finished(job_id: str | None, correlation: str | None, name: str = "web1") -> ActionFinished:
    return ActionFinished("start", "vms", "vm-1", name, ok=True, correlation_id=correlation, job_id=job_id)


def test_jobs_started_here_are_linked_by_job_id_and_correlation_id():
    links = JobLinks()
    links.add(finished("j1", "c-1"))
    assert links.for_job(job("j1")).label == "start web1"
    assert links.for_job(job("j2")) is None
    assert links.for_event(event(1, correlation_id="c-1")).action == "start"
    assert links.for_event(event(2, correlation_id="other")) is None


def test_job_links_are_bounded():
    links = JobLinks(limit=2)
    for n in range(5):
        links.add(finished(f"j{n}", f"c{n}"))
    assert links.for_job(job("j0")) is None and links.for_job(job("j4")) is not None


def test_a_job_expands_to_its_steps_with_progress():
    steps = [Step(id="s2", number=2, description="Copying image", status="started", progress=45),
             Step(id="s1", number=1, description="Validating", status="finished")]
    links = JobLinks()
    links.add(finished("j1", "c1"))
    lines = [line.plain for line in job_lines(job("j1", start=0), steps, T0 + timedelta(seconds=90),
                                              links.for_job(job("j1")))]
    assert lines[0].startswith("◆ started") and "1m" in lines[0] and lines[0].endswith("job j1  ← start web1")
    assert "finished" in lines[1] and lines[1].endswith("Validating")
    assert "45%" in lines[2] and "████▌" in lines[2] and lines[2].endswith("Copying image")


def test_progress_bar_in_block_and_ascii_glyphs():
    assert progress_bar(50, 4) == "▕██  ▏ 50%"
    assert progress_bar(100, 4) == "▕████▏100%"
    assert progress_bar(50, 4, ascii_only=True) == "[##..] 50%"
    assert progress_bar(None, 4) == " " * 9


def test_panel_lists_running_jobs_then_recent_finished_ones_ours_first():
    links = JobLinks()
    links.add(finished("ours", None))
    jobs = [job("old", "finished", start=0, end=5), job("run2", start=20), job("run1", start=10),
            job("ours", "finished", start=1, end=2), job("new", "failed", start=30, end=40)]
    assert [j.id for j in panel_jobs(jobs, links, recent=2)] == ["run1", "run2", "ours", "new"]


# -- :top -----------------------------------------------------------------------------------------
class Rec:
    def __init__(self, ident: str, name: str) -> None:
        self.id, self.name = ident, name


def cpu(value: float, mem: float = 10.0) -> tuple[Statistic, ...]:
    return (Statistic(name="cpu.current.total", values=[Value(datum=value)]),
            Statistic(name="memory.used", values=[Value(datum=mem)]),
            Statistic(name="memory.installed", values=[Value(datum=100)]))


def test_top_ranks_sampled_objects_by_cpu_or_memory():
    history = StatsHistory()
    history.add("vms", "a", cpu(10, mem=90))
    history.add("vms", "b", cpu(80, mem=20))
    records = [Rec("a", "alpha"), Rec("b", "beta"), Rec("c", "never-sampled")]
    assert [r.name for r in top_rows("vms", records, history, "cpu")] == ["beta", "alpha"]
    assert [r.name for r in top_rows("vms", records, history, "memory")] == ["alpha", "beta"]
    assert [r.name for r in top_rows("vms", records, history, "cpu", limit=1)] == ["beta"]
    with pytest.raises(ValueError):
        top_rows("vms", records, history, "disk")
    line = top_line(top_rows("vms", records, history)[0], history).plain
    assert line.startswith("beta") and "80%" in line and "20%" in line


def test_top_watch_keeps_leaders_and_sweeps_the_rest():
    watch = TopWatch(budget=4)
    candidates = [f"vm{n}" for n in range(10)]
    scores = {"vm7": 90.0, "vm3": 50.0, "vm1": 5.0}
    first = watch.choose(candidates, scores.get)
    assert first[:2] == ["vm7", "vm3"] and len(first) == 4
    seen = set(first)
    for _ in range(4):
        seen |= set(watch.choose(candidates, scores.get))
    assert seen == set(candidates)  # every VM gets sampled within a few sweeps
    assert watch.choose(candidates[:3], scores.get) == candidates[:3]


# -- SSH-friendly output ---------------------------------------------------------------------------
def test_ascii_mode_by_switch_or_terminal_and_no_color():
    assert ascii_mode({"OVIRT_CONSOLE_ASCII": "1"}) and ascii_mode({"TERM": "linux"})
    assert not ascii_mode({"TERM": "xterm-256color"})
    assert not ascii_mode({"TERM": "linux", "OVIRT_CONSOLE_ASCII": "0"})
    assert blocks({"TERM": "vt100"}).isascii() and not blocks({}).isascii()
    assert no_color({"NO_COLOR": "1"}) and not no_color({"NO_COLOR": ""})
    assert plain_style("bold red", {"NO_COLOR": "1"}) == "bold"
    assert plain_style("bold red", {}) == "bold red"
