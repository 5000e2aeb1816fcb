"""The ``action`` one-shot against the in-process simulator: what is sent, the engine's refusals, read-only."""

from __future__ import annotations

import json
from pathlib import Path

from tests import cli_support
from tests.backend.conftest import Sim
from tests.cli_support import changes, run, vms

# The shared fixtures used here (private_umask and xdg are autouse); bound in this module,
# they apply to it only, and the module-scoped simulator is this module's own.
private_umask, xdg, sim = cli_support.private_umask, cli_support.xdg, cli_support.sim


def test_action_start_then_the_engine_refuses(sim: Sim, capsys) -> None:
    down = next(v for v in vms(sim, capsys) if v["status"] == "down")
    sim.reset_log()
    code, out, err = run(
        capsys, "action", "vm", down["name"], "start", "--url", sim.url
    )
    assert code == 0 and err == ""
    assert out.startswith(f"Run vm {down['name']}: sent (job ")
    assert changes(sim) == [("POST", f"/ovirt-engine/api/vms/{down['id']}/start")]
    code, out, err = run(
        capsys, "action", "vm", down["id"], "run", "--url", sim.url
    )  # by id, alias
    assert code == 1 and out == ""
    assert (
        err == f"ovirt-console: Run vm {down['name']}: Cannot run VM. VM is running.\n"
    )


def test_action_on_a_missing_object_is_status_1(sim: Sim, capsys) -> None:
    code, _, err = run(capsys, "action", "vm", "no-such-vm", "start", "--url", sim.url)
    assert (
        code == 1 and err == "ovirt-console: the engine has no vm named 'no-such-vm'\n"
    )


def test_action_host_maintenance_with_reason(sim: Sim, capsys) -> None:
    sim.reset_log()
    code, out, _ = run(
        capsys,
        "action",
        "host",
        "host-02",
        "maintenance",
        "--reason",
        "kernel",
        "--url",
        sim.url,
    )
    assert code == 0 and out.startswith("Maintenance host host-02: sent")
    [(method, path)] = changes(sim)
    assert method == "POST" and path.endswith("/deactivate")
    run(capsys, "action", "host", "host-02", "activate", "--url", sim.url)


def test_unknown_action_is_usage_and_sends_nothing(sim: Sim, capsys) -> None:
    sim.reset_log()
    code, _, err = run(capsys, "action", "vm", "x", "explode", "--url", sim.url)
    assert code == 2 and "no action 'explode' for vms (actions: start, stop" in err
    code, _, err = run(capsys, "action", "toaster", "x", "start", "--url", sim.url)
    assert code == 2 and "unknown kind 'toaster'" in err
    assert sim.requests() == []


def test_read_only_flag_refuses_before_any_request(sim: Sim, capsys) -> None:
    sim.reset_log()
    code, out, err = run(
        capsys, "--read-only", "action", "vm", "web-01", "stop", "--url", sim.url
    )
    assert (code, out) == (2, "")
    assert (
        err
        == "ovirt-console: read-only (--read-only): power off refused, nothing was sent\n"
    )
    code, _, _ = run(
        capsys, "action", "vm", "web-01", "stop", "--read-only", "--url", sim.url
    )
    assert code == 2
    assert sim.requests() == []  # not even a login reached the engine


def test_profile_read_only_refuses_too(sim: Sim, capsys, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[profiles.prod]\nurl = "{sim.url}"\nread_only = true\n')
    sim.reset_log()
    code, _, err = run(
        capsys,
        "--config",
        str(config),
        "--profile",
        "prod",
        "action",
        "vm",
        "web-01",
        "reboot",
    )
    assert code == 2 and "read-only (profile prod: read_only = true)" in err
    assert sim.requests() == []
    # Reading is still allowed with that profile.
    code, out, _ = run(
        capsys, "--config", str(config), "-p", "prod", "list", "clusters", "-o", "json"
    )
    assert code == 0 and json.loads(out)
