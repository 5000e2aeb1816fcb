"""Pollers never overlap, re-arm after work, back off while the engine is away; batching."""

from __future__ import annotations

import asyncio
import time

from console.api.errors import ApiError, AuthError, ConnectionError, TimeoutError
from console.backend.inventory import Batcher
from console.backend.messages import ConnectionState, LoadProgress, RecordsLoaded
from console.backend.pollers import Health, Poller, is_link_failure


async def test_poll_never_overlaps_and_rearms_after_work() -> None:
    running = 0
    overlaps = 0
    finished = asyncio.Event()

    async def work() -> None:
        nonlocal running, overlaps
        running += 1
        overlaps = max(overlaps, running)
        await asyncio.sleep(0.03)  # slower than the interval
        running -= 1
        if poller.runs >= 3:
            finished.set()

    poller = Poller("test", 0.001, work)
    poller.arm(0)
    for _ in range(20):
        poller.poke()  # pokes while running must not start a second run
        await asyncio.sleep(0.005)
    await asyncio.wait_for(finished.wait(), 2)
    poller.stop()
    assert overlaps == 1


async def test_paused_poller_does_not_run_and_resumes() -> None:
    calls = 0

    async def work() -> None:
        nonlocal calls
        calls += 1

    poller = Poller("test", 0.01, work)
    poller.pause()
    poller.arm(0)
    await asyncio.sleep(0.05)
    assert calls == 0
    poller.resume()
    await asyncio.sleep(0.05)
    assert calls >= 1
    poller.stop()
    seen = calls
    await asyncio.sleep(0.05)
    assert calls == seen


async def test_error_handler_sets_next_delay_and_poller_survives() -> None:
    delays: list[float | None] = []
    calls = 0

    async def work() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("down")

    def on_error(exc: BaseException) -> float:
        delays.append(0.01)
        return 0.01

    poller = Poller("test", 0.01, work, on_error=on_error)
    poller.arm(0)
    await asyncio.sleep(0.1)
    poller.stop()
    assert delays == [0.01] and calls >= 2


def test_health_backs_off_to_a_cap_and_recovers() -> None:
    posted: list[object] = []
    health = Health(posted.append, start=2, cap=10, wall=lambda: 1000.0)
    assert not health.succeeded()  # no outage: nothing posted
    delays = [health.failed("Connection refused") for _ in range(5)]
    assert delays == [2, 4, 8, 10, 10]
    assert posted[0] == ConnectionState(
        "reconnecting",
        attempt=1,
        next_retry_in=2,
        detail="Connection refused",
        stale_since=1000.0,
    )
    assert all(p.stale_since == 1000.0 for p in posted)
    assert health.succeeded() is True
    assert posted[-1] == ConnectionState("connected")
    assert not health.down


def test_link_failures() -> None:
    assert is_link_failure(ConnectionError("x"))
    assert is_link_failure(TimeoutError("x"))
    assert is_link_failure(ApiError(code=503))
    assert not is_link_failure(ApiError(code=400, reason="Operation Failed"))
    assert not is_link_failure(AuthError(code=401))


def test_batcher_posts_replace_first_and_final_last() -> None:
    posted: list[object] = []
    now = [0.0]
    batcher = Batcher("vms", posted.append, size=3, interval=10, clock=lambda: now[0])
    batcher.add([1, 2])
    assert posted == []  # under size and interval: held
    batcher.add([3, 4])
    now[0] = 11.0
    batcher.add([5])  # interval passed
    batcher.finish()
    loads = [m for m in posted if isinstance(m, RecordsLoaded)]
    assert [m.records for m in loads] == [(1, 2, 3, 4), (5,), ()]
    assert [m.replace for m in loads] == [True, False, False]
    assert [m.final for m in loads] == [False, False, True]
    progress = [m for m in posted if isinstance(m, LoadProgress)]
    assert progress == [
        LoadProgress("vms", 4),
        LoadProgress("vms", 5),
        LoadProgress("vms", 5, done=True),
    ]


def test_batcher_empty_collection_is_one_replacing_final_batch() -> None:
    posted: list[object] = []
    Batcher("jobs", posted.append, progress=False).finish()
    assert posted == [RecordsLoaded("jobs", (), replace=True, final=True)]


