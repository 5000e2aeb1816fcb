"""Drive the simulator with the official oVirt Python SDK (ovirtsdk4), as an admin would.

Not a pytest module (CI has no SDK): each fix it led to is pinned by a plain-httpx test
in ``test_protocol_sdk_conformance.py``. Run it with the SDK's own virtualenv, pointing
``--simulator-python`` at the project's one (the simulator needs aiohttp/lxml)::

    python3 -m venv /work/sdkvenv && /work/sdkvenv/bin/pip install ovirt-engine-sdk-python
    /work/sdkvenv/bin/python tests/simulator/sdk_conformance.py --simulator-python /work/venv/bin/python
    # or, equivalently, from the project's venv:
    /work/venv/bin/python tests/simulator/sdk_conformance.py --python /work/sdkvenv/bin/python

It starts ``python -m console.simulator --port 0 --vms 200 --seed 7`` (then again with
``--tls``), reads the URL and credentials from its first lines, and prints one JSON
line per check: ``{"check": ..., "ok": bool, "detail": ...}``, then a summary line.
Exit status 0 when every check passes. Checks: login, the API root, every collection
(with search/max/follow/from), sub-collections, every action and its state changes,
faults, follow_link, logout revocation, TLS with the printed CA, and a strict reader
round-trip of every document compared with the engine model for the same seed.

Modules (all beside this one, none collected by pytest): sdk_audit (the strict reader
audit), sdk_inventory (lists, search, follow, reader round-trips), sdk_actions (actions
and state changes), sdk_writes (update, additions, result-carrying actions), sdk_session
(SSO, token renewal, concurrency, logout), sdk_model_dump (runs under --simulator-python).
``--speed`` (default 5) runs the engine clock fast so transitions take a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _reexec_under_sdk_python() -> None:
    """``--python PATH``: started from the project's Python, rerun this script under the SDK's
    interpreter, and let the simulator keep the current one."""
    if "--python" not in sys.argv[:-1]:
        return
    at = sys.argv.index("--python")
    sdk_python, rest = sys.argv[at + 1], sys.argv[1:at] + sys.argv[at + 2:]
    if "--simulator-python" not in rest:
        rest += ["--simulator-python", sys.executable]
    os.execv(sdk_python, [sdk_python, __file__, *rest])


if __name__ == "__main__":
    _reexec_under_sdk_python()  # before importing ovirtsdk4, which only the SDK's Python has

import ovirtsdk4 as sdk

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from sdk_actions import run_action_checks
from sdk_audit import read_and_audit
from sdk_inventory import (
    run_inventory_checks,
    run_late_reader_checks,
    run_reader_checks,
)
from sdk_session import run_session_checks
from sdk_writes import run_write_checks


class Report:
    """Collects checks and prints each as one JSON line."""

    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []

    def add(self, check: str, ok: bool, detail: Any = "") -> bool:
        entry = {"check": check, "ok": bool(ok), "detail": detail}
        self.results.append(entry)
        print(json.dumps(entry, default=str), flush=True)
        return bool(ok)

    def run(self, check: str, body: Callable[[], Any]) -> Any:
        """Run ``body``; it returns (ok, detail) or raises (a failed check)."""
        try:
            ok, detail = body()
        except Exception as exc:  # noqa: BLE001 - a check failing in any way is a result
            self.add(check, False, f"{type(exc).__name__}: {exc} @ {_where(exc)}")
            return None
        self.add(check, ok, detail)
        return ok

    def summary(self) -> dict[str, Any]:
        failed = [r["check"] for r in self.results if not r["ok"]]
        return {"summary": True, "checks": len(self.results), "passed": len(self.results) - len(failed),
                "failed": failed}


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(HERE))]
    frame = (ours or frames)[-1] if frames else None
    return f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"


class Simulator:
    """``python -m console.simulator`` in a child process; its first lines name the URL and credentials."""

    def __init__(self, python: str, args: list[str]) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([python, "-m", "console.simulator", *args], cwd=REPO, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        creds = self.proc.stdout.readline().split()
        if not self.url.startswith("http") or len(creds) < 4:
            self.stop()
            stderr = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"simulator did not start: {self.url!r} {stderr}")
        self.username, self.password = creds[1], creds[3]
        self.ca_file = None
        if "--tls" in args:
            self.ca_file = self.proc.stdout.readline().split(":", 1)[1].strip()

    def connect(self, **kwargs: Any) -> sdk.Connection:
        kwargs.setdefault("insecure", True)
        return sdk.Connection(url=self.url, username=self.username, password=self.password, **kwargs)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def model_dump(python: str, seed: int, vms: int) -> dict[str, Any]:
    """The engine model for the same seed and size, from the simulator's own Python."""
    code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); from sdk_model_dump import dump; "
            f"print(json.dumps(dump({seed:d}, {vms:d})))")
    out = subprocess.run([python, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run_tls_checks(report: Report, python: str) -> None:
    sim = Simulator(python, ["--port", "0", "--vms", "20", "--seed", "7", "--tls"])
    try:
        def verified() -> tuple[bool, str]:
            conn = sim.connect(insecure=False, ca_file=sim.ca_file)
            try:
                api = conn.system_service().get()
                return sim.url.startswith("https://") and api.product_info is not None, \
                    f"{sim.url} verified with {sim.ca_file}"
            finally:
                conn.close()

        def refused_without_ca() -> tuple[bool, str]:
            conn = sim.connect(insecure=False)
            try:
                conn.system_service().get()
                return False, "an unknown CA was accepted"
            except sdk.Error as exc:
                return True, f"{type(exc).__name__}: {str(exc)[:120]}"
            finally:
                conn.close(logout=False)

        def localhost_and_pki() -> tuple[bool, str]:
            # The CA as admins fetch it from the engine, and the host name instead of the IP.
            origin = sim.url.split("/ovirt-engine/api", 1)[0]
            context = ssl.create_default_context(cafile=sim.ca_file)
            url = f"{origin}/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA"
            with urllib.request.urlopen(url, context=context, timeout=10) as response:
                served = response.read()
            with tempfile.NamedTemporaryFile(suffix=".pem") as ca:
                ca.write(served)
                ca.flush()
                conn = sdk.Connection(url=sim.url.replace("127.0.0.1", "localhost"), username=sim.username,
                                      password=sim.password, ca_file=ca.name)
                try:
                    name = conn.system_service().get().product_info.name
                finally:
                    conn.close()
            return name == "oVirt Engine", "localhost verified with the CA from pki-resource"

        report.run("tls.ca_file", verified)
        report.run("tls.localhost_pki_resource", localhost_and_pki)
        report.run("tls.unknown_ca_refused", refused_without_ca)
    finally:
        sim.stop()


def run_calibration(report: Report) -> None:
    """The audit must find nothing in real engine documents, or its findings mean nothing."""
    examples = sorted((REPO.parent / "shared" / "reference" / "xml-examples").glob("v4-real-*.xml"))
    if not examples:
        return  # the reference set is not on this machine; nothing to calibrate against

    def body() -> tuple[bool, Any]:
        found = {}
        for path in examples:
            problems = read_and_audit(path.read_bytes())[1]
            if problems:
                found[path.name] = problems[:3]
        return not found, found or f"{len(examples)} real engine documents audit clean"

    report.run("audit.calibration.real_engine_documents", body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--simulator-python", default=os.environ.get("SIMULATOR_PYTHON", "/work/venv/bin/python"),
                        help="python with the project installed (runs the simulator)")
    parser.add_argument("--python", metavar="SDK_PYTHON",
                        help="rerun under this interpreter (the SDK's); the simulator keeps the current one")
    parser.add_argument("--vms", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--speed", type=float, default=5.0,
                        help="engine clock speed, so transitions take a fraction of a second")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a state change")
    args = parser.parse_args(argv)
    report = Report()
    started = time.monotonic()
    run_calibration(report)
    sim = Simulator(args.simulator_python, ["--port", "0", "--vms", str(args.vms), "--seed", str(args.seed),
                                            "--speed", str(args.speed)])
    try:
        model = model_dump(args.simulator_python, args.seed, args.vms)
        conn = sim.connect()
        try:
            run_reader_checks(report, conn, model)
            run_inventory_checks(report, conn, args.vms)
            run_action_checks(report, sim, conn, args.timeout)
            run_write_checks(report, conn)
            run_late_reader_checks(report, conn)
            run_session_checks(report, sim, conn, args.speed)  # last: it closes the connection
        finally:
            with _suppress():
                conn.close()
    finally:
        sim.stop()
    run_tls_checks(report, args.simulator_python)
    summary = report.summary()
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary), flush=True)
    return 0 if not summary["failed"] else 1


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True


if __name__ == "__main__":
    raise SystemExit(main())
