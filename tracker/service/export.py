"""`export`: the whole database as `apply` lines, so it can be replayed elsewhere (SQLite to PostgreSQL).

Lines follow the global order of history, each with its original `actor` and `at`: an
`add` per claim (with its uuid, and said_at in the zone it was reported in), then its
evidence, assignments and transitions as they happened. Replaying the lines with
`tracker apply` into an empty database rebuilds the same claims, evidence and history.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tracker.domain.when import isoformat, to_zone
from tracker.service.context import Desk, unit
from tracker.store import queries
from tracker.store.tables import Claim, Event


def export_lines(desk: Desk, *, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Yield one `apply` record per history event, oldest first, read in one transaction."""
    with unit(desk, write=False) as session:
        for rows in queries.events_in_order(session, batch=batch):
            claims = queries.claims_by_id(session, sorted({e.claim_id for e in rows}))
            tags = queries.tags_for(session, list(claims))
            evidence = queries.evidence_by_id(session, [_evidence_id(e) for e in rows if e.action == "evidence"])
            for event in rows:
                yield _record(event, claims[event.claim_id], tags.get(event.claim_id, []), evidence)


def _evidence_id(event: Event) -> int:
    return int(json.loads(event.detail or "{}").get("evidence_id", 0))


def _record(event: Event, claim: Claim, tags: list[str], evidence: dict) -> dict[str, Any]:
    base = {"action": event.action, "uuid": claim.uuid, "actor": event.actor, "at": isoformat(event.at)}
    detail = json.loads(event.detail) if event.detail else {}
    if event.action == "add":
        said = None
        if claim.said_at is not None:
            zone = claim.said_tz or "UTC"
            said = f"{to_zone(claim.said_at, zone):%Y-%m-%d %H:%M:%S} {zone}"
        return {
            **base, "text": claim.text, "speaker": claim.speaker, "said_at": said, "source": claim.source,
            "url": claim.url, "expires_at": isoformat(claim.expires_at) if claim.expires_at else "never",
            "tags": tags, "assignee": detail.get("assignee"),
        }
    if event.action == "evidence":
        item = evidence[_evidence_id(event)]
        return {**base, "stance": item.stance, "source": item.source, "url": item.url, "note": item.note}
    if event.action == "assign":
        return {**base, "assignee": detail.get("assignee")}
    record = {**base, "reason": event.reason}
    if event.override:
        record["override"] = True
    if "expires_at" in detail:
        record["expires_at"] = detail["expires_at"]
    return record
