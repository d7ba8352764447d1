"""Use cases that add to or change a claim: add it, add evidence, assign it, edit it.

Each use case is a planner (`plan_*`: step + input -> the event it would append, or
`NoChange`) and one desk-level function that runs it in its own transaction through the one
write path (`tracker.service.write.perform`). Batches call the planners (tracker.service.usecases).
"""

from __future__ import annotations

import uuid as _uuid
from dataclasses import dataclass, field, replace
from typing import Any

from tracker.domain.errors import Conflict, InvalidInput
from tracker.domain.events import ADD_ACTION, EVIDENCE_ACTION, to_payload
from tracker.domain.inputs import (
    clean_name,
    clean_tags,
    clean_text,
    clean_url,
    clean_uuid,
)
from tracker.domain.status import Stance, Status
from tracker.domain.when import NO_DEADLINE, check_deadline
from tracker.service.context import Desk
from tracker.service.similar import lookalikes
from tracker.service.step import NoChange, Planned, Step
from tracker.service.views import ClaimView
from tracker.service.write import perform


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


_UNSET: Any = object()
"""An edit field left out: that field keeps its value."""


@dataclass(frozen=True, slots=True)
class ClaimEdit:
    """What an edit changes; a field left at `UNSET` keeps its value. `expires_at` may be 'never'."""

    text: object = _UNSET
    speaker: object = _UNSET
    said_at: object = _UNSET
    source: object = _UNSET
    url: object = _UNSET
    expires_at: object = _UNSET
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()


UNSET = _UNSET


def deadline(step: Step, value: object, *, default: bool, importing: bool = False) -> Any:
    """A deadline given as input: None for 'never' (or nothing, without `default`), else a time.

    A deadline set now lies ahead (the next sweep would expire the claim at once); an import (a line
    with its claim's uuid) keeps one that has passed since."""
    if isinstance(value, str) and value.strip().lower() in NO_DEADLINE:
        return None
    when = step.when("expires_at", value)
    if when is not None:
        check_deadline(when, now=step.now, desk_tz=step.settings.desk_tz, importing=importing)
        return when.at
    if default and step.settings.default_expiry is not None:
        return step.later(step.settings.default_expiry)
    return None


def said(step: Step, value: object) -> dict[str, Any]:
    """said_at, said_tz, said_precision and said_phrase from a said time given as input."""
    when = step.when("said_at", value)
    if when is None:
        return {"said_at": None, "said_tz": None, "said_precision": None, "said_phrase": None}
    return {"said_at": when.at, "said_tz": when.tz, "said_precision": getattr(when, "precision", None),
            "said_phrase": getattr(when, "phrase", None)}


def plan_add(step: Step, draft: ClaimDraft) -> Planned:
    """The `add` event of a new unconfirmed claim: it carries every initial field, and (not part of the
    event) the open or recent claims it reads like; with `draft.unique`, a Conflict when there are any."""
    values: dict[str, Any] = {
        "text": clean_text("text", draft.text),
        "speaker": clean_name("speaker", draft.speaker),
        **said(step, draft.said_at),
        "source": clean_name("source", draft.source, required=False),
        "url": clean_url(draft.url),
        "expires_at": deadline(step, draft.expires_at, default=True, importing=draft.uuid is not None),
        "assignee": clean_name("assignee", draft.assignee, required=False),
        "tags": clean_tags(draft.tags),
    }
    claim_uuid = clean_uuid(draft.uuid) if draft.uuid is not None else str(_uuid.uuid4())
    existing = step.writer.state(claim_uuid)
    if existing is not None:
        held = step.writer.fields(existing.id)
        if (held["text"], held["speaker"]) == (values["text"], values["speaker"]):
            # The same claim again (an article extracted twice, an import re-run): on the desk already.
            return NoChange(existing, f"claim {existing.id} with this uuid is already on the desk")
        raise Conflict(f"a claim with uuid {claim_uuid} already exists, with other text or speaker")
    similar = lookalikes(step, values["text"])
    if draft.unique and similar:
        best = similar[0]
        raise Conflict(f'looks like #{best.id} "{best.quote()}" ({best.score:.2f}); not added (unique)')
    payload = {"claim": {name: to_payload(name, value) for name, value in values.items()}}
    change = step.change(ADD_ACTION, None, payload=payload, to_status=Status.UNCONFIRMED, claim_uuid=claim_uuid)
    return replace(change, similar=similar)


