"""Queries and writes on the tables, in SQL the indexes serve; every function takes an open Session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tracker.domain.status import Stance, Status
from tracker.store.migrations import NotReady, require_current
from tracker.store.tables import Claim, ClaimTag, Event, Evidence, Setting


def require_schema(session: Session, where: str) -> None:
    """Raise NotReady unless the database holds the current tracker schema."""
    conn = session.connection()
    try:
        with conn.begin_nested():
            require_current(conn, where)
    except sa.exc.DBAPIError:
        raise NotReady(f"{where} is not a tracker database yet; run `tracker init`") from None


def stored_settings(session: Session) -> dict[str, str]:
    """Every rule setting stored in the database, as text."""
    return dict(session.execute(sa.select(Setting.key, Setting.value)).all())  # type: ignore[arg-type]


def save_setting(session: Session, key: str, value: str, *, at: datetime, actor: str) -> None:
    """Insert or replace one rule setting."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=at, updated_by=actor))
    else:
        row.value, row.updated_at, row.updated_by = value, at, actor
    session.flush()


def find_claim(session: Session, ref: int | str, *, lock: bool = False) -> Claim | None:
    """The claim with this id (int) or uuid (str); `lock` takes a row lock where the database has them."""
    query = select(Claim).where(Claim.id == ref if isinstance(ref, int) else Claim.uuid == ref)
    if lock:
        query = query.with_for_update()
    return session.exec(query).first()


def insert_claim(session: Session, values: dict) -> int:
    """Insert a claim row and return its id."""
    return session.execute(sa.insert(Claim).values(**values)).inserted_primary_key[0]  # type: ignore[index]


def insert_tags(session: Session, claim_id: int, tags: Iterable[str]) -> None:
    """Attach tags to a claim."""
    rows = [{"claim_id": claim_id, "tag": tag} for tag in tags]
    if rows:
        session.execute(sa.insert(ClaimTag), rows)


def insert_evidence(session: Session, values: dict) -> int:
    """Insert an evidence row and return its id."""
    return session.execute(sa.insert(Evidence).values(**values)).inserted_primary_key[0]  # type: ignore[index]


def insert_event(session: Session, values: dict) -> int:
    """Append one history event and return its id."""
    return session.execute(sa.insert(Event).values(**values)).inserted_primary_key[0]  # type: ignore[index]


def bump(session: Session, claim_id: int, version: int, values: dict) -> bool:
    """Compare-and-swap update: apply `values` and bump the version only if it is still `version`."""
    result = session.execute(
        sa.update(Claim)
        .where(Claim.id == claim_id, Claim.version == version)
        .values(version=version + 1, **values)
    )
    return result.rowcount == 1


@dataclass(frozen=True, slots=True)
class EvidenceTally:
    """What the guards need from a claim's evidence."""

    supporting_sources: tuple[str, ...]
    contradictions: int


def evidence_tally(session: Session, claim_id: int) -> EvidenceTally:
    """Sources of supporting evidence and the number of contradicting items for one claim."""
    rows = session.execute(
        sa.select(Evidence.stance, Evidence.source).where(Evidence.claim_id == claim_id)
    ).all()
    return EvidenceTally(
        tuple(source for stance, source in rows if stance == Stance.SUPPORTS),
        sum(1 for stance, _ in rows if stance == Stance.CONTRADICTS),
    )


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


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_conditions(flt: ClaimFilter) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions for a filter."""
    conds: list[sa.ColumnElement[bool]] = []
    if flt.statuses:
        conds.append(col(Claim.status).in_([s.value for s in flt.statuses]))
    if flt.tag:
        conds.append(
            col(Claim.id).in_(sa.select(ClaimTag.claim_id).where(ClaimTag.tag == flt.tag.lower()))
        )
    if flt.assignee:
        conds.append(Claim.assignee == flt.assignee)
    if flt.search:
        pattern = f"%{_like_escape(flt.search.lower())}%"
        conds.append(
            sa.or_(
                sa.func.lower(Claim.text).like(pattern, escape="\\"),
                sa.func.lower(Claim.speaker).like(pattern, escape="\\"),
            )
        )
    if flt.stale_before is not None:
        conds.append(Claim.status == Status.UNCONFIRMED.value)
        conds.append(col(Claim.last_activity_at) < flt.stale_before)
    if flt.due_before is not None:
        conds.append(col(Claim.status).in_([Status.UNCONFIRMED.value, Status.CONFIRMED.value]))
        conds.append(col(Claim.expires_at).is_not(None))
        conds.append(col(Claim.expires_at) < flt.due_before)
    return conds


def list_claims(
    session: Session,
    flt: ClaimFilter,
    *,
    sort: str = "id",
    descending: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> list[Claim]:
    """One page of claims matching `flt`, sorted in SQL (NULLs last, ties broken by id)."""
    key = SORTS[sort]
    order = [sa.desc(key).nulls_last() if descending else sa.asc(key).nulls_last()]
    if sort != "id":
        order.append(sa.desc(Claim.id) if descending else sa.asc(Claim.id))
    query = select(Claim).where(*filter_conditions(flt)).order_by(*order).limit(limit).offset(offset)
    return list(session.exec(query))


def count_claims(session: Session, flt: ClaimFilter) -> int:
    """How many claims match `flt`."""
    query = sa.select(sa.func.count()).select_from(Claim).where(*filter_conditions(flt))
    return int(session.execute(query).scalar_one())


def status_counts(session: Session, flt: ClaimFilter) -> dict[Status, int]:
    """How many claims of each status match `flt` (every status present, zero if none)."""
    query = (
        sa.select(Claim.status, sa.func.count())
        .where(*filter_conditions(flt))
        .group_by(Claim.status)
    )
    counts = {status: 0 for status in Status}
    for status, count in session.execute(query):
        counts[Status(status)] = int(count)
    return counts


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
    key = SORTS[sort]
    order = [sa.desc(key).nulls_last() if descending else sa.asc(key).nulls_last()]
    if sort != "id":
        order.append(sa.desc(Claim.id) if descending else sa.asc(Claim.id))
    conds = filter_conditions(flt)
    if after is not None:
        conds.append(_after(key, after[0], after[1], descending))
    query = select(Claim).where(*conds).order_by(*order).limit(limit)
    return list(session.exec(query))


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
        col(Claim.status).in_([Status.UNCONFIRMED.value, Status.CONFIRMED.value]),
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
        .where(*filter_conditions(flt))
        .group_by(Claim.status)
    )
    counts = {status: 0 for status in Status}
    stale_count = due_count = 0
    for status, count, stale_n, due_n in session.execute(query):
        counts[Status(status)] = int(count)
        stale_count += int(stale_n or 0)
        due_count += int(due_n or 0)
    return ViewTally(counts, stale_count, due_count)
