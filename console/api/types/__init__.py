"""Typed records for the oVirt API, named and shaped like the engine's XML.

``vm.name``, ``vm.status``, ``vm.cpu.topology.cores``, ``vm.cluster.id``,
``host.summary.active``, ``event.severity``, ``job.status``, ``step.progress``.
See ``console.api.types.base`` for the conventions (Struct, Entity, Ref).
"""

from console.api.types.base import (
    Certificate,
    CustomProperty,
    Entity,
    Mac,
    Option,
    Property,
    Ref,
    Struct,
    User,
    Version,
)
from console.api.types.clusters import (
    Cluster,
    DataCenter,
    ErrorHandling,
    FencingPolicy,
    SkipIfConnectivityBroken,
    SkipIfSdActive,
)
from console.api.types.compute import (
    AffinityGroup,
    AffinityRule,
    Application,
    Bios,
    Boot,
    BootMenu,
    Console,
    Cpu,
    CpuTopology,
    Display,
    GuestOperatingSystem,
    HighAvailability,
    Initialization,
    Io,
    Kernel,
    MemoryOverCommit,
    MemoryPolicy,
    MigrationBandwidth,
    MigrationOptions,
    OperatingSystem,
    Snapshot,
    Sso,
    Template,
    TemplateVersion,
    TimeZone,
    TransparentHugePages,
    Usb,
    Vm,
    VmBase,
    VmPlacementPolicy,
)
from console.api.types.events import Event, Job, Statistic, Step, Value
from console.api.types.hosts import (
    DevicePassthrough,
    HardwareInformation,
    Host,
    HostedEngine,
    IscsiDetails,
    Ksm,
    PowerManagement,
    SeLinux,
    Spm,
    Ssh,
    VmSummary,
)
from console.api.types.network import (
    Bonding,
    HostNic,
    Ip,
    IpAddressAssignment,
    Network,
    NetworkAttachment,
    Nic,
    ReportedConfiguration,
    ReportedDevice,
    VnicPassThrough,
    VnicProfile,
)
from console.api.types.root import (
    Action,
    Api,
    ApiSummary,
    ApiSummaryItem,
    Fault,
    PowerManagementResult,
    ProductInfo,
    SpecialObjects,
    Ticket,
)
from console.api.types.storage import (
    DiskAttachment,
    Disk,
    File,
    HostStorage,
    LogicalUnit,
    StorageDomain,
    VolumeGroup,
)

# Alias in the words: the API root's summary.
Summary = ApiSummary

__all__ = [name for name in dir() if name[:1].isupper()]
