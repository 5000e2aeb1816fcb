"""The engine token is revoked when the console is killed by SIGTERM or SIGHUP.

An SSH disconnect sends SIGHUP; atexit does not run on a signal. The console runs in
a child process logged in to the simulator (in this process); after the signal the
simulator must have seen the SSO logout, and the child must die by that signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from console.simulator import Engine, ManualClock, run_in_thread

CHILD = textwrap.dedent(
    """
    import sys, time
    from console.backend.demo import stop_on_signals
    from console.backend.messages import Connected
    from console.backend.session import Backend
    from console.backend.settings import EngineSettings

    def sink(message):
        if isinstance(message, Connected):
            print("connected", flush=True)

    stop_on_signals()
    backend = Backend(EngineSettings(url=sys.argv[1], password="ovirt", refresh=3600), sink)
    backend.start()
    while True:
        time.sleep(0.1)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_token_revoked_on_signal(signum: int) -> None:
    sim = run_in_thread(engine=Engine(seed=1, vms=5, clock=ManualClock(), life=False))
    try:
        child = subprocess.Popen([sys.executable, "-c", CHILD, sim.url], stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "connected"
            tokens = [r for r in sim.server.request_log if r["path"].endswith("/sso/oauth/token")]
            assert len(tokens) == 1
            os.kill(child.pid, signum)
            assert child.wait(timeout=10) == -signum  # died by the signal, as the sender meant
        finally:
            if child.poll() is None:
                child.kill()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            logouts = [r for r in sim.server.request_log if r["path"].endswith("/services/sso-logout")]
            if logouts:
                break
            time.sleep(0.05)
        assert len(logouts) == 1 and logouts[0]["status"] == 200
    finally:
        sim.stop()
