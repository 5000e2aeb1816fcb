"""Pure renderers: record -> row cells (rich Text), one module per kind.

``COLUMNS[kind]`` is the column set of that kind's main table.
"""

from __future__ import annotations

from console.ui.render import (
    clusters,
    data_centers,
    disks,
    events,
    hosts,
    jobs,
    networks,
    storage_domains,
    templates,
    vms,
)
from console.ui.render.common import Column, RenderContext, row_of

COLUMNS: dict[str, tuple[Column, ...]] = {
    "vms": vms.COLUMNS,
    "hosts": hosts.COLUMNS,
    "clusters": clusters.COLUMNS,
    "data_centers": data_centers.COLUMNS,
    "storage_domains": storage_domains.COLUMNS,
    "networks": networks.COLUMNS,
    "templates": templates.COLUMNS,
    "disks": disks.COLUMNS,
    "events": events.COLUMNS,
    "jobs": jobs.COLUMNS,
}

__all__ = ["COLUMNS", "Column", "RenderContext", "row_of"]
