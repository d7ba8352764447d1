"""Hot-path statements: compiled once, run straight on the DBAPI connection on SQLite.

`tracker apply` runs five or six statements per line. Through SQLAlchemy Core each one
cost ~40 us of execution bookkeeping around ~6 us of SQLite work (docs/performance.md),
which alone kept a batch under 5,000 lines a second. A `Prepared` statement is built
from the same Core construct, compiled once per set of parameter names for the
engine's dialect, and executed with the sqlite3 cursor; parameters are converted the
way the column types would (aware datetimes -> naive UTC text as `UTCDateTime` +
SQLite's DateTime store them, booleans -> 0/1, enum members -> their values).

Any other database goes through Core unchanged. Everything here runs inside the
transaction the unit of work began (`BEGIN IMMEDIATE`), on the session's connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session


_LAST: tuple[datetime | None, str] = (None, "")
"""The last conversion: a change stores the same `now` in three to five columns."""


def sqlite_text(at: datetime) -> str:
    """An aware datetime as SQLite stores it here: naive UTC, microseconds."""
    global _LAST
    last = _LAST
    if at is last[0]:
        return last[1]
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("naive datetime given for a UTC column")
    text = at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    _LAST = (at, text)
    return text


def from_sqlite_text(text: str | None) -> datetime | None:
    """The reverse of `sqlite_text`: an aware UTC datetime."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


_PLAIN = frozenset({str, int, float, type(None)})


def _bind(value: Any) -> Any:
    if type(value) in _PLAIN:  # most parameters: no conversion, no isinstance chain
        return value
    if isinstance(value, datetime):
        return sqlite_text(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _wrapped(run: Callable[[], Any], sql: str, params: Any) -> Any:
    """Run a DBAPI call; its errors leave as SQLAlchemy's (IntegrityError, OperationalError...) like Core's."""
    try:
        return run()
    except sqlite3.Error as err:
        raise sa.exc.DBAPIError.instance(sql, params, err, sqlite3.Error) from err


_RAW = "tracker.fast.raw"
"""`session.info` key: (transaction, connection, DBAPI connection or None) of the open transaction."""


def _sqlite(session: Session) -> tuple[Connection, Any | None]:
    # session.connection() walks the session's transaction machinery (~4 us); a batch line runs
    # five or six statements, so the answer is kept for as long as the same transaction is open.
    transaction = session.get_transaction()
    cached = session.info.get(_RAW)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1], cached[2]
    conn = session.connection()
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    session.info[_RAW] = (session.get_transaction(), conn, raw)
    return conn, raw


class Prepared:
    """One Core statement with a per-dialect compiled form for SQLite's DBAPI cursor."""

    __slots__ = ("_compiled", "statement")

    def __init__(self, statement: sa.Executable) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}

    def _sql(self, conn: Connection, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        found = self._compiled.get(keys)
        if found is None:
            compiled = self.statement.compile(dialect=conn.dialect, column_keys=list(keys))
            found = (str(compiled), tuple(compiled.positiontup or ()))
            self._compiled[keys] = found
        return found

    def insert(self, session: Session, params: dict[str, Any]) -> int:
        """Run an INSERT; return the new row's primary key."""
        conn, raw = _sqlite(session)
        if raw is None:
            return conn.execute(self.statement, params).inserted_primary_key[0]  # type: ignore[index]
        sql, names = self._sql(conn, tuple(params))
        args = [_bind(params[n]) for n in names]
        return _wrapped(lambda: raw.execute(sql, args).lastrowid, sql, args)

    def insert_many(self, session: Session, rows: Sequence[dict[str, Any]]) -> None:
        """Run an INSERT for each of `rows` (all with the same keys)."""
        conn, raw = _sqlite(session)
        if raw is None:
            conn.execute(self.statement, list(rows))
            return
        sql, names = self._sql(conn, tuple(rows[0]))
        args = [[_bind(row[n]) for n in names] for row in rows]
        _wrapped(lambda: raw.executemany(sql, args), sql, args)

    def update(self, session: Session, params: dict[str, Any]) -> int:
        """Run an UPDATE; return how many rows it changed."""
        conn, raw = _sqlite(session)
        if raw is None:
            return conn.execute(self.statement, params).rowcount
        sql, names = self._sql(conn, tuple(params))
        args = [_bind(params[n]) for n in names]
        return _wrapped(lambda: raw.execute(sql, args).rowcount, sql, args)

    def rows(self, session: Session, params: dict[str, Any]) -> list[tuple]:
        """Run a SELECT; return plain tuples (SQLite: values as stored - callers convert)."""
        conn, raw = _sqlite(session)
        if raw is None:
            return [tuple(row) for row in conn.execute(self.statement, params)]
        sql, names = self._sql(conn, ())
        args = [_bind(params[n]) for n in names]
        return _wrapped(lambda: raw.execute(sql, args).fetchall(), sql, args)


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """Make the block atomic inside the open transaction: on any error it changes nothing."""
    conn, raw = _sqlite(session)
    if raw is None:
        with conn.begin_nested():
            yield
        return
    _wrapped(lambda: raw.execute("SAVEPOINT tracker_line"), "SAVEPOINT", ())
    try:
        yield
    except BaseException:
        raw.execute("ROLLBACK TO SAVEPOINT tracker_line")
        raw.execute("RELEASE SAVEPOINT tracker_line")
        raise
    raw.execute("RELEASE SAVEPOINT tracker_line")
