"""Where the database is (--db / TRACKER_DB as a URL, the SQLite file a URL names), and how every
SQLite connection to it is set up.

Pure Python (no SQLAlchemy): a cold command on SQLite learns its file from here and reads it
with sqlite3 alone (tracker.store.lite); only a server URL, or a SQLite URL this module does not
recognise, needs SQLAlchemy to parse it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import unquote

from tracker.domain.errors import InvalidInput

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another writer's lock before giving up with a conflict (exit 5)."""

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
)
"""Run on every new SQLite connection (after its busy timeout), by the engine (tracker.store.engine)
and by sqlite3 reads (tracker.store.lite) alike."""


def configure(con: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Set a new SQLite connection up as every tracker connection is: no implicit transactions
    (pysqlite's own handling loses updates between processes), the busy timeout, the pragmas."""
    con.isolation_level = None
    cursor = con.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


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
        if db.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + db.split("://", 1)[1]
        return db
    return f"sqlite:///{Path(db).expanduser().absolute()}"


_SQLITE_SCHEMES = ("sqlite:///", "sqlite+pysqlite:///")


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///path``, no query options), or None for anything
    else: other databases, in-memory SQLite, URLs with options (those are read by SQLAlchemy)."""
    for scheme in _SQLITE_SCHEMES:
        if url.startswith(scheme):
            rest = url[len(scheme):]
            if not rest or rest == ":memory:" or "?" in rest:
                return None
            return Path(unquote(rest))
    return None


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL points at, or None for other databases and in-memory SQLite."""
    plain = plain_sqlite_file(url)
    if plain is not None or not url.startswith("sqlite"):
        return plain
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
