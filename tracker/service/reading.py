"""Use cases that only read: show a claim, its history, list claims, count views."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session

from tracker.domain.errors import NotFound
from tracker.domain.inputs import clean_name, clean_text
from tracker.domain.status import Status
from tracker.service.context import Desk, settings, unit
from tracker.service.views import ClaimView, EventView
from tracker.store import queries
from tracker.store.queries import ClaimFilter


def claim_view(session: Session, ref: int | str) -> ClaimView:
    """A claim with its tags and evidence, read in the caller's transaction."""
    row = queries.find_claim(session, ref)
    if row is None or row.id is None:
        raise NotFound(f"no claim {ref}")
    return ClaimView.of(
        row, queries.tags_for(session, [row.id])[row.id], queries.evidence_for(session, [row.id])[row.id]
    )


def show(desk: Desk, ref: int | str) -> ClaimView:
    """One claim, whole."""
    with unit(desk, write=False) as session:
        return claim_view(session, ref)


def history(desk: Desk, ref: int | str) -> tuple[ClaimView, list[EventView]]:
    """A claim and its history, oldest event first."""
    with unit(desk, write=False) as session:
        claim = claim_view(session, ref)
        return claim, [EventView.of(e) for e in queries.events_for(session, claim.id)]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A list request: what to show, in which order, which page."""

    statuses: tuple[Status, ...] = ()
    tag: str | None = None
    assignee: str | None = None
    search: str | None = None
    stale: bool = False
    due_soon: bool = False
    sort: str = "id"
    descending: bool = True
    limit: int = 50
    offset: int = 0


def _filter(session: Session, desk: Desk, query: ListQuery) -> ClaimFilter:
    rules = settings(session) if (query.stale or query.due_soon) else None
    now = desk.now()
    return ClaimFilter(
        statuses=query.statuses,
        tag=clean_name("tag", query.tag, required=False),
        assignee=clean_name("assignee", query.assignee, required=False),
        search=clean_text("search", query.search, required=False),
        stale_before=now - rules.stale_after if rules and query.stale else None,
        due_before=now + rules.due_soon if rules and query.due_soon else None,
    )


def rows_in(session: Session, flt: ClaimFilter, query: ListQuery) -> list[ClaimView]:
    """List rows (tags and evidence counts, no evidence items) inside an open transaction."""
    rows = queries.list_claims(
        session, flt, sort=query.sort, descending=query.descending, limit=query.limit, offset=query.offset
    )
    ids = [row.id for row in rows if row.id is not None]
    tags = queries.tags_for(session, ids)
    stances = queries.stance_counts(session, ids)
    return [ClaimView.of(row, tags.get(row.id, []), stances=stances.get(row.id, {})) for row in rows]  # type: ignore[arg-type]


def list_claims(desk: Desk, query: ListQuery) -> list[ClaimView]:
    """One page of claims, filtered and sorted in SQL."""
    with unit(desk, write=False) as session:
        return rows_in(session, _filter(session, desk, query), query)


@dataclass(frozen=True, slots=True)
class ViewCounts:
    """How many claims each standard view holds (under the same search/tag/assignee filter)."""

    all: int
    by_status: dict[Status, int]
    stale: int
    due_soon: int


def view_counts(desk: Desk, query: ListQuery) -> ViewCounts:
    """Counts for the All / per-status / Stale / Due soon views, in one transaction."""
    with unit(desk, write=False) as session:
        base = _filter(session, desk, replace(query, statuses=(), stale=False, due_soon=False))
        by_status = queries.status_counts(session, base)
        stale = _filter(session, desk, replace(query, statuses=(), stale=True, due_soon=False))
        due = _filter(session, desk, replace(query, statuses=(), stale=False, due_soon=True))
        return ViewCounts(
            sum(by_status.values()), by_status, queries.count_claims(session, stale), queries.count_claims(session, due)
        )
