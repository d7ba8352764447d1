"""The desk a use case runs for (database, actor, clock) and its unit of work."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.errors import TrackerError
from tracker.domain.rules import RuleSettings
from tracker.store import errors as store_errors
from tracker.store.errors import from_driver

if TYPE_CHECKING:  # SQLAlchemy loads only when a unit of work runs (a cold read on SQLite needs none)
    import sqlalchemy as sa
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


def system_clock() -> datetime:
    """The real current time, aware, in UTC."""
    return datetime.now(UTC)


class Desk:
    """Who acts, on which database, by which clock.

    Built from an engine (a process that keeps one: the TUI, tests) or from a URL (a command):
    then the engine is made on first use, and reads on a plain SQLite file run on sqlite3 alone
    (`lite_file`; tracker.store.lite), so a cold `show` never imports SQLAlchemy.
    """

    __slots__ = ("_engine", "actor", "clock", "url", "where")

    def __init__(self, engine: Engine | None = None, actor: str = "", clock: Callable[[], datetime] = system_clock,
                 where: str = "database", *, url: str | None = None) -> None:
        if engine is None and url is None:
            raise ValueError("a Desk needs an engine or a URL")
        self._engine = engine
        self.actor = actor
        self.clock = clock
        self.where = where
        """How to name the database in messages (a path or a URL without its password)."""
        self.url = url

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (made on first use when the desk was opened by URL)."""
        if self._engine is None:
            from tracker.store.engine import make_engine

            assert self.url is not None
            self._engine = make_engine(self.url)
        return self._engine

    def lite_file(self) -> Path | None:
        """The SQLite file reads may take straight from sqlite3: a desk opened by URL on a plain file."""
        if self.url is None:
            return None
        from tracker.store.location import plain_sqlite_file

        return plain_sqlite_file(self.url)

    def now(self) -> datetime:
        """The clock's current time."""
        return self.clock()


@contextmanager
def unit(desk: Desk, *, write: bool) -> Iterator[Session]:
    """One transaction: committed if the block ends normally, rolled back on any error.

    Writers take SQLite's write lock up front (`BEGIN IMMEDIATE`); database errors leave
    as TrackerErrors with one-line messages (a lock held too long is a Conflict, exit 5).
    """
    import sqlalchemy as sa
    from sqlmodel import Session

    from tracker.store import queries
    from tracker.store.core_exec import flush_writer
    from tracker.store.engine import WRITE_OPTION

    try:
        with Session(desk.engine, expire_on_commit=False) as session:
            session.connection(execution_options={WRITE_OPTION: write})
            queries.require_schema(session, desk.where)
            yield session
            if write:
                flush_writer(session)
                session.commit()
            else:
                session.rollback()
    except sa.exc.OperationalError as err:
        raise _db_error(err, desk) from None
    except sa.exc.IntegrityError as err:
        raise TrackerError(f"the database refused the change: {_first_line(err.orig)}") from None
    except sa.exc.DBAPIError as err:
        raise database_error(err, desk) from None


def _first_line(err: object) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def database_error(err: sa.exc.DBAPIError, desk: Desk, doing: str = "database error on") -> TrackerError:
    """A database error as one plain line (a file that is not SQLite, a read-only file, anything else)."""
    return from_driver(_first_line(err.orig), desk.where, operational=False, doing=doing)


def _db_error(err: sa.exc.OperationalError, desk: Desk) -> TrackerError:
    return from_driver(_first_line(err.orig), desk.where, operational=True)


def read_only(desk: Desk) -> TrackerError:
    """The error for a change to a database tracker may only read."""
    return store_errors.read_only(desk.where)


def settings(session: Session) -> RuleSettings:
    """The rule settings stored in this database."""
    from tracker.store import queries

    return RuleSettings.from_text(queries.stored_settings(session))


def detail(**values: object) -> str | None:
    """A history event's detail as compact JSON, or None when there is nothing to add."""
    kept = {k: v for k, v in values.items() if v is not None}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) if kept else None
