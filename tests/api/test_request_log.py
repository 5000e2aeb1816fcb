"""--log-file: a line per request with method, path, status, time and correlation id; no secret."""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.api import Connection
from console.api.errors import ApiError
from console.api.requestlog import LOGGER, LogFileError, open_log_file, redact_query
from tests.api.server import PASSWORD, TOKEN, USER, EngineStub

LINE = re.compile(r"^\S+ \S+ (?P<method>[A-Z]+) (?P<target>\S+) (?P<status>\d{3}|failed:\w+)"
                  r" (?P<seconds>\d+\.\d{3})s correlation_id=(?P<cid>\S+)$")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "requests.log"
    handler = open_log_file(str(path))
    try:
        yield path
    finally:
        LOGGER.removeHandler(handler)
        handler.close()
        LOGGER.setLevel(logging.NOTSET)


def lines(path: Path) -> list[re.Match[str]]:
    text = path.read_text()
    found = [LINE.match(line) for line in text.splitlines()]
    assert all(found), text  # every line has the one shape
    return found  # type: ignore[return-value]


async def test_each_request_is_one_line_without_secrets(engine: EngineStub, log_file: Path) -> None:
    engine.set_xml_response("vms", 200, "<vms/>")
    engine.set_xml_response("vms/v1/start", 200, "<action><status>complete</status></action>", method="POST")
    async with Connection(engine.url, USER, PASSWORD, timeout=5) as conn:
        await conn.request("GET", "vms", query="search=name%3Dweb&max=5")
        await conn.request("POST", "vms/v1/start", body=b"<action/>", headers={"Correlation-Id": "cid-7"})
    assert stat.S_IMODE(os.stat(log_file).st_mode) == 0o600
    text = log_file.read_text()
    for secret in (PASSWORD, TOKEN, "Bearer", "Authorization", USER):
        assert secret not in text
    entries = [(m["method"], m["target"], m["status"], m["cid"]) for m in lines(log_file)]
    assert entries[0][:3] == ("POST", "/ovirt-engine/sso/oauth/token", "200")  # the login, body unlogged
    # a read carries no Correlation-Id of ours: the one the engine gave its reply is logged
    assert ("GET", "/ovirt-engine/api/vms?search=name%3Dweb&max=5", "200", "generated-by-stub") in entries
    assert ("POST", "/ovirt-engine/api/vms/v1/start", "200", "cid-7") in entries
    assert entries[-1][:3] == ("POST", "/ovirt-engine/services/sso-logout", "200")  # token revoked, unlogged


async def test_a_request_that_got_no_answer_is_logged_as_failed(log_file: Path) -> None:
    engine = await EngineStub().start()
    url = engine.url
    await engine.stop()  # nothing listens any more
    async with Connection(url, token="t0k3n-never-logged", timeout=2) as conn:
        with pytest.raises(ApiError):
            await conn.request("GET", "vms")
    [entry] = lines(log_file)
    assert (entry["method"], entry["target"], entry["status"]) == ("GET", "/ovirt-engine/api/vms", "failed:ConnectError")
    assert "t0k3n-never-logged" not in log_file.read_text()


def test_credentials_in_a_query_are_masked() -> None:
    assert redact_query("search=name%3Dweb&max=5") == "search=name%3Dweb&max=5"
    masked = redact_query("username=admin&password=s3cret&access_token=abc&max=1")
    assert masked == "username=admin&password=%2A%2A%2A&access_token=%2A%2A%2A&max=1"
    assert "s3cret" not in masked and "abc" not in masked


def test_log_file_created_private_and_appended(tmp_path: Path) -> None:
    path = tmp_path / "log"
    path.write_text("earlier\n")
    path.chmod(0o600)
    handler = open_log_file(str(path))
    try:
        LOGGER.debug("GET /x 200 0.001s correlation_id=-")
        handler.flush()
    finally:
        LOGGER.removeHandler(handler)
        handler.close()
        LOGGER.setLevel(logging.NOTSET)
    assert path.read_text().startswith("earlier\n") and path.read_text().count("\n") == 2


def test_an_existing_log_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log"
    path.write_text("")
    path.chmod(0o644)
    with pytest.raises(LogFileError, match=r"permissions 0644 .* chmod 600"):
        open_log_file(str(path))
    assert not LOGGER.handlers


def test_nothing_is_formatted_without_a_listener() -> None:
    assert not LOGGER.isEnabledFor(logging.DEBUG)  # hooks return before building a line
