"""The engine: database URL parsing, SQLite pragmas, and `BEGIN IMMEDIATE` for writers.

pysqlite's own transaction handling loses updates between processes (../shared/GUIDE.md),
so it is switched off (`isolation_level=None`) and every transaction is begun by hand:
`BEGIN IMMEDIATE` for a unit of work that writes, a plain deferred `BEGIN` for readers.
PostgreSQL needs none of this; it is selected by a `postgresql://` URL. Where the file is and how
a SQLite connection is set up is tracker.store.location (no SQLAlchemy), shared with sqlite3 paths.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from tracker.domain.errors import InvalidInput
from tracker.store import location
from tracker.store.location import (
    configure,
    default_db_path,
    read_only_reason,
    resolve_url,
    sqlite_file,
    sqlite_uri,
)

BUSY_TIMEOUT_MS = location.BUSY_TIMEOUT_MS
"""How long a writer waits for another writer's lock before giving up with a conflict (exit 5)."""

__all__ = ["BUSY_TIMEOUT_MS", "WRITE_OPTION", "default_db_path", "is_sqlite", "make_engine", "parse_url",
           "read_only_reason", "resolve_url", "sqlite_file", "sqlite_uri"]


WRITE_OPTION = "tracker_write"
"""Execution option a unit of work sets to ask for `BEGIN IMMEDIATE`."""


def parse_url(url: str) -> sa.engine.URL:
    """The URL parsed, or InvalidInput naming what is wrong (the password never shown)."""
    try:
        parsed = sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError) as err:
        shown = re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url).replace("postgresql+psycopg://", "postgresql://", 1)
        detail = ""
        if "[" in url and "]" not in url:
            detail = ": an IPv6 host needs its closing ]"
        elif "int()" in str(err):
            detail = f": the port {str(err).split(':', 1)[1].strip()} is not a number"
        raise InvalidInput(f"cannot read database URL {shown!r}{detail}") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        shown = parsed.render_as_string(hide_password=True).replace("postgresql+psycopg://", "postgresql://", 1)
        raise InvalidInput(f"database URL {shown!r}: "
                           f"port {parsed.port} is not between 1 and 65535")
    return parsed


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
        configure(dbapi_connection, BUSY_TIMEOUT_MS, read_only=read_only)

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
