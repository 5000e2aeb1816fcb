"""Engine-wide objects other entities refer to: the root tag, the internal authz domain,
the default MAC pool and the default scheduling policy.

The simulated engine has exactly one of each, with the ids a fresh engine uses, so every
reference it writes (``<root_tag>``, ``<domain>``, ``<mac_pool>``, ``<scheduling_policy>``)
can be followed instead of answering 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .common import API, block, entity, leaf, links
from .compute import DEFAULT_MAC_POOL_ID, DEFAULT_SCHEDULING_POLICY_ID
from .root import BLANK_ID
from .users import INTERNAL_DOMAIN_ID


@dataclass(frozen=True)
class SystemObject:
    id: str
    collection: str  # URL segment
    tag: str  # element name
    name: str
    description: str
    extra: tuple[str, ...] = ()  # further children, already rendered
    rels: tuple[str, ...] = ()


ROOT_TAG = SystemObject(BLANK_ID, "tags", "tag", "root", "root")
INTERNAL_DOMAIN = SystemObject(INTERNAL_DOMAIN_ID, "domains", "domain", "internal-authz", "",
                               rels=("groups", "users"))
DEFAULT_MAC_POOL = SystemObject(
    DEFAULT_MAC_POOL_ID, "macpools", "mac_pool", "Default", "Default MAC pool",
    extra=(leaf("allow_duplicates", False), leaf("default_pool", True),
           *block("ranges", block("range", [leaf("from", "56:6f:1a:be:00:00"), leaf("to", "56:6f:1a:be:ff:ff")]))),
    rels=("permissions",),
)
DEFAULT_SCHEDULING_POLICY = SystemObject(
    DEFAULT_SCHEDULING_POLICY_ID, "schedulingpolicies", "scheduling_policy", "evenly_distributed", "",
    extra=(leaf("default_policy", False), leaf("locked", True)),
    rels=("balances", "filters", "weights"),
)

BY_COLLECTION = {o.collection: o for o in (ROOT_TAG, INTERNAL_DOMAIN, DEFAULT_MAC_POOL, DEFAULT_SCHEDULING_POLICY)}


def render_system_object(ctx: Any, parent: Any, obj: SystemObject, follow: Any, all_content: bool) -> str:
    href = f"{API}/{obj.collection}/{obj.id}"
    children = [leaf("name", obj.name), leaf("description", obj.description), *links(href, obj.rels), *obj.extra]
    return entity(obj.tag, href, obj.id, children)
