"""The URL tree of the simulated API: which collections exist, what they hold, how to find items.

Every collection the model has data for is a ``Coll``; every other ``<link rel>`` an
entity advertises resolves to an empty collection with the right element name, so a
hypermedia explorer can follow every link (never a 404 for an advertised link).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import ADMIN_USER_ID, ADMIN_USER_NAME
from ..xml import compute, network, storage, system, users
from ..xml.common import API, entity, indent
from ..xml.context import RenderContext
from ..xml.render import render, statistics_fragments
from . import fields as F
from .graphics import GraphicsConsolesHandler

if TYPE_CHECKING:
    from ..engine import Engine
    from ..search import Field

Items = Callable[["Engine", Any], list[Any]]
Renderer = Callable[[RenderContext, Any, Any, Any, bool], str]  # ctx, parent, obj, follow, all_content


@dataclass
class Coll:
    wrapper: str
    kind: str | None
    items: Items
    fields: Callable[[Engine], dict[str, Field]] | None = None
    default_sort: tuple[tuple[str, bool], ...] = ()
    subs: dict[str, Coll] = field(default_factory=dict)
    links: tuple[str, ...] = ()
    render: Renderer | None = None
    get: Callable[[Engine, Any, str], Any] | None = None
    # A collection that answers its own GETs and POSTs (graphics consoles: ``current``, their actions).
    handler: Any = None

    def find(self, engine: Engine, parent: Any, id_: str) -> Any:
        if self.get is not None:
            return self.get(engine, parent, id_)
        for obj in self.items(engine, parent):
            if str(obj.id) == id_:
                return obj
        return None

    def fragment(self, ctx: RenderContext, parent: Any, obj: Any, follow: Any, all_content: bool,
                 depth: int = 0) -> str:
        if self.render is not None:
            text = self.render(ctx, parent, obj, follow, all_content)
            return indent(text, depth) if depth else text
        assert self.kind is not None
        return render(self.kind, obj, ctx, follow, all_content, depth=depth)


# Element names of collections the model has no data for, by URL segment.
EMPTY_WRAPPERS = {
    "watchdogs": "watchdogs", "graphicsconsoles": "graphics_consoles", "cdroms": "cdroms",
    "applications": "applications", "hostdevices": "host_devices", "sessions": "sessions",
    "backups": "backups", "checkpoints": "checkpoints", "affinitylabels": "affinity_labels",
    "katelloerrata": "katello_errata", "permissions": "permissions", "tags": "tags",
    "mediateddevices": "vm_mediated_devices", "floppies": "floppies", "fenceagents": "agents",
    "devices": "host_devices", "hooks": "hooks", "storage": "host_storages",
    "networkattachments": "network_attachments", "storageconnectionextensions": "storage_connection_extensions",
    "unmanagednetworks": "unmanaged_networks",
    "externalnetworkproviderconfigurations": "external_network_provider_configurations",
    "cpuunits": "host_cpu_units", "cpuprofiles": "cpu_profiles", "affinitygroups": "affinity_groups",
    "glusterhooks": "gluster_hooks", "glustervolumes": "gluster_volumes", "enabledfeatures": "cluster_features",
    "externalnetworkproviders": "external_providers", "networkfilters": "network_filters", "quotas": "quotas",
    "qoss": "qoss", "iscsibonds": "iscsi_bonds", "diskprofiles": "disk_profiles", "disksnapshots": "disk_snapshots",
    "storageconnections": "storage_connections", "files": "files", "images": "images",
    "networklabels": "network_labels", "networkfilterparameters": "network_filter_parameters",
    "linklayerdiscoveryprotocolelements": "link_layer_discovery_protocol_elements",
    "roles": "roles", "bookmarks": "bookmarks", "icons": "icons", "instancetypes": "instance_types",
    "groups": "groups", "domains": "domains", "vmpools": "vm_pools", "schedulingpolicyunits": "scheduling_policy_units",
    "schedulingpolicies": "scheduling_policies", "macpools": "mac_pools", "operatingsystems": "operating_systems",
    "externalhostproviders": "external_host_providers", "openstackimageproviders": "openstack_image_providers",
    "openstackvolumeproviders": "openstack_volume_providers",
    "openstacknetworkproviders": "openstack_network_providers", "clusterlevels": "cluster_levels",
    "imagetransfers": "image_transfers", "externalvmimports": "external_vm_imports",
    "externaltemplateimports": "external_template_imports", "statistics": "statistics",
    "templates": "templates", "vms": "vms", "nics": "nics", "diskattachments": "disk_attachments",
    "numanodes": "vm_numa_nodes", "steps": "steps", "sshpublickeys": "ssh_public_keys",
    "eventsubscriptions": "event_subscriptions", "options": "user_options",
}


def _stats_coll(fetch: Callable[[Engine, Any], list[Any]], parent_tag: str,
                parent_href: Callable[[Any], str]) -> Coll:
    def render_stat(ctx: RenderContext, parent: Any, stat: Any, follow: Any, all_content: bool) -> str:
        return statistics_fragments([stat], parent_tag, parent_href(parent))[0]

    return Coll("statistics", None, fetch, render=render_stat)


def _snapshot_disks() -> Coll:
    def items(engine: Engine, snap: Any) -> list[Any]:
        return [engine.disks[d] for d in snap.disk_ids if d in engine.disks]

    def render_disk(ctx: RenderContext, snap: Any, disk: Any, follow: Any, all_content: bool) -> str:
        return entity("disk", None, disk.id, storage.snapshot_disk_children(disk, ctx, snap.id))

    return Coll("disks", None, items, render=render_disk)


def _vm() -> Coll:
    nic = Coll("nics", "nic", lambda e, vm: list(e.nics.get(vm.id, ())), links=network.NIC_LINKS, subs={
        "statistics": _stats_coll(lambda e, nic: e.nic_statistics(nic.vm_id, nic.id), "nic",
                                  lambda nic: f"{API}/vms/{nic.vm_id}/nics/{nic.id}"),
        "reporteddevices": Coll("reported_devices", "reported_device",
                                lambda e, nic: [d for d in RenderContext(e).reported_devices(nic.vm_id)
                                                if d.nic_id == nic.id]),
    })
    return Coll(
        "vms", "vm", lambda e, _: list(e.vms.values()), F.vm_fields, (("name", False),),
        links=compute.VM_LINKS,
        subs={
            "nics": nic,
            "diskattachments": Coll("disk_attachments", "disk_attachment",
                                    lambda e, vm: list(e.disk_attachments.get(vm.id, ()))),
            "snapshots": Coll("snapshots", "snapshot", lambda e, vm: list(e.snapshots.get(vm.id, ())),
                              links=storage.SNAPSHOT_LINKS, subs={"disks": _snapshot_disks()}),
            "statistics": _stats_coll(lambda e, vm: e.vm_statistics(vm.id), "vm", lambda vm: f"{API}/vms/{vm.id}"),
            "reporteddevices": Coll("reported_devices", "reported_device",
                                    lambda e, vm: RenderContext(e).reported_devices(vm.id)),
            "graphicsconsoles": _graphics_consoles(),
        },
        get=lambda e, _, id_: e.vms.get(id_),
    )


def _graphics_consoles() -> Coll:
    handler = GraphicsConsolesHandler()
    return Coll("graphics_consoles", None, handler.items, handler=handler)


def _host() -> Coll:
    nic = Coll("host_nics", "host_nic", lambda e, h: list(e.host_nics.get(h.id, ())),
               links=network.HOST_NIC_LINKS, subs={
                   "statistics": _stats_coll(lambda e, n: e.host_nic_statistics(n.host_id, n.id), "host_nic",
                                             lambda n: f"{API}/hosts/{n.host_id}/nics/{n.id}"),
               })
    return Coll(
        "hosts", "host", lambda e, _: list(e.hosts.values()), F.host_fields, (("name", False),),
        links=compute.HOST_LINKS,
        subs={
            "nics": nic,
            "statistics": _stats_coll(lambda e, h: e.host_statistics(h.id), "host", lambda h: f"{API}/hosts/{h.id}"),
        },
        get=lambda e, _, id_: e.hosts.get(id_),
    )


def _networks_of_dc(engine: Engine, dc_id: str) -> list[Any]:
    return [n for n in engine.networks.values() if n.data_center_id == dc_id]


def _network_coll() -> Coll:
    return Coll("networks", "network", lambda e, _: list(e.networks.values()), F.network_fields,
                (("name", False),), links=network.NETWORK_LINKS, get=lambda e, _, id_: e.networks.get(id_),
                subs={"vnicprofiles": Coll("vnic_profiles", "vnic_profile",
                                           lambda e, n: [p for p in e.vnic_profiles.values()
                                                         if p.network_id == n.id])})


def _data_center() -> Coll:
    attached = Coll("storage_domains", "attached_storage_domain",
                    lambda e, dc: [s for s in e.storage_domains.values() if s.data_center_id == dc.id],
                    links=storage.ATTACHED_SD_LINKS, subs={
                        "disks": Coll("disks", "disk", lambda e, sd: [d for d in e.disks.values()
                                                                      if d.storage_domain_id == sd.id]),
                    })
    return Coll(
        "data_centers", "data_center", lambda e, _: list(e.data_centers.values()), F.data_center_fields,
        (("name", False),), links=compute.DATA_CENTER_LINKS,
        subs={
            "clusters": Coll("clusters", "cluster",
                             lambda e, dc: [c for c in e.clusters.values() if c.data_center_id == dc.id],
                             links=compute.CLUSTER_LINKS),
            "networks": Coll("networks", "network", lambda e, dc: _networks_of_dc(e, dc.id),
                             links=network.NETWORK_LINKS),
            "storagedomains": attached,
        },
        get=lambda e, _, id_: e.data_centers.get(id_),
    )


def _storage_domain() -> Coll:
    return Coll(
        "storage_domains", "storage_domain", lambda e, _: list(e.storage_domains.values()),
        F.storage_domain_fields, (("name", False),), links=storage.SD_LINKS,
        subs={"disks": Coll("disks", "disk", lambda e, sd: [d for d in e.disks.values()
                                                            if d.storage_domain_id == sd.id])},
        get=lambda e, _, id_: e.storage_domains.get(id_),
    )


def _job() -> Coll:
    step = Coll("steps", "step", lambda e, job: list(job.steps), links=("statistics",), subs={
        "statistics": Coll("statistics", None, lambda e, s: []),
    })
    return Coll("jobs", "job", lambda e, _: list(e.jobs.values()), F.job_fields, (("start_time", False),),
                links=("steps",), subs={"steps": step}, get=lambda e, _, id_: e.jobs.get(id_))


def _event_get(engine: Engine, _: Any, id_: str) -> Any:
    if not id_.isdigit():
        return None
    for event in engine.visible_events():
        if event.id == int(id_):
            return event
    return None


def build_tree() -> dict[str, Coll]:
    return {
        "vms": _vm(),
        "hosts": _host(),
        "clusters": Coll("clusters", "cluster", lambda e, _: list(e.clusters.values()), F.cluster_fields,
                         (("name", False),), links=compute.CLUSTER_LINKS,
                         subs={"networks": Coll("networks", "network",
                                                lambda e, c: _networks_of_dc(e, c.data_center_id))},
                         get=lambda e, _, id_: e.clusters.get(id_)),
        "datacenters": _data_center(),
        "storagedomains": _storage_domain(),
        "networks": _network_coll(),
        "vnicprofiles": Coll("vnic_profiles", "vnic_profile", lambda e, _: list(e.vnic_profiles.values()),
                             links=network.VNIC_PROFILE_LINKS, get=lambda e, _, id_: e.vnic_profiles.get(id_)),
        "templates": Coll("templates", "template", lambda e, _: list(e.templates.values()), F.template_fields,
                          (("name", False),), links=compute.TEMPLATE_LINKS,
                          get=lambda e, _, id_: e.templates.get(id_)),
        "disks": Coll("disks", "disk", lambda e, _: list(e.disks.values()), F.disk_fields, (("alias", False),),
                      links=storage.DISK_LINKS, get=lambda e, _, id_: e.disks.get(id_), subs={
                          "statistics": _stats_coll(lambda e, d: e.disk_statistics(d.id), "disk",
                                                    lambda d: f"{API}/disks/{d.id}"),
                      }),
        "events": Coll("events", "event", lambda e, _: e.visible_events(), F.event_fields, (("id", True),),
                       get=_event_get),
        "jobs": _job(),
        "users": Coll("users", "user", lambda e, _: [admin_user()], F.user_fields, (("name", False),),
                      links=users.USER_LINKS),
        **{segment: _system_coll(obj) for segment, obj in system.BY_COLLECTION.items()},
    }


def _system_coll(obj: system.SystemObject) -> Coll:
    """One engine-wide object (root tag, authz domain, MAC pool, scheduling policy)."""
    return Coll(EMPTY_WRAPPERS[obj.collection], None, lambda e, _: [obj], render=system.render_system_object,
                subs={rel: Coll(EMPTY_WRAPPERS.get(rel, rel), None, lambda e, _: []) for rel in obj.rels})


def admin_user() -> users.User:
    """The administrator every token belongs to (the engine's built-in admin)."""
    return users.User(ADMIN_USER_ID, "admin", ADMIN_USER_NAME, "admin")


TREE = build_tree()
