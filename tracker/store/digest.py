"""The daily report's counts and ranges, and the sweep's plan: each one walk of one index range.

Every statement here is planned on an index that holds what it reads, so its cost is the
size of the range it answers, never the size of the database, and nothing is sorted in a
temporary B-tree (tests/test_plans.py checks the plans with EXPLAIN QUERY PLAN, with and
without ANALYZE statistics):

* the counts by status, the age chart and the deadline counts read the claim tally (whole UTC
  hours, tracker/store/tally.py) plus the partial first and last hour on claim(status, created_at)
  or claim(status, expires_at);
* a count walks a covering range of index entries and reads no table row: stale claims per
  assignee on claim(status, assignee, last_activity_at);
* a first-N list over several statuses is one SELECT per status, merged in order
  (`merged_by_status`: SQLite's MERGE (UNION ALL), PostgreSQL's Merge Append), so the
  first N of 219k overdue claims cost the same as the first N of 20;
* the assignees are found by a loose index scan (a recursive CTE that seeks the next name),
  not by grouping every stale row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from tracker.domain.rules import DEADLINE_STATUSES
from tracker.domain.status import Status
from tracker.store import tally
from tracker.store.queries import _STATE_COLUMNS, _as_state
from tracker.store.writer import ClaimState
from tracker.store.tables import Claim, Event, core_table

_CLAIM = core_table(Claim)
_EVENT = core_table(Event)
_OPEN = tuple(s.value for s in DEADLINE_STATUSES)
_UNCONFIRMED = Status.UNCONFIRMED.value


@dataclass(frozen=True, slots=True)
class Scope:
    """The claims a report counts: those `ids` selects (None: every claim) but none that `excluded` selects
    (the claims linked as duplicates: a story's claim is counted once, on its primary)."""

    ids: sa.Select[tuple[int]] | None = None
    excluded: sa.Select[tuple[int]] | None = None


Within = sa.Select[tuple[int]] | Scope | None
"""The ids of the claims a report is scoped to (`report --search`: one story), a `Scope`, or None for every claim."""


def _in(column: sa.ColumnElement[int], within: Within) -> list[sa.ColumnElement[bool]]:
    """The condition "`column` is one of the claims `within`", or none."""
    if within is None:
        return []
    conds: list[sa.ColumnElement[bool]] = []
    if isinstance(within, Scope):
        if within.ids is not None:
            conds.append(column.in_(within.ids))
        if within.excluded is not None:
            conds.append(column.not_in(within.excluded))
    else:
        conds.append(column.in_(within))
    return conds


def _claim_columns() -> list[sa.ColumnElement[Any]]:
    c = _CLAIM.c
    return [c.id, c.uuid, c.text, c.speaker, c.status, c.assignee, c.expires_at, c.created_at, c.last_activity_at]


def merged_by_status(columns: Sequence[sa.ColumnElement[Any]], statuses: Sequence[str],
                     conditions: Sequence[sa.ColumnElement[bool]], order: Sequence[str],
                     limit: int | None, *, descending: bool = False) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """`columns` of the claims of any of `statuses` meeting `conditions`, ordered by the columns
    named in `order` (ascending unless `descending`), the first `limit` of them.

    With one status it is one SELECT; with more, one SELECT per status joined by UNION ALL and
    ordered as a whole. Each part is then an ordered walk of claim(status, <first order column>),
    and the database merges the parts instead of sorting every match.
    """
    parts = [sa.select(*columns).where(_CLAIM.c.status == status, *conditions) for status in statuses]
    if len(parts) == 1:
        query: sa.Select[Any] | sa.CompoundSelect[Any] = parts[0]
        keys: list[sa.ColumnElement[Any]] = [_CLAIM.c[name] for name in order]
    else:
        query = sa.union_all(*parts)
        keys = [query.selected_columns[name] for name in order]
    query = query.order_by(*[sa.desc(key) if descending else sa.asc(key) for key in keys])
    return query if limit is None else query.limit(limit)


def overdue_states(session: Session, now: datetime, *, limit: int | None = None,
                   by_id: bool = False) -> list[ClaimState]:
    """Open (unconfirmed or confirmed) claims whose deadline is at or before `now`, earliest deadline
    first (ties by id), or in id order when `by_id`; the first `limit` of them when given.

    The sweep writes in id order: claims with neighbouring ids share table and index pages, so a
    chunk of 1000 touches about half the pages that 1000 claims picked by deadline do (raw sqlite3
    expiring 100k of 1M claims: 29.5 s by id against 61.6 s by deadline, on a loaded machine)."""
    order = ("id",) if by_id else ("expires_at", "id")
    query = merged_by_status(_STATE_COLUMNS, _OPEN, [_CLAIM.c.expires_at <= now], order, limit)
    return [_as_state(row) for row in session.connection().execute(query)]


def event_counts(session: Session, actions: Sequence[str], start: datetime, end: datetime, *,
                 within: Within = None) -> dict[str, int]:
    """How many events of each action fall in ``[start, end)`` (index event(action, at))."""
    query = (
        sa.select(_EVENT.c.action, sa.func.count())
        .where(_EVENT.c.action.in_(list(actions)), _EVENT.c.at >= start, _EVENT.c.at < end,
               *_in(_EVENT.c.claim_id, within))
        .group_by(_EVENT.c.action)
    )
    counts = {action: 0 for action in actions}
    for action, count in session.connection().execute(query):
        counts[action] = int(count)
    return counts


def day_events(session: Session, actions: Sequence[str], start: datetime, end: datetime,
               limit: int, *, within: Within = None) -> list[sa.Row[Any]]:
    """The first `limit` events of these actions in ``[start, end)``, oldest first (ties by id), each with
    its claim's columns (claim_* names). The page of event ids is picked on index event(action, at)
    before any claim row is read."""
    e = _EVENT.c
    page = (
        sa.select(e.id)
        .where(e.action.in_(list(actions)), e.at >= start, e.at < end, *_in(e.claim_id, within))
        .order_by(e.at, e.id)
        .limit(limit)
        .subquery()
    )
    query = (
        sa.select(
            e.id, e.at, e.actor, e.action, e.from_status, e.to_status, e.reason, e.override,
            *[column.label(f"claim_{column.name}") for column in _claim_columns()],
        )
        .join_from(_EVENT, page, page.c.id == e.id)
        .join(_CLAIM, _CLAIM.c.id == e.claim_id)
        .order_by(e.at, e.id)
    )
    return list(session.connection().execute(query))


def stale_claims(session: Session, before: datetime, limit: int, *, within: Within = None) -> list[sa.Row[Any]]:
    """Unconfirmed claims with no activity since before `before`, least recently active first."""
    query = (
        sa.select(*_claim_columns())
        .where(_CLAIM.c.status == _UNCONFIRMED, _CLAIM.c.last_activity_at < before, *_in(_CLAIM.c.id, within))
        .order_by(_CLAIM.c.last_activity_at, _CLAIM.c.id)
        .limit(limit)
    )
    return list(session.connection().execute(query))


def _stale_by_assignee_query() -> sa.CompoundSelect[Any]:
    c = _CLAIM.c
    before: sa.BindParameter[datetime] = sa.bindparam("before")
    inner = _CLAIM.alias("later")
    # The distinct assignees of unconfirmed claims, each found by one seek for the next name.
    names = sa.select(sa.func.min(c.assignee).label("name")).where(c.status == _UNCONFIRMED).cte(
        "assignees", recursive=True)
    following = (
        sa.select(sa.func.min(inner.c.assignee))
        .where(inner.c.status == _UNCONFIRMED, inner.c.assignee > names.c.name)
        .scalar_subquery()
    )
    names = names.union_all(sa.select(following).where(names.c.name.is_not(None)))

    def stale_count(who: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
        return (
            sa.select(sa.func.count())
            .select_from(_CLAIM)
            .where(c.status == _UNCONFIRMED, who, c.last_activity_at < before)
            .scalar_subquery()
        )

    named = sa.select(names.c.name.label("who"), stale_count(c.assignee == names.c.name).label("n")).where(
        names.c.name.is_not(None))
    nobody = sa.select(sa.null().label("who"), stale_count(c.assignee.is_(None)).label("n"))
    return sa.union_all(named, nobody)


_STALE_BY_ASSIGNEE = _stale_by_assignee_query()


def stale_by_assignee(session: Session, before: datetime, *, within: Within = None) -> list[tuple[str | None, int]]:
    """(assignee or None, number of stale claims), most stale first, then by name (unassigned, None,
    first among equals); only assignees with stale claims.

    Each assignee's count is a range of claim(status, assignee, last_activity_at): the walk reads
    exactly the stale claims' index entries, and the summed counts are the number of stale claims.
    """
    c = _CLAIM.c
    if within is None or (isinstance(within, Scope) and within.ids is None):
        rows = [(name, int(n)) for name, n in session.connection().execute(_STALE_BY_ASSIGNEE, {"before": before})]
        if isinstance(within, Scope) and within.excluded is not None:  # less the few duplicates among them
            less: dict[str | None, int] = dict(session.connection().execute(
                sa.select(c.assignee, sa.func.count())
                .where(c.status == _UNCONFIRMED, c.last_activity_at < before, c.id.in_(within.excluded))
                .group_by(c.assignee)).all())
            rows = [(name, n - int(less.get(name, 0))) for name, n in rows]
    else:  # one story: few claims, grouped plainly
        rows = [(name, int(n)) for name, n in session.connection().execute(
            sa.select(c.assignee, sa.func.count())
            .where(c.status == _UNCONFIRMED, c.last_activity_at < before, *_in(c.id, within))
            .group_by(c.assignee))]
    found = [(name, n) for name, n in rows if n]
    return sorted(found, key=lambda item: (-item[1], item[0] or ""))


def _deadline_window(after: datetime | None, until: datetime, inclusive: bool) -> list[sa.ColumnElement[bool]]:
    c = _CLAIM.c
    conds = [c.expires_at <= until if inclusive else c.expires_at < until]
    if after is not None:
        conds.append(c.expires_at > after)
    return conds


def deadline_claims(session: Session, after: datetime | None, until: datetime, *, inclusive: bool,
                    limit: int, within: Within = None) -> list[sa.Row[Any]]:
    """Open claims whose deadline is after `after` (None: any) and before `until` (or at it when
    `inclusive`), earliest deadline first (ties by id)."""
    query = merged_by_status(_claim_columns(), _OPEN,
                             [*_deadline_window(after, until, inclusive), *_in(_CLAIM.c.id, within)],
                             ("expires_at", "id"), limit)
    return list(session.connection().execute(query))


def count_deadline(session: Session, after: datetime | None, until: datetime, *, inclusive: bool,
                   within: Within = None) -> int:
    """How many open claims `deadline_claims` would list without a limit (from the tally: `_tallied`)."""
    return _tallied(session, _OPEN, "expires_at", within, lo=after, hi=until, hi_closed=inclusive)


def _tallied(session: Session, statuses: Sequence[str], field: str, within: Within, *,
             lo: datetime | None = None, hi: datetime | None = None, hi_closed: bool = False) -> int:
    """How many claims `within` of `statuses` have `field` in (lo, hi) or (lo, hi]: the whole desk from
    the tally (tracker/store/tally.py) less the duplicates among them, counted one by one (they are few);
    one story on the index."""
    conn = session.connection()
    if isinstance(within, Scope) and within.ids is None:
        total = tally.count(conn, statuses, field, lo=lo, hi=hi, hi_closed=hi_closed)
        if within.excluded is None:
            return total
        c = _CLAIM.c
        rows = conn.execute(sa.select(c.status, c[field]).where(c.id.in_(within.excluded)))
        wanted = set(statuses)
        return total - sum(1 for status, at in rows
                           if tally.status_text(status) in wanted and tally.within_range(
                               at, lo=lo, hi=hi, hi_closed=hi_closed))
    if within is None:
        return tally.count(conn, statuses, field, lo=lo, hi=hi, hi_closed=hi_closed)
    return tally.count(conn, statuses, field, lo=lo, hi=hi, hi_closed=hi_closed, extra=_in(_CLAIM.c.id, within))


def count_stale(session: Session, before: datetime) -> int:
    """How many unconfirmed claims have had no activity since before `before`."""
    query = sa.select(sa.func.count()).select_from(_CLAIM).where(
        _CLAIM.c.status == _UNCONFIRMED, _CLAIM.c.last_activity_at < before
    )
    return int(session.connection().execute(query).scalar_one())


def oldest_unconfirmed(session: Session, *, within: Within = None) -> sa.Row[Any] | None:
    """The unconfirmed claim logged earliest (ties: lowest id), or None."""
    query = (
        sa.select(*_claim_columns())
        .where(_CLAIM.c.status == _UNCONFIRMED, *_in(_CLAIM.c.id, within))
        .order_by(_CLAIM.c.created_at, _CLAIM.c.id)
        .limit(1)
    )
    return session.connection().execute(query).first()


def unconfirmed_by_created(session: Session, edges: Sequence[datetime], *, within: Within = None) -> list[int]:
    """Unconfirmed claims counted by creation time between `edges` (latest edge first).

    With edges ``[e1, e2, ..., ek]`` (descending) the counts are for created_at ``> e1``,
    ``(e2, e1]``, ..., ``<= ek``: k + 1 numbers, each from the tally by day plus the index for the
    partial days at its ends (`_tallied`).
    """
    bounds: list[tuple[datetime | None, datetime | None]] = []
    upper: datetime | None = None
    for edge in edges:
        bounds.append((edge, upper))
        upper = edge
    bounds.append((None, upper))
    return [_tallied(session, (_UNCONFIRMED,), "created_at", within, lo=lo, hi=hi, hi_closed=True)
            for lo, hi in bounds]


def counts_by_status(session: Session, *, within: Within = None) -> dict[Status, int]:
    """How many claims have each status (every status present), from the tally's creation days."""
    return {status: _tallied(session, (status.value,), "created_at", within) for status in Status}