class SlowEngine:
    """Stands in for a Connection whose every list takes ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.paths: list[str] = []
        self.queries: list[str] = []

    async def stream_collection(self, path: str, *, query: str = ""):
        self.paths.append(path)
        self.queries.append(query)
        await asyncio.sleep(self.seconds)
        yield []


async def test_slow_engine_refresh_backs_off_in_proportion() -> None:
    from console.backend.details import NameIndex
    from console.backend.polling import BUSY_SHARE, Live
    from console.backend.rolling import PAGED_KINDS, REFRESH_ORDER

    engine = SlowEngine(0.02)
    posted: list[object] = []
    live = Live(conn=lambda: engine, post=posted.append, names=NameIndex(), explain=str,
                spawn=lambda c, w: None, refresh=0.01)  # fmt: skip
    delay = await live._poll_inventory()
    # one request per kind, in the initial load's order; the large kinds by page
    assert engine.paths == [
        "datacenters",
        "clusters",
        "hosts",
        "storagedomains",
        "networks",
        "vms",
        "templates",
        "disks",
    ]
    assert len(engine.paths) == len(REFRESH_ORDER)
    paged = [q for p, q in zip(engine.paths, engine.queries, strict=True)
             if p in ("hosts", "vms", "templates", "disks")]  # fmt: skip
    assert len(paged) == len(PAGED_KINDS)
    assert all(q.endswith("page+1") and "max=500" in q for q in paged)
    # an engine slow to answer is not asked again at once: not the 0.01 s asked for
    assert delay >= 0.02 * len(REFRESH_ORDER) * (BUSY_SHARE - 1)
    fast = Live(conn=lambda: SlowEngine(0), post=posted.append, names=NameIndex(), explain=str,
                spawn=lambda c, w: None, refresh=10)  # fmt: skip
    started = time.monotonic()
    delay = await fast._poll_inventory()
    took = time.monotonic() - started
    # a fixed rate: the next tick starts 10 s after this one started, not after it ended
    assert 10 - took <= delay < 10


class BatchyEngine:
    """A Connection stand-in streaming three batches with pauses between them."""

    async def stream_collection(self, path: str, *, query: str = ""):
        for n in range(3):
            await asyncio.sleep(0.01)
            yield [f"{path}-{n}"] * 600  # over BATCH_SIZE: each batch is posted at once


async def test_two_loads_of_one_kind_never_interleave() -> None:
    from console.backend.inventory import load_kind

    engine = BatchyEngine()
    posted: list[object] = []
    await asyncio.gather(
        load_kind(engine, "vms", posted.append, progress=False),
        load_kind(engine, "vms", posted.append, progress=False),
    )
    flags = [(m.replace, m.final) for m in posted if isinstance(m, RecordsLoaded)]
    one_load = [(True, False), (False, False), (False, False), (False, True)]
    assert flags == one_load + one_load


class JobsEngine:
    def __init__(self, statuses: list[str]) -> None:
        self.statuses = statuses

    async def stream_collection(self, path: str, *, query: str = ""):
        from types import SimpleNamespace

        yield [SimpleNamespace(id=str(n), status=s) for n, s in enumerate(self.statuses)]


async def test_jobs_poll_fast_only_while_a_job_runs() -> None:
    from console.backend.details import NameIndex
    from console.backend.polling import Live

    def live(statuses: list[str]) -> Live:
        engine = JobsEngine(statuses)
        return Live(conn=lambda: engine, post=lambda m: None, names=NameIndex(), explain=str,
                    spawn=lambda c, w: None, refresh=30, jobs_interval=5)  # fmt: skip

    assert await live(["finished", "started"])._poll_jobs() is None  # the 5 s interval
    assert await live(["finished", "failed"])._poll_jobs() == 30  # idle: the refresh interval


async def test_a_poke_during_a_run_runs_again_right_after_it() -> None:
    # A statistics watch changed mid-poll: the new rows must not wait a whole interval.
    started: list[float] = []
    release = asyncio.Event()

    async def work() -> None:
        started.append(time.monotonic())
        if len(started) == 1:
            await release.wait()

    poller = Poller("test", 3600.0, work)
    poller.arm(0)
    while not poller.running:
        await asyncio.sleep(0)
    poller.poke()
    poller.poke()  # several pokes during one run: one more run
    release.set()
    for _ in range(100):
        if len(started) >= 2:
            break
        await asyncio.sleep(0.01)
    assert len(started) == 2 and started[1] - started[0] < 1.0
    await asyncio.sleep(0.05)
    assert len(started) == 2  # and then the interval again
    poller.stop()
