"""The main views (k9s ``:`` resources): kind, title, number key and ``:`` aliases."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class View:
    kind: str
    title: str
    number: str
    aliases: tuple[str, ...]


VIEWS: tuple[View, ...] = (
    View("vms", "Virtual Machines", "1", ("vms", "vm")),
    View("hosts", "Hosts", "2", ("hosts", "host")),
    View("clusters", "Clusters", "3", ("clusters", "cluster")),
    View("data_centers", "Data Centers", "4", ("datacenters", "dcs", "dc", "datacenter")),
    View("storage_domains", "Storage Domains", "5", ("storage", "sds", "sd", "storagedomains")),
    View("networks", "Networks", "6", ("networks", "net", "nets")),
    View("templates", "Templates", "7", ("templates", "template", "tpl")),
    View("disks", "Disks", "8", ("disks", "disk")),
    View("events", "Events", "9", ("events", "event", "ev")),
    View("jobs", "Jobs", "0", ("jobs", "job")),
)

_BY_ALIAS = {alias: view for view in VIEWS for alias in (*view.aliases, view.kind)}
BY_KIND = {view.kind: view for view in VIEWS}


def view_for(word: str) -> View | None:
    """The view a ``:`` word names (``vms``, ``dcs``, ``storage`` …), case-insensitive."""
    return _BY_ALIAS.get(word.strip().lower())
