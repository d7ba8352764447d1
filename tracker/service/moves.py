"""The use case that moves a claim through its lifecycle: fire a trigger of the rule table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.domain.errors import InvalidInput, Refused
from tracker.domain.events import FOLLOWS_KEY, Change, to_payload
from tracker.domain.guards import ClaimFacts, source_key
from tracker.domain.inputs import clean_text
from tracker.domain.lifecycle import check, fire
from tracker.domain.rules import RULES_BY_TRIGGER
from tracker.domain.status import Status
from tracker.domain.when import NO_DEADLINE
from tracker.service.context import Desk, unit
from tracker.service.step import Step
from tracker.service.write import perform, perform_brief
from tracker.store.writer import ClaimState

if TYPE_CHECKING:
    from tracker.service.stamp import ClaimStamp
    from tracker.service.views import ClaimView


def facts_of(step: Step, claim: ClaimState, *, following: ClaimState | None = None) -> ClaimFacts:
    """What the guards need to know about `claim`, now. A duplicate's guards read its primary's evidence
    besides its own; a duplicate `following` its primary's move also reads the primary's deadline."""
    tally = step.writer.tally(claim.id)
    supporting = {source_key(s) for s in tally.supporting_sources}
    contradictions = tally.contradictions
    primary = following
    if primary is None and claim.duplicate_of is not None:
        primary = step.writer.state(claim.duplicate_of)
    if primary is not None:
        theirs = step.writer.tally(primary.id)
        supporting |= {source_key(s) for s in theirs.supporting_sources}
        contradictions += theirs.contradictions
    return ClaimFacts(
        claim_id=claim.id,
        status=Status(claim.status),
        supporting_sources=frozenset(supporting),
        contradictions=contradictions,
        expires_at=following.expires_at if following is not None else claim.expires_at,
        now=step.now,
    )


def plan_trigger(step: Step, ref: int | str, trigger: str, reason: object, *, override: bool = False,
                 expected_version: int | None = None, expires: object = None,
                 claim: ClaimState | None = None, facts: ClaimFacts | None = None) -> Change:
    """The event of firing `trigger` under the lifecycle rules (the sweep passes the state it re-read,
    and, when the trigger's guard reads only the deadline, the facts without the evidence tally), with
    the events of the claim's duplicates following it (`Change.then`)."""
    text = clean_text("reason", reason, required=False) or ""
    if claim is None:
        claim = step.target(ref, expected_version)
    change = _move(step, claim, trigger, text, override=override, expires=expires, facts=facts)
    if claim.duplicate_of is None:
        duplicates = step.writer.duplicates(claim.uuid)
        if duplicates:
            change = replace(change, then=follows(step, claim, duplicates, trigger, text, override=override,
                                                  expires=expires))
    return change


def _move(step: Step, claim: ClaimState, trigger: str, reason: str, *, override: bool, expires: object,
          following: ClaimState | None = None, facts: ClaimFacts | None = None) -> Change:
    """The event of firing `trigger` on one claim (Refused when the rules say no)."""
    if facts is None or claim.duplicate_of is not None:  # a duplicate's guards read its primary's evidence too
        facts = facts_of(step, claim, following=following)
    if step.machine is not None:
        after, overridden = step.machine.fire(trigger, facts, reason=reason, override=override)
    else:
        after, overridden = fire(trigger, facts, step.settings, reason=reason, override=override)
    payload: dict[str, Any] = {}
    if following is not None:
        payload[FOLLOWS_KEY] = following.uuid
    if overridden is not None:
        payload["overridden"] = overridden
    new_deadline = reopen_deadline(step, trigger, claim.expires_at, expires)
    if new_deadline is not _UNCHANGED and new_deadline != claim.expires_at:
        payload["changes"] = {"expires_at": {"from": to_payload("expires_at", claim.expires_at),
                                             "to": to_payload("expires_at", new_deadline)}}
    return step.change(trigger, claim, payload=payload, from_status=claim.status, to_status=after, reason=reason,
                       override=overridden is not None)


def follows(step: Step, primary: ClaimState, duplicates: list[ClaimState], trigger: str, reason: str, *,
            override: bool = False, expires: object = None) -> tuple[Change, ...]:
    """The same trigger on each duplicate of `primary` the rules let it fire on, in the same transaction:
    the from-state rule on the duplicate's status, its guards on its evidence and the primary's (and the
    primary's deadline), `override` as the primary's move had it. Each event names the primary (payload
    `follows`, and its reason); a duplicate the rules refuse, or with an event after this one, stays."""
    sources = RULES_BY_TRIGGER[trigger].sources
    planned = []
    for duplicate in duplicates:
        if duplicate.status not in sources or duplicate.last_activity_at > step.now:
            continue
        try:
            planned.append(_move(step, duplicate, trigger, f"follows #{primary.id}: {reason}", override=override,
                                 expires=expires, following=primary))
        except Refused:
            continue
    return tuple(planned)


def apply_trigger(desk: Desk, ref: int | str, trigger: str, reason: str, *, override: bool = False,
                  expected_version: int | None = None, expires: object = None) -> ClaimView:
    """Fire `trigger` on a claim; the move, its event and the version bump commit together.

    `expires` (a trigger that renews the deadline: reopen) gives the claim a new deadline; see
    `reopen_deadline`.
    """
    return perform(desk, _planner(ref, trigger, reason, override, expected_version, expires))


def apply_trigger_brief(desk: Desk, ref: int | str, trigger: str, reason: str, *, override: bool = False,
                        expected_version: int | None = None, expires: object = None) -> ClaimStamp:
    """`apply_trigger`, answering only where the claim now stands (the CLI's text output)."""
    return perform_brief(desk, _planner(ref, trigger, reason, override, expected_version, expires))


def _planner(ref: int | str, trigger: str, reason: str, override: bool, expected_version: int | None,
             expires: object) -> Callable[[Step], Change]:
    """The planner `perform` runs for one trigger (both `apply_trigger` forms)."""
    return lambda step: plan_trigger(step, ref, trigger, reason, override=override,
                                     expected_version=expected_version, expires=expires)


_UNCHANGED: Any = object()
"""`reopen_deadline`'s answer when the deadline stays as it is."""


def reopen_deadline(step: Step, trigger: str, current: datetime | None, expires: object) -> Any:
    """The deadline a trigger leaves the claim with: `_UNCHANGED`, None (no deadline) or a new time.

    Only a trigger whose rule renews the deadline (reopen) changes it. Given `expires`, that is
    the new deadline ('never' removes it; a time must be in the future, or the next sweep would
    expire the claim again at once). Without it, a claim reopened after its deadline gets a fresh
    one (now + default_expiry), for the same reason; a deadline still ahead is kept.
    """
    rule = RULES_BY_TRIGGER.get(trigger)
    if rule is None or not rule.renews_deadline:
        if expires is not None:
            renewing = ", ".join(r.trigger for r in RULES_BY_TRIGGER.values() if r.renews_deadline)
            raise InvalidInput(f"a new deadline goes with {renewing} only")
        return _UNCHANGED
    if isinstance(expires, str) and expires.strip().lower() in NO_DEADLINE:
        return None
    if expires is not None:
        when = step.when("expires_at", expires)
        if when is not None and when.at <= step.now:
            raise InvalidInput("the new deadline must be in the future")
        return when.at if when else _UNCHANGED
    if current is not None and current <= step.now and step.settings.default_expiry is not None:
        return step.later(step.settings.default_expiry)
    return _UNCHANGED


def refusal(desk: Desk, ref: int | str, trigger: str) -> str | None:
    """What the rules would say to `trigger` on this claim right now (None: it would pass); changes nothing."""
    with unit(desk, write=False) as session:
        step = Step.open(session, desk, write=False)
        return check(trigger, facts_of(step, step.state(ref)), step.settings)
