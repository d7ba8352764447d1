"""Replaying a claim's events: `replay` builds the claim as its events make it (`ClaimImage`).

What `tracker verify` compares each claim's rows with, and what an as-of view shows; apart from
tracker.domain.events (the event itself, its payload and hash) so a single change, which writes
an event and never replays one, does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.domain.events import ADD_ACTION, CLAIM_FIELDS, Change, project


@dataclass(slots=True)
class EvidenceImage:
    """One evidence item as the events built it."""

    uuid: str
    stance: str
    source: str
    url: str | None
    note: str | None
    added_by: str
    added_at: datetime


@dataclass(slots=True)
class ClaimImage:
    """A claim as its events built it: what `replay` returns, and what verify compares rows with."""

    uuid: str
    status: str
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    version: int
    fields: dict[str, Any]
    tags: tuple[str, ...]
    evidence: list[EvidenceImage]


def replay(image: ClaimImage | None, change: Change) -> ClaimImage:
    """The claim after `change` (None before its `add`). Raises ValueError when the change cannot apply."""
    projection = project(change)
    if change.action == ADD_ACTION:
        if image is not None:
            raise ValueError(f"claim {change.claim_uuid} is added twice")
        fields = {name: projection.columns.get(name) for name in CLAIM_FIELDS}
        status = projection.columns.get("status")
        assert isinstance(status, str)
        return ClaimImage(change.claim_uuid or "", status, change.at, change.at, change.at, 1, fields,
                          projection.tags or (), [])
    if image is None:
        raise ValueError(f"event {change.uuid} changes claim {change.claim_uuid} before it was added")
    if change.from_status is not None and change.from_status != image.status:
        raise ValueError(f"event {change.uuid} moves claim {change.claim_uuid} from {change.from_status}, "
                         f"but it was {image.status}")
    for name, value in projection.columns.items():
        if name == "status":
            image.status = value
        else:
            image.fields[name] = value
    if projection.tags is not None:
        image.tags = projection.tags
    if projection.evidence is not None:
        item = projection.evidence
        image.evidence.append(EvidenceImage(item["uuid"], item["stance"], item["source"], item.get("url"),
                                            item.get("note"), change.actor, change.at))
    image.updated_at = image.last_activity_at = change.at
    image.version += 1
    return image
