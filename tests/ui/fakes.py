"""A fake backend that speaks the real message contract with records parsed from
real engine responses (shared/reference/xml-examples), synchronously.

It lets Pilot and snapshot tests drive every screen deterministically; the
end-to-end tests use the real Backend against the simulator instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.api import parse
from console.backend import messages as m
from console.backend.settings import DemoOptions, EngineSettings

XML = Path(__file__).resolve().parents[3] / "shared" / "reference" / "xml-examples"
if not XML.is_dir():  # the repo checked out elsewhere: look beside it
    XML = Path("/work/shared/reference/xml-examples")

FROZEN_NOW = datetime(2020, 2, 20, 12, 0, 0, tzinfo=UTC)

LISTS = {
    "data_centers": "v4-real-datacenters-list.xml",
    "clusters": "v4-real-clusters-list.xml",
    "hosts": "v4-real-hosts-list.xml",
    "storage_domains": "v4-real-storagedomains-list.xml",
    "networks": "v4-real-networks-list.xml",
    "templates": "v4-real-templates-list.xml",
    "vms": "v4-real-vms-list.xml",
    "disks": "v4-real-disks-list.xml",
    "events": "model-doc-events-list.xml",
    "jobs": "model-doc-jobs-list.xml",
}

DETAILS = {
    ("vms", "nics"): "v4-real-vm-nics.xml",
    ("vms", "disk_attachments"): "v4-real-vm-diskattachments.xml",
    ("vms", "statistics"): "model-doc-vm-statistics-list.xml",
    ("vms", "events"): "model-doc-events-list.xml",
    ("hosts", "nics"): "v4-real-host-nics.xml",
    ("hosts", "events"): "model-doc-events-list.xml",
    ("templates", "disk_attachments"): "v4-real-template-diskattachments.xml",
}

RAW = {"vms": "v4-real-vm-get.xml", "hosts": "v4-real-host-get.xml", "clusters": "v4-real-cluster-get.xml",
       "data_centers": "v4-real-datacenter-get.xml", "storage_domains": "v4-real-storagedomain-get.xml"}


def load(name: str) -> Any:
    return parse((XML / name).read_bytes())


def dataset(extra_vms: int = 0) -> dict[str, list[Any]]:
    """Every kind from real engine responses; ``extra_vms`` clones a VM (names vm-0001 …)
    and one named ``web[1]`` and ``[red]x`` prove engine text is shown literally."""
    data = {kind: list(load(name)) for kind, name in LISTS.items()}
    template = data["vms"][0]
    odd = [dataclasses.replace(template, id=f"odd-{n}", name=name) for n, name in
           enumerate(["web[1]", "[red]x", "bell\x07\x1b[31mred"])]
    clones = [dataclasses.replace(template, id=f"clone-{n:05d}", name=f"vm-{n:05d}") for n in range(extra_vms)]
    data["vms"] = data["vms"] + odd + clones
    return data


class FakeBackend:
    """Synchronous stand-in for console.backend.session.Backend."""

    def __init__(self, settings: EngineSettings, sink: Callable[[object], None], *,
                 demo: DemoOptions | None = None, data: dict[str, list[Any]] | None = None,
                 fail: str | None = None, batch: int = 1000) -> None:
        self.settings = settings
        self.sink = sink
        self.demo = demo
        self.data = data if data is not None else dataset()
        self.fail = fail
        self.batch = batch
        self.calls: list[tuple] = []
        self.watched: dict[str, tuple[str, ...]] = {}  # whose statistics the console asks for

    def start(self) -> None:
        self.calls.append(("start",))
        if self.fail:
            self.sink(m.ConnectFailed(self.fail))
            return
        if self.settings.password == "wrong":
            self.sink(m.ConnectFailed("Wrong user name or password for admin@internal: check them and retry"))
            return
        self.sink(m.Connected(url=self.settings.url or "http://127.0.0.1:0/ovirt-engine/api",
                              user=self.settings.username, product="oVirt Engine", version="4.3.8.2-1.el7",
                              read_only=self.settings.read_only, insecure=self.settings.insecure))
        self.sink(m.ConnectionState("connected"))
        for kind in self.data:
            self._load(kind)

    def _load(self, kind: str) -> None:
        records = self.data[kind]
        batches = [records[i:i + self.batch] for i in range(0, len(records), self.batch)] or [[]]
        received = 0
        for n, chunk in enumerate(batches):
            received += len(chunk)
            self.sink(m.LoadProgress(kind, received, done=False))
            self.sink(m.RecordsLoaded(kind, tuple(chunk), replace=n == 0, final=n == len(batches) - 1))
        self.sink(m.LoadProgress(kind, received, done=True))

    def refresh(self, kind: str | None = None) -> None:
        self.calls.append(("refresh", kind))
        for k in [kind] if kind else list(self.data):
            self._load(k)

    def load_detail(self, kind: str, id: str, tab: str) -> None:
        self.calls.append(("load_detail", kind, id, tab))
        name = DETAILS.get((kind, tab))
        records = tuple(load(name)) if name else ()
        self.sink(m.DetailLoaded(kind, id, tab, records))

    def fetch_xml(self, kind: str, id: str) -> None:
        self.calls.append(("fetch_xml", kind, id))
        name = RAW.get(kind)
        if name is None:
            self.sink(m.BackendError(f"xml of {kind} {id}", "not available in the fake"))
            return
        self.sink(m.RawXmlLoaded(kind, id, (XML / name).read_text()))

    def search(self, kind: str, query: str) -> None:
        """A tiny subset of the engine language: ``field=value`` terms joined by ``and``."""
        self.calls.append(("search", kind, query))
        terms = [t.strip() for t in query.split("sortby")[0].split(" and ") if "=" in t]
        out = []
        for record in self.data.get(kind, []):
            ok = True
            for term in terms:
                field, value = (p.strip() for p in term.split("=", 1))
                actual = getattr(record, field, None)
                ok &= str(getattr(actual, "value", actual)) == value
            if ok:
                out.append(record)
        self.sink(m.SearchResults(kind, query, tuple(out)))

    def watch(self, kind: str, ids: list[str] | tuple[str, ...]) -> None:
        self.watched[kind] = tuple(ids)

    def cancel_load(self) -> None:
        self.calls.append(("cancel_load",))

    def stop(self) -> None:
        self.calls.append(("stop",))


def factory(**options: Any) -> tuple[Callable[..., FakeBackend], list[FakeBackend]]:
    """A backend_factory for make_app plus the list of backends it made."""
    made: list[FakeBackend] = []

    def build(settings: EngineSettings, sink: Callable[[object], None], *, demo: DemoOptions | None = None):
        backend = FakeBackend(settings, sink, demo=demo, **options)
        made.append(backend)
        return backend

    return build, made
