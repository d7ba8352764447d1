"""`perform`: run one planned change in its own transaction and read the claim back.

Every desk-level use case that changes a claim is `perform(desk, planner)`: one unit of work
(SQLite `BEGIN IMMEDIATE`; PostgreSQL locks the chain head), the clock read under that lock,
the planner, `Step.write` (the one write path), and the claim as it now stands.

On a plain SQLite file the transaction is sqlite3's alone (`tracker.store.lite.change`: the same
Writer on a bare connection, the claim read back with the generated read SQL), so a cold
`confirm`, `evidence`, `assign` or `edit` never imports SQLAlchemy; any other database, or a desk
built on an engine (the TUI, tests), runs it in a Session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.domain.rules import RuleSettings
from tracker.service.context import Desk, unit
from tracker.service.step import NoChange, Planned, Step

if TYPE_CHECKING:
    from tracker.service.stamp import ClaimStamp
    from tracker.service.views import ClaimView


def _run(desk: Desk, plan: Callable[[Step], Planned], *,
         read_back: bool) -> tuple[ClaimStamp, Planned, ClaimView | None]:
    path = desk.lite_file()
    view: ClaimView | None = None
    if path is not None:
        from tracker.store import lite

        with lite.change(path, desk.where) as (reader, writer):
            step = Step.locked(writer, RuleSettings.from_text(reader.settings()), desk)
            planned = plan(step)
            stamp = step.write(planned)
            assert stamp is not None
            if read_back:
                from tracker.service.showing import lite_claim

                view = lite_claim(reader, stamp.id)
    else:
        with unit(desk, write=True) as session:
            step = Step.open(session, desk)
            planned = plan(step)
            stamp = step.write(planned)
            assert stamp is not None
            if read_back:
                from tracker.service.showing import claim_view

                view = claim_view(session, stamp.id)
    return stamp, planned, view


def perform_brief(desk: Desk, plan: Callable[[Step], Planned]) -> ClaimStamp:
    """`perform` without reading the claim back: where it stands (id, uuid, status, version), for a
    caller that shows no more (a cold `confirm` in text: no view classes, three reads fewer)."""
    return _run(desk, plan, read_back=False)[0]


def perform(desk: Desk, plan: Callable[[Step], Planned]) -> ClaimView:
    """Plan and write one change; the returned view's `changed` is False (and `notice` says why)
    when the planner found nothing to change."""
    stamp, planned, view = _run(desk, plan, read_back=True)
    assert view is not None
    if stamp.similar is not None:
        view = replace(view, similar=stamp.similar)
    if isinstance(planned, NoChange):
        return replace(view, changed=False, notice=planned.message)
    return view
