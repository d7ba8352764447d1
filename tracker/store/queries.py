"""Queries and writes on the tables, in SQL the indexes serve; every function takes an open Session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tracker.domain.rules import DEADLINE_STATUSES
from tracker.domain.search_text import Term, search_terms
from tracker.domain.status import Stance, Status
from tracker.store import search
from tracker.store.core_exec import sqlite_connection
from tracker.store.migrations import NotReady, refuse_foreign, require_current
from tracker.store.tables import Claim, ClaimTag, Event, EventHead, Evidence, Setting
from tracker.store.writer import ClaimState


def require_schema(session: Session, where: str) -> None:
    """Raise NotReady unless the database holds the current tracker schema."""
    conn = session.connection()
    try:
        with conn.begin_nested():
            require_current(conn, where)
    except sa.exc.DBAPIError:
        with conn.begin_nested():
            refuse_foreign(conn, where)
        raise NotReady(f"{where} is not a tracker database yet; run `tracker init`") from None


def stored_settings(session: Session) -> dict[str, str]:
    """Every rule setting stored in the database, as text."""
    return dict(session.execute(sa.select(Setting.key, Setting.value)).all())  # type: ignore[arg-type]


def setting_changes(session: Session) -> dict[str, tuple[datetime, str]]:
    """Who last set each stored rule setting, and when: key -> (updated_at, updated_by)."""
    return {row.key: (row.updated_at, row.updated_by) for row in session.exec(select(Setting))}


_CLAIM = Claim.__table__  # type: ignore[attr-defined]
_REF = sa.bindparam("ref")


def _find(by_id: bool, lock: bool) -> sa.Select:
    query = select(Claim).where(Claim.id == _REF if by_id else Claim.uuid == _REF)
    query = query.execution_options(populate_existing=True)
    return query.with_for_update() if lock else query


_FIND = {(by_id, lock): _find(by_id, lock) for by_id in (True, False) for lock in (True, False)}
"""The four claim look-ups, built once (building a statement per call cost more than running it).

`populate_existing`: writes go through Core (below), so a row already in the session is
refreshed from the database on every look-up rather than served stale from the identity map."""

_STATE_COLUMNS = (_CLAIM.c.id, _CLAIM.c.uuid, _CLAIM.c.status, _CLAIM.c.version, _CLAIM.c.expires_at,
                  _CLAIM.c.assignee, _CLAIM.c.last_activity_at)


def _as_state(row: Sequence) -> ClaimState:
    """A state row read through Core (datetimes)."""
    cid, uuid, status, version, expires_at, assignee, last = row
    return ClaimState(cid, uuid, Status(status), version, expires_at, assignee, last)


def find_claim(session: Session, ref: int | str, *, lock: bool = False) -> Claim | None:
    """The claim with this id (int) or uuid (str); `lock` takes a row lock where the database has them."""
    return session.exec(_FIND[isinstance(ref, int), lock], params={"ref": ref}).first()  # type: ignore[call-overload]


def tags_for(session: Session, claim_ids: Sequence[int]) -> dict[int, list[str]]:
    """Tags of each claim, sorted."""
    found: dict[int, list[str]] = defaultdict(list)
    if claim_ids:
        rows = session.execute(
            sa.select(ClaimTag.claim_id, ClaimTag.tag)
            .where(col(ClaimTag.claim_id).in_(claim_ids))
            .order_by(ClaimTag.claim_id, ClaimTag.tag)
        )
        for claim_id, tag in rows:
            found[claim_id].append(tag)
    return found


def evidence_for(session: Session, claim_ids: Sequence[int]) -> dict[int, list[Evidence]]:
    """Evidence of each claim, oldest first."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    if claim_ids:
        rows = session.exec(
            select(Evidence).where(col(Evidence.claim_id).in_(claim_ids)).order_by(Evidence.id)
        )
        for row in rows:
            found[row.claim_id].append(row)
    return found


