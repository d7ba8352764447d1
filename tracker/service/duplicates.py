"""Duplicate claims: `link` a claim to the claim it duplicates (its primary), and `unlink` it.

Both are events on the duplicate, through the one write path, with a reason:

* `link`: ``{"changes": {"duplicate_of": {"from": <previous primary's uuid or null>, "to": <primary's uuid>}}}``
* `unlink`: ``{"changes": {"duplicate_of": {"from": <primary's uuid>, "to": null}}}``

Links form stars, one level deep: a primary is never itself a duplicate. So

* a claim cannot duplicate itself (exit 2);
* linking to a claim that is itself a duplicate links to *its* primary (the one the story hangs on);
  when that primary is the claim being linked, the link would close a cycle and is refused (exit 4);
* a claim that has duplicates of its own, linked to another claim, brings them along: each is
  re-linked to the new primary (a `link` event each) in the same transaction.

A duplicate follows its primary (`tracker.service.moves.follows`): the primary's confirm, contradict,
expire (the sweep's too) and reopen move each duplicate the rules let move the same way, an event each
naming the primary, in the same transaction; the duplicate's guards read the primary's evidence. Linked
to a primary that already has a verdict (confirmed, contradicted, expired), the duplicate catches up:
the trigger that leads from its status to the primary's fires on it right after the link, when the
rules allow it. Unlinking moves nothing.
"""

from __future__ import annotations

from dataclasses import replace

from tracker.domain.errors import InvalidInput, Refused
from tracker.domain.events import LINK_ACTION, UNLINK_ACTION, Change
from tracker.domain.inputs import clean_text
from tracker.domain.rules import catch_up_trigger
from tracker.service.context import Desk
from tracker.service.moves import follows
from tracker.service.step import NoChange, Planned, Step
from tracker.service.views import ClaimView
from tracker.service.write import perform
from tracker.store.writer import ClaimState


def _relink(step: Step, claim: ClaimState, to: str | None, reason: str, action: str) -> Change:
    payload = {"changes": {"duplicate_of": {"from": claim.duplicate_of, "to": to}}}
    return step.change(action, claim, payload=payload, reason=reason)


def plan_link(step: Step, ref: int | str, primary_ref: int | str, reason: object, *,
              expected_version: int | None = None) -> Planned:
    """The `link` event making `ref` a duplicate of `primary_ref` (or of its primary), with its own
    duplicates re-linked and its catch-up move after it; NoChange when it is already linked there."""
    why = clean_text("reason", reason)
    assert why is not None
    claim = step.target(ref, expected_version)
    named = step.state(primary_ref)
    if named.id == claim.id:
        raise InvalidInput(f"claim {claim.id} cannot be a duplicate of itself")
    primary = named
    if named.duplicate_of is not None:
        primary = step.state(named.duplicate_of)
        if primary.id == claim.id:
            raise Refused(f"claim {named.id} is a duplicate of claim {claim.id}: linking {claim.id} to it would "
                          f"make a cycle; unlink {named.id} first, or link {named.id} to another claim",
                          rule="no-cycle")
    if claim.duplicate_of == primary.uuid:
        return NoChange(claim, f"claim {claim.id} is already a duplicate of claim {primary.id}; nothing was changed")
    link = _relink(step, claim, primary.uuid, why, LINK_ACTION)
    then: list[Change] = []
    for own in step.writer.duplicates(claim.uuid):
        then.append(_relink(step, own, primary.uuid, f"with #{claim.id}, now a duplicate of #{primary.id}: {why}",
                            LINK_ACTION))
    linked = claim._replace(version=claim.version + 1, duplicate_of=primary.uuid)
    trigger = catch_up_trigger(linked.status, primary.status)
    if trigger is not None:
        then += follows(step, primary, [linked], trigger, f"linked as a duplicate: {why}")
    return replace(link, then=tuple(then))


def plan_unlink(step: Step, ref: int | str, reason: object, *, expected_version: int | None = None) -> Planned:
    """The `unlink` event ending `ref`'s link to its primary; NoChange when it is not a duplicate."""
    why = clean_text("reason", reason)
    assert why is not None
    claim = step.target(ref, expected_version)
    if claim.duplicate_of is None:
        return NoChange(claim, f"claim {claim.id} is not a duplicate of any claim; nothing was changed")
    return _relink(step, claim, None, why, UNLINK_ACTION)


def link_duplicate(desk: Desk, ref: int | str, primary: int | str, reason: str, *,
                   expected_version: int | None = None) -> ClaimView:
    """Record that claim `ref` duplicates claim `primary` (`tracker link ID --duplicate-of OTHER`)."""
    return perform(desk, lambda step: plan_link(step, ref, primary, reason, expected_version=expected_version))


def unlink_duplicate(desk: Desk, ref: int | str, reason: str, *, expected_version: int | None = None) -> ClaimView:
    """End claim `ref`'s duplicate link (`tracker unlink ID`); its status stays as it is."""
    return perform(desk, lambda step: plan_unlink(step, ref, reason, expected_version=expected_version))
