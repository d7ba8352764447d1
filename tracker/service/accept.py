"""Adding the proposals an editor accepted from an article: all of them in one transaction, or none."""

from __future__ import annotations

from dataclasses import replace

from tracker.domain.errors import TrackerError
from tracker.service.claims import ClaimDraft, plan_add
from tracker.service.context import Desk, unit
from tracker.service.step import Step
from tracker.service.reading import claim_view
from tracker.service.views import ClaimView


def add_claims(desk: Desk, drafts: list[ClaimDraft]) -> list[ClaimView]:
    """Log every draft as a new claim in one transaction; a bad one adds none and names its place.

    Each view carries the claims it reads like (`similar`), those accepted before it included."""
    with unit(desk, write=True) as session:
        step = Step.open(session, desk)
        added = []
        for number, draft in enumerate(drafts, 1):
            try:
                stamp = step.write(plan_add(step, draft))
                assert stamp is not None
                added.append(replace(claim_view(session, stamp.id), similar=stamp.similar or ()))
            except TrackerError as err:
                raise type(err)(f"claim {number} of {len(drafts)} ({draft.speaker}): {err.message}") from None
        return added
