"""`verify`: walk the hash chain and check that every projection equals the replay of its events.

1. **Chain.** Events are read in id order; each one's hash is recomputed over its canonical form
   (tracker.domain.events) with the hash it claims to follow. The first event whose content no
   longer matches its hash was *changed*; the first whose `prev_hash` is not the hash of the event
   before it names what happened before it: an event *deleted* (its predecessor's hash is nowhere),
   *inserted* (it follows an earlier event, so the one between does not belong), or *reordered*
   (it follows an event that comes later). The stored head must count every event and end on the
   last hash, or events were deleted at the end.
2. **Projections.** Claims are read in pages of ids; each claim's events are replayed
   (`tracker.domain.replay.replay`) and the result compared with its claim, tag and evidence rows.
   The rule settings are compared with the replay of the `rules` events.
3. **Tally.** The claim tally the report counts from (tracker.store.tally) must equal the claims
   counted afresh, by status and UTC hour of creation and of deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.domain.events import CLAIM_FIELDS, SETTING_ACTION
from tracker.domain.replay import ClaimImage, replay
from tracker.service.context import Desk, unit
from tracker.store import audit, tally
from tracker.store.core_exec import writer_for
from tracker.store.writer import Executor

PAGE = 2000
"""Claims compared per page (bounded memory at any size)."""
MAX_CLAIMS_LISTED = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing verify found wrong."""

    kind: str
    """changed, deleted, inserted, reordered, head, claim, settings, tally."""
    message: str
    event_id: int | None = None
    event_uuid: str | None = None
    claim_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        return {"kind": self.kind, "message": self.message, "event_id": self.event_id,
                "event_uuid": self.event_uuid, "claim_id": self.claim_id}


@dataclass(slots=True)
class Verification:
    """What `verify` found: the chain's length and head, and every problem (first chain break first)."""

    events: int = 0
    head: str | None = None
    claims: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the chain is whole and every projection equals its events."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        return {"ok": self.ok, "events": self.events, "head": self.head, "claims": self.claims,
                "problems": [p.to_json() for p in self.problems]}


def verify(desk: Desk) -> Verification:
    """Check the whole database in one read transaction."""
    with unit(desk, write=False) as session:
        executor = writer_for(session).executor
        result = Verification()
        _chain(executor, result)
        _projections(executor, result)
        for line in tally.mismatches(session.connection()):
            result.problems.append(Problem("tally", f"the claim tally disagrees with the claims: {line}"))
        return result


def _chain(executor: Executor, result: Verification) -> None:
    prev: str | None = None
    broken = False
    for event in audit.chain(executor):
        result.events += 1
        if broken:
            continue
        if event.prev_hash != prev:
            result.problems.append(_break(executor, event, prev))
            broken = True
        elif event.change.chain_hash(event.prev_hash) != event.hash:
            result.problems.append(Problem("changed", f"event {event.id} ({event.change.uuid}) was changed after it "
                                           "was written: its content no longer matches its hash",
                                           event.id, event.change.uuid, event.claim_id))
            broken = True
        prev = event.hash
    result.head = prev
    stored = audit.head(executor)
    if not broken and (stored is None or stored != (result.events, prev)):
        count = stored[0] if stored else 0
        kind, what = ("inserted", "inserted at the end") if count < result.events else ("deleted", "deleted at the end")
        result.problems.append(Problem(kind, f"the chain head records {count} events ending in "
                                       f"{((stored[1] if stored else None) or '-')[:12]}, but {result.events} end in "
                                       f"{(prev or '-')[:12]}: events were {what} (or the head was changed)"))


def _break(executor: Executor, event: audit.StoredEvent, expected: str | None) -> Problem:
    """Name what happened at `event`, whose prev_hash is not the hash of the event before it."""
    name = f"event {event.id} ({event.change.uuid})"
    where = (event.id, event.change.uuid, event.claim_id)
    follows = audit.event_with_hash(executor, event.prev_hash) if event.prev_hash else None
    if follows is not None and follows[0] > event.id:
        return Problem("reordered", f"{name} is out of order: it follows event {follows[0]}, which comes after it",
                       *where)
    after = audit.event_after(executor, event.id)
    if follows is not None or (after is not None and after.prev_hash == expected):
        return Problem("inserted", f"{name} was inserted or moved here: it does not follow the event before it"
                       + (f" but event {follows[0]}" if follows else ""), *where)
    return Problem("deleted", f"an event before {name} was deleted: it follows {(event.prev_hash or '-')[:12]}, "
                   "which no stored event has", *where)


def _projections(executor: Executor, result: Verification) -> None:
    top = audit.top_claim_id(executor)
    listed = 0
    for lo in range(1, top + 1, PAGE):
        hi = lo + PAGE - 1
        rows = audit.claims_between(executor, lo, hi)
        events = audit.events_by_claim(executor, lo, hi)
        for claim_id in sorted(set(rows) | set(events)):
            result.claims += 1
            why = _disagreement(rows.get(claim_id), events.get(claim_id, []))
            if why is not None and listed < MAX_CLAIMS_LISTED:
                result.problems.append(Problem("claim", f"claim {claim_id} disagrees with its events: {why}",
                                               claim_id=claim_id))
                listed += 1
    for eid, uuid in audit.orphan_events(executor, SETTING_ACTION):
        result.problems.append(Problem("claim", f"event {eid} ({uuid}) names no claim", eid, uuid))
    replayed: dict[str, str] = {}
    for event in audit.chain(executor):
        if event.change.action == SETTING_ACTION:
            setting = event.change.payload.get("setting", {})
            if setting.get("to") is None:
                replayed.pop(setting.get("key"), None)
            else:
                replayed[setting.get("key")] = setting["to"]
    stored = audit.settings(executor)
    if stored != replayed:
        keys = sorted(k for k in set(stored) | set(replayed) if stored.get(k) != replayed.get(k))
        result.problems.append(Problem("settings", f"rule settings disagree with their events: {', '.join(keys)}"))


def _disagreement(row: dict[str, Any] | None, events: list[audit.StoredEvent]) -> str | None:
    if not events:
        return "it has no events"
    image: ClaimImage | None = None
    try:
        for event in events:
            image = replay(image, event.change)
    except (ValueError, KeyError, TypeError) as err:
        return f"its events do not replay ({err})"
    assert image is not None
    if row is None or row.get("missing"):
        return "its row is missing"
    checks: list[tuple[str, Any, Any]] = [
        ("uuid", row["uuid"], image.uuid), ("status", row["status"], image.status),
        ("version", row["version"], image.version), ("created_at", row["created_at"], image.created_at),
        ("updated_at", row["updated_at"], image.updated_at),
        ("last_activity_at", row["last_activity_at"], image.last_activity_at),
        *((name, row["fields"][name], image.fields[name]) for name in CLAIM_FIELDS),
        ("tags", tuple(row["tags"]), tuple(image.tags)),
        ("evidence", row["evidence"], [(e.uuid, e.stance, e.source, e.url, e.note, e.added_by, e.added_at)
                                       for e in image.evidence]),
    ]
    for name, stored, expected in checks:
        if stored != expected:
            return f"{name} is {_show(stored)}, its events say {_show(expected)}"
    return None


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list) and len(value) > 3:
        return f"{len(value)} items"
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"
