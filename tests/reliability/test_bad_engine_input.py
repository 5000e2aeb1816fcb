"""Bad input from the engine, through the whole backend: a message, never a crash.

The Backend must turn every broken reply into a BackendError (or ConnectFailed at
login) that names the problem, keep its loop alive, and keep loading what it can.
"""

from __future__ import annotations

import gzip
import logging

import pytest

from console.backend.messages import (
    BackendError,
    Connected,
    ConnectFailed,
    ConnectionState,
    RecordsLoaded,
)
from console.backend.settings import EngineSettings
from tests.reliability.fake_engine import FakeEngine, Reply, empty_collection

VM_XML = b"""<vms><vm href="/ovirt-engine/api/vms/1" id="1"><name>web01</name>
<status>quantum_state</status><memory>%s</memory><brand_new><x>1</x></brand_new>
<cpu><topology><cores>-4</cores></topology></cpu></vm></vms>""" % (b"9" * 300)


@pytest.fixture
def no_bug_logs(caplog):
    """A failure that reached the generic 'failed' path is a bug: none allowed."""
    caplog.set_level(logging.ERROR, logger="console")
    yield
    bugs = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not bugs, [r.getMessage() for r in bugs]


def run(engine: FakeEngine, backend_for):
    backend, sink = backend_for(EngineSettings(url=engine.url, password="secret", timeout=5, refresh=3600))
    backend.start()
    return backend, sink


def vms_answer(reply: Reply):
    return lambda path: reply if path == "vms" else empty_collection(path)


BAD_VMS = {
    "malformed": Reply(b"<vms><vm id='1'><name>web01</nam></vm></vms>"),
    "proxy-html": Reply(b"<html><body>502 Bad Gateway</body></html>", status=200, content_type="text/html"),
    "proxy-502": Reply(b"<html><body>Proxy Error</body></html>", status=502, content_type="text/html"),
    "truncated": Reply(VM_XML, truncate_to=60),
    "gzip-corrupt": Reply(b"\x1f\x8b\x08\x00garbage-not-deflate" * 4, headers={"Content-Encoding": "gzip"}),
    "gzip-cut": Reply(gzip.compress(VM_XML)[:30], headers={"Content-Encoding": "gzip"}),
    "json": Reply(b'{"vm": []}', content_type="application/json"),
    "empty-200": Reply(b""),
    "fault-500": Reply(b"<fault><reason>Operation Failed</reason><detail>[Internal error]</detail></fault>", status=500),
    "not-a-collection": Reply(b"<vm id='1'><name>alone</name></vm>"),
}


@pytest.mark.parametrize("case", sorted(BAD_VMS))
def test_bad_collection_reply_is_a_backend_error(case, backend_for, no_bug_logs) -> None:
    with FakeEngine(vms_answer(BAD_VMS[case])) as engine:
        backend, sink = run(engine, backend_for)
        sink.wait_for(Connected)
        error = sink.wait_for(BackendError, timeout=15)
        assert error.context == "load inventory"
        assert ("GET", "vms") in engine.seen  # the broken reply is the one reported
        assert len(sink.of(BackendError)) == 1
        assert error.message and "Traceback" not in error.message
        # the loaded kinds before the broken one are on screen
        sink.wait_for(RecordsLoaded, lambda m: m.kind == "hosts" and m.final)
        # the backend still works afterwards
        if case == "truncated":
            assert "cut off" in error.message and "check the URL" not in error.message
        engine.answer = empty_collection
        backend.refresh("vms")
        sink.wait_for(RecordsLoaded, lambda m: m.kind == "vms" and m.final)


def test_unknown_elements_enums_and_absurd_sizes_degrade_fields(backend_for, no_bug_logs) -> None:
    with FakeEngine(vms_answer(Reply(VM_XML))) as engine:
        _, sink = run(engine, backend_for)
        loaded = sink.wait_for(RecordsLoaded, lambda m: m.kind == "vms" and m.final)
        (vm,) = loaded.records
        assert vm.name == "web01" and vm.id == "1"
        assert not sink.of(BackendError)


@pytest.mark.parametrize(
    "root",
    [
        Reply(b"<html><title>Welcome to nginx</title></html>", content_type="text/html"),
        Reply(b"<api><link href=", truncate_to=None),
        Reply(b"<api>" + b"<x>" * 10, truncate_to=8),
        Reply(b"", status=503, content_type="text/html"),
    ],
    ids=["html", "malformed", "truncated", "503-empty"],
)
def test_bad_api_root_is_a_login_failure_in_one_line(root, backend_for, no_bug_logs) -> None:
    with FakeEngine() as engine:
        engine.root = root
        _, sink = run(engine, backend_for)
        failed = sink.wait_for(ConnectFailed, timeout=15)
        assert failed.message and "\n" not in failed.message
        sink.wait_for(ConnectionState, lambda m: m.state == "closed")


def test_html_login_page_names_the_path(backend_for, no_bug_logs) -> None:
    with FakeEngine() as engine:
        engine.root = Reply(b"<html>login</html>", content_type="text/html")
        _, sink = run(engine, backend_for)
        failed = sink.wait_for(ConnectFailed, timeout=15)
        assert "text/html" in failed.message or "not the XML" in failed.message or "HTML" in failed.message
