"""Compute objects: VM, host, cluster, data center, template.

Each ``*_children`` returns the entity's child lines at depth 0, in the engine's JAXB
order (actions, name/description/comment, links, properties alphabetically per class
level, then references) as observed in the real 4.3 documents in xml-examples/.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .common import API, actions, block, leaf, links, opt, ref_to, struct, version_struct, fmt_date

if TYPE_CHECKING:
    from ..model import Cluster, DataCenter, Host, Template, Vm
    from .context import RenderContext

VM_ACTIONS = (
    "detach", "export", "ticket", "logon", "freezefilesystems", "maintenance", "previewsnapshot",
    "reordermacaddresses", "thawfilesystems", "undosnapshot", "commitsnapshot", "clone",
    "cancelmigration", "reboot", "reset", "migrate", "shutdown", "start", "stop", "suspend",
    "screenshot", "autopincpuandnumanodes",
)
VM_LINKS = (
    "watchdogs", "graphicsconsoles", "diskattachments", "cdroms", "nics", "numanodes", "snapshots",
    "applications", "hostdevices", "reporteddevices", "sessions", "backups", "affinitylabels",
    "katelloerrata", "permissions", "tags", "mediateddevices", "statistics",
)
HOST_ACTIONS = (
    "refresh", "install", "activate", "deactivate", "upgrade", "unregisteredstoragedomainsdiscover",
    "upgradecheck", "syncallnetworks", "setupnetworks", "approve", "commitnetconfig", "enrollcertificate",
    "fence", "forceselectspm", "iscsidiscover", "iscsilogin", "copyhostnetworks", "discoveriscsi",
)
HOST_LINKS = (
    "fenceagents", "devices", "hooks", "nics", "numanodes", "storage", "networkattachments",
    "storageconnectionextensions", "unmanagednetworks", "externalnetworkproviderconfigurations",
    "affinitylabels", "katelloerrata", "permissions", "tags", "cpuunits", "statistics",
)
CLUSTER_ACTIONS = ("upgrade", "syncallnetworks", "resetemulatedmachine")
CLUSTER_LINKS = (
    "cpuprofiles", "affinitygroups", "glusterhooks", "glustervolumes", "enabledfeatures",
    "externalnetworkproviders", "networkfilters", "networks", "permissions",
)
DATA_CENTER_LINKS = ("clusters", "quotas", "qoss", "iscsibonds", "networks", "storagedomains", "permissions")
TEMPLATE_ACTIONS = ("export",)
TEMPLATE_LINKS = (
    "cdroms", "diskattachments", "watchdogs", "graphicsconsoles", "nics", "permissions", "tags",
    "mediateddevices",
)
# Engine defaults every installation shares (default MAC pool, "none" scheduling policy).
DEFAULT_MAC_POOL_ID = "58ca604b-017d-0374-0220-00000000014e"
DEFAULT_SCHEDULING_POLICY_ID = "b4ed2332-a7ac-4d5f-9596-99a439cb2812"
MIGRATION_POLICY_ID = "80554327-0569-496b-bdeb-fcbbf52b827b"

_VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def parse_version(full: str) -> tuple[int, int, int, int]:
    """(major, minor, revision, build) from a package string such as ``vdsm-4.50.5.1-1.el9``."""
    match = _VERSION_RE.search(full)
    if not match:
        return (0, 0, 0, 0)
    major, minor, revision, build = (int(g) if g else 0 for g in match.groups())
    return (major, minor, revision, build)


def _package_version(tag: str, full: str) -> list[str]:
    major, minor, revision, build = parse_version(full)
    return version_struct(tag, full, major, minor, build=build, revision=revision)


def _boot(devices: tuple[str, ...]) -> list[str]:
    return block("boot", block("devices", [leaf("device", d) for d in devices]))


def _cpu(arch: str, sockets: int, cores: int, threads: int) -> list[str]:
    topology = struct("topology", cores=cores, sockets=sockets, threads=threads)
    return block("cpu", [leaf("architecture", arch), *topology])


def _display(kind: str, monitors: int, address: str = "", port: int = -1, secure_port: int = -1,
             allow_override: bool = False) -> list[str]:
    return block("display", [
        *opt("address", address or None),
        leaf("allow_override", allow_override),
        leaf("copy_paste_enabled", True),
        leaf("disconnect_action", "LOCK_SCREEN"),
        leaf("file_transfer_enabled", True),
        leaf("monitors", monitors),
        *opt("port", port if port > 0 else None),
        *opt("secure_port", secure_port if secure_port > 0 else None),
        leaf("single_qxl_pci", False),
        leaf("smartcard_enabled", False),
        leaf("type", kind),
    ])


_SSO = block("sso", block("methods", ['<method id="guest_agent"/>']))
_MIGRATION = struct("migration", auto_converge="inherit", compressed="inherit")


def vm_children(vm: "Vm", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/vms/{vm.id}"
    running = vm.host_id is not None and vm.status not in ("down", "suspended", "image_locked")
    guest = ctx.guest_visible(vm)
    lines = [
        *actions(href, VM_ACTIONS),
        leaf("name", vm.name),
        leaf("description", vm.description),
        leaf("comment", vm.comment),
        *links(href, VM_LINKS),
        *block("bios", [*block("boot_menu", [leaf("enabled", False)]), leaf("type", vm.bios_type)]),
    ]
    if all_content:
        lines += struct("console", enabled=vm.console_enabled)
    lines += [
        *_cpu(vm.cpu_architecture, vm.cpu_sockets, vm.cpu_cores, vm.cpu_threads),
        leaf("cpu_shares", vm.cpu_shares),
        *opt("creation_time", fmt_date(vm.creation_time)),
        leaf("delete_protected", vm.delete_protected),
        *_display(vm.display_type, vm.display_monitors, vm.display_address if running else "",
                  vm.display_port if running else -1, vm.display_secure_port if running else -1, True),
        *struct("high_availability", enabled=vm.high_availability_enabled, priority=vm.high_availability_priority),
        *struct("io", threads=vm.io_threads),
        leaf("memory", vm.memory),
        *struct("memory_policy", ballooning=vm.memory_ballooning, guaranteed=vm.memory_guaranteed,
                max=vm.memory_max),
        *_MIGRATION,
        leaf("migration_downtime", vm.migration_downtime),
        leaf("multi_queues_enabled", True),
        leaf("origin", vm.origin),
        *block("os", [*_boot(vm.os_boot_devices), leaf("type", vm.os_type)]),
        *struct("placement_policy", affinity=vm.placement_policy_affinity),
    ]
    if all_content:
        lines.append(leaf("soundcard_enabled", False))
    lines += [
        *_SSO,
        leaf("start_paused", vm.start_paused),
        leaf("stateless", vm.stateless),
        leaf("storage_error_resume_behaviour", "auto_resume"),
        *struct("time_zone", name=vm.time_zone_name),
        leaf("type", vm.type),
        *struct("usb", enabled=vm.usb_enabled),
    ]
    if all_content:
        lines += struct("virtio_scsi", enabled=True)
    lines += ref_to("cluster", "clusters", vm.cluster_id)
    if guest:
        lines.append(leaf("fqdn", vm.fqdn))
        kernel = parse_version(vm.guest_os_kernel_version)
        lines += block("guest_operating_system", [
            leaf("architecture", vm.guest_os_architecture),
            leaf("codename", vm.guest_os_codename),
            leaf("distribution", vm.guest_os_distribution),
            leaf("family", vm.guest_os_family),
            *block("kernel", version_struct("version", vm.guest_os_kernel_version, kernel[0], kernel[1],
                                            build=kernel[3], revision=kernel[2])),
            *version_struct("version", vm.guest_os_version_full, vm.guest_os_version_major,
                            vm.guest_os_version_minor),
        ])
        lines += struct("guest_time_zone", name=vm.guest_time_zone_name, utc_offset=vm.guest_time_zone_utc_offset)
    lines += [
        leaf("next_run_configuration_exists", vm.next_run_configuration_exists),
        leaf("numa_tune_mode", "interleave"),
        leaf("run_once", vm.run_once),
        *opt("start_time", fmt_date(vm.start_time)),
        leaf("status", vm.status),
        *opt("status_detail", vm.status_detail or None),
        *opt("stop_reason", vm.stop_reason or None),
        *opt("stop_time", fmt_date(vm.stop_time)),
        *ref_to("host", "hosts", vm.host_id),
        *ref_to("original_template", "templates", vm.original_template_id),
        *ref_to("template", "templates", vm.template_id),
    ]
    return lines


def host_children(host: "Host", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/hosts/{host.id}"
    active, migrating, total = ctx.host_summary(host.id)
    hw = [
        leaf("family", host.hw_family), leaf("manufacturer", host.hw_manufacturer),
        leaf("product_name", host.hw_product_name), leaf("serial_number", host.hw_serial_number),
        *block("supported_rng_sources", [leaf("supported_rng_source", s) for s in ("random", "hwrng")]),
        leaf("uuid", host.hw_uuid), leaf("version", host.hw_version),
    ]
    return [
        *actions(href, HOST_ACTIONS),
        leaf("name", host.name),
        *opt("description", host.description or None),
        leaf("comment", host.comment),
        *links(href, HOST_LINKS),
        leaf("address", host.address),
        leaf("auto_numa_status", "disable"),
        *struct("certificate", organization="simulator.ovirt", subject=f"O=simulator.ovirt,CN={host.address}"),
        *block("cpu", [
            leaf("name", host.cpu_name), leaf("speed", host.cpu_speed),
            *struct("topology", cores=host.cpu_cores, sockets=host.cpu_sockets, threads=host.cpu_threads),
            leaf("type", host.cpu_type),
        ]),
        *struct("device_passthrough", enabled=False),
        leaf("external_status", host.external_status),
        *block("hardware_information", hw),
        *struct("iscsi", initiator=f"iqn.1994-05.com.redhat:{host.name}"),
        leaf("kdump_status", host.kdump_status),
        *struct("ksm", enabled=host.ksm_enabled),
        *_package_version("libvirt_version", host.libvirt_version_full),
        leaf("max_scheduling_memory", host.max_scheduling_memory),
        leaf("memory", host.memory),
        leaf("numa_supported", host.cpu_sockets > 1),
        *block("os", [
            leaf("custom_kernel_cmdline", ""),
            leaf("reported_kernel_cmdline", _KERNEL_CMDLINE),
            leaf("type", host.os_type),
            *version_struct("version", host.os_version_full, host.os_version_major, host.os_version_minor),
        ]),
        leaf("port", host.port),
        *block("power_management", [
            leaf("automatic_pm_enabled", True), leaf("enabled", host.power_management_enabled),
            leaf("kdump_detection", True), "<pm_proxies/>",
        ]),
        leaf("protocol", host.protocol),
        *struct("se_linux", mode=host.se_linux_mode),
        *struct("spm", priority=host.spm_priority, status=host.spm_status),
        *struct("ssh", fingerprint=host.ssh_fingerprint, port=host.ssh_port),
        leaf("status", host.status),
        *opt("status_detail", host.status_detail or None),
        *struct("summary", active=active, migrating=migrating, total=total),
        *struct("transparent_hugepages", enabled=True),
        leaf("type", host.type),
        leaf("update_available", host.update_available),
        *_package_version("version", host.version_full),
        leaf("vgpu_placement", "consolidated"),
        *ref_to("cluster", "clusters", host.cluster_id),
    ]


_KERNEL_CMDLINE = ("BOOT_IMAGE=(hd0,msdos1)/vmlinuz-5.14.0-362.8.1.el9_3.x86_64 root=/dev/mapper/rhel-root ro "
                   "crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap")
_FENCING = block("fencing_policy", [
    leaf("enabled", True),
    *struct("skip_if_connectivity_broken", enabled=False, threshold=50),
    leaf("skip_if_gluster_bricks_up", False),
    leaf("skip_if_gluster_quorum_not_met", False),
    *struct("skip_if_sd_active", enabled=False),
])


def cluster_children(cluster: "Cluster", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/clusters/{cluster.id}"
    return [
        *actions(href, CLUSTER_ACTIONS),
        leaf("name", cluster.name),
        leaf("description", cluster.description),
        leaf("comment", cluster.comment),
        *links(href, CLUSTER_LINKS),
        leaf("ballooning_enabled", cluster.ballooning_enabled),
        leaf("bios_type", cluster.bios_type),
        *struct("cpu", architecture=cluster.cpu_architecture, type=cluster.cpu_type),
        *struct("error_handling", on_error=cluster.error_handling_on_error),
        *_FENCING,
        leaf("firewall_type", cluster.firewall_type),
        leaf("gluster_service", False),
        leaf("ha_reservation", False),
        *struct("ksm", enabled=cluster.ksm_enabled, merge_across_nodes=True),
        leaf("log_max_memory_used_threshold", 95),
        leaf("log_max_memory_used_threshold_type", "percentage"),
        *block("memory_policy", [
            *struct("over_commit", percent=cluster.memory_over_commit_percent),
            *struct("transparent_hugepages", enabled=True),
        ]),
        *block("migration", [
            leaf("auto_converge", "inherit"),
            *struct("bandwidth", assignment_method="auto"),
            leaf("compressed", "inherit"),
            f'<policy id="{MIGRATION_POLICY_ID}"/>',
        ]),
        *block("required_rng_sources", [leaf("required_rng_source", "urandom")]),
        leaf("switch_type", cluster.switch_type),
        leaf("threads_as_cores", cluster.threads_as_cores),
        leaf("trusted_service", False),
        leaf("tunnel_migration", False),
        *struct("version", major=cluster.version_major, minor=cluster.version_minor),
        leaf("virt_service", True),
        *ref_to("data_center", "datacenters", cluster.data_center_id),
        *ref_to("mac_pool", "macpools", DEFAULT_MAC_POOL_ID),
        *ref_to("management_network", "networks", cluster.management_network_id),
        *ref_to("scheduling_policy", "schedulingpolicies", DEFAULT_SCHEDULING_POLICY_ID),
    ]


def data_center_children(dc: "DataCenter", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/datacenters/{dc.id}"
    version = struct("version", major=dc.version_major, minor=dc.version_minor)
    return [
        leaf("name", dc.name),
        *opt("description", dc.description or None),
        *opt("comment", dc.comment or None),
        *links(href, DATA_CENTER_LINKS),
        leaf("local", dc.local),
        leaf("quota_mode", dc.quota_mode),
        leaf("status", dc.status),
        leaf("storage_format", dc.storage_format),
        *block("supported_versions", version),
        *version,
        *ref_to("mac_pool", "macpools", DEFAULT_MAC_POOL_ID),
    ]


def template_children(tpl: "Template", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/templates/{tpl.id}"
    version = [leaf("version_name", tpl.version_name), leaf("version_number", tpl.version_number)]
    version += ref_to("base_template", "templates", tpl.base_template_id or tpl.id)
    return [
        *actions(href, TEMPLATE_ACTIONS),
        leaf("name", tpl.name),
        leaf("description", tpl.description),
        leaf("comment", tpl.comment),
        *links(href, TEMPLATE_LINKS),
        *block("bios", [*block("boot_menu", [leaf("enabled", False)]), leaf("type", tpl.bios_type)]),
        *_cpu(tpl.cpu_architecture, tpl.cpu_sockets, tpl.cpu_cores, tpl.cpu_threads),
        leaf("cpu_shares", 0),
        *opt("creation_time", fmt_date(tpl.creation_time)),
        leaf("delete_protected", False),
        *_display(tpl.display_type, 1),
        *struct("high_availability", enabled=tpl.high_availability_enabled, priority=0),
        *struct("io", threads=1),
        leaf("memory", tpl.memory),
        *struct("memory_policy", guaranteed=tpl.memory, max=tpl.memory * 4),
        *_MIGRATION,
        leaf("migration_downtime", -1),
        leaf("multi_queues_enabled", True),
        leaf("origin", "ovirt"),
        *block("os", [*_boot(("hd",)), leaf("type", tpl.os_type)]),
        *struct("placement_policy", affinity="migratable"),
        *_SSO,
        leaf("start_paused", False),
        leaf("stateless", tpl.stateless),
        leaf("storage_error_resume_behaviour", "auto_resume"),
        *struct("time_zone", name="Etc/GMT"),
        leaf("type", tpl.type),
        *struct("usb", enabled=False),
        *ref_to("cluster", "clusters", tpl.cluster_id),
        leaf("status", tpl.status),
        *block("version", version),
    ]
