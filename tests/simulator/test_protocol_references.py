"""Every reference the simulated engine writes can be followed: no href it hands out is a 404.

Covers the engine-wide objects (root tag, authz domain, MAC pool, scheduling policy) that
entities point at, as well as the inventory objects.
"""

from __future__ import annotations

import httpx

from .conftest import xml

API_PREFIX = "/ovirt-engine/api/"


def hrefs(element) -> set[str]:
    """href attributes of references (not links or actions), relative to the API root."""
    out = set()
    for node in element.iter():
        href = node.get("href")
        parent = node.getparent()
        is_reference = node.tag != "link" and parent is not None and parent.tag != "actions"
        if href and is_reference and "{" not in href:  # templated search links are not references
            out.add(href.removeprefix(API_PREFIX))
    return out


async def test_every_reference_in_root_cluster_and_user_resolves(api: httpx.AsyncClient) -> None:
    root = xml(await api.get(""))
    cluster = xml(await api.get("clusters")).find("cluster")
    user = xml(await api.get("users")).find("user")
    vm = xml(await api.get("vms", params={"max": "1"})).find("vm")
    targets = hrefs(root) | hrefs(cluster) | hrefs(user) | hrefs(vm)
    assert {"tags/00000000-0000-0000-0000-000000000000"} <= targets
    assert any(t.startswith("macpools/") for t in targets)
    assert any(t.startswith("schedulingpolicies/") for t in targets)
    assert any(t.startswith("domains/") for t in targets)
    for target in sorted(targets):
        response = await api.get(target)
        assert response.status_code == 200, target


async def test_engine_wide_objects_are_listed_in_their_collections(api: httpx.AsyncClient) -> None:
    for collection, item, name in (("tags", "tag", "root"), ("macpools", "mac_pool", "Default"),
                                   ("schedulingpolicies", "scheduling_policy", "evenly_distributed"),
                                   ("domains", "domain", "internal-authz")):
        doc = xml(await api.get(collection))
        assert [e.findtext("name") for e in doc.findall(item)] == [name], collection
