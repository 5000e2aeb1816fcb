"""Hosts, data centers and networks. See ``console.api.enums`` for how unknown values read."""

from __future__ import annotations

from enum import StrEnum


class AutoNumaStatus(StrEnum):
    DISABLE = "disable"
    ENABLE = "enable"
    UNKNOWN = "unknown"


class BootProtocol(StrEnum):
    AUTOCONF = "autoconf"
    DHCP = "dhcp"
    NONE = "none"
    POLY_DHCP_AUTOCONF = "poly_dhcp_autoconf"
    STATIC = "static"


class DataCenterStatus(StrEnum):
    CONTEND = "contend"
    MAINTENANCE = "maintenance"
    NOT_OPERATIONAL = "not_operational"
    PROBLEMATIC = "problematic"
    UNINITIALIZED = "uninitialized"
    UP = "up"


class ExternalStatus(StrEnum):
    ERROR = "error"
    FAILURE = "failure"
    INFO = "info"
    OK = "ok"
    WARNING = "warning"


class FenceType(StrEnum):
    MANUAL = "manual"
    RESTART = "restart"
    START = "start"
    STATUS = "status"
    STOP = "stop"


class HostProtocol(StrEnum):
    STOMP = "stomp"
    XML = "xml"


class HostStatus(StrEnum):
    CONNECTING = "connecting"
    DOWN = "down"
    ERROR = "error"
    INITIALIZING = "initializing"
    INSTALL_FAILED = "install_failed"
    INSTALLING = "installing"
    INSTALLING_OS = "installing_os"
    KDUMPING = "kdumping"
    MAINTENANCE = "maintenance"
    NON_OPERATIONAL = "non_operational"
    NON_RESPONSIVE = "non_responsive"
    PENDING_APPROVAL = "pending_approval"
    PREPARING_FOR_MAINTENANCE = "preparing_for_maintenance"
    REBOOT = "reboot"
    UNASSIGNED = "unassigned"
    UP = "up"


class HostType(StrEnum):
    OVIRT_NODE = "ovirt_node"
    RHEL = "rhel"
    RHEV_H = "rhev_h"


class IpVersion(StrEnum):
    V4 = "v4"
    V6 = "v6"


class KdumpStatus(StrEnum):
    DISABLED = "disabled"
    ENABLED = "enabled"
    UNKNOWN = "unknown"


class NetworkStatus(StrEnum):
    NON_OPERATIONAL = "non_operational"
    OPERATIONAL = "operational"


class NetworkUsage(StrEnum):
    DEFAULT_ROUTE = "default_route"
    DISPLAY = "display"
    GLUSTER = "gluster"
    MANAGEMENT = "management"
    MIGRATION = "migration"
    VM = "vm"


class NicInterface(StrEnum):
    E1000 = "e1000"
    E1000E = "e1000e"
    PCI_PASSTHROUGH = "pci_passthrough"
    RTL8139 = "rtl8139"
    RTL8139_VIRTIO = "rtl8139_virtio"
    SPAPR_VLAN = "spapr_vlan"
    VIRTIO = "virtio"


class NicStatus(StrEnum):
    DOWN = "down"
    UP = "up"


class PowerManagementStatus(StrEnum):
    OFF = "off"
    ON = "on"
    UNKNOWN = "unknown"


class QuotaModeType(StrEnum):
    AUDIT = "audit"
    DISABLED = "disabled"
    ENABLED = "enabled"


class ReportedDeviceType(StrEnum):
    NETWORK = "network"


class SeLinuxMode(StrEnum):
    DISABLED = "disabled"
    ENFORCING = "enforcing"
    PERMISSIVE = "permissive"


class SpmStatus(StrEnum):
    CONTENDING = "contending"
    NONE = "none"
    SPM = "spm"


class VgpuPlacement(StrEnum):
    CONSOLIDATED = "consolidated"
    SEPARATED = "separated"


class VnicPassThroughMode(StrEnum):
    DISABLED = "disabled"
    ENABLED = "enabled"
