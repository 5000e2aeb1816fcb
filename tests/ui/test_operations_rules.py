"""The allowed-status table and the operation specs, against the engine's own enums."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from console.api.enums.compute import VmStatus
from console.api.enums.infra import HostStatus
from console.api.enums.storage import StorageDomainStatus
from console.ui.actions.registry import ACTIONS, RESERVED_KEYS, bindings
from console.ui.operations.specs import (
    MARKS,
    OPERATIONS,
    operation_for,
    registry_fields,
)
from console.ui.operations.status_rules import RULES, refusal
from console.ui.operations.targets import BULK_TYPED_OVER, select

ENUMS = {"vms": VmStatus, "hosts": HostStatus, "storage_domains": StorageDomainStatus}


def record(status, **extra):
    return SimpleNamespace(id="i", name="n", status=status, **extra)


@pytest.mark.parametrize("key", sorted(RULES), ids=lambda k: f"{k[0]}.{k[1]}")
def test_every_rule_speaks_the_engines_statuses(key):
    rule = RULES[key]
    values = {s.value for s in ENUMS[rule.kind]}
    assert rule.allowed <= values, rule.allowed - values
    assert set(rule.reasons) <= values, set(rule.reasons) - values
    assert rule.allowed, "a rule that allows nothing is a disabled feature"
    for status in ENUMS[rule.kind]:
        reason = rule.refusal(record(status.value, data_centers=[object()], spm=None,
                                     power_management=SimpleNamespace(enabled=True)))
        if status.value in rule.allowed:
            assert reason is None
        else:  # refused, and said in words an admin reads
            assert reason and "_" not in reason and reason[0].isupper()


def test_every_operation_has_a_rule_and_a_backend_action():
    from console.backend.actions import ACTIONS as BACKEND

    for op in OPERATIONS:
        assert (op.kind, op.action) in RULES
        assert (op.kind, op.action) in BACKEND


@pytest.mark.parametrize(("kind", "action", "status", "reason"), [
    ("vms", "start", "up", "VM is already up"),
    ("vms", "start", "migrating", "VM is running"),
    ("vms", "start", "image_locked", "VM is image locked"),
    ("vms", "start", "down", None),
    ("vms", "start", "suspended", None),  # resume
    ("vms", "shutdown", "down", "VM is already down"),
    ("vms", "stop", "suspended", None),
    ("vms", "migrate", "down", "VM is not running"),
    ("vms", "cancel_migration", "up", "VM is not migrating"),
    ("vms", "cancel_migration", "migrating", None),
    ("vms", "remove", "up", "VM is running"),
    ("vms", "remove", "down", None),
    ("vms", "snapshot", "image_locked", "VM's disks are locked"),
    ("hosts", "deactivate", "maintenance", "Host is already in maintenance"),
    ("hosts", "activate", "up", "Host is already up"),
    ("hosts", "activate", "maintenance", None),
    ("storage_domains", "deactivate", "maintenance", "Storage domain is already in maintenance"),
    ("storage_domains", "activate", "active", "Storage domain is already active"),
])
def test_refusal_wording(kind, action, status, reason):
    assert refusal(kind, action, record(status, data_centers=[object()])) == reason


def test_checks_beyond_status():
    no_pm = record("up", power_management=SimpleNamespace(enabled=False))
    assert refusal("hosts", "fence", no_pm) == "power management is not configured on this host"
    spm = record("up", spm=SimpleNamespace(status="spm", priority=5))
    assert refusal("hosts", "force_select_spm", spm) == "Host is already SPM"
    never = record("up", spm=SimpleNamespace(status="none", priority=-1))
    assert refusal("hosts", "force_select_spm", never) == "Host is marked never to be selected as SPM"
    # An attached domain's status lives in its data center: the top-level record has none.
    attached = SimpleNamespace(id="s", name="data", status=None, data_centers=[object()])
    assert refusal("storage_domains", "deactivate", attached) is None
    loose = SimpleNamespace(id="s", name="data", status=None, data_centers=None)
    assert refusal("storage_domains", "activate", loose) == "Storage domain is not attached to a data center"


def test_selection_skips_refused_objects_and_counts_bulk_danger():
    start = next(op for op in OPERATIONS if op.id == "vm.start")
    downs = [SimpleNamespace(id=f"d{i}", name=f"down-{i}", status="down") for i in range(BULK_TYPED_OVER + 1)]
    up = SimpleNamespace(id="u", name="up-1", status="up")
    selection = select(start, [*downs, up])
    assert selection.ids == tuple(d.id for d in downs) and selection.skipped == (("up-1", "VM is already up"),)
    request = selection.request()
    assert request.typed == str(BULK_TYPED_OVER + 1)  # bulk over the limit: type the count
    assert select(start, downs[:BULK_TYPED_OVER]).request().typed is None
    assert select(start, [up]).refused == "VM is already up"
    assert select(start, [up, up]).refused == "none of the 2 marked VMs allows it"
    stop = next(op for op in OPERATIONS if op.id == "vm.stop")
    assert select(stop, [up]).request().typed == "up-1"  # dangerous: type the name


def test_keys_are_unique_never_reserved_and_bound_on_the_main_screen():
    keys = [f["key"] for f in registry_fields()]
    assert len(keys) == len(set(keys)) and not RESERVED_KEYS & set(keys)
    main = {b.id: b for b in bindings("main")}
    for fields in registry_fields():
        assert fields["id"] in main and main[fields["id"]].key == fields["key"]
    others = {a.key for a in ACTIONS if not a.mutating and a.id not in {m.id for m in MARKS}}
    assert not others & {op.key for op in OPERATIONS}
    # One key, one verb: activate and maintenance serve hosts and storage domains alike.
    assert operation_for("op_object_activate", "hosts").action == "activate"
    assert operation_for("op_object_maintenance", "storage_domains").action == "deactivate"
    assert operation_for("op_vm_start", "hosts") is None
    assert all(f["mutating"] for f in registry_fields() if f["id"] not in {m.id for m in MARKS})
