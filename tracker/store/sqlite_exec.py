"""The SQLite executor of the write path: a bare `sqlite3.Connection`, no SQLAlchemy.

Times are stored as SQLAlchemy's SQLite `DateTime` stores them (naive UTC text with
microseconds), so rows written here and rows written through Core are identical
(tests/test_fast_path.py compares them). Database errors leave as TrackerErrors with one
line: a lock held too long is a Conflict (exit 5).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from tracker.domain.errors import Conflict, TrackerError

_LAST: tuple[datetime | None, str] = (None, "")
"""The last conversion: a change stores the same time in three to five columns."""


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


def database_error(err: sqlite3.Error) -> TrackerError:
    """A sqlite3 error as the one-line TrackerError a user sees."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if isinstance(err, sqlite3.IntegrityError):
        return TrackerError(f"the database refused the change: {text}")
    if "locked" in text or "busy" in text:
        return Conflict("the database stayed locked by another writer; nothing was changed, try again")
    if "readonly" in text or "read-only" in text:
        return TrackerError("cannot change the database: it is read-only (the file or its folder cannot be written); "
                            "reads work; to change it, make both writable or copy it somewhere writable")
    return TrackerError(f"database error: {text}")


class SqliteExecutor:
    """Runs the writer's SQL on a sqlite3 connection, inside the transaction its owner began."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._depth = 0

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise database_error(err) from None

    def run(self, sql: str, params: dict[str, Any]) -> int:
        try:
            return self.conn.execute(sql, params).rowcount
        except sqlite3.Error as err:
            raise database_error(err) from None

    def run_many(self, sql: str, rows: Sequence[dict[str, Any]]) -> int:
        try:
            return self.conn.executemany(sql, rows).rowcount
        except sqlite3.Error as err:
            raise database_error(err) from None

    def insert(self, sql: str, params: dict[str, Any]) -> int:
        try:
            new_id = self.conn.execute(sql, params).lastrowid
        except sqlite3.Error as err:
            raise database_error(err) from None
        assert new_id is not None
        return new_id

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        self._depth += 1
        name = f"tracker_sp{self._depth}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._depth -= 1

    def bind_time(self, at: datetime | None) -> Any:
        return None if at is None else sqlite_text(at)

    def read_time(self, value: Any) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
        return from_sqlite_text(value)
