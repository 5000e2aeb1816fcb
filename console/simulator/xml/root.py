"""The entry point document ``<api>`` and its ``Link:`` header (protocol reference §4)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .common import API, block, document, entity, fmt_date, leaf, ref, struct

if TYPE_CHECKING:
    from ..model import ProductInfo

# Root rels in the order of the engine's ApiRootLinksCreator; True = also has a /search link.
ROOT_RELS: tuple[tuple[str, bool], ...] = (
    ("clusters", True), ("datacenters", True), ("events", True), ("hosts", True), ("networks", True),
    ("roles", False), ("storagedomains", True), ("tags", False), ("bookmarks", False), ("icons", False),
    ("templates", True), ("instancetypes", True), ("users", True), ("groups", True), ("domains", False),
    ("vmpools", True), ("vms", True), ("disks", True), ("jobs", False), ("storageconnections", False),
    ("vnicprofiles", False), ("diskprofiles", False), ("cpuprofiles", False), ("schedulingpolicyunits", False),
    ("schedulingpolicies", False), ("permissions", False), ("macpools", False), ("networkfilters", False),
    ("operatingsystems", False), ("externalhostproviders", False), ("openstackimageproviders", False),
    ("openstackvolumeproviders", False), ("openstacknetworkproviders", False), ("katelloerrata", False),
    ("affinitylabels", False), ("clusterlevels", False), ("imagetransfers", False),
    ("externalvmimports", False), ("externaltemplateimports", False),
)
BLANK_ID = "00000000-0000-0000-0000-000000000000"


def root_links() -> list[tuple[str, str]]:
    """(href, rel) pairs in document order."""
    result = []
    for rel, searchable in ROOT_RELS:
        result.append((f"{API}/{rel}", rel))
        if searchable:
            query = f"{API}/events;from={{event_id}}?search={{query}}" if rel == "events" else \
                f"{API}/{rel}?search={{query}}"
            result.append((query, f"{rel}/search"))
    return result


def link_header(base_url: str) -> str:
    """``Link:`` header value: absolute URLs, sorted, comma-joined (as the engine sends it)."""
    origin = base_url.split(API, 1)[0]
    entries = sorted(f"<{origin}{href}>; rel={rel}" for href, rel in root_links())
    return ",".join(entries)


def api_document(product: "ProductInfo", summary: dict[str, tuple[int, int]], now: datetime,
                 user_id: str) -> str:
    lines = [f'<link href="{href}" rel="{rel}"/>' for href, rel in root_links()]
    lines += block("product_info", [
        leaf("instance_id", product.instance_id),
        leaf("name", product.name),
        leaf("vendor", product.vendor),
        *struct("version", build=product.build, full_version=product.full_version, major=product.major,
                minor=product.minor, revision=product.revision),
    ])
    lines += block("special_objects", [
        ref("blank_template", f"{API}/templates/{BLANK_ID}", BLANK_ID),
        ref("root_tag", f"{API}/tags/{BLANK_ID}", BLANK_ID),
    ])
    items = []
    for name in ("hosts", "storage_domains", "users", "vms"):
        if name in summary:
            active, total = summary[name]
            items += struct(name, active=active, total=total)
    lines += block("summary", items)
    lines.append(leaf("time", fmt_date(now)))
    lines.append(ref("authenticated_user", f"{API}/users/{user_id}", user_id))
    lines.append(ref("effective_user", f"{API}/users/{user_id}", user_id))
    return document(entity("api", None, None, lines))
