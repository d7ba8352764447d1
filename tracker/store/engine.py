"""The engine: database URL resolution, SQLite pragmas, and `BEGIN IMMEDIATE` for writers.

pysqlite's own transaction handling loses updates between processes (../shared/GUIDE.md),
so it is switched off (`isolation_level=None`) and every transaction is begun by hand:
`BEGIN IMMEDIATE` for a unit of work that writes, a plain deferred `BEGIN` for readers.
PostgreSQL needs none of this; it is selected by a `postgresql://` URL.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

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


def parse_url(url: str) -> sa.engine.URL:
    """The URL parsed, or InvalidInput naming what is wrong (the password never shown)."""
    try:
        parsed = sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError) as err:
        shown = re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)
        detail = ""
        if "[" in url and "]" not in url:
            detail = ": an IPv6 host needs its closing ]"
        elif "int()" in str(err):
            detail = f": the port {str(err).split(':', 1)[1].strip()} is not a number"
        raise InvalidInput(f"cannot read database URL {shown!r}{detail}") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise InvalidInput(f"database URL {parsed.render_as_string(hide_password=True)!r}: "
                           f"port {parsed.port} is not between 1 and 65535")
    return parsed


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL points at, or None for other databases and in-memory SQLite."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """Create the engine for `url`, with the pragmas and transaction handling it needs."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except (ImportError, sa.exc.NoSuchModuleError):
        backend = parsed.get_backend_name()
        hint = "; install tracker[postgres]" if backend == "postgresql" else "; tracker supports sqlite and postgresql"
        raise InvalidInput(f"no database driver for {parsed.drivername!r}{hint}") from None


def read_only_reason(path: Path) -> str | None:
    """Why tracker can only read the SQLite file `path` (None: it can write it, or it does not exist yet).

    SQLite writes beside the file (the -wal and -shm files of WAL mode), so a writable file in a
    read-only folder cannot be written either.
    """
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "its folder is read-only"
    return None


def sqlite_uri(path: Path) -> str | None:
    """A read-only `file:` URI for a database tracker cannot write, or None to open it normally.

    In a folder tracker cannot write, the database is opened `immutable` (no -shm file can be made
    there, and nobody can change the file either): reads work, any write fails with "readonly".
    """
    reason = read_only_reason(path)
    if reason is None:
        return None
    shm = Path(f"{path}-shm")
    immutable = not os.access(path.parent, os.W_OK) and not shm.exists()
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def _wants_wal(cursor: sqlite3.Cursor) -> bool:
    """True when the database should be switched to WAL: a new (empty) file or a tracker database.

    WAL is stored in the file, so this is a one-time change; someone else's SQLite file is never
    switched (tracker refuses to touch it). A read-only connection never switches.
    """
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return False
    names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return not names or "tracker_schema" in names


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_file(url)
    uri = sqlite_uri(path) if path is not None else None
    args: dict[str, Any] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    if uri is not None:
        engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, **args))
    else:
        engine = sa.create_engine(url, connect_args=args)
    read_only = uri is not None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only and _wants_wal(cursor):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"
