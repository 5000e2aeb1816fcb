"""The audit log: one JSON line per action sent, in the user's state directory, never a secret."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime

import pytest

from console.backend.audit import AuditLog, default_path, safe_url
from console.backend.messages import ActionFinished, RecordUpdated
from tests.backend.test_session import settings_for, wait_initial_load

NOW = datetime(2026, 11, 27, 2, 0, 0, tzinfo=UTC)


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_default_path_is_the_users_state_directory(state_dir) -> None:
    assert default_path() == state_dir / "ovirt-console" / "audit.log"


def test_lines_are_appended_private_and_without_secrets(state_dir) -> None:
    audit = AuditLog()
    ok = ActionFinished("start", "vms", "v1", "web-01", ok=True, correlation_id="c-1", job_id="j-1")
    bad = ActionFinished("start", "vms", "v2", "web-02", ok=False, message="Cannot run VM. VM is running.",
                         correlation_id="c-2")
    engine = "https://admin:hunter2@engine.example.com:8443/ovirt-engine/api?token=abc#x"
    assert audit.append([ok, bad], user="admin@internal", engine=engine,
                        params={"host": "h1", "password": "hunter2", "api_token": "t", "force": None}, now=NOW)
    assert audit.append([ok], user="admin@internal", engine=engine, params={}, now=NOW)
    entries = lines(audit.path)
    assert len(entries) == 3  # appended, never rewritten
    first, second = entries[0], entries[1]
    assert first == {
        "time": "2026-11-27T02:00:00+00:00", "user": "admin@internal",
        "engine": "https://engine.example.com:8443/ovirt-engine/api", "kind": "vms", "action": "start",
        "target": {"id": "v1", "name": "web-01"}, "correlation_id": "c-1", "job_id": "j-1",
        "result": "ok", "message": "", "params": {"host": "h1"},
    }
    assert second["result"] == "failed" and second["message"] == "Cannot run VM. VM is running."
    raw = audit.path.read_text(encoding="utf-8")
    assert "hunter2" not in raw and "token" not in raw.replace("correlation", "")
    assert stat.S_IMODE(os.stat(audit.path).st_mode) == 0o600


def test_an_unwritable_log_never_breaks_the_action(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    audit = AuditLog(blocker / "audit.log")
    done = ActionFinished("start", "vms", "v1", "web-01", ok=True)
    assert audit.append([done], user="u", engine="https://e/ovirt-engine/api", params={}) is False


def test_safe_url_drops_userinfo_query_and_fragment() -> None:
    assert safe_url("https://u:p@e.example.com/ovirt-engine/api?x=1#f") == "https://e.example.com/ovirt-engine/api"


def test_backend_appends_one_line_per_target_sent(sim, backend_for, state_dir) -> None:
    backend, sink = backend_for(settings_for(sim))
    backend.start()
    wait_initial_load(sink)
    downs = [vm for vm in sim.engine.vms.values() if vm.status == "down"][:2]
    up = next(vm for vm in sim.engine.vms.values() if vm.status == "up")
    backend.run_action("vms", [downs[0].id, downs[1].id, up.id], "start")
    finished = [sink.wait_for(ActionFinished, lambda m, i=i: m.id == i) for i in (downs[0].id, downs[1].id, up.id)]
    path = state_dir / "ovirt-console" / "audit.log"
    # The audit line is written before the targets are re-read: their RecordUpdated means it is there.
    sink.wait_for(RecordUpdated, lambda m: m.id == up.id)
    entries = lines(path)
    by_target = {e["target"]["id"]: e for e in entries}
    assert set(by_target) == {downs[0].id, downs[1].id, up.id}
    for done in finished:
        entry = by_target[done.id]
        assert entry["correlation_id"] == done.correlation_id and entry["user"] == "admin@internal"
        assert entry["engine"] == sim.url and entry["action"] == "start"
    assert by_target[up.id]["result"] == "failed" and by_target[up.id]["message"] == "Cannot run VM. VM is running."
    assert by_target[downs[0].id]["result"] == "ok"
    assert "ovirt" not in json.dumps([e for e in entries]).replace("ovirt-engine", "").replace("ovirt-console", "")
