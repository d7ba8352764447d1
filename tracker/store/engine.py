"""The engine: database URL resolution, SQLite pragmas, and `BEGIN IMMEDIATE` for writers.

pysqlite's own transaction handling loses updates between processes (../shared/GUIDE.md),
so it is switched off (`isolation_level=None`) and every transaction is begun by hand:
`BEGIN IMMEDIATE` for a unit of work that writes, a plain deferred `BEGIN` for readers.
PostgreSQL needs none of this; it is selected by a `postgresql://` URL.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tracker.domain.errors import InvalidInput
from tracker.store import location
from tracker.store.location import configure, default_db_path, resolve_url, sqlite_file

BUSY_TIMEOUT_MS = location.BUSY_TIMEOUT_MS
"""How long a writer waits for another writer's lock before giving up with a conflict (exit 5)."""

__all__ = ["BUSY_TIMEOUT_MS", "default_db_path", "is_sqlite", "make_engine", "resolve_url", "sqlite_file"]


WRITE_OPTION = "tracker_write"
"""Execution option a unit of work sets to ask for `BEGIN IMMEDIATE`."""


def make_engine(url: str) -> Engine:
    """Create the engine for `url`, with the pragmas and transaction handling it needs."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise InvalidInput(f"cannot read database URL {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except (ImportError, sa.exc.NoSuchModuleError):
        backend = parsed.get_backend_name()
        hint = "; install tracker[postgres]" if backend == "postgresql" else "; tracker supports sqlite and postgresql"
        raise InvalidInput(f"no database driver for {parsed.drivername!r}{hint}") from None


def _sqlite_engine(url: str) -> Engine:
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        configure(dbapi_connection, BUSY_TIMEOUT_MS)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"
