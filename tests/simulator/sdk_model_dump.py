"""The engine model's static facts as JSON, for ``sdk_conformance.py`` to compare with what the SDK read.

Runs under the project's Python (imports console.simulator). Only fields fixed by the
seed are dumped (names, sizes, placement in clusters and data centers): statuses and
statistics move with the running simulator's clock, names and sizes never do.
"""

from __future__ import annotations

from typing import Any

from console.simulator.clock import ManualClock
from console.simulator.engine import Engine


def dump(seed: int, vms: int) -> dict[str, Any]:
    engine = Engine(seed=seed, vms=vms, clock=ManualClock(), life=False)
    return {
        "vms": {v.id: {"name": v.name, "memory": v.memory, "cluster": v.cluster_id, "os": v.os_type,
                       "sockets": v.cpu_sockets, "template": v.template_id} for v in engine.vms.values()},
        "hosts": {h.id: {"name": h.name, "address": h.address, "cluster": h.cluster_id, "memory": h.memory}
                  for h in engine.hosts.values()},
        "clusters": {c.id: {"name": c.name, "data_center": c.data_center_id} for c in engine.clusters.values()},
        "data_centers": {d.id: {"name": d.name} for d in engine.data_centers.values()},
        "storage_domains": {s.id: {"name": s.name, "type": s.type, "storage_type": s.storage_type,
                                   "data_center": s.data_center_id} for s in engine.storage_domains.values()},
        "networks": {n.id: {"name": n.name, "data_center": n.data_center_id} for n in engine.networks.values()},
        "templates": {t.id: {"name": t.name, "memory": t.memory} for t in engine.templates.values()},
        "disks": {d.id: {"alias": d.name, "provisioned_size": d.provisioned_size,
                         "storage_domain": d.storage_domain_id} for d in engine.disks.values()},
        "nics": {vm_id: [{"id": n.id, "name": n.name, "mac": n.mac_address} for n in nics]
                 for vm_id, nics in engine.nics.items()},
        "host_nics": {host_id: [{"id": n.id, "name": n.name, "mac": n.mac_address} for n in nics]
                      for host_id, nics in engine.host_nics.items()},
    }
