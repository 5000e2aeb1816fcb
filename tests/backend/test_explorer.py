"""The API explorer's backend against the simulator: crawl every link, actions, read-only."""

from __future__ import annotations

from collections import deque

import pytest
from lxml import etree

from console.api.connection import Connection
from console.api.errors import NotFoundError
from console.backend import explorer
from console.backend.messages import (
    BackendError,
    ExplorerActionFinished,
    ExplorerLoaded,
)
from tests.backend.test_session import settings_for

CRAWL_LIMIT = 400
ROWS_PER_COLLECTION = 2  # like the simulator's own crawl: a few items stand for all


@pytest.fixture(autouse=True)
def _audit_in_tmp(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _rendered(page: explorer.ExplorerPage) -> None:
    """What the screen shows must exist: rows fit the columns, an entity has a tree."""
    if page.is_collection:
        assert all(len(row.cells) == len(page.columns) for row in page.rows), page.path
        if page.rows:
            assert page.columns, page.path
    else:
        assert page.node.tag == page.tag and (page.node.children or page.node.text or page.node.attrs), page.path


async def test_every_link_from_the_root_is_reachable_and_renders(sim) -> None:
    down = next(v for v in sim.engine.vms.values() if v.status == "down")
    async with Connection(sim.url, "admin@internal", "ovirt") as conn:
        await conn.request("POST", f"vms/{down.id}/start", body=b"<action/>")  # so jobs and steps exist
        queue: deque[tuple[str, bool]] = deque([("", False)])
        seen: set[str] = set()
        tags: set[str] = set()
        unserved: set[str] = set()
        followed_references = 0
        while queue and len(seen) < CRAWL_LIMIT:
            path, is_reference = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            try:
                page = (await explorer.explore(conn, path)).page
            except NotFoundError:
                if not is_reference:
                    raise
                unserved.add(path)
                continue
            _rendered(page)
            tags.add(page.tag)
            queue.extend((link.path, False) for link in page.links if not link.templated)
            queue.extend((row.path, False) for row in page.rows[:ROWS_PER_COLLECTION] if row.path)
            for ref in page.references:
                followed_references += ref.path not in seen
                queue.append((ref.path, True))
    assert len(seen) > 200
    assert unserved == set()  # every link, row and reference answers
    assert followed_references > 20
    assert {"api", "vms", "vm", "hosts", "host", "nics", "disk_attachments", "snapshots", "statistics",
            "permissions", "tags", "affinity_labels", "graphics_consoles", "steps", "jobs", "events"} <= tags


async def test_root_shows_its_links_and_templated_searches(sim) -> None:
    async with Connection(sim.url, "admin@internal", "ovirt") as conn:
        page = (await explorer.explore(conn, "/ovirt-engine/api")).page
    assert page.tag == "api" and not page.is_collection
    by_rel = {link.label: link for link in page.links}
    assert by_rel["vms"].path == "vms" and not by_rel["vms"].templated
    search = by_rel["vms/search"]
    assert search.templated and search.path == "vms" and search.query == ()


async def test_collection_columns_and_query_parameters(sim) -> None:
    async with Connection(sim.url, "admin@internal", "ovirt") as conn:
        page = (await explorer.explore(conn, "vms", {"search": "status=up", "max": "3"})).page
    assert page.is_collection and page.tag == "vms"
    assert page.columns[:2] == ("name", "status")
    assert 0 < len(page.rows) <= 3
    status = page.columns.index("status")
    assert {row.cells[status] for row in page.rows} == {"up"}
    assert all(row.path == f"vms/{row.id}" for row in page.rows)
    assert dict(page.query) == {"search": "status=up", "max": "3"}
    get = [r for r in sim.requests() if r["method"] == "GET" and r["path"].endswith("/vms")][-1]
    assert "search=status" in get["query"] and "max=3" in get["query"]


async def test_entity_tree_references_and_actions(sim) -> None:
    vm = next(iter(sim.engine.vms.values()))
    async with Connection(sim.url, "admin@internal", "ovirt") as conn:
        page = (await explorer.explore(conn, f"vms/{vm.id}")).page
    assert not page.is_collection and page.tag == "vm"
    assert {"start", "shutdown", "migrate"} <= set(page.actions)
    assert {"nics", "diskattachments", "snapshots"} <= {link.label for link in page.links}
    refs = {ref.label: ref.path for ref in page.references}
    assert refs["cluster"] == f"clusters/{vm.cluster_id}"
    name = next(c for c in page.node.children if c.tag == "name")
    assert name.text == vm.name
    assert etree.fromstring(page.xml.encode()).get("id") == vm.id  # raw XML kept for `x`


def test_explore_and_invoke_through_the_backend(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    down = next(v for v in sim.engine.vms.values() if v.status == "down")
    backend.explore(f"vms/{down.id}")
    loaded = sink.wait_for(ExplorerLoaded)
    assert "start" in loaded.page.actions
    sim.reset_log()
    backend.invoke(loaded.page.path, "start", {"pause": "false", "async": ""})
    done = sink.wait_for(ExplorerActionFinished)
    assert done.ok and done.verb == "start" and done.path == f"vms/{down.id}", done.message
    sent = [r for r in sim.requests() if r["method"] == "POST" and r["path"].endswith(f"/vms/{down.id}/start")]
    assert len(sent) == 1 and sent[0]["correlation_id"] == done.correlation_id
    assert done.job_id in sim.engine.jobs
    assert sim.engine.jobs[done.job_id].correlation_id == done.correlation_id
    assert sim.engine.vms[down.id].status != "down"


def test_engine_refusal_comes_back_in_its_own_words(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    up = next(v for v in sim.engine.vms.values() if v.status == "up")
    backend.invoke(f"/ovirt-engine/api/vms/{up.id}", "start", {})
    done = sink.wait_for(ExplorerActionFinished)
    assert not done.ok and done.message == "Cannot run VM. VM is running."
    assert done.correlation_id


def test_migrate_form_body_reaches_the_engine(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    vm = next(v for v in sim.engine.vms.values() if v.status == "up")
    target = next(h for h in sim.engine.hosts.values()
                  if h.id != vm.host_id and h.cluster_id == vm.cluster_id and h.status == "up")
    backend.invoke(f"vms/{vm.id}", "migrate", {"host": target.id})
    done = sink.wait_for(ExplorerActionFinished)
    assert done.ok, done.message
    assert sim.engine.vms[vm.id].status == "migrating"
    assert sim.engine.vms[vm.id].migration_target_host_id == target.id


def test_read_only_refuses_before_any_request(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim, read_only=True))
    backend.start()
    down = next(v for v in sim.engine.vms.values() if v.status == "down")
    backend.explore(f"vms/{down.id}")
    sink.wait_for(ExplorerLoaded)
    sim.reset_log()
    backend.invoke(f"vms/{down.id}", "start", {})
    done = sink.wait_for(ExplorerActionFinished)
    assert not done.ok and "read-only" in done.message
    assert [r for r in sim.requests() if r["method"] not in ("GET", "HEAD")] == []
    assert sim.engine.vms[down.id].status == "down"


def test_bad_form_value_and_unknown_query_are_refused(sim, backend_for) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    vm = next(iter(sim.engine.vms.values()))
    sim.reset_log()
    backend.invoke(f"vms/{vm.id}", "start", {"pause": "maybe"})
    error = sink.wait_for(BackendError)
    assert "pause" in error.message
    backend.explore("vms", {"sortby": "name"})
    error = sink.wait_for(BackendError, lambda m: "sortby" in m.message)
    assert "search" in error.message
    assert [r for r in sim.requests() if r["method"] == "POST" and "/vms/" in r["path"]] == []
