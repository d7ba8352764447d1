"""What use cases return: plain frozen dataclasses with their documented JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.domain.events import TIME_FIELDS, parse_iso
from tracker.domain.status import Stance, Status
from tracker.domain.when import isoformat as iso
from tracker.service.stamp import ClaimStamp as ClaimStamp  # re-exported: a view among the views

if TYPE_CHECKING:  # rows from the ORM or, with the same attributes, from tracker.store.lite
    from tracker.domain.similarity import Similar
    from tracker.store.tables import Claim, Event, Evidence


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One evidence item."""

    id: int
    stance: Stance
    source: str
    url: str | None
    note: str | None
    added_by: str
    added_at: datetime
    uuid: str = ""

    @classmethod
    def of(cls, row: Evidence) -> EvidenceView:
        """Build from a stored row."""
        assert row.id is not None
        return cls(row.id, Stance(row.stance), row.source, row.url, row.note, row.added_by, row.added_at, row.uuid)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "stance": self.stance.value,
            "source": self.source,
            "url": self.url,
            "note": self.note,
            "added_by": self.added_by,
            "added_at": iso(self.added_at),
        }


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with its tags and (when loaded) its evidence."""

    id: int
    uuid: str
    text: str
    speaker: str
    said_at: datetime | None
    said_tz: str | None
    source: str | None
    url: str | None
    status: Status
    tags: tuple[str, ...]
    assignee: str | None
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    version: int
    evidence: tuple[EvidenceView, ...] = ()
    stances: dict[str, int] = field(default_factory=dict)
    """Evidence counts by stance (filled for list rows, where `evidence` is not loaded)."""
    said_precision: str | None = None
    said_phrase: str | None = None
    changed: bool = True
    """False when the use case that returned this view found nothing to change (and recorded nothing)."""
    notice: str | None = None
    """Why nothing was changed, when `changed` is False."""
    similar: tuple[Similar, ...] = ()
    """Filled by `add`: the open or recent claims the new one reads like, best first."""
    duplicate_of: int | None = None
    """The id of the claim this one duplicates (its primary), when it is linked as a duplicate."""
    duplicates: tuple[int, ...] = ()
    """The ids of the claims linked as duplicates of this one, in id order."""

    @classmethod
    def of(cls, row: Claim, tags: list[str] | tuple[str, ...] = (), evidence: list[Evidence] | None = None,
           stances: dict[str, int] | None = None) -> ClaimView:
        """Build from a stored row and what was loaded beside it."""
        assert row.id is not None
        items = tuple(EvidenceView.of(e) for e in evidence or ())
        if stances is None:
            stances = {}
            for item in items:
                stances[item.stance.value] = stances.get(item.stance.value, 0) + 1
        return cls(
            row.id, row.uuid, row.text, row.speaker, row.said_at, row.said_tz, row.source, row.url,
            Status(row.status), tuple(tags), row.assignee, row.expires_at, row.created_at,
            row.updated_at, row.last_activity_at, row.version, items, stances,
            row.said_precision, row.said_phrase,
        )

    def to_json(self, *, with_evidence: bool = True) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        data: dict[str, Any] = {
            "id": self.id,
            "uuid": self.uuid,
            "text": self.text,
            "speaker": self.speaker,
            "said_at": iso(self.said_at),
            "said_tz": self.said_tz,
            "said_precision": self.said_precision,
            "said_phrase": self.said_phrase,
            "source": self.source,
            "url": self.url,
            "status": self.status.value,
            "tags": list(self.tags),
            "assignee": self.assignee,
            "expires_at": iso(self.expires_at),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "last_activity_at": iso(self.last_activity_at),
            "version": self.version,
            "evidence_counts": {s.value: self.stances.get(s.value, 0) for s in Stance},
            "duplicate_of": self.duplicate_of,
            "duplicates": list(self.duplicates),
        }
        if with_evidence:
            data["evidence"] = [e.to_json() for e in self.evidence]
        return data


@dataclass(frozen=True, slots=True)
class EventView:
    """One history event."""

    id: int
    claim_id: int | None
    at: datetime
    actor: str
    action: str
    from_status: Status | None
    to_status: Status | None
    reason: str | None
    override: bool
    detail: dict[str, Any]
    """A flat summary for people and older scripts (assignee/previous, evidence_id/stance/source,
    overridden, expires_at/previous_expires_at, each edited field and its previous value)."""
    uuid: str = ""
    claim_uuid: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    hash: str = ""

    @classmethod
    def of(cls, row: Event, evidence_ids: dict[str, int] | None = None) -> EventView:
        """Build from a stored row (`evidence_ids`: evidence uuid -> local id, for the summary)."""
        assert row.id is not None
        payload = json.loads(row.payload) if row.payload else {}
        return cls(
            row.id, row.claim_id, row.at, row.actor, row.action,
            Status(row.from_status) if row.from_status else None,
            Status(row.to_status) if row.to_status else None,
            row.reason, bool(row.override), _summary(row.action, payload, evidence_ids or {}),
            row.uuid, row.claim_uuid, payload, row.hash,
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "claim_id": self.claim_id,
            "at": iso(self.at),
            "actor": self.actor,
            "action": self.action,
            "from": self.from_status.value if self.from_status else None,
            "to": self.to_status.value if self.to_status else None,
            "reason": self.reason,
            "override": self.override,
            "detail": self.detail,
            "payload": self.payload,
        }


def _shown(name: str, value: Any) -> Any:
    if name in TIME_FIELDS:
        return iso(parse_iso(value)) if value is not None else "never" if name == "expires_at" else None
    return value


def _summary(action: str, payload: dict[str, Any], evidence_ids: dict[str, int]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    if "claim" in payload and payload["claim"].get("assignee"):
        shown["assignee"] = payload["claim"]["assignee"]
    item = payload.get("evidence")
    if item is not None:
        if item["uuid"] in evidence_ids:
            shown["evidence_id"] = evidence_ids[item["uuid"]]
        shown.update(stance=item["stance"], source=item["source"])
    if "overridden" in payload:
        shown["overridden"] = payload["overridden"]
    for name, values in payload.get("changes", {}).items():
        if action == "assign":
            shown.update(assignee=values["to"], previous=values["from"])
            continue
        shown[name] = _shown(name, values["to"])
        shown[f"previous_{name}"] = _shown(name, values["from"])
    if "setting" in payload:
        shown.update(payload["setting"])
    return {k: v for k, v in shown.items() if v is not None}
