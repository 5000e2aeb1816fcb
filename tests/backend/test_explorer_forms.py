"""Action forms: the generated parameter table, path matching, and the <action> body."""

from __future__ import annotations

import pytest
from lxml import etree

from console.backend import action_params
from console.backend.action_forms import build_body, form_for
from tests.backend import gen_action_params


def test_generated_table_is_current_and_complete() -> None:
    reference = gen_action_params.DEFAULT_REFERENCE
    if (reference / "ovirt-services-index.md").exists():  # the shared reference sits next to the repo
        assert gen_action_params.TARGET.read_text() == gen_action_params.render(reference)
    used = {name for _, names in action_params.ACTIONS.values() for name in names}
    assert used == set(action_params.PARAM_TYPES)
    enums = {detail for kind, *detail in action_params.PARAM_TYPES.values() if kind == "enum" for detail in detail}
    assert enums == set(action_params.ENUMS)


def test_form_matches_the_concrete_path() -> None:
    form = form_for("vms/123", "migrate")
    assert form.known and form.method == "migrate"
    assert {p.name: p.kind for p in form.params} == {
        "async": "boolean", "cluster": "ref", "force": "boolean", "host": "ref",
        "migrate_vms_in_affinity_closure": "boolean",
    }
    deactivate = form_for("/hosts/9/", "deactivate")
    assert [p.name for p in deactivate.params] == ["async", "reason", "stop_gluster_service"]
    upgrade = form_for("clusters/c1", "upgrade")
    assert next(p for p in upgrade.params if p.name == "upgrade_action").choices == ("finish", "start", "update_progress")
    nested = form_for("datacenters/d/storagedomains/s", "activate")
    assert nested.known and nested.method == "activate"
    unknown = form_for("vms/1", "levitate")
    assert not unknown.known and unknown.params == ()


def test_body_types_references_lists_and_escaping() -> None:
    body = build_body(form_for("vms/1", "migrate"), {"host": "h-1", "force": "yes", "cluster": "name=prod & <x>"})
    root = etree.fromstring(body)
    assert root.tag == "action"
    assert [c.tag for c in root] == ["cluster", "force", "host"]
    assert root.find("host").get("id") == "h-1" and root.findtext("force") == "true"
    assert root.find("cluster/name").text == "prod & <x>"
    assert b"&amp; &lt;x&gt;" in body
    bricks = etree.fromstring(build_body(form_for("clusters/c/glustervolumes/v/glusterbricks", "activate"),
                                         {"bricks": "b1, b2"}))
    assert [b.get("id") for b in bricks.find("bricks")] == ["b1", "b2"]
    assert [b.tag for b in bricks.find("bricks")] == ["brick", "brick"]
    assert build_body(form_for("vms/1", "start"), {"pause": "", "vm": "  "}) == b"<action/>"


@pytest.mark.parametrize(
    ("path", "verb", "values", "complaint"),
    [
        ("vms/1", "start", {"pause": "perhaps"}, "pause"),
        ("clusters/1", "upgrade", {"upgrade_action": "begin"}, "upgrade_action"),
        ("clusters/1", "upgrade", {"upgrade_percent_complete": "half"}, "integer"),
        ("vms/1", "start", {"colour": "red"}, "colour"),
    ],
)
def test_bad_values_are_refused_by_name(path: str, verb: str, values: dict, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        build_body(form_for(path, verb), values)
