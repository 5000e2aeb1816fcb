"""Render any simulator object as its XML element, with ``follow`` and a render cache.

``follow`` (protocol reference §13) is a tree of normalised link names (lower case,
no underscores): a followed sub-collection is inlined next to its ``<link>``, a
followed reference (``cluster``, ``disk``…) is replaced by the full object.
VMs and disks are cached per object keyed by all their field values, so a repeated
10,000-VM list re-renders only the VMs that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Callable

from . import compute, monitoring, network, storage, users
from .common import API, collection, entity, indent
from .context import RenderContext

FollowTree = dict[str, "FollowTree"]
Children = Callable[[Any, RenderContext, bool], list[str]]
SubProvider = Callable[[RenderContext, Any, FollowTree], tuple[str, list[str]]]


class FollowError(ValueError):
    """A follow path naming a link the object does not have."""


def parse_follow(text: str | None) -> FollowTree:
    """``nics.reported_devices,disk_attachments.disk`` -> nested dict of normalised names."""
    tree: FollowTree = {}
    for path in (text or "").split(","):
        node = tree
        for name in path.strip().split("."):
            name = name.strip().lower().replace("_", "")
            if name:
                node = node.setdefault(name, {})
    return tree


@dataclass
class Kind:
    tag: str
    children: Children
    href: Callable[[Any], str]
    subs: dict[str, SubProvider] = field(default_factory=dict)
    cache: bool = False
    # Derived values outside the object that its XML depends on (part of the cache key).
    derived: Callable[[Any, RenderContext], Any] | None = None


def statistics_fragments(stats: list[Any], parent_tag: str, parent_href: str) -> list[str]:
    return [
        entity("statistic", f"{parent_href}/statistics/{s.id}", s.id,
               monitoring.statistic_children(s, parent_tag, parent_href))
        for s in stats
    ]


def _vm_subs() -> dict[str, SubProvider]:
    def nics(ctx: RenderContext, vm: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "nics", [render("nic", n, ctx, sub) for n in ctx.nics(vm.id)]

    def attachments(ctx: RenderContext, vm: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "disk_attachments", [render("disk_attachment", a, ctx, sub) for a in ctx.disk_attachments(vm.id)]

    def stats(ctx: RenderContext, vm: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "statistics", statistics_fragments(ctx.engine.vm_statistics(vm.id), "vm", f"{API}/vms/{vm.id}")

    def snapshots(ctx: RenderContext, vm: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "snapshots", [render("snapshot", s, ctx, sub) for s in ctx.snapshots(vm.id)]

    def reported(ctx: RenderContext, vm: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "reported_devices", [render("reported_device", d, ctx, sub) for d in ctx.reported_devices(vm.id)]

    return {"nics": nics, "diskattachments": attachments, "statistics": stats, "snapshots": snapshots,
            "reporteddevices": reported}


def _host_subs() -> dict[str, SubProvider]:
    def nics(ctx: RenderContext, host: Any, sub: FollowTree) -> tuple[str, list[str]]:
        # Inline the Host type's attribute is <nics> (of <host_nic>); only the collection
        # document /hosts/{id}/nics is rooted at <host_nics>.
        return "nics", [render("host_nic", n, ctx, sub) for n in ctx.engine.host_nics.get(host.id, ())]

    def stats(ctx: RenderContext, host: Any, sub: FollowTree) -> tuple[str, list[str]]:
        href = f"{API}/hosts/{host.id}"
        return "statistics", statistics_fragments(ctx.engine.host_statistics(host.id), "host", href)

    return {"nics": nics, "statistics": stats}


def _nic_subs() -> dict[str, SubProvider]:
    def stats(ctx: RenderContext, nic: Any, sub: FollowTree) -> tuple[str, list[str]]:
        href = f"{API}/vms/{nic.vm_id}/nics/{nic.id}"
        return "statistics", statistics_fragments(ctx.engine.nic_statistics(nic.vm_id, nic.id), "nic", href)

    def reported(ctx: RenderContext, nic: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "", []  # already inlined in every NIC, as the engine does

    return {"statistics": stats, "reporteddevices": reported}


def _host_nic_subs() -> dict[str, SubProvider]:
    def stats(ctx: RenderContext, nic: Any, sub: FollowTree) -> tuple[str, list[str]]:
        href = f"{API}/hosts/{nic.host_id}/nics/{nic.id}"
        stats_ = ctx.engine.host_nic_statistics(nic.host_id, nic.id)
        return "statistics", statistics_fragments(stats_, "host_nic", href)

    return {"statistics": stats}


def _disk_subs() -> dict[str, SubProvider]:
    def stats(ctx: RenderContext, disk: Any, sub: FollowTree) -> tuple[str, list[str]]:
        href = f"{API}/disks/{disk.id}"
        return "statistics", statistics_fragments(ctx.engine.disk_statistics(disk.id), "disk", href)

    return {"statistics": stats}


def _job_subs() -> dict[str, SubProvider]:
    def steps(ctx: RenderContext, job: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "steps", [render("step", s, ctx, sub) for s in job.steps]

    return {"steps": steps}


def _data_center_subs() -> dict[str, SubProvider]:
    def storage_domains(ctx: RenderContext, dc: Any, sub: FollowTree) -> tuple[str, list[str]]:
        attached = [s for s in ctx.engine.storage_domains.values() if s.data_center_id == dc.id]
        return "storage_domains", [render("attached_storage_domain", s, ctx, sub) for s in attached]

    def clusters(ctx: RenderContext, dc: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "clusters", [render("cluster", c, ctx, sub) for c in ctx.engine.clusters.values()
                            if c.data_center_id == dc.id]

    def networks(ctx: RenderContext, dc: Any, sub: FollowTree) -> tuple[str, list[str]]:
        return "networks", [render("network", n, ctx, sub) for n in ctx.engine.networks.values()
                            if n.data_center_id == dc.id]

    return {"storagedomains": storage_domains, "clusters": clusters, "networks": networks}


def _cluster_subs() -> dict[str, SubProvider]:
    def networks(ctx: RenderContext, cluster: Any, sub: FollowTree) -> tuple[str, list[str]]:
        nets = [n for n in ctx.engine.networks.values() if n.data_center_id == cluster.data_center_id]
        return "networks", [render("network", n, ctx, sub) for n in nets]

    return {"networks": networks}


KINDS: dict[str, Kind] = {
    "vm": Kind("vm", compute.vm_children, lambda o: f"{API}/vms/{o.id}", _vm_subs(), cache=True),
    "host": Kind("host", compute.host_children, lambda o: f"{API}/hosts/{o.id}", _host_subs(), cache=True,
                 derived=lambda host, ctx: ctx.host_summary(host.id)),
    "cluster": Kind("cluster", compute.cluster_children, lambda o: f"{API}/clusters/{o.id}", _cluster_subs()),
    "data_center": Kind("data_center", compute.data_center_children, lambda o: f"{API}/datacenters/{o.id}",
                        _data_center_subs()),
    "template": Kind("template", compute.template_children, lambda o: f"{API}/templates/{o.id}"),
    "storage_domain": Kind("storage_domain", storage.storage_domain_children,
                           lambda o: f"{API}/storagedomains/{o.id}"),
    "attached_storage_domain": Kind(
        "storage_domain", storage.attached_storage_domain_children,
        lambda o: f"{API}/datacenters/{o.data_center_id}/storagedomains/{o.id}"),
    "disk": Kind("disk", storage.disk_children, lambda o: f"{API}/disks/{o.id}", _disk_subs(), cache=True),
    "disk_attachment": Kind("disk_attachment", storage.disk_attachment_children,
                            lambda o: f"{API}/vms/{o.vm_id}/diskattachments/{o.id}"),
    "snapshot": Kind("snapshot", storage.snapshot_children, lambda o: f"{API}/vms/{o.vm_id}/snapshots/{o.id}"),
    "network": Kind("network", network.network_children, lambda o: f"{API}/networks/{o.id}"),
    "vnic_profile": Kind("vnic_profile", network.vnic_profile_children, lambda o: f"{API}/vnicprofiles/{o.id}"),
    "nic": Kind("nic", network.nic_children, lambda o: f"{API}/vms/{o.vm_id}/nics/{o.id}", _nic_subs()),
    "reported_device": Kind("reported_device", network.reported_device_children, network.reported_device_href),
    "host_nic": Kind("host_nic", network.host_nic_children, lambda o: f"{API}/hosts/{o.host_id}/nics/{o.id}",
                     _host_nic_subs()),
    "event": Kind("event", monitoring.event_children, lambda o: f"{API}/events/{o.id}"),
    "job": Kind("job", monitoring.job_children, lambda o: f"{API}/jobs/{o.id}", _job_subs()),
    "step": Kind("step", monitoring.step_children, monitoring.step_href),
    "user": Kind("user", users.user_children, lambda o: f"{API}/users/{o.id}"),
}

# Reference element (normalised) -> kind of the object it points to, for follow=cluster etc.
REF_KINDS = {
    "cluster": "cluster", "host": "host", "template": "template", "originaltemplate": "template",
    "basetemplate": "template", "datacenter": "data_center", "disk": "disk", "vm": "vm",
    "vnicprofile": "vnic_profile", "network": "network", "storagedomain": "storage_domain",
    "executionhost": "host", "job": "job",
}

# Followable lists of references, by (kind, normalised name) -> (wrapper, item tag, kind):
# a disk's <storage_domains>, a storage domain's <data_centers>.
REF_LISTS = {
    ("disk", "storagedomains"): ("storage_domains", "storage_domain", "storage_domain"),
    ("storage_domain", "datacenters"): ("data_centers", "data_center", "data_center"),
    ("attached_storage_domain", "datacenters"): ("data_centers", "data_center", "data_center"),
}

# Bound by size, not count: 10,000 VMs are ~87 MB of XML; beyond the budget start afresh.
_CACHE_BUDGET = 256 * 1024 * 1024
_cache_bytes = 0
_cache: dict[tuple[str, str, int], tuple[tuple, str]] = {}
_getters: dict[type, attrgetter] = {}


def _state(obj: Any) -> tuple:
    cls = type(obj)
    getter = _getters.get(cls)
    if getter is None:
        getter = _getters[cls] = attrgetter(*cls.__slots__)  # type: ignore[attr-defined]
    return getter(obj)


def _expand_ref(children: list[str], name: str, sub: FollowTree, ctx: RenderContext) -> bool:
    kind = REF_KINDS.get(name)
    if kind is None:
        return False
    for index, line in enumerate(children):
        if not line.startswith("<") or " href=" not in line or not line.endswith("/>"):
            continue
        tag = line[1:line.index(" ")]
        if tag.replace("_", "") != name:
            continue
        id_ = line.rsplit('id="', 1)[1].split('"', 1)[0]
        target = ctx.lookup(kind, id_)
        if target is not None:
            children[index] = render(kind, target, ctx, sub, tag=tag)
        return True
    return name in REF_KINDS  # a reference the object simply does not carry now


def _expand_ref_list(children: list[str], spec: tuple[str, str, str], sub: FollowTree,
                     ctx: RenderContext) -> None:
    """Replace a block of references (``<storage_domains><storage_domain href id/>…``) by the objects."""
    wrapper, item, kind = spec
    if f"<{wrapper}>" not in children:
        return  # the object carries no such references now
    start = children.index(f"<{wrapper}>")
    end = children.index(f"</{wrapper}>", start)
    ids = [line.rsplit('id="', 1)[1].split('"', 1)[0] for line in children[start + 1:end] if 'id="' in line]
    targets = [t for t in (ctx.lookup(kind, id_) for id_ in ids) if t is not None]
    children[start:end + 1] = [collection(wrapper, [render(kind, t, ctx, sub, tag=item) for t in targets])]


def render(kind: str, obj: Any, ctx: RenderContext, follow: FollowTree | None = None,
           all_content: bool = False, tag: str | None = None, depth: int = 0) -> str:
    """The object's element shifted ``depth`` levels (no XML declaration)."""
    spec = KINDS[kind]
    if not follow and not all_content and tag is None and spec.cache:
        key = (kind, obj.id, depth)
        state = _state(obj)
        if spec.derived is not None:
            state = (state, spec.derived(obj, ctx))
        hit = _cache.get(key)
        if hit is not None and hit[0] == state:
            return hit[1]
        text = entity(spec.tag, spec.href(obj), obj.id, spec.children(obj, ctx, False))
        if depth:
            text = indent(text, depth)
        _remember(key, state, text, hit)
        return text
    children = spec.children(obj, ctx, all_content)
    for name, sub in (follow or {}).items():
        provider = spec.subs.get(name)
        if provider is not None:
            wrapper, fragments = provider(ctx, obj, sub)
            if wrapper:
                children.insert(_after_links(children), collection(wrapper, fragments))
        elif (kind, name) in REF_LISTS:
            _expand_ref_list(children, REF_LISTS[kind, name], sub, ctx)
        elif not _expand_ref(children, name, sub, ctx):
            raise FollowError(f"Link '{name}' not found for {spec.tag}")
    text = entity(tag or spec.tag, spec.href(obj), obj.id, children)
    return indent(text, depth) if depth else text


def _remember(key: tuple[str, str, int], state: tuple, text: str, old: tuple[tuple, str] | None) -> None:
    global _cache_bytes
    _cache_bytes += len(text) - (len(old[1]) if old else 0)
    if _cache_bytes > _CACHE_BUDGET:
        _cache.clear()
        _cache_bytes = len(text)
    _cache[key] = (state, text)


def _after_links(children: list[str]) -> int:
    last = 0
    for index, line in enumerate(children):
        if line.startswith("<link "):
            last = index + 1
    return last or len(children)


def validate_follow(kind: str, follow: FollowTree) -> None:
    """Reject unknown follow names before a list is rendered (also for empty lists)."""
    spec = KINDS[kind]
    for name in follow:
        if name not in spec.subs and name not in REF_KINDS and (kind, name) not in REF_LISTS:
            raise FollowError(f"Link '{name}' not found for {spec.tag}")
