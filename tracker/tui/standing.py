"""Where a claim stands against the lifecycle rules: which moves its status allows, and which a guard would refuse.

Pure (no Textual): built from a whole `ClaimView` (with its evidence) and the desk's
`RuleSettings`, through the same guards the service layer fires, so the detail pane,
the command palette and the refusal dialog say exactly what `tracker confirm` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.domain.guards import GUARDS, ClaimFacts, source_key
from tracker.domain.rules import RULES, RuleSettings
from tracker.domain.status import Stance
from tracker.service.views import ClaimView


@dataclass(frozen=True, slots=True)
class SourceTally:
    """One distinct supporting source: its name as first entered, and how many items came from it."""

    name: str
    items: int


@dataclass(frozen=True, slots=True)
class Move:
    """One trigger for one claim: whether its status allows it, and the guard's refusal if any."""

    trigger: str
    allowed: bool
    """The from-state rule allows it (only then is it offered)."""
    refusal: str | None
    """The guard's message when it would refuse (overridable), else None."""


def supporting(claim: ClaimView) -> list[SourceTally]:
    """The distinct supporting sources of `claim` (the two-source rule's notion of distinct), oldest first."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for item in claim.evidence:
        if item.stance is Stance.SUPPORTS:
            key = source_key(item.source)
            names.setdefault(key, item.source)
            counts[key] = counts.get(key, 0) + 1
    return [SourceTally(names[key], counts[key]) for key in names]

def facts(claim: ClaimView, now: datetime) -> ClaimFacts:
    """What the guards read, from a whole claim view."""
    return ClaimFacts(
        claim_id=claim.id,
        status=claim.status,
        supporting_sources=frozenset(source_key(e.source) for e in claim.evidence if e.stance is Stance.SUPPORTS),
        contradictions=sum(1 for e in claim.evidence if e.stance is Stance.CONTRADICTS),
        expires_at=claim.expires_at,
        now=now,
    )


def moves(claim: ClaimView, settings: RuleSettings, now: datetime) -> list[Move]:
    """Every trigger in rule-table order, judged for `claim` right now."""
    known = facts(claim, now)
    found = []
    for rule in RULES:
        allowed = claim.status in rule.sources
        refusal = GUARDS[rule.guard](known, settings) if allowed and rule.guard else None
        found.append(Move(rule.trigger, allowed, refusal))
    return found


def move(claim: ClaimView, settings: RuleSettings, now: datetime, trigger: str) -> Move:
    """One trigger, judged for `claim` right now."""
    return next(m for m in moves(claim, settings, now) if m.trigger == trigger)
