"""A VM's graphics consoles and the remote-viewer (``.vv``) file the engine writes for one.

Console ids are the engine's: the protocol name in hex (``7370696365`` is spice,
``766e63`` vnc; BackendGraphicsConsoleHelper). A VM has one console per configured
graphics device; the simulated model configures one (``display_type``).

The file follows ConsoleDescriptorGenerator and ConfigureConsoleOptionsQuery
(ovirt-engine 4.4+): a ``[virt-viewer]`` section with a one-time ticket valid for
120 seconds, the SPICE TLS part when the engine has a CA, then an ``[ovirt]``
section naming the engine, the VM and the caller's SSO token.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Host, Vm

__all__ = [
    "CONSOLE_STATUSES", "TICKET_VALIDITY_SECONDS", "GraphicsConsole", "ViewerOptions", "consoles_of",
    "new_ticket", "qualified", "viewer_file",
]

# VMStatus.isQualifiedForConsoleConnect, in the API's spelling (MigratingFrom is "migrating").
CONSOLE_STATUSES = frozenset({"powering_up", "up", "reboot_in_progress", "powering_down", "paused", "migrating",
                              "saving_state"})
TICKET_VALIDITY_SECONDS = 120  # ConsoleOptions.TICKET_VALIDITY_SECONDS
PROTOCOLS = ("spice", "vnc")

# The engine's defaults (vdc_options) for what the file carries besides addresses.
_TOGGLE_FULLSCREEN = "shift+f11"
_RELEASE_CURSOR = "shift+f12"
_SECURE_ATTENTION = "ctrl+alt+end"
_USB_FILTER = "-1,-1,-1,-1,0"
_CIPHERS = "DEFAULT"
_SECURE_CHANNELS = "smain;sinputs;scursor;splayback;srecord;sdisplay;ssmartcard;susbredir"
_VERSIONS = "rhev-win64:2.0-160;rhev-win32:2.0-160;rhel7:2.0-6;rhel6:99.0-1"
_NEWER_VERSION_URL = "http://www.ovirt.org/documentation/admin-guide/virt/console-client-resources"


@dataclass(frozen=True, slots=True)
class GraphicsConsole:
    vm_id: str
    protocol: str  # GraphicsType: spice | vnc

    @property
    def id(self) -> str:
        return self.protocol.encode("ascii").hex()


@dataclass(frozen=True, slots=True)
class ViewerOptions:
    """What the file needs from outside the VM: where the engine is and whom it trusts."""

    engine_host: str  # host:port of the engine's HTTPS endpoint
    sso_token: str
    ca_pem: str | None  # the engine CA; None when the simulator serves plain HTTP


def consoles_of(vm: Vm) -> list[GraphicsConsole]:
    """The VM's configured consoles (present whether or not the VM runs)."""
    return [GraphicsConsole(vm.id, vm.display_type)] if vm.display_type in PROTOCOLS else []


def qualified(vm: Vm) -> bool:
    """Whether a console can be connected now: the engine's status rule, and a display to reach."""
    return vm.status in CONSOLE_STATUSES and vm.host_id is not None and vm.display_port > 0


def new_ticket() -> str:
    """A one-time console password like Ticketing.generateOTP (12 characters)."""
    return secrets.token_urlsafe(9)


def _one_line(pem: str) -> str:
    # virt-viewer-file wants the certificate on one line, newlines written as \n.
    return pem.replace("\n", "\\n")


def viewer_file(vm: Vm, host: Host | None, protocol: str, ticket: str, options: ViewerOptions) -> str:
    """The ``.vv`` text for ``vm``'s ``protocol`` console (the VM must be qualified)."""
    lines = [
        "[virt-viewer]",
        f"type={protocol}",
        f"host={vm.display_address}",
        f"port={vm.display_port}",
        f"password={ticket}",
        f"# Password is valid for {TICKET_VALIDITY_SECONDS} seconds.",
        "delete-this-file=1",
        "fullscreen=0",
        f"title={vm.name}",
        f"toggle-fullscreen={_TOGGLE_FULLSCREEN}",
        f"release-cursor={_RELEASE_CURSOR}",
        f"secure-attention={_SECURE_ATTENTION}",
    ]
    if protocol == "spice":
        lines += [
            f"tls-port={vm.display_secure_port}",
            "enable-smartcard=0",
            "enable-usb-autoshare=0",
            f"usb-filter={_USB_FILTER}",
            f"tls-ciphers={_CIPHERS}",
        ]
        if options.ca_pem and host is not None:
            lines += [f"host-subject=O=simulator.ovirt,CN={host.address}", f"ca={_one_line(options.ca_pem)}"]
        lines.append(f"secure-channels={_SECURE_CHANNELS}")
    lines += [f"versions={_VERSIONS}", f"newer-version-url={_NEWER_VERSION_URL}", "",
              "[ovirt]", f"host={options.engine_host}", f"vm-guid={vm.id}", f"sso-token={options.sso_token}",
              "admin=1"]
    if options.ca_pem:
        lines.append(f"ca={_one_line(options.ca_pem)}")
    return "\n".join(lines) + "\n"
