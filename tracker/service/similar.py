"""Similar claims: which open or recent claims read like a text, scored (docs/similarity.md).

`similar_in` is what `add` runs before it inserts (CLI, batch, TUI, intake: every add goes
through `add_claim_stamp`); `similar_to` is `tracker similar ID`. Both take candidates from the
full-text index (tracker.store.lookalike) and score them with the lexical similarity score
(tracker.domain.similarity); a match is a candidate scoring at least the desk's
`similar_threshold`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from tracker.domain.similarity import RECENT_DAYS, lookup_terms, profile, score_profiles
from tracker.domain.status import Status
from tracker.service.context import Desk, settings, unit
from tracker.service.views import Similar
from tracker.store import lookalike, queries

CANDIDATES = 50
"""How many candidates are scored (the newest claims sharing a word)."""


def similar_in(session: Session, text: str, *, now: datetime, threshold: float, exclude: int | None = None,
               limit: int = 5) -> tuple[Similar, ...]:
    """The open or recent claims whose text scores at least `threshold` against `text`, best first
    (ties: newest first), at most `limit`; inside the caller's transaction."""
    words, names = lookup_terms(text)
    found = lookalike.candidates(session, words, names, text, since=now - timedelta(days=RECENT_DAYS),
                                 exclude=exclude, limit=CANDIDATES)
    if not found:
        return ()
    mine = profile(text)
    scored = [
        Similar(c.id, score, c.text, Status(c.status))
        for c in found
        if (score := score_profiles(mine, profile(c.text), threshold)) >= threshold
    ]
    scored.sort(key=lambda s: (-s.score, -s.id))
    return tuple(scored[:limit])


def similar_to(desk: Desk, ref: int | str, *, limit: int = 10, threshold: float | None = None) -> tuple[Similar, ...]:
    """Claims that read like the claim `ref` names (it excluded), best first."""
    from tracker.domain.errors import InvalidInput, NotFound

    if not 1 <= limit <= 100:
        raise InvalidInput(f"--limit must be between 1 and 100, not {limit}")
    if threshold is not None and not 0 < threshold <= 1:
        raise InvalidInput(f"--threshold must be above 0 and at most 1, not {threshold:g}")
    with unit(desk, write=False) as session:
        claim = queries.find_claim(session, ref)
        if claim is None or claim.id is None:
            raise NotFound(f"no claim {ref}")
        rules = settings(session)
        return similar_in(session, claim.text, now=desk.now(), exclude=claim.id, limit=limit,
                          threshold=rules.similar_threshold if threshold is None else threshold)
