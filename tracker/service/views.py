"""What use cases return: plain frozen dataclasses with their documented JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.domain.status import Stance, Status
from tracker.domain.when import isoformat as iso
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

    @classmethod
    def of(cls, row: Evidence) -> EvidenceView:
        """Build from a stored row."""
        assert row.id is not None
        return cls(row.id, Stance(row.stance), row.source, row.url, row.note, row.added_by, row.added_at)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object."""
        return {
            "id": self.id,
            "stance": self.stance.value,
            "source": self.source,
            "url": self.url,
            "note": self.note,
            "added_by": self.added_by,
            "added_at": iso(self.added_at),
        }


@dataclass(frozen=True, slots=True)
class Similar:
    """A claim that reads like another (tracker.service.similar), with its similarity score."""

    id: int
    score: float
    text: str
    status: Status

    def quote(self, width: int = 50) -> str:
        """The claim's text on one line, cut at a word to about `width` characters (with an ellipsis)."""
        text = " ".join(self.text.split())
        if len(text) <= width:
            return text
        cut = text[:width].rsplit(" ", 1)[0] if " " in text[:width] else text[:width]
        return cut.rstrip(" ,;:.") + "\u2026"

    def to_json(self) -> dict[str, Any]:
        """The documented object of `add --json` and batch results: `{id, score}`."""
        return {"id": self.id, "score": self.score}

    def to_json_full(self) -> dict[str, Any]:
        """`tracker similar --json`: with the claim's status and text."""
        return {"id": self.id, "score": self.score, "status": self.status.value, "text": self.text}


@dataclass(frozen=True, slots=True)
class ClaimStamp:
    """Where a claim stands right after a change: what a batch line reports (no re-read needed)."""

    id: int
    uuid: str
    status: Status
    version: int
    similar: tuple[Similar, ...] = ()
    """For an add: the open or recent claims it reads like, best first."""


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
    similar: tuple[Similar, ...] = ()
    """Filled by `add`: the open or recent claims the new one reads like, best first."""

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
        }
        if with_evidence:
            data["evidence"] = [e.to_json() for e in self.evidence]
        return data


@dataclass(frozen=True, slots=True)
class EventView:
    """One history event."""

    id: int
    claim_id: int
    at: datetime
    actor: str
    action: str
    from_status: Status | None
    to_status: Status | None
    reason: str | None
    override: bool
    detail: dict[str, Any]

    @classmethod
    def of(cls, row: Event) -> EventView:
        """Build from a stored row."""
        assert row.id is not None
        return cls(
            row.id, row.claim_id, row.at, row.actor, row.action,
            Status(row.from_status) if row.from_status else None,
            Status(row.to_status) if row.to_status else None,
            row.reason, bool(row.override), json.loads(row.detail) if row.detail else {},
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/cli.md)."""
        return {
            "id": self.id,
            "claim_id": self.claim_id,
            "at": iso(self.at),
            "actor": self.actor,
            "action": self.action,
            "from": self.from_status.value if self.from_status else None,
            "to": self.to_status.value if self.to_status else None,
            "reason": self.reason,
            "override": self.override,
            "detail": self.detail,
        }
