"""What the backend tells the UI.

Workers never touch widgets: they hand one of these small frozen dataclasses to the
sink the UI gave them (the app wraps it in a Textual message). Records inside are the
api's typed records, read-only by convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The inventory kinds, in oVirt's own words; also the names of the main views.
KINDS = (
    "vms",
    "hosts",
    "clusters",
    "data_centers",
    "storage_domains",
    "networks",
    "templates",
    "disks",
    "events",
    "jobs",
)


@dataclass(frozen=True, slots=True)
class Connected:
    """Login succeeded."""

    url: str
    user: str
    product: str  # e.g. "oVirt Engine"
    version: str  # e.g. "4.5.6-1.el9"
    read_only: bool
    insecure: bool


@dataclass(frozen=True, slots=True)
class ConnectFailed:
    """Login failed; ``message`` is one line that names the fix."""

    message: str


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """A collection is streaming in: ``received`` objects so far."""

    kind: str
    received: int
    done: bool = False
    cancelled: bool = False  # the load stopped early (esc): keep the rows already shown


@dataclass(frozen=True, slots=True)
class RecordsLoaded:
    """A batch of records of one kind.

    ``replace`` marks the first batch of a full load: rows not present in the
    batches of that load (up to ``final``) are gone from the engine.
    """

    kind: str
    records: tuple[Any, ...]
    replace: bool = False
    final: bool = True


@dataclass(frozen=True, slots=True)
class RecordUpdated:
    """One object was re-read (or found gone: ``record`` is None)."""

    kind: str
    id: str
    record: Any | None


@dataclass(frozen=True, slots=True)
class DetailLoaded:
    """A detail tab's data for one object (``tab`` e.g. "nics", "disk_attachments")."""

    kind: str
    id: str
    tab: str
    records: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class RawXmlLoaded:
    """The object's XML exactly as the engine returned it."""

    kind: str
    id: str
    xml: str


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Results of the engine's own search language, run server-side."""

    kind: str
    query: str
    records: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class BackendError:
    """A request failed; ``message`` carries the engine's reason when it gave one."""

    context: str  # what was being done, e.g. "load vms"
    message: str


@dataclass(frozen=True, slots=True)
class ConnectionState:
    """Health of the link to the engine, for the header."""

    state: str  # "connecting" | "connected" | "reconnecting" | "closed"
    attempt: int = 0
    next_retry_in: float | None = None
    detail: str = ""
    stale_since: float | None = None  # epoch seconds the data went stale, if it has


@dataclass(frozen=True, slots=True)
class ActionFinished:
    """An action sent by the console ended (succeeded or failed), once per target."""

    action: str
    kind: str
    id: str
    name: str
    ok: bool
    message: str = ""
    correlation_id: str | None = None
    job_id: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatisticsLoaded:
    """Fresh statistics of one watched object (CPU, memory, network): see Backend.watch."""

    kind: str
    id: str
    statistics: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class PollingPaused:
    """Polling was paused (``p``) or resumed; the header shows it."""

    paused: bool


@dataclass(frozen=True, slots=True)
class ExplorerLoaded:
    """A page of the API explorer (console.backend.explorer.ExplorerPage) arrived."""

    page: Any


@dataclass(frozen=True, slots=True)
class ExplorerActionFinished:
    """An action invoked from the API explorer ended; ``xml`` is the engine's reply."""

    path: str
    verb: str
    ok: bool
    message: str
    correlation_id: str | None = None
    job_id: str | None = None
    xml: str = ""
