"""Queries and writes on the tables, in SQL the indexes serve; every function takes an open Session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql import operators
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from tracker.domain.search_text import Term, search_terms
from tracker.domain.status import WORKFLOW_RANK, Stance, Status
from tracker.store import search
from tracker.store.core_exec import sqlite_connection
from tracker.store.listing import (
    OPEN_STATUSES,
    ClaimFilter,
    ListShape,
    base_kind,
    conditions,
    filter_statuses,
    list_shape,
    status_condition,
)
from tracker.store.listing import SORT_COLUMNS as SORT_COLUMNS
from tracker.store.errors import not_a_tracker_database
from tracker.store.migrations import SCHEMA_VERSION, refuse_foreign, require_current
from tracker.store.tables import Claim, ClaimTag, Event, EventHead, Evidence, Setting, core_table
from tracker.store.writer import ClaimState

__all__ = ["ClaimFilter", "ClaimState"]  # re-exported: tracker.store.listing and tracker.store.writer define them


def require_schema(session: Session, where: str) -> None:
    """Raise NotReady unless the database holds the current tracker schema."""
    conn = session.connection()
    try:
        with conn.begin_nested():
            require_current(conn, where)
    except sa.exc.DBAPIError:
        with conn.begin_nested():
            refuse_foreign(conn, where)
        raise not_a_tracker_database(where) from None


def stored_settings(session: Session) -> dict[str, str]:
    """Every rule setting stored in the database, as text."""
    return {str(key): str(value) for key, value in session.execute(READS["settings"]).all()}


BULK_CACHE_KIB = 65_536
"""SQLite page cache of a connection doing bulk writes (the sweep): 64 MB, so the claim indexes'
pages a chunk touches stay cached for the next chunk (the default is 2 MB)."""
BULK_CHECKPOINT_PAGES = 10_000
"""WAL pages between checkpoints while bulk writing (default 1000): a checkpoint copies each changed
page once and syncs, so fewer, larger ones write index pages shared by many chunks once."""


def bulk_writes(session: Session, *, done: bool = False) -> None:
    """Set the session's SQLite connection up for many chunks of writes (`done`: back to the defaults,
    after a passive checkpoint of what the chunks wrote). Nothing on other databases."""
    if sqlite_connection(session.connection()) is None:
        return
    conn = session.connection()
    if done:
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 1000")
        conn.exec_driver_sql("PRAGMA cache_size = -2000")
        return
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")


def setting_changes(session: Session) -> dict[str, tuple[datetime, str]]:
    """Who last set each stored rule setting, and when: key -> (updated_at, updated_by)."""
    return {key: (at, by) for key, at, by in session.execute(READS["setting_changes"])}


_CLAIM = core_table(Claim)
_REF: sa.BindParameter[Any] = sa.bindparam("ref")


_CLAIM_IDS: sa.BindParameter[Any] = sa.bindparam("claim_ids", expanding=True)
_PRIMARY = _CLAIM.alias("p")

EVENT_EXPORT_COLUMNS = ("uuid", "action", "claim_uuid", "at", "actor", "from_status", "to_status", "reason",
                        "override", "payload", "hash")
"""The columns of an exported event, in the order `event_rows` gives them."""

READS: dict[str, Any] = {
    "schema_version": SCHEMA_VERSION,
    "settings": sa.select(col(Setting.key), col(Setting.value)),
    "setting_changes": sa.select(col(Setting.key), col(Setting.updated_at), col(Setting.updated_by)),
    "claim_by_id": select(Claim).where(Claim.id == _REF),
    "claim_by_uuid": select(Claim).where(Claim.uuid == _REF),
    "tags_for": sa.select(col(ClaimTag.claim_id), col(ClaimTag.tag)).where(col(ClaimTag.claim_id).in_(_CLAIM_IDS))
    .order_by(col(ClaimTag.claim_id), col(ClaimTag.tag)),
    "evidence_for": select(Evidence).where(col(Evidence.claim_id).in_(_CLAIM_IDS)).order_by(col(Evidence.id)),
    "stance_counts": sa.select(col(Evidence.claim_id), col(Evidence.stance), sa.func.count())
    .where(col(Evidence.claim_id).in_(_CLAIM_IDS)).group_by(col(Evidence.claim_id), col(Evidence.stance)),
    "events_for": select(Event).where(col(Event.claim_id) == sa.bindparam("claim_id")).order_by(col(Event.id)),
    "primaries_of": sa.select(_CLAIM.c.id, _PRIMARY.c.id)
    .select_from(_CLAIM.join(_PRIMARY, _PRIMARY.c.uuid == _CLAIM.c.duplicate_of))
    .where(_CLAIM.c.id.in_(_CLAIM_IDS), _CLAIM.c.duplicate_of.is_not(None)),
    "duplicates_of": sa.select(_PRIMARY.c.id, _CLAIM.c.id)
    .select_from(_CLAIM.join(_PRIMARY, _PRIMARY.c.uuid == _CLAIM.c.duplicate_of))
    .where(_PRIMARY.c.id.in_(_CLAIM_IDS), _CLAIM.c.duplicate_of.is_not(None)).order_by(_PRIMARY.c.id, _CLAIM.c.id),
    "chain_head": sa.select(col(EventHead.seq), col(EventHead.hash)).where(col(EventHead.id) == sa.literal_column("1")),
    "event_export": sa.select(*(core_table(Event).c[name] for name in EVENT_EXPORT_COLUMNS))
    .order_by(col(Event.id)),
}
"""The reads a cold show / history / list / export makes, each defined once: the functions below run them
through SQLAlchemy, and tracker/store/gen_sqltext.py renders them for sqlite3 (tracker.store.lite)."""


def _find(by_id: bool, lock: bool) -> SelectOfScalar[Claim]:
    query: SelectOfScalar[Claim] = READS["claim_by_id" if by_id else "claim_by_uuid"]
    query = query.execution_options(populate_existing=True)
    return query.with_for_update() if lock else query


_FIND = {(by_id, lock): _find(by_id, lock) for by_id in (True, False) for lock in (True, False)}
"""The four claim look-ups, built once (building a statement per call cost more than running it).

