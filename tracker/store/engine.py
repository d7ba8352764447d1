"""The engine: database URL resolution, SQLite pragmas, and `BEGIN IMMEDIATE` for writers.

pysqlite's own transaction handling loses updates between processes (../shared/GUIDE.md),
so it is switched off (`isolation_level=None`) and every transaction is begun by hand:
`BEGIN IMMEDIATE` for a unit of work that writes, a plain deferred `BEGIN` for readers.
PostgreSQL needs none of this; it is selected by a `postgresql://` URL.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tracker.domain.errors import InvalidInput

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another writer's lock before giving up with a conflict (exit 5)."""

WRITE_OPTION = "tracker_write"
"""Execution option a unit of work sets to ask for `BEGIN IMMEDIATE`."""


def default_db_path() -> Path:
    """The database file used when neither --db nor TRACKER_DB names one."""
    from platformdirs import user_data_path

    return user_data_path("tracker", appauthor=False) / "tracker.db"


def resolve_url(db: str | None) -> str:
    """Turn --db / TRACKER_DB (a file path or a SQLAlchemy URL) into a URL; None means the default file."""
    if db is not None and not db.strip():
        raise InvalidInput("--db / TRACKER_DB is empty: give a file path or a database URL")
    if db is None:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in db:
        if db.startswith("postgresql://") or db.startswith("postgres://"):
            return "postgresql+psycopg://" + db.split("://", 1)[1]
        return db
    return f"sqlite:///{Path(db).expanduser().absolute()}"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL points at, or None for other databases and in-memory SQLite."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


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
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

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
