"""Monitoring objects: events, jobs, steps and statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import API, actions, block, fmt_date, leaf, links, opt, ref, ref_to

if TYPE_CHECKING:
    from ..model import Event, Job, Statistic, Step
    from .context import RenderContext

JOB_ACTIONS = ("clear", "end")
STEP_ACTIONS = ("end",)

_EVENT_REFS = (
    ("cluster_id", "cluster", "clusters"), ("data_center_id", "data_center", "datacenters"),
    ("host_id", "host", "hosts"), ("storage_domain_id", "storage_domain", "storagedomains"),
    ("template_id", "template", "templates"), ("user_id", "user", "users"), ("vm_id", "vm", "vms"),
)


def event_children(event: "Event", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    lines = [
        leaf("description", event.description),
        leaf("code", event.code),
        *opt("correlation_id", event.correlation_id or None),
        *opt("custom_data", event.custom_data or None),
        leaf("custom_id", event.custom_id),
        leaf("flood_rate", event.flood_rate),
        leaf("index", event.id),
        leaf("log_on_host", event.log_on_host),
        leaf("origin", event.origin),
        leaf("severity", event.severity),
        leaf("time", fmt_date(event.time)),
    ]
    for field, tag, collection in _EVENT_REFS:
        lines += ref_to(tag, collection, getattr(event, field))
    return lines


def job_children(job: "Job", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = f"{API}/jobs/{job.id}"
    return [
        *actions(href, JOB_ACTIONS),
        leaf("description", job.description),
        *links(href, ("steps",)),
        leaf("auto_cleared", job.auto_cleared),
        *opt("end_time", fmt_date(job.end_time)),
        leaf("external", job.external),
        leaf("last_updated", fmt_date(job.last_updated)),
        leaf("start_time", fmt_date(job.start_time)),
        leaf("status", job.status),
        *ref_to("owner", "users", job.owner_id),
    ]


def step_href(step: "Step") -> str:
    return f"{API}/jobs/{step.job_id}/steps/{step.id}"


def step_children(step: "Step", ctx: "RenderContext", all_content: bool = False) -> list[str]:
    href = step_href(step)
    job_href = f"{API}/jobs/{step.job_id}"
    lines = [
        *actions(href, STEP_ACTIONS),
        leaf("description", step.description),
        *links(href, ("statistics",)),
        *opt("end_time", fmt_date(step.end_time)),
        leaf("external", step.external),
        *opt("external_type", step.external_type),
        leaf("number", step.number),
        *opt("progress", step.progress),
        leaf("start_time", fmt_date(step.start_time)),
        leaf("status", step.status),
        leaf("type", step.type),
        *ref_to("execution_host", "hosts", step.execution_host_id),
        ref("job", job_href, step.job_id),
    ]
    if step.parent_step_id:
        lines.append(ref("parent_step", f"{job_href}/steps/{step.parent_step_id}", step.parent_step_id))
    return lines


def _format_value(value: float | int | str, kind: str) -> str:
    if kind == "integer":
        return str(int(value))
    if isinstance(value, float):
        # The engine rounds doubles; plain decimal text without exponent.
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def statistic_children(stat: "Statistic", parent_tag: str, parent_href: str) -> list[str]:
    """One statistic; numbers go in <datum>, strings in <detail> (protocol reference §11)."""
    values = []
    for value in stat.values:
        if stat.type == "string":
            values += block("value", [leaf("detail", value)])
        else:
            values += block("value", [leaf("datum", _format_value(value, stat.type))])
    parent_id = parent_href.rsplit("/", 1)[-1]
    return [
        leaf("name", stat.name),
        leaf("description", stat.description),
        leaf("kind", stat.kind),
        leaf("type", stat.type),
        leaf("unit", stat.unit),
        *block("values", values),
        ref(parent_tag, parent_href, parent_id),
    ]
