"""Guards: the evidence and deadline conditions a trigger must meet.

Each guard reads `ClaimFacts` and the desk's `RuleSettings` and returns None when
the claim passes, or the refusal message naming the rule when it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from collections.abc import Callable

from tracker.domain.rules import RuleSettings
from tracker.domain.status import Status


def source_key(name: str) -> str:
    """How two evidence sources are judged the same: case, spacing and a leading 'the' ignored."""
    key = " ".join(name.casefold().split())
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What the guards need to know about one claim at one instant."""

    claim_id: int
    status: Status
    supporting_sources: frozenset[str]
    """Distinct `source_key`s of the claim's supporting evidence."""
    contradictions: int
    expires_at: datetime | None
    now: datetime


def enough_support(facts: ClaimFacts, settings: RuleSettings) -> str | None:
    """confirm: supporting evidence from at least `confirm_sources` distinct sources."""
    need, have = settings.confirm_sources, len(facts.supporting_sources)
    if have >= need:
        return None
    noun = "source" if need == 1 else "sources"
    return (
        f"confirm needs supporting evidence from {need} distinct {noun}; "
        f"claim {facts.claim_id} has {have}"
    )


def has_contradiction(facts: ClaimFacts, settings: RuleSettings) -> str | None:
    """contradict: at least one contradicting evidence item."""
    if facts.contradictions > 0:
        return None
    return f"contradict needs at least one contradicting evidence item; claim {facts.claim_id} has none"


def past_expiry(facts: ClaimFacts, settings: RuleSettings) -> str | None:
    """expire: the claim has a deadline and it has passed (a deadline equal to now has passed)."""
    if facts.expires_at is None:
        return f"expire needs a deadline; claim {facts.claim_id} has no expires_at"
    if facts.expires_at <= facts.now:
        return None
    when = facts.expires_at.isoformat(timespec="seconds")
    return f"expire needs the deadline to have passed; claim {facts.claim_id} expires at {when}"


GUARDS: dict[str, Callable[[ClaimFacts, RuleSettings], str | None]] = {
    "enough_support": enough_support,
    "has_contradiction": has_contradiction,
    "past_expiry": past_expiry,
}
