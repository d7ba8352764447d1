"""Similar claims: which open or recent claims read like a text, scored (docs/similarity.md).

`lookalikes` is what `plan_add` runs before it plans the `add` event (so every add - CLI,
`apply` lines, the TUI's add form, intake accept - gets it, inside the transaction that writes
it); `similar_to_claim` is `tracker similar ID`, and `similar_to_text` serves a form that shows
matches while an editor types. All three take candidates from the full-text index in one query
with a LIMIT (tracker.store.lookalike) through the step's writer, and score only those
candidates with the lexical similarity score (tracker.domain.similarity); a match is a
candidate scoring at least the desk's `similar_threshold`.
"""

from __future__ import annotations

from datetime import timedelta

from tracker.domain.errors import InvalidInput
from tracker.domain.similarity import RECENT_DAYS, Similar, lookup_terms, profile, score_profiles
from tracker.domain.status import Status
from tracker.service.context import Desk, unit
from tracker.service.step import Step
from tracker.store import lookalike

CANDIDATES = 30
"""How many candidates are scored: the newest open or recent claims sharing a word with the text."""
WARN_LIMIT = 5
"""At most this many matches are reported on an add."""


def lookalikes(step: Step, text: str, *, threshold: float | None = None, exclude: int | None = None,
               limit: int = WARN_LIMIT) -> tuple[Similar, ...]:
    """The open or recent claims whose text scores at least `threshold` (default: the desk's
    `similar_threshold`) against `text`, best first (ties: newest first), at most `limit`; read
    inside the step's transaction."""
    floor = step.settings.similar_threshold if threshold is None else threshold
    words, names = lookup_terms(text)
    found = lookalike.candidates(step.writer.executor, words, names, text,
                                 since=step.now - timedelta(days=RECENT_DAYS), exclude=exclude, limit=CANDIDATES)
    if not found:
        return ()
    mine = profile(text)
    scored = [
        Similar(c.id, score, c.text, Status(c.status))
        for c in found
        if (score := score_profiles(mine, profile(c.text), floor)) >= floor
    ]
    scored.sort(key=lambda s: (-s.score, -s.id))
    return tuple(scored[:limit])


def _checked(limit: int, threshold: float | None) -> None:
    if not 1 <= limit <= 100:
        raise InvalidInput(f"--limit must be between 1 and 100, not {limit}")
    if threshold is not None and not 0 < threshold <= 1:
        raise InvalidInput(f"--threshold must be above 0 and at most 1, not {threshold:g}")


def similar_to_claim(desk: Desk, ref: int | str, *, limit: int = 10,
                     threshold: float | None = None) -> tuple[Similar, ...]:
    """The claims that read like the claim `ref` names (it excluded), best first; NotFound for no claim."""
    _checked(limit, threshold)
    with unit(desk, write=False) as session:
        step = Step.open(session, desk, write=False)
        claim = step.state(ref)
        text = step.writer.fields(claim.id)["text"]
        return lookalikes(step, text, threshold=threshold, exclude=claim.id, limit=limit)


def similar_to_text(desk: Desk, text: str, *, limit: int = WARN_LIMIT,
                    threshold: float | None = None) -> tuple[Similar, ...]:
    """The claims a claim with this text would be warned about if it were added now (the add form's
    matches as the editor types); empty for a blank text."""
    _checked(limit, threshold)
    if not text or not text.strip():
        return ()
    with unit(desk, write=False) as session:
        step = Step.open(session, desk, write=False)
        return lookalikes(step, text, threshold=threshold, limit=limit)