def plan_evidence(step: Step, ref: int | str, draft: EvidenceDraft, *,
                  expected_version: int | None = None) -> Planned:
    """The `evidence` event: the whole item, with its own uuid."""
    try:
        stance = Stance(str(draft.stance).strip().lower())
    except ValueError:
        raise InvalidInput(
            f"stance must be one of {', '.join(s.value for s in Stance)}, not {str(draft.stance)[:40]!r}"
        ) from None
    item = {
        "uuid": str(_uuid.uuid4()), "stance": stance.value, "source": clean_name("source", draft.source),
        "url": clean_url(draft.url), "note": clean_text("note", draft.note, required=False),
    }
    claim = step.target(ref, expected_version)
    return step.change(EVIDENCE_ACTION, claim, payload={"evidence": item}, reason=item["note"])


def plan_assign(step: Step, ref: int | str, assignee: object, *, expected_version: int | None = None) -> Planned:
    """The `assign` event (before and after), or NoChange when the claim already has that assignee."""
    name = clean_name("assignee", assignee, required=False)
    claim = step.target(ref, expected_version)
    if claim.assignee == name:
        who = f"assigned to {name}" if name else "unassigned"
        return NoChange(claim, f"claim {claim.id} is already {who}; nothing was changed")
    return step.change("assign", claim, payload={"changes": {"assignee": {"from": claim.assignee, "to": name}}})


def plan_edit(step: Step, ref: int | str, edit: ClaimEdit, reason: object, *,
              expected_version: int | None = None) -> Planned:
    """The `edit` event: each changed field before and after; NoChange when nothing differs."""
    why = clean_text("reason", reason)
    wanted: dict[str, Any] = {}
    if edit.text is not UNSET:
        wanted["text"] = clean_text("text", edit.text)
    if edit.speaker is not UNSET:
        wanted["speaker"] = clean_name("speaker", edit.speaker)
    if edit.said_at is not UNSET:
        wanted.update(said(step, edit.said_at))
    if edit.source is not UNSET:
        wanted["source"] = clean_name("source", edit.source, required=False)
    if edit.url is not UNSET:
        wanted["url"] = clean_url(edit.url)
    if edit.expires_at is not UNSET:
        if edit.expires_at is None or edit.expires_at == "":
            raise InvalidInput("expires_at: give a time or 'never'")
        wanted["expires_at"] = deadline(step, edit.expires_at, default=False)
    adding, removing = clean_tags(list(edit.add_tags)), clean_tags(list(edit.remove_tags))
    if set(adding) & set(removing):
        raise InvalidInput(f"tag {min(set(adding) & set(removing))!r} is both added and removed")
    claim = step.target(ref, expected_version)
    current = step.writer.fields(claim.id)
    if adding or removing:
        wanted["tags"] = tuple(sorted((set(current["tags"]) | set(adding)) - set(removing)))
    changes = {name: {"from": to_payload(name, current[name]), "to": to_payload(name, value)}
               for name, value in wanted.items() if current[name] != value}
    if not changes:
        return NoChange(claim, f"claim {claim.id} already has these values; nothing was changed")
    return step.change("edit", claim, payload={"changes": changes}, reason=why)


def add_claim(desk: Desk, draft: ClaimDraft) -> ClaimView:
    """Log a new unconfirmed claim; its history starts with an `add` event."""
    return perform(desk, lambda step: plan_add(step, draft))


def add_evidence(desk: Desk, ref: int | str, draft: EvidenceDraft, *,
                 expected_version: int | None = None) -> ClaimView:
    """Attach an evidence item to a claim (any status); recorded in history, counts as activity."""
    return perform(desk, lambda step: plan_evidence(step, ref, draft, expected_version=expected_version))


def assign(desk: Desk, ref: int | str, assignee: str | None, *,
           expected_version: int | None = None) -> ClaimView:
    """Give a claim to an editor (None or empty unassigns it); the same assignee again changes nothing."""
    return perform(desk, lambda step: plan_assign(step, ref, assignee, expected_version=expected_version))


def edit_claim(desk: Desk, ref: int | str, edit: ClaimEdit, reason: str, *,
               expected_version: int | None = None) -> ClaimView:
    """Change a claim's text, speaker, said time, source, url, deadline or tags; values equal to the
    current ones change nothing (and record nothing)."""
    return perform(desk, lambda step: plan_edit(step, ref, edit, reason, expected_version=expected_version))
