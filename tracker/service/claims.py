"""Use cases that add to a claim: add it, add evidence, assign it."""

from __future__ import annotations

import uuid as _uuid
from dataclasses import dataclass, field, replace

from tracker.domain.errors import Conflict, InvalidInput
from tracker.domain.inputs import clean_name, clean_tags, clean_text, clean_url, clean_uuid
from tracker.domain.status import Stance, Status
from tracker.domain.when import check_deadline
from tracker.service.context import Desk, detail, unit
from tracker.service.reading import claim_view
from tracker.service.similar import similar_in
from tracker.service.step import Step, expect_version
from tracker.service.views import ClaimStamp, ClaimView
from tracker.store import queries


NO_DEADLINE = frozenset({"never", "none"})
"""Words for `--expires` / `expires_at` that mean: no deadline, not even the default one."""


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """A new claim as a person or a script gives it; times are text or aware datetimes."""

    text: str
    speaker: str
    said_at: object = None
    source: str | None = None
    url: str | None = None
    expires_at: object = None
    tags: list[str] = field(default_factory=list)
    assignee: str | None = None
    uuid: str | None = None
    """Given when importing a claim that already has one; new otherwise."""
    unique: bool = False
    """Refuse (Conflict, exit 5) instead of adding when the claim reads like an open or recent one."""


@dataclass(frozen=True, slots=True)
class EvidenceDraft:
    """A new evidence item."""

    stance: str
    source: str
    url: str | None = None
    note: str | None = None


def add_claim(desk: Desk, draft: ClaimDraft) -> ClaimView:
    """Log a new unconfirmed claim; its history starts with an `add` event."""
    with unit(desk, write=True) as session:
        return add_claim_in(Step.open(session, desk), draft)


def add_claim_in(step: Step, draft: ClaimDraft) -> ClaimView:
    """`add_claim` inside an open transaction; the view carries the claims it reads like (`similar`)."""
    stamp = add_claim_stamp(step, draft)
    return replace(claim_view(step.session, stamp.id), similar=stamp.similar)


def add_claim_stamp(step: Step, draft: ClaimDraft) -> ClaimStamp:
    """`add_claim_in` without reading the claim back (for batches): returns its stamp."""
    text = clean_text("text", draft.text)
    speaker = clean_name("speaker", draft.speaker)
    source = clean_name("source", draft.source, required=False)
    url = clean_url(draft.url)
    tags = clean_tags(draft.tags)
    assignee = clean_name("assignee", draft.assignee, required=False)
    claim_uuid = clean_uuid(draft.uuid) if draft.uuid is not None else str(_uuid.uuid4())
    said = step.when("said_at", draft.said_at)
    if isinstance(draft.expires_at, str) and draft.expires_at.strip().lower() in NO_DEADLINE:
        expires_at = None
    elif (expires := step.when("expires_at", draft.expires_at)) is not None:
        # A new claim's deadline lies ahead; an import (a line with its uuid) keeps one that has passed.
        check_deadline(expires, now=step.now, desk_tz=step.settings.desk_tz, importing=draft.uuid is not None)
        expires_at = expires.at
    elif step.settings.default_expiry is not None:
        expires_at = step.now + step.settings.default_expiry
    else:
        expires_at = None
    if queries.claim_id_for(step.session, claim_uuid) is not None:
        raise Conflict(f"a claim with uuid {claim_uuid} already exists")
    assert text is not None
    similar = similar_in(step.session, text, now=step.now, threshold=step.settings.similar_threshold)
    if draft.unique and similar:
        best = similar[0]
        raise Conflict(f'looks like #{best.id} "{best.quote()}" ({best.score:.2f}); not added (unique)')
    values = {
        "uuid": claim_uuid,
        "text": text,
        "speaker": speaker,
        "said_at": said.at if said else None,
        "said_tz": said.tz if said else None,
        "source": source,
        "url": url,
        "status": Status.UNCONFIRMED.value,
        "assignee": assignee,
        "expires_at": expires_at,
        "created_at": step.now,
        "updated_at": step.now,
        "last_activity_at": step.now,
        "version": 1,
    }
    claim_id = queries.insert_claim(step.session, values)
    queries.insert_tags(step.session, claim_id, tags)
    queries.insert_event(step.session, {
        "claim_id": claim_id, "at": step.now, "actor": step.actor, "action": "add",
        "from_status": None, "to_status": Status.UNCONFIRMED.value, "reason": None,
        "override": False, "detail": detail(assignee=assignee),
    })
    return ClaimStamp(claim_id, claim_uuid, Status.UNCONFIRMED, 1, similar)


