"""The soak's lost replies: what each witness says about an action whose reply was dropped.

Chaos ``drop_after_actions`` lets the engine act and then closes the connection before
the answer. For each such request the console's report, the simulator's request log,
the local audit log and the engine's own jobs are gathered (lost_replies) and judged
(lost_reply_problems): settled by reading, sent once, audited alike, a verdict the
engine bears out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from console.backend import messages as m
from console.backend.audit import default_path as audit_path

if TYPE_CHECKING:
    from tests.benchmarks.soak import Mutating


def lost_replies(mutating: Sequence[Mutating], attempted: Counter[tuple[str, str, str]],
                 dropped_after: Sequence[dict[str, Any]], app: Any, engine: Any) -> list[dict[str, Any]]:
    """Per action whose reply chaos dropped after the engine acted: what the console, the
    request log, the audit log and the engine each say about it (lost_reply_problems judges)."""
    finished = [p for p in app.received if isinstance(p, m.ActionFinished)]
    audit = _audit_lines()
    with engine.lock:
        jobs = [(job.correlation_id, job.status) for job in engine.job_book.jobs.values()]
    report = []
    for drop in dropped_after:
        cid, path = drop["correlation_id"], drop["path"]
        mine = [f for f in finished if f.correlation_id == cid]
        target = (mine[0].kind, mine[0].id, mine[0].action) if mine else None
        report.append({
            **drop,
            "reported": [{"kind": f.kind, "id": f.id, "action": f.action, "ok": f.ok, "message": f.message,
                          "settled": bool(f.extra.get("settled"))} for f in mine],
            # the engine saw it once; a 401 (refused before acting) is the one replay allowed
            "posts_with_cid": sum(1 for r in mutating if r.correlation_id == cid and r.status != 401),
            # a resend under a fresh Correlation-Id would show as more POSTs than the soak asked for
            "posts_to_path": sum(1 for r in mutating if r.method == "POST" and r.path == path and r.status != 401),
            "attempts": attempted[target] if target else 0,
            "audit": [{"kind": a.get("kind"), "id": (a.get("target") or {}).get("id"), "action": a.get("action"),
                       "result": a.get("result"), "message": a.get("message")}
                      for a in audit if a.get("correlation_id") == cid],
            "engine_jobs": [status for job_cid, status in jobs if job_cid == cid],
        })  # fmt: skip
    return report


def lost_reply_problems(summary: dict[str, Any], expected: int) -> list[str]:
    """What is wrong with how the lost replies were handled (empty: all as required).

    Required per lost reply: the engine acted (2xx); exactly one report, settled by reading,
    for the action that was sent; the request reached the engine once and was never resent;
    one audit line agreeing with the report; a verdict the engine bears out (succeeded only
    with the engine's job for it, failed only when the job failed or the engine could not be
    asked). And all ``expected`` were dropped, and at least one was confirmed done.
    """
    problems = []
    lost = [d for d in summary["lost_replies"] if d["cause"] == "count"]
    if summary["drop_after_actions_left"] != 0 or len(lost) != expected:
        problems.append(f"{len(lost)} replies dropped after acting, {summary['drop_after_actions_left']} still due")
    for d in lost:
        where = f"{d['path']} ({d['correlation_id']})"
        if not 200 <= d["status"] < 300:
            problems.append(f"{where}: the engine answered {d['status']}, so it never acted")
        if len(d["reported"]) != 1:
            problems.append(f"{where}: reported {len(d['reported'])} times")
            continue
        r = d["reported"][0]
        if not r["settled"] or r["action"] != d["verb"]:
            problems.append(f"{where}: reported {r}, not settled by reading as {d['verb']}")
        if d["posts_with_cid"] != 1 or d["posts_to_path"] > d["attempts"]:
            problems.append(f"{where}: sent {d['posts_with_cid']} times, {d['posts_to_path']} POSTs "
                            f"for {d['attempts']} attempts")  # fmt: skip
        audited = {"kind": r["kind"], "id": r["id"], "action": r["action"],
                   "result": "ok" if r["ok"] else "failed", "message": r["message"]}  # fmt: skip
        if d["audit"] != [audited]:
            problems.append(f"{where}: audit {d['audit']} does not match {audited}")
        if r["ok"]:
            proven = r["message"].startswith("confirmed") and bool(d["engine_jobs"])
        else:
            proven = ("could not be asked" in r["message"]
                      or (r["message"].startswith("the engine's job") and bool({"failed", "aborted"} & set(d["engine_jobs"]))))  # fmt: skip
        if not proven:
            problems.append(f"{where}: verdict {r['ok']} ({r['message']}) not borne out, jobs {d['engine_jobs']}")
    if not any(r["ok"] for d in lost for r in d["reported"]):
        problems.append("no lost reply was confirmed done by reading")
    return problems


def _audit_lines() -> list[dict[str, Any]]:
    try:
        text = audit_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]
