"""The event: the unit of change, its payload, its hash, and what it does to a claim.

Every change a user or a script makes is one `Change`. Its `payload` holds the values it
set, as JSON (times as UTC ISO 8601 strings):

| action | payload |
| --- | --- |
| add | ``{"claim": {text, speaker, said_at, said_tz, said_precision, said_phrase, source, url, expires_at, assignee, tags}}`` |
| edit, assign | ``{"changes": {field: {"from": before, "to": after}}}`` (``tags`` as sorted lists) |
| a trigger | ``{}``, plus ``"changes": {"expires_at": ...}`` when the deadline moves and ``"overridden": message`` |
| evidence | ``{"evidence": {uuid, stance, source, url, note}}`` (added by the actor, at the event's time) |
| link, unlink | ``{"changes": {"duplicate_of": {"from": uuid or null, "to": primary uuid or null}}}`` |
| a trigger a duplicate follows | its own trigger payload, plus ``"follows": primary uuid`` |
| rules | ``{"setting": {"key": k, "from": before, "to": after}}`` (no claim) |

`project` turns a change into what it does to the claim's row, so the write path and a
replay (`replay`, used by verify, import and as-of views) share one definition. `chain_hash`
is the tamper-evident hash of an event over its canonical form (docs/architecture.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.domain.similarity import Similar

CLAIM_FIELDS: tuple[str, ...] = (
    "text", "speaker", "said_at", "said_tz", "said_precision", "said_phrase", "source", "url", "expires_at",
    "assignee", "duplicate_of",
)
"""Claim columns an event may set (besides status, which is the event's from/to)."""
TIME_FIELDS = frozenset({"said_at", "expires_at"})
EDITABLE: tuple[str, ...] = (
    "text", "speaker", "said_at", "said_tz", "said_precision", "said_phrase", "source", "url", "expires_at", "tags",
)
"""What `edit` may change (`tags` is the claim's tag set)."""

SETTING_ACTION = "rules"
"""The action of an event that changes a rule setting (it has no claim)."""
ADD_ACTION = "add"
EVIDENCE_ACTION = "evidence"
LINK_ACTION = "link"
"""The action that makes a claim a duplicate of another (its primary): ``changes.duplicate_of`` is the
primary's uuid."""
UNLINK_ACTION = "unlink"
"""The action that ends a claim's duplicate link (``changes.duplicate_of`` to null)."""
FOLLOWS_KEY = "follows"
"""Payload key of a trigger event a duplicate made because its primary moved: the primary's uuid."""


def utc_iso(at: datetime) -> str:
    """An aware datetime as the UTC ISO 8601 string events store: ``2026-01-29T16:30:00.000000+00:00``."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("utc_iso needs an aware datetime")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str | None) -> datetime | None:
    """The reverse of `utc_iso` (any ISO 8601 text with an offset); None stays None."""
    if text is None:
        return None
    at = datetime.fromisoformat(text)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"time {text!r} has no offset")
    return at.astimezone(UTC)


def to_payload(name: str, value: Any) -> Any:
    """A claim field's value in payload form (times as UTC ISO strings, tags as a sorted list)."""
    if name in TIME_FIELDS and value is not None:
        return utc_iso(value)
    if name == "tags":
        return sorted(value)
    return value


def from_payload(name: str, value: Any) -> Any:
    """A claim field's value from payload form (the reverse of `to_payload`)."""
    if name in TIME_FIELDS:
        return parse_iso(value)
    if name == "tags":
        return tuple(sorted(value or ()))
    return value


@dataclass(frozen=True, slots=True)
class Change:
    """One event, as it is written: who did what to which claim, when, and what it set."""

    uuid: str
    action: str
    at: datetime
    actor: str
    claim_uuid: str | None = None
    from_status: str | None = None
    to_status: str | None = None
    reason: str | None = None
    override: bool = False
    payload: dict[str, Any] = field(default_factory=dict)
    claim_id: int | None = None
    """The local id of the claim it changes (resolved by the planner; None for add and rules)."""
    version: int | None = None
    """The claim's version this change was planned on: the write is a compare-and-swap on it."""
    status: str | None = None
    """The claim's status it was planned on (not part of the event: where a non-moving change leaves it)."""
    similar: tuple[Similar, ...] | None = None
    """Not part of the event: for a planned `add`, the open or recent claims it reads like (None: not
    looked up, as for a replayed event)."""
    then: tuple[Change, ...] = ()
    """Not part of this event: the changes written right after it in the same transaction, each its own
    event (a primary's move followed by its duplicates'; a link and the duplicate catching up)."""

    def canonical_form(self, prev_hash: str | None) -> dict[str, Any]:
        """What the hash covers: every field but the local ids, and the hash of the event before."""
        return {
            "uuid": self.uuid, "claim": self.claim_uuid, "at": utc_iso(self.at), "actor": self.actor,
            "action": self.action, "from": self.from_status, "to": self.to_status, "reason": self.reason,
            "override": bool(self.override), "payload": self.payload, "prev": prev_hash,
        }

    def canonical(self, prev_hash: str | None, payload_json: str | None = None) -> bytes:
        """The bytes the hash is taken over: `canonical_bytes(self.canonical_form(prev_hash))` - JSON with
        sorted keys, fixed separators, UTF-8. Built around the payload's JSON text (`payload_json`, when
        the caller has it) so the payload is encoded once per write."""
        enc = _ENCODE
        body = payload_json if payload_json is not None else dumps(self.payload)
        return (f'{{"action":{enc(self.action)},"actor":{enc(self.actor)},"at":"{utc_iso(self.at)}",'
                f'"claim":{enc(self.claim_uuid)},"from":{enc(self.from_status)},'
                f'"override":{"true" if self.override else "false"},"payload":{body},"prev":{enc(prev_hash)},'
                f'"reason":{enc(self.reason)},"to":{enc(self.to_status)},"uuid":{enc(self.uuid)}}}').encode()

    def chain_hash(self, prev_hash: str | None, payload_json: str | None = None) -> str:
        """SHA-256 (hex) of the canonical form, chained to the hash of the event before it."""
        import hashlib  # here, not at the top: a read-only cold command never hashes

        return hashlib.sha256(self.canonical(prev_hash, payload_json)).hexdigest()

    def payload_json(self) -> str:
        """The payload as stored (compact JSON, keys sorted)."""
        return dumps(self.payload)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def dumps(value: Any) -> str:
    """Compact, sorted, UTF-8 JSON text (the stored and the hashed form)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_bytes(value: Any) -> bytes:
    """`dumps` as UTF-8 bytes."""
    return dumps(value).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Projection:
    """What a claim event does to the claim's rows: columns to set, the tag set, an evidence item."""

    columns: dict[str, Any]
    """Claim columns (python values) to set, status included when the event moves it."""
    tags: tuple[str, ...] | None
    """The claim's tag set after the event (None: unchanged)."""
    evidence: dict[str, Any] | None


def project(change: Change) -> Projection:
    """The row changes of a claim event, read from its payload (add: the initial columns)."""
    payload = change.payload
    columns: dict[str, Any] = {}
    tags: tuple[str, ...] | None = None
    if change.action == ADD_ACTION:
        initial = payload["claim"]
        columns = {name: from_payload(name, initial.get(name)) for name in CLAIM_FIELDS}
        tags = from_payload("tags", initial.get("tags"))
    else:
        for name, values in payload.get("changes", {}).items():
            if name == "tags":
                tags = from_payload("tags", values["to"])
            else:
                columns[name] = from_payload(name, values["to"])
    if change.to_status is not None:
        columns["status"] = change.to_status
    evidence = payload.get("evidence")
    return Projection(columns, tags, evidence)


def summary(change_payload: dict[str, Any]) -> dict[str, Any]:
    """A flat one-line view of what an event changed, for people: ``{"assignee": "olena", ...}``."""
    shown: dict[str, Any] = {}
    for name, values in change_payload.get("changes", {}).items():
        shown[name] = values.get("to")
        shown[f"previous_{name}"] = values.get("from")
    return shown
