"""`perform`: run one planned change in its own transaction and read the claim back.

Every desk-level use case that changes a claim is `perform(desk, planner)`: one unit of work
(SQLite `BEGIN IMMEDIATE`; PostgreSQL locks the chain head), the clock read under that lock,
the planner, `Step.write` (the one write path), and the claim as it now stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tracker.service.context import Desk, unit
from tracker.service.reading import claim_view
from tracker.service.step import NoChange, Planned, Step
from tracker.service.views import ClaimView


def perform(desk: Desk, plan: Callable[[Step], Planned]) -> ClaimView:
    """Plan and write one change; the returned view's `changed` is False (and `notice` says why)
    when the planner found nothing to change."""
    with unit(desk, write=True) as session:
        step = Step.open(session, desk)
        planned = plan(step)
        stamp = step.write(planned)
        assert stamp is not None
        view = claim_view(session, stamp.id)
        if stamp.similar is not None:
            view = replace(view, similar=stamp.similar)
        if isinstance(planned, NoChange):
            return replace(view, changed=False, notice=planned.message)
        return view
