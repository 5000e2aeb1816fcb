"""Migrate: pick a target among the cluster's up hosts (load, free memory), or let the scheduler choose."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from console.ui.dialogs.confirm import ConfirmDialog, Request
from console.ui.render.common import fmt_bytes

__all__ = ["SCHEDULER", "HostChoice", "MigrateDialog", "host_line"]

SCHEDULER = "Let the scheduler choose"


@dataclass(frozen=True, slots=True)
class HostChoice:
    """An up host of the VM's cluster, with what an admin weighs before choosing it."""

    id: str
    name: str
    cpu_percent: float | None
    running_vms: int
    free_memory: int | None  # bytes the scheduler may still place (max_scheduling_memory)


def host_line(host: HostChoice) -> Text:
    text = Text(no_wrap=True, end="")
    text.append(f"{host.name:<24}", style="bold")
    cpu = "  –" if host.cpu_percent is None else f"{host.cpu_percent:3.0f}"
    text.append(f" CPU {cpu}%  VMs {host.running_vms:>3}  free mem {fmt_bytes(host.free_memory):>9}")
    return text


class MigrateDialog(ConfirmDialog):
    def __init__(self, request: Request, hosts: Sequence[HostChoice]) -> None:
        super().__init__(request)
        self.hosts = tuple(hosts)

    def compose_options(self) -> ComposeResult:
        yield Static("Destination host:", classes="op-label")
        options = [Option(Text(SCHEDULER, style="italic"))] + [Option(host_line(h)) for h in self.hosts]
        if not self.hosts:
            options.append(Option(Text("no other up host in the cluster", style="dim"), disabled=True))
        yield OptionList(*options, id="op-hosts")
        yield Checkbox("Force (migrate even if the VM is not migratable)", id="op-force")

    def update_cpu(self, cpu_of: Callable[[str], float | None]) -> None:
        """Host statistics arrived (the console watches the destinations while this is open)."""
        fresh = tuple(replace(h, cpu_percent=cpu) if (cpu := cpu_of(h.id)) is not None else h
                      for h in self.hosts)
        if fresh == self.hosts:
            return
        self.hosts = fresh
        options = self.query_one("#op-hosts", OptionList)
        for index, host in enumerate(fresh, 1):  # option 0 is the scheduler's choice
            options.replace_option_prompt_at_index(index, host_line(host))

    def focus_first_option(self) -> None:
        hosts = self.query_one("#op-hosts", OptionList)
        hosts.highlighted = 0
        hosts.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter on a host confirms with it
        self.confirm()

    @property
    def chosen(self) -> HostChoice | None:
        index = self.query_one("#op-hosts", OptionList).highlighted
        if not index or index > len(self.hosts):
            return None  # the scheduler's choice
        return self.hosts[index - 1]

    def params(self) -> dict[str, Any] | None:
        host = self.chosen
        force = self.query_one("#op-force", Checkbox).value
        return {"host": host.id if host else None, "force": True if force else None}