def add_evidence(desk: Desk, ref: int | str, draft: EvidenceDraft, *,
                 expected_version: int | None = None) -> ClaimView:
    """Attach an evidence item to a claim (any status); recorded in history, counts as activity."""
    with unit(desk, write=True) as session:
        return add_evidence_in(Step.open(session, desk), ref, draft, expected_version=expected_version)


def add_evidence_in(step: Step, ref: int | str, draft: EvidenceDraft, *,
                    expected_version: int | None = None) -> ClaimView:
    """`add_evidence` inside an open transaction."""
    return claim_view(step.session, add_evidence_stamp(step, ref, draft, expected_version=expected_version).id)


def add_evidence_stamp(step: Step, ref: int | str, draft: EvidenceDraft, *,
                       expected_version: int | None = None) -> ClaimStamp:
    """`add_evidence_in` without reading the claim back (for batches): returns its stamp."""
    try:
        stance = Stance(str(draft.stance).strip().lower())
    except ValueError:
        raise InvalidInput(
            f"stance must be one of {', '.join(s.value for s in Stance)}, not {str(draft.stance)[:40]!r}"
        ) from None
    source = clean_name("source", draft.source)
    url = clean_url(draft.url)
    note = clean_text("note", draft.note, required=False)
    claim = step.state(ref, lock=True)
    version = claim.version
    expect_version(claim, expected_version)
    evidence_id = queries.insert_evidence(step.session, {
        "claim_id": claim.id, "stance": stance.value, "source": source, "url": url,
        "note": note, "added_by": step.actor, "added_at": step.now,
    })
    _touch(step, claim.id, version, {})
    queries.insert_event(step.session, {
        "claim_id": claim.id, "at": step.now, "actor": step.actor, "action": "evidence",
        "from_status": None, "to_status": None, "reason": note, "override": False,
        "detail": detail(evidence_id=evidence_id, stance=stance.value, source=source),
    })
    assert claim.id is not None
    return ClaimStamp(claim.id, claim.uuid, Status(claim.status), version + 1)


def assign(desk: Desk, ref: int | str, assignee: str | None, *,
           expected_version: int | None = None) -> ClaimView:
    """Give a claim to an editor (None or empty unassigns it)."""
    with unit(desk, write=True) as session:
        return assign_in(Step.open(session, desk), ref, assignee, expected_version=expected_version)


def assign_in(step: Step, ref: int | str, assignee: str | None, *,
              expected_version: int | None = None) -> ClaimView:
    """`assign` inside an open transaction."""
    return claim_view(step.session, assign_stamp(step, ref, assignee, expected_version=expected_version).id)


def assign_stamp(step: Step, ref: int | str, assignee: str | None, *,
                 expected_version: int | None = None) -> ClaimStamp:
    """`assign_in` without reading the claim back (for batches): returns its stamp."""
    name = clean_name("assignee", assignee, required=False)
    claim = step.state(ref, lock=True)
    version = claim.version
    expect_version(claim, expected_version)
    _touch(step, claim.id, version, {"assignee": name})
    queries.insert_event(step.session, {
        "claim_id": claim.id, "at": step.now, "actor": step.actor, "action": "assign",
        "from_status": None, "to_status": None, "reason": None, "override": False,
        "detail": detail(assignee=name, previous=claim.assignee),
    })
    assert claim.id is not None
    return ClaimStamp(claim.id, claim.uuid, Status(claim.status), version + 1)


def _touch(step: Step, claim_id: int | None, version: int, values: dict) -> None:
    assert claim_id is not None
    changed = {"updated_at": step.now, "last_activity_at": step.now, **values}
    if not queries.bump(step.session, claim_id, version, changed):
        raise Conflict(f"claim {claim_id} changed underneath this change; nothing was changed, try again")
