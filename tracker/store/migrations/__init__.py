"""A tiny migration registry: the schema is versioned from day one.

A new database is created at the latest version in one go (`create_all`, the
history triggers, the search index and the claim tally) and stamped. An older database runs each pending step in
`STEPS`, in order, in one transaction. To change the schema: change the tables,
add `mNNN_what.py` with `upgrade(connection)`, and register it in `STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, col

from tracker.store import search, tables, tally
from tracker.store.errors import NotReady, foreign_database, schema_mismatch
from tracker.store.migrations import (
    m001_initial,
    m002_status_id_index,
    m003_status_created_index,
    m004_status_assignee_index,
    m005_search_index,
    m006_events,
    m007_similar_lookup,
    m008_duplicates,
    m009_tally,
)

STEPS: dict[int, Callable[[Connection], None]] = {
    1: m001_initial.upgrade,
    2: m002_status_id_index.upgrade,
    3: m003_status_created_index.upgrade,
    4: m004_status_assignee_index.upgrade,
    5: m005_search_index.upgrade,
    6: m006_events.upgrade,
    7: m007_similar_lookup.upgrade,
    8: m008_duplicates.upgrade,
    9: m009_tally.upgrade,
}
"""Schema version -> the step that upgrades a database from the version before it."""

LATEST = max(STEPS)

SCHEMA_VERSION = sa.select(col(tables.SchemaVersion.version))
"""The stored schema version (also read by tracker.store.lite, as generated text)."""


def current_version(conn: Connection) -> int | None:
    """The stored schema version, or None when the database has no tracker schema."""
    if not sa.inspect(conn).has_table(tables.SchemaVersion.__tablename__):
        return None
    found = conn.execute(SCHEMA_VERSION).scalar_one_or_none()
    return None if found is None else int(found)


def upgrade(engine: Engine, where: str = "the database") -> tuple[int | None, int]:
    """Create or upgrade the schema; return (version before, version after). Idempotent.

    An up-to-date database is only read (so `init` on a read-only file says it is up to date);
    a database that holds tables but no tracker schema is refused and left untouched.
    """
    with engine.connect() as conn, conn.begin():
        seen = current_version(conn)
        if seen is None:
            refuse_foreign(conn, where)
    if seen == LATEST:
        return LATEST, LATEST
    with engine.connect().execution_options(tracker_write=True) as conn, conn.begin():
        before = current_version(conn)
        if before is None:
            refuse_foreign(conn, where)
            SQLModel.metadata.create_all(conn)
            m001_initial.install_history_guards(conn)
            search.install(conn)
            tally.install(conn)
            conn.execute(sa.insert(tables.SchemaVersion).values(id=1, version=LATEST))
            conn.execute(sa.insert(tables.EventHead).values(id=1, seq=0, hash=None))
            return None, LATEST
        if before > LATEST:
            raise NotReady(f"database schema v{before} is newer than this tracker (v{LATEST}); upgrade tracker")
        for version in range(before + 1, LATEST + 1):
            STEPS[version](conn)
        conn.execute(sa.update(tables.SchemaVersion).values(version=LATEST))
        return before, LATEST


def foreign_tables(conn: Connection) -> list[str]:
    """Tables that stop a database without a tracker schema from becoming one.

    On SQLite any table at all (the file is someone else's); on a server database, tables with
    the names tracker would create (other applications may share the database).
    """
    names = sorted(sa.inspect(conn).get_table_names())
    if conn.dialect.name == "sqlite":
        return [n for n in names if not n.startswith("sqlite_")]
    ours = set(SQLModel.metadata.tables)
    return [n for n in names if n in ours]


def refuse_foreign(conn: Connection, where: str) -> None:
    """Raise NotReady when the database holds tables but is not a tracker database."""
    found = foreign_tables(conn)
    if found:
        raise foreign_database(where, found)


def require_current(conn: Connection, where: str) -> None:
    """Raise NotReady unless the database is at exactly the latest schema."""
    problem = schema_mismatch(conn.execute(SCHEMA_VERSION).scalar_one_or_none(), LATEST, where)
    if problem is not None:
        raise problem
