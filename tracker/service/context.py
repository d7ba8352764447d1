"""The desk a use case runs for (database, actor, clock) and its unit of work."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker.domain.errors import Conflict, TrackerError
from tracker.domain.rules import RuleSettings
from tracker.store import queries
from tracker.store.core_exec import flush_writer
from tracker.store.engine import WRITE_OPTION


def system_clock() -> datetime:
    """The real current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(slots=True)
class Desk:
    """Who acts, on which database, by which clock."""

    engine: Engine
    actor: str
    clock: Callable[[], datetime] = field(default=system_clock)
    where: str = "database"
    """How to name the database in messages (a path or a URL without its password)."""

    def now(self) -> datetime:
        """The clock's current time."""
        return self.clock()


@contextmanager
def unit(desk: Desk, *, write: bool) -> Iterator[Session]:
    """One transaction: committed if the block ends normally, rolled back on any error.

    Writers take SQLite's write lock up front (`BEGIN IMMEDIATE`); database errors leave
    as TrackerErrors with one-line messages (a lock held too long is a Conflict, exit 5).
    """
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
    text = _first_line(err.orig)
    if "file is not a database" in text:
        return TrackerError(f"{desk.where} is not a tracker database (it is not a SQLite database at all)")
    if "readonly" in text or "read-only" in text:
        return read_only(desk)
    return TrackerError(f"{doing} {desk.where}: {text}")


def _db_error(err: sa.exc.OperationalError, desk: Desk) -> TrackerError:
    text = _first_line(err.orig)
    if "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text:
        return Conflict(f"{desk.where} stayed locked by another writer; nothing was changed, try again")
    if "readonly" in text or "read-only" in text:
        return read_only(desk)
    return TrackerError(f"cannot use {desk.where}: {text}")


def read_only(desk: Desk) -> TrackerError:
    """The error for a change to a database tracker may only read."""
    return TrackerError(f"cannot change {desk.where}: the database is read-only (the file or its folder cannot be "
                        "written); reads work; to change it, make both writable or copy it somewhere writable")


def settings(session: Session) -> RuleSettings:
    """The rule settings stored in this database."""
    return RuleSettings.from_text(queries.stored_settings(session))


def detail(**values: object) -> str | None:
    """A history event's detail as compact JSON, or None when there is nothing to add."""
    kept = {k: v for k, v in values.items() if v is not None}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) if kept else None
