"""Which claims an export or a bulk change acts on: the list filters, or given claims, read page by page.

`Selection` is the one description of "these claims" that `tracker export`, `tracker list --csv`,
`tracker bulk` and the TUI's marked rows share; `selected` reads what it names in one read
transaction, with the event that put each claim in its current status (its verdict, for a
confirmed or contradicted claim).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tracker.domain.errors import NotFound
from tracker.domain.status import VERDICT_STATES, Status
from tracker.service.context import Desk, unit
from tracker.service.reading import ListQuery, claim_filter
from tracker.service.views import ClaimView, EventView

if TYPE_CHECKING:  # a Selection is described without SQLAlchemy (a cold `export` of jsonl never reads one)
    from sqlmodel import Session

    from tracker.store.tables import Claim

PAGE = 500
"""Claims read per query while walking a selection."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which claims: every claim the list filters match, or (with `refs`) only the claims named."""

    query: ListQuery = field(default_factory=ListQuery)
    """The list filters (status, tag, assignee, search, stale, due soon). Its sort, limit and offset
    apply only when `paged`; otherwise every match is taken, oldest id first."""
    refs: tuple[int | str, ...] | None = None
    """Only these claims (ids or uuids), as the TUI's marked rows give them; the filters still apply."""
    paged: bool = False
    """Take one page in the query's order (`tracker list --csv`), not every match."""
    only: tuple[Status, ...] | None = None
    """Whatever the filters say, only claims in these statuses (ClaimReview: the verdicts)."""

    @property
    def filtered(self) -> bool:
        """True when any list filter narrows the selection."""
        q = self.query
        return bool(q.statuses or q.tag or q.assignee or q.search or q.stale or q.due_soon)

    def statuses(self) -> tuple[Status, ...] | None:
        """The statuses to read: the --status filter within `only` (None: any; empty: none at all)."""
        if self.only is None:
            return self.query.statuses or None
        return tuple(s for s in (self.query.statuses or self.only) if s in self.only)


@dataclass(frozen=True, slots=True)
class Selected:
    """One selected claim (tags and evidence counts, no evidence items) and how it got its status."""

    claim: ClaimView
    moved: EventView | None
    """The event that put the claim in its current status (None only for a claim with no history)."""

    @property
    def verdict(self) -> EventView | None:
        """The verdict event, for a claim whose status is a verdict (confirmed or contradicted)."""
        return self.moved if self.claim.status in VERDICT_STATES else None


def resolve(session: Session, refs: Sequence[int | str]) -> tuple[list[int], list[NotFound]]:
    """The ids of the claims `refs` name, in order without repeats, and a NotFound for each missing one."""
    from tracker.store import queries

    ids: list[int] = []
    missing: list[NotFound] = []
    for ref in refs:
        row = queries.find_claim(session, ref)
        if row is None or row.id is None:
            missing.append(NotFound(f"no claim {ref}"))
        elif row.id not in ids:
            ids.append(row.id)
    return ids, missing


def selected(desk: Desk, selection: Selection, *, page: int = PAGE) -> Iterator[Selected]:
    """Every claim `selection` names, read in one transaction, `page` claims per query.

    A ref that names no claim raises NotFound before anything is yielded.
    """
    from tracker.store import queries

    statuses = selection.statuses()
    if statuses is not None and not statuses:
        return
    with unit(desk, write=False) as session:
        flt = replace(claim_filter(session, desk, selection.query), statuses=statuses or ())
        if selection.refs is not None:
            ids, missing = resolve(session, selection.refs)
            if missing:
                raise missing[0]
            flt = replace(flt, ids=tuple(ids))
        if selection.paged:
            q = selection.query
            yield from _views(session, queries.list_claims(session, flt, sort=q.sort, descending=q.descending,
                                                           limit=q.limit, offset=q.offset))
            return
        after: tuple[int, int] | None = None
        while True:
            rows = queries.list_claims_after(session, flt, sort="id", descending=False, after=after, limit=page)
            yield from _views(session, rows)
            if len(rows) < page:
                return
            last = rows[-1].id
            assert last is not None
            after = (last, last)


def _views(session: Session, rows: Sequence[Claim]) -> Iterator[Selected]:
    from tracker.store import queries

    ids = [row.id for row in rows if row.id is not None]
    tags = queries.tags_for(session, ids)
    stances = queries.stance_counts(session, ids)
    moves = queries.last_moves(session, ids)
    for row in rows:
        assert row.id is not None
        moved = moves.get(row.id)
        yield Selected(ClaimView.of(row, tags.get(row.id, []), stances=stances.get(row.id, {})),
                       EventView.of(moved) if moved is not None else None)
