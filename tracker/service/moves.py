"""The use case that moves a claim through its lifecycle: fire a trigger."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.errors import Conflict, InvalidInput
from tracker.domain.guards import ClaimFacts, source_key
from tracker.domain.inputs import clean_text
from tracker.domain.lifecycle import check, fire
from tracker.domain.status import Status
from tracker.domain.when import isoformat
from tracker.service.claims import NO_DEADLINE
from tracker.service.context import Desk, detail, unit
from tracker.service.reading import claim_view
from tracker.service.step import Step, expect_version
from tracker.service.views import ClaimStamp, ClaimView
from tracker.store import queries
from tracker.store.tables import Claim


def facts_of(step: Step, claim: Claim | queries.ClaimState) -> ClaimFacts:
    """What the guards need to know about `claim`, now."""
    assert claim.id is not None
    tally = queries.evidence_tally(step.session, claim.id)
    return ClaimFacts(
        claim_id=claim.id,
        status=Status(claim.status),
        supporting_sources=frozenset(source_key(s) for s in tally.supporting_sources),
        contradictions=tally.contradictions,
        expires_at=claim.expires_at,
        now=step.now,
    )


def apply_trigger(desk: Desk, ref: int | str, trigger: str, reason: str, *, override: bool = False,
                  expected_version: int | None = None, expires: object = None) -> ClaimView:
    """Fire `trigger` on a claim under the lifecycle rules; the move, its event and the version bump commit together.

    `expires` (reopen only) gives the reopened claim a new deadline; see `reopen_deadline`.
    """
    with unit(desk, write=True) as session:
        return apply_trigger_in(Step.open(session, desk), ref, trigger, reason,
                                override=override, expected_version=expected_version, expires=expires)


def apply_trigger_brief(desk: Desk, ref: int | str, trigger: str, reason: str, *, override: bool = False,
                        expected_version: int | None = None, expires: object = None) -> ClaimStamp:
    """`apply_trigger` for a caller that reports only where the claim now stands (the CLI's text
    output): the same move in one transaction, without reading the whole claim back."""
    with unit(desk, write=True) as session:
        return apply_trigger_stamp(Step.open(session, desk), ref, trigger, reason,
                                   override=override, expected_version=expected_version, expires=expires)


def apply_trigger_in(step: Step, ref: int | str, trigger: str, reason: object, *, override: bool = False,
                     expected_version: int | None = None, claim: Claim | None = None,
                     expires: object = None) -> ClaimView:
    """`apply_trigger` inside an open transaction (the sweep passes the row it already holds)."""
    stamp = apply_trigger_stamp(step, ref, trigger, reason, override=override,
                                expected_version=expected_version, claim=claim, expires=expires)
    return claim_view(step.session, stamp.id)


def apply_trigger_stamp(step: Step, ref: int | str, trigger: str, reason: object, *, override: bool = False,
                        expected_version: int | None = None,
                        claim: Claim | queries.ClaimState | None = None, expires: object = None) -> ClaimStamp:
    """`apply_trigger_in` without reading the claim back (for batches and the sweep): returns its stamp."""
    text = clean_text("reason", reason, required=False) or ""
    claim = claim or step.state(ref, lock=True)
    assert claim.id is not None
    version = claim.version
    expect_version(claim, expected_version)
    before = Status(claim.status)
    facts = facts_of(step, claim)
    if step.machine is not None:
        after, overridden = step.machine.fire(trigger, facts, reason=text, override=override)
    else:
        after, overridden = fire(trigger, facts, step.settings, reason=text, override=override)
    changed = {"status": after.value, "updated_at": step.now, "last_activity_at": step.now}
    deadline = reopen_deadline(step, trigger, claim.expires_at, expires)
    if deadline is not _UNCHANGED:
        changed["expires_at"] = deadline
    if not queries.bump(step.session, claim.id, version, changed):
        raise Conflict(f"claim {claim.id} changed underneath this {trigger}; nothing was changed, try again")
    queries.insert_event(step.session, {
        "claim_id": claim.id, "at": step.now, "actor": step.actor, "action": trigger,
        "from_status": before.value, "to_status": after.value, "reason": text,
        "override": overridden is not None,
        "detail": detail(overridden=overridden, **_deadline_detail(deadline, claim.expires_at)),
    })
    return ClaimStamp(claim.id, claim.uuid, after, version + 1)


_UNCHANGED = object()
"""`reopen_deadline`'s answer when the deadline stays as it is."""


def reopen_deadline(step: Step, trigger: str, current: datetime | None, expires: object) -> object:
    """The deadline a trigger leaves the claim with: `_UNCHANGED`, None (no deadline) or a new time.

    Only `reopen` changes it. Given `expires`, that is the new deadline ('never' removes it; a
    time must be in the future, or the next sweep would expire the claim again at once).
    Without it, a claim reopened after its deadline gets a fresh one (now + default_expiry),
    for the same reason; a deadline still ahead is kept.
    """
    if trigger != "reopen":
        if expires is not None:
            raise InvalidInput("a new deadline goes with reopen only")
        return _UNCHANGED
    if isinstance(expires, str) and expires.strip().lower() in NO_DEADLINE:
        return None
    if expires is not None:
        when = step.when("expires_at", expires)
        if when is not None and when.at <= step.now:
            raise InvalidInput("the new deadline must be in the future")
        return when.at if when else _UNCHANGED
    if current is not None and current <= step.now and step.settings.default_expiry is not None:
        return step.now + step.settings.default_expiry
    return _UNCHANGED


def _deadline_detail(deadline: object, previous: datetime | None) -> dict[str, object]:
    if deadline is _UNCHANGED:
        return {}
    return {"expires_at": isoformat(deadline) if deadline else "never",  # type: ignore[arg-type]
            "previous_expires_at": isoformat(previous) if previous else "never"}


def refusal(desk: Desk, ref: int | str, trigger: str) -> str | None:
    """What the rules would say to `trigger` on this claim right now (None: it would pass); changes nothing."""
    with unit(desk, write=False) as session:
        step = Step.open(session, desk)
        return check(trigger, facts_of(step, step.claim(ref)), step.settings)