`populate_existing`: writes go through Core (below), so a row already in the session is
refreshed from the database on every look-up rather than served stale from the identity map."""

_STATE_COLUMNS = (_CLAIM.c.id, _CLAIM.c.uuid, _CLAIM.c.status, _CLAIM.c.version, _CLAIM.c.expires_at,
                  _CLAIM.c.assignee, _CLAIM.c.last_activity_at, _CLAIM.c.duplicate_of)


def _as_state(row: Sequence[Any]) -> ClaimState:
    """A state row read through Core (datetimes)."""
    cid, uuid, status, version, expires_at, assignee, last, duplicate_of = row
    return ClaimState(cid, uuid, Status(status), version, expires_at, assignee, last, duplicate_of)


def find_claim(session: Session, ref: int | str, *, lock: bool = False) -> Claim | None:
    """The claim with this id (int) or uuid (str); `lock` takes a row lock where the database has them."""
    return session.exec(_FIND[isinstance(ref, int), lock], params={"ref": ref}).first()


def tags_for(session: Session, claim_ids: Sequence[int]) -> dict[int, list[str]]:
    """Tags of each claim, sorted."""
    found: dict[int, list[str]] = defaultdict(list)
    if claim_ids:
        rows = session.execute(READS["tags_for"], {"claim_ids": list(claim_ids)})
        for claim_id, tag in rows:
            found[claim_id].append(tag)
    return found


def evidence_for(session: Session, claim_ids: Sequence[int]) -> dict[int, list[Evidence]]:
    """Evidence of each claim, oldest first."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    if claim_ids:
        for row in session.execute(READS["evidence_for"], {"claim_ids": list(claim_ids)}).scalars():
            found[row.claim_id].append(row)
    return found


