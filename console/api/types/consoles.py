"""A VM's graphics consoles (``/vms/{id}/graphicsconsoles``) and the console tickets."""

from __future__ import annotations

from dataclasses import dataclass

from console.api.enums import GraphicsType
from console.api.types.base import Entity, Ref, Struct
from console.api.types.compute import Template, Vm


@dataclass(slots=True, kw_only=True, repr=False)
class GraphicsConsole(Entity):
    """One SPICE or VNC console. Its id is the protocol name in hex (``7370696365``: spice).

    ``address``, ``port`` and ``tls_port`` are only filled when listed with
    ``current=true`` while the VM runs (the engine does not know the next run's).
    """

    protocol: GraphicsType | str | None = None
    address: str | None = None
    port: int | None = None
    tls_port: int | None = None
    vm: Ref | Vm | None = None
    template: Ref | Template | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class ProxyTicket(Struct):
    """A signed ticket for the engine's websocket proxy (noVNC / SPICE HTML5)."""

    value: str | None = None
