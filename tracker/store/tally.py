"""The claim tally: how many claims of each status were created, and are due, in each UTC hour.

Triggers keep the table `claim_tally` in the transaction of every change to a claim's status,
creation time or deadline (as the search index is kept), on SQLite and on PostgreSQL alike.
The report's counts then cost a sum of tally rows plus an index walk of at most the first and
the last hour of a range, not a walk of every matching claim's index entry: at 1M claims counting
the statuses walked 1M entries of claim(status, id), the age chart 550k of claim(status,
created_at), the deadlines 219k of claim(status, expires_at).

`count` answers "claims of these statuses whose `field` lies in (lo, hi)" (each end open or
closed, or absent) exactly: whole hours strictly inside the range from the tally, the partial
hours at its ends from the index. A range within two neighbouring hours is counted on the index
alone. (By day, the report's 24-hour "due soon" window was two partial days: at 1M claims a walk
of 150k index entries, 77 ms.)
`tracker verify` compares the tally with the claims (`mismatches`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.store.tables import Claim, ClaimTally, core_table

_CLAIM = core_table(Claim)
_TALLY = core_table(ClaimTally)
FIELDS = ("created_at", "expires_at")
"""The claim columns tallied by hour (a claim with no deadline has no `expires_at` row)."""

_BUMP = ("INSERT INTO claim_tally (status, field, hour, n) {values} "
         "ON CONFLICT (status, field, hour) DO UPDATE SET n = claim_tally.n + {k}")


def _sqlite_hour(ref: str, field: str) -> str:
    return f"substr({ref}.{field}, 1, 13)"


def _sqlite_bumps(ref: str, k: int) -> str:
    """The statements of a trigger body adding `k` to the rows of claim `ref` (NEW or OLD)."""
    created = _BUMP.format(values=f"VALUES ({ref}.status, 'created_at', {_sqlite_hour(ref, 'created_at')}, {k})", k=k)
    expires = _BUMP.format(
        values=f"SELECT {ref}.status, 'expires_at', {_sqlite_hour(ref, 'expires_at')}, {k} "
               f"WHERE {ref}.expires_at IS NOT NULL", k=k)
    return f"{created}; {expires};"


_CHANGED = "OLD.status IS NOT NEW.status OR OLD.created_at IS NOT NEW.created_at OR OLD.expires_at IS NOT NEW.expires_at"

_SQLITE = (
    f"CREATE TRIGGER IF NOT EXISTS claim_tally_insert AFTER INSERT ON claim BEGIN {_sqlite_bumps('NEW', 1)} END",
    f"CREATE TRIGGER IF NOT EXISTS claim_tally_update AFTER UPDATE OF status, created_at, expires_at ON claim "
    f"WHEN {_CHANGED} BEGIN {_sqlite_bumps('OLD', -1)} {_sqlite_bumps('NEW', 1)} END",
    f"CREATE TRIGGER IF NOT EXISTS claim_tally_delete AFTER DELETE ON claim BEGIN {_sqlite_bumps('OLD', -1)} END",
)

_PG_HOUR = "to_char({ref}.{field} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"


def _pg_bumps(ref: str, k: int) -> str:
    created = _PG_HOUR.format(ref=ref, field="created_at")
    expires = _PG_HOUR.format(ref=ref, field="expires_at")
    return (f"PERFORM tracker_tally_bump({ref}.status::text, 'created_at', {created}, {k}); "
            f"IF {ref}.expires_at IS NOT NULL THEN "
            f"PERFORM tracker_tally_bump({ref}.status::text, 'expires_at', {expires}, {k}); END IF; ")


_POSTGRES = (
    ("CREATE OR REPLACE FUNCTION tracker_tally_bump(s text, f text, d text, k integer) RETURNS void "
     "LANGUAGE sql AS $$ " + _BUMP.format(values="VALUES (s, f, d, k)", k="k") + " $$"),
    ("CREATE OR REPLACE FUNCTION tracker_tally_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
     f"IF TG_OP <> 'INSERT' THEN {_pg_bumps('OLD', -1)}END IF; "
     f"IF TG_OP <> 'DELETE' THEN {_pg_bumps('NEW', 1)}END IF; "
     "RETURN NULL; END $$"),
    "DROP TRIGGER IF EXISTS claim_tally_sync ON claim",
    "DROP TRIGGER IF EXISTS claim_tally_change ON claim",
    ("CREATE TRIGGER claim_tally_sync AFTER INSERT OR DELETE ON claim "
     "FOR EACH ROW EXECUTE FUNCTION tracker_tally_sync()"),
    ("CREATE TRIGGER claim_tally_change AFTER UPDATE OF status, created_at, expires_at ON claim FOR EACH ROW "
     "WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.created_at IS DISTINCT FROM NEW.created_at "
     "OR OLD.expires_at IS DISTINCT FROM NEW.expires_at) EXECUTE FUNCTION tracker_tally_sync()"),
)

SQLITE_TRIGGERS = ("claim_tally_insert", "claim_tally_update", "claim_tally_delete")


def status_text(value: object) -> str:
    """A claim status as read back (the `Status` enum through the ORM's column type, or plain text)."""
    return str(getattr(value, "value", value))


def install(conn: Connection) -> None:
    """The triggers that keep the tally (the table itself is in the metadata)."""
    for statement in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRES:
        conn.exec_driver_sql(statement)


def _hour_of(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[str]:
    if dialect == "sqlite":
        return sa.func.substr(column, 1, 13)
    return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM-DD HH24")


def _actual(dialect: str) -> sa.CompoundSelect[Any]:
    """The tally as the claims make it now (status, field, hour, n), every row with n > 0."""
    c = _CLAIM.c
    parts = []
    for field in FIELDS:
        hour = _hour_of(c[field], dialect).label("hour")
        parts.append(sa.select(c.status.label("status"), sa.literal(field).label("field"), hour,
                               sa.func.count().label("n"))
                     .where(c[field].is_not(None)).group_by(c.status, hour))
    return sa.union_all(*parts)


def rebuild(conn: Connection) -> None:
    """Count every claim afresh (a migration, or a bulk load that ran without the triggers)."""
    conn.execute(sa.delete(_TALLY))
    rows = [{"status": status_text(s), "field": f, "hour": h, "n": int(n)}
            for s, f, h, n in conn.execute(_actual(conn.dialect.name))]
    if rows:
        conn.execute(sa.insert(_TALLY), rows)


def mismatches(conn: Connection) -> list[str]:
    """Where the tally and the claims disagree, as lines (empty: they agree)."""
    kept = {(str(s), f, d): int(n) for s, f, d, n in conn.execute(
        sa.select(_TALLY.c.status, _TALLY.c.field, _TALLY.c.hour, _TALLY.c.n))}
    actual = {(status_text(s), f, d): int(n) for s, f, d, n in conn.execute(_actual(conn.dialect.name))}
    found = []
    for key in sorted(set(kept) | set(actual)):
        if kept.get(key, 0) != actual.get(key, 0):
            status, field, hour = key
            found.append(f"tally {status} {field} {hour}h: {kept.get(key, 0)}, claims {actual.get(key, 0)}")
    return found


def within_range(at: datetime | None, *, lo: datetime | None = None, hi: datetime | None = None,
                 lo_closed: bool = False, hi_closed: bool = False) -> bool:
    """Whether `at` lies in the range `count` counts (None never does)."""
    if at is None:
        return False
    if lo is not None and not (at >= lo if lo_closed else at > lo):
        return False
    return hi is None or (at <= hi if hi_closed else at < hi)


def _hour(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H")


def _hour_start(at: datetime, hours: int = 0) -> datetime:
    utc = at.astimezone(UTC)
    return datetime(utc.year, utc.month, utc.day, utc.hour, tzinfo=UTC) + timedelta(hours=hours)


def count(conn: Connection, statuses: Sequence[str], field: str, *, lo: datetime | None = None,
          hi: datetime | None = None, lo_closed: bool = False, hi_closed: bool = False,
          extra: Sequence[sa.ColumnElement[bool]] = ()) -> int:
    """How many claims of `statuses` have `field` after `lo` (or at it when `lo_closed`) and before
    `hi` (or at it when `hi_closed`); no `lo` / `hi`: unbounded on that side (NULL never counts).

    `extra` conditions (a story's claims, duplicates left out) make it a plain index count."""
    column = _CLAIM.c[field]

    def on_index(*conds: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
        return (sa.select(sa.func.count()).select_from(_CLAIM)
                .where(_CLAIM.c.status.in_(list(statuses)), column.is_not(None), *conds, *extra).scalar_subquery())

    low = [] if lo is None else [column >= lo if lo_closed else column > lo]
    high = [] if hi is None else [column <= hi if hi_closed else column < hi]
    if extra or (lo is not None and hi is not None and _hour_start(hi) <= _hour_start(lo, 1)):
        return int(conn.execute(sa.select(on_index(*low, *high))).scalar_one())
    t = _TALLY.c
    whole = [t.status.in_(list(statuses)), t.field == field]
    parts: list[sa.ColumnElement[Any]] = []
    if lo is not None:  # the rest of lo's hour on the index, whole hours after it from the tally
        whole.append(t.hour > _hour(lo))
        parts.append(on_index(*low, column < _hour_start(lo, 1)))
    if hi is not None:  # whole hours before hi's from the tally, hi's hour up to hi on the index
        whole.append(t.hour < _hour(hi))
        parts.append(on_index(column >= _hour_start(hi), *high))
    parts.append(sa.select(sa.func.coalesce(sa.func.sum(t.n), 0)).where(*whole).scalar_subquery())
    return sum(int(n) for n in conn.execute(sa.select(*parts)).one())
