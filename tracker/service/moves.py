"""The use case that moves a claim through its lifecycle: fire a trigger."""

from __future__ import annotations

from tracker.domain.errors import Conflict
from tracker.domain.guards import ClaimFacts, source_key
from tracker.domain.inputs import clean_text
from tracker.domain.lifecycle import check, fire
from tracker.domain.status import Status
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
                  expected_version: int | None = None) -> ClaimView:
    """Fire `trigger` on a claim under the lifecycle rules; the move, its event and the version bump commit together."""
    with unit(desk, write=True) as session:
        return apply_trigger_in(Step.open(session, desk), ref, trigger, reason,
                                override=override, expected_version=expected_version)


def apply_trigger_brief(desk: Desk, ref: int | str, trigger: str, reason: str, *, override: bool = False,
                        expected_version: int | None = None) -> ClaimStamp:
    """`apply_trigger` for a caller that reports only where the claim now stands (the CLI's text
    output): the same move in one transaction, without reading the whole claim back."""
    with unit(desk, write=True) as session:
        return apply_trigger_stamp(Step.open(session, desk), ref, trigger, reason,
                                   override=override, expected_version=expected_version)


def apply_trigger_in(step: Step, ref: int | str, trigger: str, reason: object, *, override: bool = False,
                     expected_version: int | None = None, claim: Claim | None = None) -> ClaimView:
    """`apply_trigger` inside an open transaction (the sweep passes the row it already holds)."""
    stamp = apply_trigger_stamp(step, ref, trigger, reason, override=override,
                                expected_version=expected_version, claim=claim)
    return claim_view(step.session, stamp.id)


def apply_trigger_stamp(step: Step, ref: int | str, trigger: str, reason: object, *, override: bool = False,
                        expected_version: int | None = None,
                        claim: Claim | queries.ClaimState | None = None) -> ClaimStamp:
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
    if not queries.bump(step.session, claim.id, version, changed):
        raise Conflict(f"claim {claim.id} changed underneath this {trigger}; nothing was changed, try again")
    queries.insert_event(step.session, {
        "claim_id": claim.id, "at": step.now, "actor": step.actor, "action": trigger,
        "from_status": before.value, "to_status": after.value, "reason": text,
        "override": overridden is not None, "detail": detail(overridden=overridden),
    })
    return ClaimStamp(claim.id, claim.uuid, after, version + 1)


def refusal(desk: Desk, ref: int | str, trigger: str) -> str | None:
    """What the rules would say to `trigger` on this claim right now (None: it would pass); changes nothing."""
    with unit(desk, write=False) as session:
        step = Step.open(session, desk)
        return check(trigger, facts_of(step, step.claim(ref)), step.settings)
