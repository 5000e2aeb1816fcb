"""Naming and sizing tables for the seeded inventory (kept apart so the generator reads as logic)."""

from __future__ import annotations

# (family, os_type, memory choices GiB, disks range, vm type, template name)
FAMILIES = (
    ("web", "rhel_9x64", (2, 4, 8), (1, 2), "server", "rhel9-base"),
    ("db", "rhel_8x64", (16, 32, 64), (2, 3), "server", "rhel8-base"),
    ("app", "rhel_9x64", (4, 8, 16), (1, 2), "server", "rhel9-base"),
    ("api", "rhel_9x64", (4, 8), (1, 2), "server", "rhel9-base"),
    ("cache", "other_linux", (8, 16), (1, 1), "server", None),
    ("k8s-master", "rhel_9x64", (8, 16), (1, 2), "server", "k8s-node"),
    ("k8s-worker", "rhel_9x64", (16, 32), (1, 3), "server", "k8s-node"),
    ("mq", "ubuntu_22_04", (4, 8), (1, 2), "server", "ubuntu-2204"),
    ("lb", "other_linux", (2, 4), (1, 1), "server", None),
    ("ci-runner", "ubuntu_22_04", (8, 16), (1, 2), "server", "ubuntu-2204"),
    ("monitor", "rhel_9x64", (4, 8), (1, 2), "server", "rhel9-base"),
    ("win-dc", "windows_2022", (4, 8), (1, 1), "server", "win2022-std"),
    ("sql", "windows_2022", (16, 32), (2, 3), "server", "win2022-std"),
    ("vdi", "windows_11", (4, 8), (1, 1), "desktop", None),
)
FAMILY_WEIGHTS = (10, 5, 8, 5, 3, 2, 12, 3, 2, 4, 2, 2, 2, 6)
# os_type -> (distribution, family, version major, minor, kernel, codename)
GUEST_OS = {
    "rhel_9x64": ("Red Hat Enterprise Linux", "Linux", 9, 3, "5.14.0-362.8.1.el9_3.x86_64", "Plow"),
    "rhel_8x64": ("Red Hat Enterprise Linux", "Linux", 8, 9, "4.18.0-513.5.1.el8_9.x86_64", "Ootpa"),
    "ubuntu_22_04": ("Ubuntu", "Linux", 22, 4, "5.15.0-91-generic", "jammy"),
    "other_linux": ("Debian GNU/Linux", "Linux", 12, 4, "6.1.0-17-amd64", "bookworm"),
    "windows_2022": ("Windows Server 2022 Standard", "Windows", 10, 0, "", ""),
    "windows_11": ("Windows 11 Enterprise", "Windows", 10, 0, "", ""),
}
DESCRIPTIONS = {
    "web": "Frontend web server", "db": "PostgreSQL primary/replica", "app": "Application server",
    "api": "REST API backend", "cache": "Redis cache", "k8s-master": "Kubernetes control plane",
    "k8s-worker": "Kubernetes worker node", "mq": "RabbitMQ broker", "lb": "HAProxy load balancer",
    "ci-runner": "CI build runner", "monitor": "Prometheus and Grafana", "win-dc": "Active Directory domain controller",
    "sql": "SQL Server", "vdi": "Virtual desktop",
}
TEMPLATES = (  # name, os_type, memory GiB, description
    ("rhel9-base", "rhel_9x64", 4, "RHEL 9.3 minimal, cloud-init"),
    ("rhel8-base", "rhel_8x64", 4, "RHEL 8.9 minimal, cloud-init"),
    ("ubuntu-2204", "ubuntu_22_04", 2, "Ubuntu 22.04 LTS server"),
    ("win2022-std", "windows_2022", 8, "Windows Server 2022 Standard, sysprep"),
    ("k8s-node", "rhel_9x64", 16, "RHEL 9 with kubelet and containerd"),
)
CLUSTER_NAMES = ("prod-a", "prod-b", "dev", "vdi")
DC_NAMES = ("dc-east", "dc-west")
DC_DOMAINS = ("east.example.com", "west.example.com")
CPU_MODELS = (
    ("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", "Secure Intel Cascadelake Server Family", 3000, 24),
    ("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", "Secure Intel Icelake Server Family", 2000, 32),
    ("AMD EPYC 7543 32-Core Processor", "Secure AMD EPYC", 2800, 32),
)
HW = (("Dell Inc.", "PowerEdge R640"), ("Dell Inc.", "PowerEdge R750"), ("HPE", "ProLiant DL380 Gen10"),
       ("Lenovo", "ThinkSystem SR650"))
VLANS = (("prod", 100), ("dmz", 200), ("backup", 300), ("storage", 400))
