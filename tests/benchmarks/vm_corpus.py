"""A realistic ``<vms>`` collection for benchmarks, shaped like a real 4.3 engine's.

Each VM follows ``xml-examples/v4-real-vm-get.xml``: 19 action links, 17
sub-collection links, ~60 fields with nested bios/cpu/display/os/memory_policy/guest
info, references to cluster, host, template, profiles and icons, engine indentation
and dates with milliseconds and offset: about 8.9 KB each (the real 4.3 list,
``v4-real-vms-list.xml``, has 9.2 KB per VM). Values vary per VM (ids, names, states,
hosts, sizes, times) so nothing can be served from a cache of repeated strings.
"""

from __future__ import annotations

import random
import uuid

_ACTIONS = [
    "detach",
    "export",
    "ticket",
    "logon",
    "freezefilesystems",
    "maintenance",
    "previewsnapshot",
    "reordermacaddresses",
    "thawfilesystems",
    "undosnapshot",
    "commitsnapshot",
    "clone",
    "cancelmigration",
    "reboot",
    "migrate",
    "shutdown",
    "start",
    "stop",
    "suspend",
]
_LINKS = [
    "watchdogs",
    "graphicsconsoles",
    "diskattachments",
    "cdroms",
    "nics",
    "numanodes",
    "snapshots",
    "applications",
    "hostdevices",
    "reporteddevices",
    "sessions",
    "backups",
    "affinitylabels",
    "katelloerrata",
    "permissions",
    "tags",
    "statistics",
]
_STATUSES = ("up",) * 6 + ("down",) * 3 + ("paused", "migrating", "suspended", "powering_up")
_OS = ("rhel_8x64", "rhel_9x64", "other_linux", "windows_2019x64", "ubuntu_22_04")
API = "/ovirt-engine/api"


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ref(tag: str, collection: str, ident: str, pad: str = "    ") -> str:
    return f'{pad}<{tag} href="{API}/{collection}/{ident}" id="{ident}"/>\n'


