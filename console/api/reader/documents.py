"""Which record a document's root element reads as, like the SDK's reader table."""

from __future__ import annotations

from console.api import types as t

# Root tag of a single-object document -> record class. The collection of each is
# the plural tag (``vms`` of ``vm``) and reads as a list of that class.
SINGULAR: dict[str, type] = {
    "action": t.Action,
    "affinity_group": t.AffinityGroup,
    "api": t.Api,
    "application": t.Application,
    "cluster": t.Cluster,
    "data_center": t.DataCenter,
    "disk": t.Disk,
    "disk_attachment": t.DiskAttachment,
    "event": t.Event,
    "fault": t.Fault,
    "file": t.File,
    "host": t.Host,
    "host_nic": t.HostNic,
    "job": t.Job,
    "network": t.Network,
    "network_attachment": t.NetworkAttachment,
    "nic": t.Nic,
    "reported_device": t.ReportedDevice,
    "snapshot": t.Snapshot,
    "statistic": t.Statistic,
    "step": t.Step,
    "storage_domain": t.StorageDomain,
    "template": t.Template,
    "user": t.User,
    "vm": t.Vm,
    "vnic_profile": t.VnicProfile,
}

# Documents that are never lists: ``<actions>`` and ``<faults>`` are not collections
# the engine returns, and ``api`` has no plural.
_NOT_COLLECTED = {"action", "fault", "api"}

# Collection root tag -> (member tag, member record class).
COLLECTIONS: dict[str, tuple[str, type]] = {
    tag + "s": (tag, cls) for tag, cls in SINGULAR.items() if tag not in _NOT_COLLECTED
}


def describe_supported() -> str:
    return ", ".join(sorted([*SINGULAR, *COLLECTIONS]))
