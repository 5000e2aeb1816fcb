"""Entities of the simulated engine: plain, slotted dataclasses.

Naming contract with the XML writer:
- A field named like a top-level oVirt element maps 1:1 (`name` -> <name>).
- A field for a nested element is flattened with `_`; its exact XML path is
  given in the class's `XML_PATHS` (field -> "a/b/c"), e.g. Vm.os_type -> "os/type".
- A reference is the referenced id in `<element>_id` (vm.cluster_id -> <cluster id>);
  None means "absent". `XML_REFS` lists them (field -> element name).
- Fields listed in `INTERNAL` are simulator bookkeeping, never written.
Sizes are bytes, times tz-aware datetimes, enums their lower-case wire strings.
Slots keep 50,000 VMs memory-lean.

The classes live in model_base (infrastructure), model_vm (VMs and their devices)
and model_audit (statistics, events, jobs); import them from here.
"""

from .model_audit import Event, Job, PowerManagement, Statistic, Step
from .model_base import (
    ADMIN_USER_ID,
    ADMIN_USER_NAME,
    BLANK_TEMPLATE_ID,
    Cluster,
    DataCenter,
    Host,
    HostNic,
    Network,
    ProductInfo,
    StorageDomain,
    VnicProfile,
)
from .model_vm import (
    Disk,
    DiskAttachment,
    Ip,
    Nic,
    ReportedDevice,
    Snapshot,
    Template,
    Vm,
)

__all__ = [
    "ADMIN_USER_ID",
    "ADMIN_USER_NAME",
    "BLANK_TEMPLATE_ID",
    "Cluster",
    "DataCenter",
    "Disk",
    "DiskAttachment",
    "Event",
    "Host",
    "HostNic",
    "Ip",
    "Job",
    "Network",
    "Nic",
    "PowerManagement",
    "ProductInfo",
    "ReportedDevice",
    "Snapshot",
    "Statistic",
    "Step",
    "StorageDomain",
    "Template",
    "Vm",
    "VnicProfile",
]