def stance_counts(session: Session, claim_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many supporting / contradicting / context items each claim has."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    if claim_ids:
        rows = session.execute(
            sa.select(Evidence.claim_id, Evidence.stance, sa.func.count())
            .where(col(Evidence.claim_id).in_(claim_ids))
            .group_by(Evidence.claim_id, Evidence.stance)
        )
        for claim_id, stance, count in rows:
            found[claim_id][Stance(stance).value] = count
    return found


def events_for(session: Session, claim_id: int) -> list[Event]:
    """A claim's history, oldest first."""
    return list(session.exec(select(Event).where(Event.claim_id == claim_id).order_by(Event.id)))


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims a list or a view shows; every condition is applied in SQL."""

    statuses: tuple[Status, ...] = ()
    tag: str | None = None
    assignee: str | None = None
    search: str | None = None
    stale_before: datetime | None = None
    """Only unconfirmed claims whose last activity is before this instant."""
    due_before: datetime | None = None
    """Only open claims (unconfirmed or confirmed) with a deadline before this instant."""
    unchanged_since: datetime | None = None
    """Only claims created at or before this instant with no change after it (as-of views: their rows
    are what they were then)."""
    ids: tuple[int, ...] | None = None
    """Only these claims (None: no such condition; empty: none at all)."""


SORTS = {
    "id": Claim.id,
    "activity": Claim.last_activity_at,
    "created": Claim.created_at,
    "said": Claim.said_at,
    "expires": Claim.expires_at,
    "speaker": Claim.speaker,
    "status": Claim.status,
}
"""Sort keys a list accepts; ties always break on id."""


RELEVANCE = "relevance"
"""The sort key for "best match first" (a list with a search); `list_claims` only (not keyset pages)."""


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


_OPEN_STATUSES = tuple(s.value for s in DEADLINE_STATUSES)


def filter_statuses(flt: ClaimFilter) -> tuple[str, ...] | None:
    """The statuses a filter lets through (None: any), in `Status` order: the statuses asked
    for, narrowed to unconfirmed by `stale_before` and to the open ones by `due_before`."""
    allowed = {s.value for s in flt.statuses} if flt.statuses else None
    if flt.stale_before is not None:
        allowed = {Status.UNCONFIRMED.value} & allowed if allowed is not None else {Status.UNCONFIRMED.value}
    if flt.due_before is not None:
        allowed = set(_OPEN_STATUSES) & allowed if allowed is not None else set(_OPEN_STATUSES)
    return None if allowed is None else tuple(s.value for s in Status if s.value in allowed)


def _status_condition(statuses: Sequence[str]) -> sa.ColumnElement[bool]:
    if len(statuses) == 1:
        return col(Claim.status) == statuses[0]
    return col(Claim.status).in_(list(statuses))


def other_conditions(flt: ClaimFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of a filter other than its statuses (`filter_statuses`); `dialect` picks
    the engine's full-text index for `search`."""
    conds: list[sa.ColumnElement[bool]] = []
    if flt.unchanged_since is not None:
        conds.append(col(Claim.last_activity_at) <= flt.unchanged_since)
    if flt.ids is not None:
        conds.append(col(Claim.id).in_(flt.ids))
    if flt.tag:
        conds.append(
            col(Claim.id).in_(sa.select(ClaimTag.claim_id).where(ClaimTag.tag == flt.tag.lower()))
        )
    if flt.assignee:
        conds.append(Claim.assignee == flt.assignee)
    if flt.search is not None:
        terms = search_terms(flt.search)
        conds.append(col(Claim.id).in_(search.matching(dialect, terms)) if terms else sa.false())
    if flt.stale_before is not None:
        conds.append(col(Claim.last_activity_at) < flt.stale_before)
    if flt.due_before is not None:
        conds.append(col(Claim.expires_at).is_not(None))
        conds.append(col(Claim.expires_at) < flt.due_before)
    return conds


def filter_conditions(flt: ClaimFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions for a filter."""
    statuses = filter_statuses(flt)
    status = [] if statuses is None else [_status_condition(statuses) if statuses else sa.false()]
    return status + other_conditions(flt, dialect)


STATUS_INDEXED_SORTS = frozenset({"id", "activity", "created", "expires"})
"""Sort keys with an index claim(status, key): a list over several statuses in one of these orders
is one ordered index walk per status, merged (no sort of every match)."""


def _listing(flt: ClaimFilter, dialect: str, sort: str, descending: bool, extra: Sequence[sa.ColumnElement[bool]],
             limit: int, offset: int = 0) -> sa.Select | sa.CompoundSelect:
    """The claims of a list page: `flt` and `extra`, in `sort` order (NULLs last, ties by id).

    Over several statuses with an indexed sort key it is one SELECT per status joined by UNION
    ALL and ordered as a whole, which SQLite merges (MERGE (UNION ALL)) and PostgreSQL appends in
    order (Merge Append): `--due-soon` (unconfirmed or confirmed) is then two index walks that stop
    after `limit` rows, whatever the size of the database.
    """
    key = SORTS[sort]
    statuses = filter_statuses(flt)
    conds = [*other_conditions(flt, dialect), *extra]
    if statuses is not None and len(statuses) > 1 and sort in STATUS_INDEXED_SORTS:
        parts = [select(Claim).where(col(Claim.status) == status, *conds) for status in statuses]
        union = sa.union_all(*parts)
        key_col, id_col = union.selected_columns[key.key], union.selected_columns["id"]  # type: ignore[attr-defined]
    else:
        if statuses is not None:
            conds.insert(0, _status_condition(statuses) if statuses else sa.false())
        union = None
        key_col, id_col = key, Claim.id  # type: ignore[assignment]
    order = [sa.desc(key_col).nulls_last() if descending else sa.asc(key_col).nulls_last()]
    if sort != "id":
        order.append(sa.desc(id_col) if descending else sa.asc(id_col))
    if union is None:
        return select(Claim).where(*conds).order_by(*order).limit(limit).offset(offset)
    return select(Claim).from_statement(union.order_by(*order).limit(limit).offset(offset))


def list_claims(
    session: Session,
    flt: ClaimFilter,
    *,
    sort: str = "id",
    descending: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> list[Claim]:
    """One page of claims matching `flt`, sorted in SQL (NULLs last, ties broken by id).

    `sort="relevance"` with a search: claims whose text or speaker match every term first, then
    those matched through tags, source or evidence, newest first within each (whatever
    `descending` says); without a search it is newest first. With a search, a page in id order
    (and each part of a relevance page) is read from the full-text index in id order."""
    dialect = _dialect(session)
    terms = search_terms(flt.search) if flt.search is not None else []
    if flt.search is not None and not terms:
        return []
    if terms and sort in (RELEVANCE, "id"):
        rest = filter_conditions(replace(flt, search=None), dialect)
        if sort == "id":
            return _from_index(session, dialect, terms, "all", rest, descending, limit, offset)
        own = _from_index(session, dialect, terms, "own", rest, True, limit, offset)
        if len(own) == limit:
            return own
        skip = 0 if own or not offset else offset - _count_from_index(session, dialect, terms, "own", rest)
        return own + _from_index(session, dialect, terms, "other", rest, True, limit - len(own), max(skip, 0))
    if sort == RELEVANCE:
        sort, descending = "id", True
    return list(session.execute(_listing(flt, dialect, sort, descending, (), limit, offset)).scalars())


def _from_index(session: Session, dialect: str, terms: list[Term], part: str,
                conds: list[sa.ColumnElement[bool]], descending: bool, limit: int, offset: int,
                after_id: int | None = None) -> list[Claim]:
    """A page of the claims matching `terms` in `part`, in id order, driven by the full-text index
    (it is walked in id order and the walk stops at the page's end)."""
    table, id_col, match = search.driving(dialect, terms, part)
    where = [match, *conds]
    if after_id is not None:
        where.append(id_col < after_id if descending else id_col > after_id)
    query = (
        select(Claim).select_from(table).join(Claim, col(Claim.id) == id_col).where(*where)
        .order_by(id_col.desc() if descending else id_col.asc()).limit(limit).offset(offset)
    )
    return list(session.exec(query))


def _count_from_index(session: Session, dialect: str, terms: list[Term], part: str,
                      conds: list[sa.ColumnElement[bool]]) -> int:
    table, id_col, match = search.driving(dialect, terms, part)
    query = sa.select(sa.func.count()).select_from(table).join(Claim, col(Claim.id) == id_col).where(match, *conds)
    return int(session.execute(query).scalar_one())


def search_ids(session: Session, text: str) -> sa.Select[tuple[int]]:
    """The ids of the claims a search matches (the one search query, as `ClaimFilter.search`), for a
    report scoped to one story; a search with no letters or digits matches no claim."""
    terms = search_terms(text)
    if not terms:
        return sa.select(_CLAIM.c.id).where(sa.false())
    return search.matching(_dialect(session), terms)


def count_claims(session: Session, flt: ClaimFilter) -> int:
    """How many claims match `flt`."""
    query = sa.select(sa.func.count()).select_from(Claim).where(*filter_conditions(flt, _dialect(session)))
    return int(session.execute(query).scalar_one())


def status_counts(session: Session, flt: ClaimFilter) -> dict[Status, int]:
    """How many claims of each status match `flt` (every status present, zero if none)."""
    query = (
        sa.select(Claim.status, sa.func.count())
        .where(*filter_conditions(flt, _dialect(session)))
        .group_by(Claim.status)
    )
    counts = {status: 0 for status in Status}
    for status, count in session.execute(query):
        counts[Status(status)] = int(count)
    return counts


def last_moves(session: Session, claim_ids: Sequence[int]) -> dict[int, Event]:
    """For each claim, the event that put it in its current status (its latest event with a `to` status)."""
    if not claim_ids:
        return {}
    latest = (
        sa.select(sa.func.max(Event.id))
        .where(col(Event.claim_id).in_(claim_ids), col(Event.to_status).is_not(None))
        .group_by(Event.claim_id)
    )
    return {event.claim_id: event for event in session.exec(select(Event).where(col(Event.id).in_(latest)))}







# ------------------------------------------------------------------- paging and change probes (the TUI)

SortValue = object
"""The value of the sort column of the last row of a page (None for a NULL)."""


def _after(key: sa.ColumnElement, value: SortValue, claim_id: int, descending: bool) -> sa.ColumnElement[bool]:
    """Rows after (value, claim_id) in the order `list_claims` uses: NULLs last, ties broken by id."""
    beyond_id = col(Claim.id) < claim_id if descending else col(Claim.id) > claim_id
    if key is Claim.id:
        return beyond_id
    if value is None:
        return sa.and_(key.is_(None), beyond_id)
    beyond = key < value if descending else key > value
    return sa.or_(beyond, sa.and_(key == value, beyond_id), key.is_(None))


def list_claims_after(
    session: Session,
    flt: ClaimFilter,
    *,
    sort: str = "id",
    descending: bool = True,
    after: tuple[SortValue, int] | None = None,
    limit: int = 50,
) -> list[Claim]:
    """One page of claims by keyset: the `limit` rows that follow `after` = (sort value, id) of the
    last row already shown, in `list_claims` order. Cost does not grow with how deep the page is."""
    dialect = _dialect(session)
    terms = search_terms(flt.search) if flt.search is not None else []
    if flt.search is not None and not terms:
        return []
    if terms and sort == "id":
        rest = filter_conditions(replace(flt, search=None), dialect)
        return _from_index(session, dialect, terms, "all", rest, descending, limit, 0,
                           after_id=after[1] if after is not None else None)
    extra = [] if after is None else [_after(SORTS[sort], after[0], after[1], descending)]
    return list(session.execute(_listing(flt, dialect, sort, descending, extra, limit)).scalars())


class ChangeProbe:
    """A cheap "has anything been committed since I last looked?" check on a dedicated connection.

    SQLite: `PRAGMA data_version`, which changes whenever another connection commits (no
    read transaction, no lock). Other databases: the newest history event id (every change
    a user can make appends one). `token()` returns a value that differs after a change.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._raw = engine.raw_connection() if self._sqlite else None

    def token(self) -> object:
        """A value that changes when another connection commits."""
        if self._raw is not None:
            cursor = self._raw.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                return cursor.fetchone()[0]
            finally:
                cursor.close()
        with self._engine.connect() as conn:
            return tuple(conn.execute(sa.select(
                sa.select(sa.func.max(Event.id)).scalar_subquery(),
                sa.select(sa.func.max(Setting.updated_at)).scalar_subquery(),
            )).one())

    def close(self) -> None:
        """Give the dedicated connection back."""
        if self._raw is not None:
            self._raw.close()
            self._raw = None


@dataclass(frozen=True, slots=True)
class ViewTally:
    """Claims per status, stale and due soon, under one filter, counted in a single pass."""

    by_status: dict[Status, int]
    stale: int
    due_soon: int


def view_tally(session: Session, flt: ClaimFilter, *, stale_before: datetime, due_before: datetime) -> ViewTally:
    """Counts for every standard view in one scan of the rows `flt` selects.

    Cheaper than one count per view when the filter has to scan anyway (a text search).
    """
    stale = sa.and_(Claim.status == Status.UNCONFIRMED.value, col(Claim.last_activity_at) < stale_before)
    due = sa.and_(
        col(Claim.status).in_(list(_OPEN_STATUSES)),
        col(Claim.expires_at).is_not(None),
        col(Claim.expires_at) < due_before,
    )
    query = (
        sa.select(
            Claim.status,
            sa.func.count(),
            sa.func.sum(sa.case((stale, 1), else_=0)),
            sa.func.sum(sa.case((due, 1), else_=0)),
        )
        .where(*filter_conditions(flt, _dialect(session)))
        .group_by(Claim.status)
    )
    counts = {status: 0 for status in Status}
    stale_count = due_count = 0
    for status, count, stale_n, due_n in session.execute(query):
        counts[Status(status)] = int(count)
        stale_count += int(stale_n or 0)
        due_count += int(due_n or 0)
    return ViewTally(counts, stale_count, due_count)


# ------------------------------------------------------------------- export, chain and verify

EVENT_EXPORT_COLUMNS = ("uuid", "action", "claim_uuid", "at", "actor", "from_status", "to_status", "reason",
                        "override", "payload", "hash")
_EVENT_EXPORT = f"SELECT {', '.join(EVENT_EXPORT_COLUMNS)} FROM event ORDER BY id"


def event_rows(session: Session, *, batch: int = 5000) -> Iterator[list[tuple]]:
    """Every event, oldest first, as tuples of `EVENT_EXPORT_COLUMNS`: `at` as UTC text whose characters
    0-9 are the date and 11-25 the time to the microsecond (SQLite's stored form, or ISO 8601),
    `override` true or false (0/1 on SQLite) and `payload` its stored JSON text.

    SQLite's rows come straight from the sqlite3 cursor, untouched (an export is one long scan)."""
    conn = session.connection()
    raw = sqlite_connection(conn)
    if raw is not None:
        cursor = raw.execute(_EVENT_EXPORT)
        while rows := cursor.fetchmany(batch):
            yield rows
        return
    from tracker.domain.events import utc_iso

    result = conn.execution_options(yield_per=batch).execute(sa.text(_EVENT_EXPORT))
    for part in result.partitions(batch):
        yield [(u, a, c, utc_iso(at), who, f, t, r, o, p, h) for u, a, c, at, who, f, t, r, o, p, h in part]


def chain_head(session: Session) -> tuple[int, str | None]:
    """(number of events, hash of the last one), as stored in the chain head."""
    row = session.execute(sa.select(EventHead.seq, EventHead.hash).where(EventHead.id == 1)).first()
    return (int(row[0]), row[1]) if row else (0, None)


def changed_since(session: Session, at: datetime) -> list[int]:
    """Ids of the claims created at or before `at` that changed after it (as-of views replay these)."""
    query = sa.select(Claim.id).where(col(Claim.created_at) <= at, col(Claim.last_activity_at) > at)
    return [int(row[0]) for row in session.execute(query)]


def evidence_ids(session: Session, claim_ids: Sequence[int]) -> dict[str, int]:
    """Evidence uuid -> local id, for the evidence of these claims."""
    found: dict[str, int] = {}
    for start in range(0, len(claim_ids), 500):
        part = list(claim_ids[start:start + 500])
        for uuid, eid in session.execute(sa.select(Evidence.uuid, Evidence.id).where(col(Evidence.claim_id).in_(part))):
            found[uuid] = int(eid)
    return found