def stance_counts(session: Session, claim_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many supporting / contradicting / context items each claim has."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    if claim_ids:
        rows = session.execute(READS["stance_counts"], {"claim_ids": list(claim_ids)})
        for claim_id, stance, count in rows:
            found[claim_id][Stance(stance).value] = count
    return found


Links = tuple[dict[int, int], dict[int, list[int]]]
"""For some claims: the id of each one's primary (if it is a duplicate), and the ids of each one's duplicates."""


def links_for(session: Session, claim_ids: Sequence[int]) -> Links:
    """The duplicate links of these claims (index look-ups: the primary key, and the partial index of
    the few claims that are duplicates)."""
    primary: dict[int, int] = {}
    duplicates: dict[int, list[int]] = defaultdict(list)
    if claim_ids:
        ids = {"claim_ids": list(claim_ids)}
        primary = {int(c): int(p) for c, p in session.execute(READS["primaries_of"], ids)}
        for p, d in session.execute(READS["duplicates_of"], ids):
            duplicates[int(p)].append(int(d))
    return primary, duplicates


def events_for(session: Session, claim_id: int) -> list[Event]:
    """A claim's history, oldest first."""
    return list(session.execute(READS["events_for"], {"claim_id": claim_id}).scalars())


STATUS_RANK = WORKFLOW_RANK
"""Sorting by status follows the workflow (tracker.domain.status), not the alphabet."""

SORTS: dict[str, Any] = {key: getattr(Claim, name) for key, name in SORT_COLUMNS.items()}
SORTS["status"] = sa.case(  # constants, not parameters: the same text on the Core and the sqlite3 path
    *((col(Claim.status) == sa.literal_column(f"'{value}'"), sa.literal_column(str(rank)))
      for value, rank in STATUS_RANK.items()),
    else_=sa.literal_column(str(len(STATUS_RANK))))
"""Sort keys a list accepts -> the Claim column (status: its workflow rank); ties always break on id."""

_and = operators.and_


def _nullable(key: Any) -> bool:
    """Whether a sort key can be NULL (a column declared nullable; the status rank never is)."""
    return bool(getattr(getattr(key, "expression", key), "nullable", False))


def ordered(key: Any, descending: bool, *, nullable: bool, nulls_first: bool = False) -> Any:
    """`key` ascending or descending, NULLs last (or first), the NULLS clause written only for a key that
    can be NULL: PostgreSQL walks a b-tree backward in `DESC NULLS FIRST` order, so `id DESC NULLS LAST`
    (the default list) did not match the primary key and read and sorted every claim for a page of 50
    (docs/performance.md, "PostgreSQL at scale"). SQLite's order is the same either way for a NOT NULL key."""
    term = sa.desc(key) if descending else sa.asc(key)
    if not nullable:
        return term
    return term.nulls_first() if nulls_first else term.nulls_last()


def grouped(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """A condition as AND renders it among others (an OR in parentheses): so one condition alone
    and the same condition joined to others read the same, in Core and in tracker.store.sqltext."""
    return cond.self_group(against=_and)


Values = dict[str, Any]


def _p(name: str, values: Values, *, expanding: bool = False) -> sa.BindParameter[Any]:
    return sa.bindparam(name, values.get(name), expanding=expanding)


CONDITIONS: dict[str, Callable[[str, Values], sa.ColumnElement[bool]]] = {
    "nothing": lambda _, v: sa.false(),
    "ids": lambda _, v: col(Claim.id).in_(_p("ids", v, expanding=True)),
    "status": lambda _, v: col(Claim.status) == _p("status", v),
    "statuses": lambda _, v: col(Claim.status).in_(_p("statuses", v, expanding=True)),
    "tag": lambda _, v: col(Claim.id).in_(sa.select(col(ClaimTag.claim_id)).where(col(ClaimTag.tag) == _p("tag", v))),
    "assignee": lambda _, v: col(Claim.assignee) == _p("assignee", v),
    "unchanged": lambda _, v: col(Claim.last_activity_at) <= _p("unchanged_since", v),
    "stale": lambda _, v: col(Claim.last_activity_at) < _p("stale_before", v),
    "due": lambda _, v: sa.and_(col(Claim.expires_at).is_not(None), col(Claim.expires_at) < _p("due_before", v)),
    "primary": lambda _, v: col(Claim.duplicate_of).is_(None),
}
"""Every condition a list filter can apply, by kind (`tracker.store.listing.conditions` picks them and
their parameters), built with its parameters' values; the first argument is the kind's number as a
parameter-name suffix (``_0``) for kinds that repeat. The only definition of each condition:
tracker/store/gen_sqltext.py renders these for sqlite3."""


def _condition(kind: str, values: Values) -> sa.ColumnElement[bool]:
    base = base_kind(kind)
    return grouped(CONDITIONS[base](kind[len(base):], values))


RELEVANCE = "relevance"
"""The sort key for "best match first" (a list with a search); `list_claims` only (not keyset pages)."""


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def search_condition(flt: ClaimFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    """The full-text condition of a filter's `search` (none without one). It is the one condition
    that differs by database (tracker.store.search), so lists with a search read through Core."""
    if flt.search is None:
        return []
    terms = search_terms(flt.search)
    return [col(Claim.id).in_(search.matching(dialect, terms)) if terms else sa.false()]


def filter_conditions(flt: ClaimFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions for a filter."""
    statuses = filter_statuses(flt)
    found = [] if statuses is None else [status_condition(statuses)]
    conds = [_condition(kind, values) for kind, values in [*found, *conditions(flt)]]
    return conds + search_condition(flt, dialect)


def list_statement(shape: ListShape, extra: Sequence[sa.ColumnElement[bool]] = (), *,
                   bound: bool = False) -> Any:
    """The Core statement of a list page of `shape` (parameters ``:limit`` and ``:offset``).

    Over several statuses (`shape.merged`) it is one SELECT per status joined by UNION ALL and
    ordered as a whole, which SQLite merges (MERGE (UNION ALL)) and PostgreSQL appends in order
    (Merge Append): `--due-soon` (unconfirmed or confirmed) is then two index walks that stop after
    `limit` rows, whatever the size of the database. Without `bound` the conditions keep their
    parameter names unfilled (what tracker/store/gen_sqltext.py renders)."""
    conds = [_condition(kind, values if bound else {}) for kind, values in shape.conditions]
    conds += [grouped(c) for c in extra]
    key = SORTS[shape.sort]
    if shape.merged:
        parts = [select(Claim).where(col(Claim.status) == sa.bindparam(f"status_{i}", status), *conds)
                 for i, status in enumerate(shape.merged)]
        union = sa.union_all(*parts)
        key_col: Any = union.selected_columns[key.key]
        id_col: Any = union.selected_columns["id"]
    else:
        union = None
        key_col, id_col = key, _CLAIM.c.id
    order = [ordered(key_col, shape.descending, nullable=_nullable(key))]
    if shape.sort != "id":
        order.append(sa.desc(id_col) if shape.descending else sa.asc(id_col))
    limit: sa.BindParameter[int] = sa.bindparam("limit")
    offset: sa.BindParameter[int] = sa.bindparam("offset")
    if union is None:
        return select(Claim).where(*conds).order_by(*order).limit(limit).offset(offset)
    return select(Claim).from_statement(union.order_by(*order).limit(limit).offset(offset))


def _listing(flt: ClaimFilter, dialect: str, sort: str, descending: bool,
             extra: Sequence[sa.ColumnElement[bool]], limit: int, offset: int = 0) -> tuple[Any, dict[str, Any]]:
    shape = list_shape(flt, sort, descending)
    return list_statement(shape, [*search_condition(flt, dialect), *extra], bound=True), {"limit": limit,
                                                                                          "offset": offset}


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
    statement, params = _listing(flt, dialect, sort, descending, (), limit, offset)
    return list(session.execute(statement, params).scalars())


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
        sa.select(col(Claim.status), sa.func.count())
        .where(*filter_conditions(flt, _dialect(session)))
        .group_by(col(Claim.status))
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
        .group_by(col(Event.claim_id))
    )
    return {event.claim_id: event for event in session.exec(select(Event).where(col(Event.id).in_(latest)))
            if event.claim_id is not None}


# ------------------------------------------------------------------- paging and change probes (the TUI)

SortValue = object
"""The value of the sort column of the last row of a page (None for a NULL)."""


def _after(key: sa.ColumnElement[Any], value: SortValue, claim_id: int, descending: bool) -> sa.ColumnElement[bool]:
    """Rows after (value, claim_id) in the order `list_claims` uses: NULLs last, ties broken by id."""
    beyond_id = col(Claim.id) < claim_id if descending else col(Claim.id) > claim_id
    if key is SORTS["id"]:
        return beyond_id
    if value is None:
        return sa.and_(key.is_(None), beyond_id)
    beyond = key < value if descending else key > value
    return sa.or_(beyond, sa.and_(key == value, beyond_id), key.is_(None))


def _before(key: sa.ColumnElement[Any], value: SortValue, claim_id: int, descending: bool) -> sa.ColumnElement[bool]:
    """Rows before (value, claim_id) in the order `list_claims` uses (the mirror of `_after`)."""
    before_id = col(Claim.id) > claim_id if descending else col(Claim.id) < claim_id
    if key is SORTS["id"]:
        return before_id
    if value is None:
        return sa.or_(key.is_not(None), sa.and_(key.is_(None), before_id))
    before = key > value if descending else key < value
    return sa.or_(before, sa.and_(key == value, before_id))


def list_claims_after(
    session: Session,
    flt: ClaimFilter,
    *,
    sort: str = "id",
    descending: bool = True,
    after: tuple[SortValue, int] | None = None,
    limit: int = 50,
    inclusive: bool = False,
    backward: bool = False,
) -> list[Claim]:
    """One page of claims by keyset: the `limit` rows that follow `after` = (sort value, id) of the
    last row already shown, in `list_claims` order. Cost does not grow with how deep the page is.

    `inclusive` also returns the row at `after` itself. `backward` returns the `limit` rows *before*
    `after` instead (the last rows of the list when `after` is None), nearest first.
    """
    dialect = _dialect(session)
    terms = search_terms(flt.search) if flt.search is not None else []
    if flt.search is not None and not terms:
        return []
    if backward:
        key = SORTS[sort]
        order = [ordered(key, not descending, nullable=_nullable(key), nulls_first=True)]
        if sort != "id":
            order.append(sa.asc(col(Claim.id)) if descending else sa.desc(col(Claim.id)))
        conds = filter_conditions(flt, dialect)
        if after is not None:
            conds.append(_before(key, after[0], after[1], descending))
        return list(session.exec(select(Claim).where(*conds).order_by(*order).limit(limit)))
    if after is not None and inclusive:
        after = (after[0], after[1] + (1 if descending else -1))  # ids are integers: "after id+1" includes id
    if terms and sort == "id":
        rest = filter_conditions(replace(flt, search=None), dialect)
        return _from_index(session, dialect, terms, "all", rest, descending, limit, 0,
                           after_id=after[1] if after is not None else None)
    extra = [] if after is None else [_after(SORTS[sort], after[0], after[1], descending)]
    statement, params = _listing(flt, dialect, sort, descending, extra, limit)
    return list(session.execute(statement, params).scalars())


def events_after(session: Session, event_id: int, *, limit: int = 50) -> list[Event]:
    """History events appended after event `event_id`, oldest first (at most `limit`, the newest ones)."""
    query = select(Event).where(col(Event.id) > event_id).order_by(col(Event.id).desc()).limit(limit)
    return list(reversed(list(session.exec(query))))


def last_event_id(session: Session) -> int:
    """The id of the newest history event (0 when there is none)."""
    return int(session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar_one())


def max_claim_id(session: Session) -> int:
    """The largest claim id (0 when there are none): how wide an id column must be."""
    return int(session.execute(sa.select(sa.func.coalesce(sa.func.max(Claim.id), 0))).scalar_one())


def overridden_now(session: Session, claim_ids: Sequence[int]) -> set[int]:
    """The claims among `claim_ids` whose current status was reached by overriding a rule."""
    if not claim_ids:
        return set()
    last = (
        sa.select(sa.func.max(Event.id))
        .where(col(Event.claim_id).in_(claim_ids), col(Event.to_status).is_not(None))
        .group_by(col(Event.claim_id))
    )
    query = sa.select(col(Event.claim_id)).where(col(Event.id).in_(last), col(Event.override) == sa.true())
    return {int(claim_id) for (claim_id,) in session.execute(query)}


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
                row = cursor.fetchone()
                return row[0] if row else None
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
    stale = sa.and_(col(Claim.status) == Status.UNCONFIRMED.value, col(Claim.last_activity_at) < stale_before)
    due = sa.and_(
        col(Claim.status).in_(list(OPEN_STATUSES)),
        col(Claim.expires_at).is_not(None),
        col(Claim.expires_at) < due_before,
    )
    query = (
        sa.select(
            col(Claim.status),
            sa.func.count(),
            sa.func.sum(sa.case((stale, 1), else_=0)),
            sa.func.sum(sa.case((due, 1), else_=0)),
        )
        .where(*filter_conditions(flt, _dialect(session)))
        .group_by(col(Claim.status))
    )
    counts = {status: 0 for status in Status}
    stale_count = due_count = 0
    for status, count, stale_n, due_n in session.execute(query):
        counts[Status(status)] = int(count)
        stale_count += int(stale_n or 0)
        due_count += int(due_n or 0)
    return ViewTally(counts, stale_count, due_count)


# ------------------------------------------------------------------- export, chain and verify



def event_rows(session: Session, *, batch: int = 5000) -> Iterator[list[tuple[Any, ...]]]:
    """Every event, oldest first, as tuples of `EVENT_EXPORT_COLUMNS`: `at` as UTC text whose characters
    0-9 are the date and 11-25 the time to the microsecond (SQLite's stored form, or ISO 8601),
    `override` true or false (0/1 on SQLite) and `payload` its stored JSON text.

    SQLite's rows come straight from the sqlite3 cursor, untouched (an export is one long scan; the
    same text tracker.store.lite runs)."""
    conn = session.connection()
    raw = sqlite_connection(conn)
    if raw is not None:
        cursor = raw.execute(_sqlite_text("event_export"))
        while rows := cursor.fetchmany(batch):
            yield rows
        return
    from tracker.domain.events import utc_iso

    result = conn.execution_options(yield_per=batch).execute(READS["event_export"])
    for part in result.partitions(batch):
        yield [(u, a, c, utc_iso(at), who, f, t, r, o, p, h) for u, a, c, at, who, f, t, r, o, p, h in part]


def _sqlite_text(name: str) -> str:
    """A read of `READS` as SQLite text (compiled once), for the raw sqlite3 cursor."""
    found = _SQLITE_TEXT.get(name)
    if found is None:
        from sqlalchemy.dialects import sqlite

        found = _SQLITE_TEXT[name] = str(READS[name].compile(dialect=sqlite.dialect(paramstyle="named")))
    return found


_SQLITE_TEXT: dict[str, str] = {}


def chain_head(session: Session) -> tuple[int, str | None]:
    """(number of events, hash of the last one), as stored in the chain head."""
    row = session.execute(READS["chain_head"]).first()
    return (int(row[0]), row[1]) if row else (0, None)


def changed_since(session: Session, at: datetime) -> list[int]:
    """Ids of the claims created at or before `at` that changed after it (as-of views replay these)."""
    query = sa.select(col(Claim.id)).where(col(Claim.created_at) <= at, col(Claim.last_activity_at) > at)
    return [int(row[0]) for row in session.execute(query)]


def evidence_ids(session: Session, claim_ids: Sequence[int]) -> dict[str, int]:
    """Evidence uuid -> local id, for the evidence of these claims."""
    found: dict[str, int] = {}
    for start in range(0, len(claim_ids), 500):
        part = list(claim_ids[start:start + 500])
        for uuid, eid in session.execute(sa.select(col(Evidence.uuid), col(Evidence.id)).where(col(Evidence.claim_id).in_(part))):
            found[uuid] = int(eid)
    return found
