"""Connection-level SDK checks for ``sdk_conformance.py``: SSO failures, token renewal,
concurrent requests on one connection, and logout revoking the token.

Runs under the SDK's virtualenv (see sdk_conformance.py).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

import ovirtsdk4 as sdk


def _hook(sim: Any, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A simulator test hook (not part of oVirt): GET, or POST with a JSON body."""
    origin = sim.url.split("/ovirt-engine/api", 1)[0]
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(f"{origin}/ovirt-engine/simulator/{path}", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def run_session_checks(report: Any, sim: Any, conn: sdk.Connection, speed: float) -> None:
    def bad_password() -> tuple[bool, Any]:
        wrong = sdk.Connection(url=sim.url, username=sim.username, password="wrong", insecure=True)
        try:
            wrong.system_service().get()
        except sdk.AuthError as exc:
            return "access_denied" in str(exc) and "username or password is incorrect" in str(exc), str(exc)
        finally:
            wrong.close(logout=False)
        return False, "a wrong password was accepted"

    def test_ok() -> tuple[bool, Any]:
        return conn.test(raise_exception=True), "connection.test() is True"

    def concurrent() -> tuple[bool, Any]:
        # wait=False sends every request before reading any answer, over pycurl's multi handle.
        vms = conn.system_service().vms_service()
        futures = [vms.list(search=f"name={c}*", wait=False) for c in "abcdefghij"]
        listed = [f.wait() for f in futures]
        every = {v.name for v in vms.list()}
        ok = all(all(v.name.startswith(c) for v in got) for c, got in zip("abcdefghij", listed))
        ok = ok and sum(len(g) for g in listed) == sum(1 for n in every if n[:1] in "abcdefghij")
        return ok, [len(g) for g in listed]

    def renewal() -> tuple[bool, Any]:
        # A token that expires under the SDK: it must get a 401, log in again and retry once.
        before = _hook(sim, "chaos")
        _hook(sim, "chaos", {"token_ttl": 2})
        try:
            old = conn.authenticate()
            time.sleep(2.5 / speed)  # engine seconds run `speed` times faster than real ones
            conn.system_service().get()
            new = conn.authenticate()
        finally:
            _hook(sim, "chaos", {"token_ttl": before.get("token_ttl")})
        return old != new, "expired token renewed transparently"

    def close_revokes() -> tuple[bool, Any]:
        token = conn.authenticate()
        conn.close()
        request = urllib.request.Request(sim.url, headers={"Authorization": f"Bearer {token}",
                                                           "Accept": "application/xml", "Version": "4"})
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as exc:
            return exc.code == 401 and exc.headers.get("WWW-Authenticate") is not None, \
                f"revoked token -> {exc.code}"
        return False, "the token still works after close()"

    report.run("sso.bad_password", bad_password)
    report.run("connection.test", test_ok)
    report.run("connection.concurrent_futures", concurrent)
    report.run("sso.token_renewal", renewal)
    report.run("connection.close.revokes_token", close_revokes)