def vm_xml(index: int, rng: random.Random, clusters: list[str], hosts: list[str]) -> str:
    vid = _uid(rng)
    href = f"{API}/vms/{vid}"
    status = rng.choice(_STATUSES)
    running = status in ("up", "paused", "migrating", "powering_up")
    memory = rng.choice((1, 2, 4, 8, 16)) * 1073741824
    cores = rng.choice((1, 2, 4))
    day = 1 + index % 28
    out = [f'    <vm href="{href}" id="{vid}">\n        <actions>\n']
    out += [f'            <link href="{href}/{a}" rel="{a}"/>\n' for a in _ACTIONS]
    out.append("        </actions>\n")
    out.append(f"        <name>vm-{index:05d}-{rng.choice(('web', 'db', 'cache', 'app'))}</name>\n")
    out.append(f"        <description>Workload {index} (team {index % 17})</description>\n")
    out.append("        <comment></comment>\n")
    out += [f'        <link href="{href}/{r}" rel="{r}"/>\n' for r in _LINKS]
    out.append(
        "        <bios>\n            <boot_menu>\n                <enabled>false</enabled>\n"
        "            </boot_menu>\n            <type>q35_sea_bios</type>\n        </bios>\n"
        "        <cpu>\n            <architecture>x86_64</architecture>\n"
        "            <topology>\n"
        f"                <cores>{cores}</cores>\n"
        f"                <sockets>{rng.choice((1, 2))}</sockets>\n"
        "                <threads>1</threads>\n            </topology>\n        </cpu>\n"
        "        <cpu_shares>0</cpu_shares>\n"
        f"        <creation_time>2024-03-{day:02d}T18:51:47.{index % 1000:03d}+01:00"
        "</creation_time>\n"
        "        <custom_compatibility_version>\n            <major>4</major>\n"
        "            <minor>7</minor>\n        </custom_compatibility_version>\n"
        "        <custom_properties>\n            <custom_property>\n"
        "                <name>viodiskcache</name>\n                <value>writethrough</value>\n"
        "            </custom_property>\n        </custom_properties>\n"
        "        <delete_protected>false</delete_protected>\n"
        "        <display>\n"
        f"            <address>10.{index % 250}.{rng.randrange(250)}.{rng.randrange(250)}"
        "</address>\n"
        "            <allow_override>true</allow_override>\n"
        "            <copy_paste_enabled>true</copy_paste_enabled>\n"
        "            <disconnect_action>LOCK_SCREEN</disconnect_action>\n"
        "            <file_transfer_enabled>true</file_transfer_enabled>\n"
        "            <monitors>1</monitors>\n"
        f"            <port>{5900 + index % 100}</port>\n"
        f"            <secure_port>{6000 + index % 100}</secure_port>\n"
        "            <single_qxl_pci>false</single_qxl_pci>\n"
        "            <smartcard_enabled>false</smartcard_enabled>\n"
        "            <type>spice</type>\n        </display>\n"
    )
    if running:
        out.append(
            f"        <fqdn>vm-{index:05d}.prod.example.com</fqdn>\n"
            "        <guest_operating_system>\n            <architecture>x86_64</architecture>\n"
            "            <codename>Plow</codename>\n"
            "            <distribution>Red Hat Enterprise Linux</distribution>\n"
            "            <family>Linux</family>\n            <version>\n"
            "                <full_version>9.3</full_version>\n                <major>9</major>\n"
            "                <minor>3</minor>\n            </version>\n"
            "        </guest_operating_system>\n"
            "        <guest_time_zone>\n            <name>Europe/Budapest</name>\n"
            "            <utc_offset>+01:00</utc_offset>\n        </guest_time_zone>\n"
        )
    out.append(
        "        <high_availability>\n"
        f"            <enabled>{'true' if index % 5 == 0 else 'false'}</enabled>\n"
        "            <priority>1</priority>\n        </high_availability>\n"
        "        <io>\n            <threads>1</threads>\n        </io>\n"
        + _ref("large_icon", "icons", "8049d860-cf22-4b1b-cf59-d2f228ecb9f2", "        ")
        + f"        <memory>{memory}</memory>\n"
        "        <memory_policy>\n            <ballooning>true</ballooning>\n"
        f"            <guaranteed>{memory}</guaranteed>\n            <max>{memory * 4}</max>\n"
        "        </memory_policy>\n"
        "        <migration>\n            <auto_converge>inherit</auto_converge>\n"
        "            <compressed>inherit</compressed>\n        </migration>\n"
        "        <migration_downtime>-1</migration_downtime>\n"
        "        <multi_queues_enabled>true</multi_queues_enabled>\n"
        "        <origin>ovirt</origin>\n"
        "        <os>\n            <boot>\n                <devices>\n"
        "                    <device>hd</device>\n                </devices>\n"
        f"            </boot>\n            <type>{rng.choice(_OS)}</type>\n        </os>\n"
        "        <placement_policy>\n            <affinity>migratable</affinity>\n"
        "        </placement_policy>\n"
        + _ref("small_icon", "icons", "d6a560d7-054e-4bd6-faee-f0e3132d948d", "        ")
        + '        <sso>\n            <methods>\n                <method id="guest_agent"/>\n'
        "            </methods>\n        </sso>\n"
        "        <start_paused>false</start_paused>\n        <stateless>false</stateless>\n"
        "        <storage_error_resume_behaviour>auto_resume</storage_error_resume_behaviour>\n"
        "        <time_zone>\n            <name>Etc/GMT</name>\n        </time_zone>\n"
        "        <type>server</type>\n        <usb>\n            <enabled>false</enabled>\n"
        "        </usb>\n"
        + _ref("cluster", "clusters", clusters[index % len(clusters)], "        ")
        + _ref("cpu_profile", "cpuprofiles", "7e5344a6-3434-445a-9478-d989e1180fcf", "        ")
        + '        <quota id="d3a5edf0-1330-4933-afb0-ed18ca5bd1c2"/>\n'
        "        <next_run_configuration_exists>false</next_run_configuration_exists>\n"
        "        <numa_tune_mode>interleave</numa_tune_mode>\n"
        "        <run_once>false</run_once>\n"
    )
    if running:
        out.append(
            f"        <start_time>2024-05-{day:02d}T08:0{index % 10}:23.096+02:00</start_time>\n"
        )
    out.append(f"        <status>{status}</status>\n")
    if status == "down":
        out.append("        <stop_reason>maintenance window</stop_reason>\n")
    out.append(f"        <stop_time>2024-05-{day:02d}T07:59:13.445+02:00</stop_time>\n")
    if running:
        out.append(_ref("host", "hosts", hosts[index % len(hosts)], "        "))
    out.append(
        _ref("original_template", "templates", "8e418698-62e0-4260-a111-11109aa80c59", "        ")
    )
    out.append(_ref("template", "templates", "00000000-0000-0000-0000-000000000000", "        "))
    out.append("    </vm>\n")
    return "".join(out)


def vms_document(count: int, seed: int = 4242) -> bytes:
    """The body of ``GET /ovirt-engine/api/vms`` for ``count`` VMs."""
    rng = random.Random(seed)
    clusters = [_uid(rng) for _ in range(8)]
    hosts = [_uid(rng) for _ in range(64)]
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<vms>\n']
    parts += [vm_xml(i, rng, clusters, hosts) for i in range(count)]
    parts.append("</vms>\n")
    return "".join(parts).encode("utf-8")
