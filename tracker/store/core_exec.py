"""The SQLAlchemy executor of the write path (PostgreSQL, or any engine), and `writer_for`.

`writer_for(session)` picks the executor once for the session's connection: SQLite gets the
bare sqlite3 connection underneath (tracker.store.sqlite_exec), anything else runs the same
SQL text through SQLAlchemy Core. Statements are compiled once per SQL string.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session

from tracker.store.sqlite_exec import SqliteExecutor, from_sqlite_text, sqlite_text
from tracker.store.writer import Writer


class CoreExecutor:
    """Runs the writer's SQL through a SQLAlchemy Connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self._texts: dict[str, sa.TextClause] = {}

    def _text(self, sql: str) -> sa.TextClause:
        found = self._texts.get(sql)
        if found is None:
            found = self._texts[sql] = sa.text(sql)
        return found

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.conn.execute(self._text(sql), params)]

    def run(self, sql: str, params: dict[str, Any]) -> int:
        return int(self.conn.execute(self._text(sql), params).rowcount)

    def run_many(self, sql: str, rows: Sequence[dict[str, Any]]) -> int:
        if not rows:
            return 0
        if sql.startswith("INSERT"):  # one executemany; every row is inserted or it raises
            self.conn.execute(self._text(sql), list(rows))
            return len(rows)
        # An UPDATE's count must be exact (it is the compare-and-swap), and not every driver sums
        # rowcount over an executemany: one statement per row, in the caller's transaction.
        return sum(self.run(sql, row) for row in rows)

    def insert(self, sql: str, params: dict[str, Any]) -> int:
        return int(self.conn.execute(self._text(sql + " RETURNING id"), params).scalar_one())

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        with self.conn.begin_nested():
            yield

    def bind_time(self, at: datetime | None) -> Any:
        if at is None:
            return None
        return sqlite_text(at) if self.dialect == "sqlite" else at.astimezone(UTC)

    def read_time(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return from_sqlite_text(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def sqlite_connection(conn: Connection) -> sqlite3.Connection | None:
    """The sqlite3 connection under a SQLAlchemy Connection (None on other databases)."""
    raw = conn.connection.driver_connection
    return raw if isinstance(raw, sqlite3.Connection) else None


_WRITER = "tracker.writer"
"""`session.info` key: (transaction, Writer) for the open transaction."""

FAST_SQLITE = True
"""Switch for tests: False makes SQLite write through Core too (both must store the same rows)."""


def writer_for(session: Session) -> Writer:
    """The Writer for the session's open transaction: chosen once, kept while the transaction lasts."""
    transaction = session.get_transaction()
    cached = session.info.get(_WRITER)
    if cached is not None and transaction is not None and cached[0] is transaction:
        found: Writer = cached[1]
        return found
    conn = session.connection()
    raw = sqlite_connection(conn)
    if raw is not None and FAST_SQLITE:
        writer = Writer(SqliteExecutor(raw))
    else:
        writer = Writer(CoreExecutor(conn))
    session.info[_WRITER] = (session.get_transaction(), writer)
    return writer


def flush_writer(session: Session) -> None:
    """Store what the open transaction's Writer keeps until commit (the chain head), if it has one."""
    cached = session.info.get(_WRITER)
    if cached is not None and cached[0] is session.get_transaction():
        writer: Writer = cached[1]
        writer.flush()
