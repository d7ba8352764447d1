"""Where the database is (--db / TRACKER_DB as a URL, the SQLite file a URL names), and how every
SQLite connection to it is set up (pragmas, WAL, read-only files).

Pure Python (no SQLAlchemy): a cold command on SQLite learns its file from here and works on it
with sqlite3 alone (tracker.store.lite, tracker.store.sqlite_exec); only a server URL, or a SQLite
URL this module does not recognise, needs SQLAlchemy to parse it (tracker.store.engine.parse_url).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from tracker.domain.errors import InvalidInput

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another writer's lock before giving up with a conflict (exit 5)."""


def configure(con: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS, *, read_only: bool = False) -> None:
    """Set a new SQLite connection up as every tracker connection is: no implicit transactions
    (pysqlite's own handling loses updates between processes), the busy timeout, WAL (a new file or
    a tracker database only, never on a read-only connection), `synchronous=NORMAL`, foreign keys."""
    con.isolation_level = None
    cursor = con.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    if not read_only and _wants_wal(cursor):
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _wants_wal(cursor: sqlite3.Cursor) -> bool:
    """True when the database should be switched to WAL: a new (empty) file or a tracker database.

    WAL is stored in the file, so this is a one-time change; someone else's SQLite file is never
    switched (tracker refuses to touch it).
    """
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return False
    names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return not names or "tracker_schema" in names


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
    if read_only_reason(path) is None:
        return None
    shm = Path(f"{path}-shm")
    immutable = not os.access(path.parent, os.W_OK) and not shm.exists()
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def connect(path: Path, **args: Any) -> sqlite3.Connection:
    """A configured sqlite3 connection to the tracker file `path` (read-only when it cannot be written)."""
    uri = sqlite_uri(path)
    args.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    con: sqlite3.Connection = (sqlite3.connect(uri, uri=True, **args) if uri is not None
                               else sqlite3.connect(path, **args))
    configure(con, read_only=uri is not None)
    return con


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
    from tracker.store.engine import parse_url

    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
