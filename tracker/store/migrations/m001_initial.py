"""Schema v1: claims, tags, evidence, append-only history, settings."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

_SQLITE_GUARDS = (
    "CREATE TRIGGER IF NOT EXISTS event_no_update BEFORE UPDATE ON event "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS event_no_delete BEFORE DELETE ON event "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
)

_POSTGRES_GUARDS = (
    "CREATE OR REPLACE FUNCTION tracker_history_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'history is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS event_append_only ON event",
    "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION tracker_history_append_only()",
)


def install_history_guards(conn: Connection) -> None:
    """Make the database itself refuse to update or delete a history row."""
    statements = _SQLITE_GUARDS if conn.dialect.name == "sqlite" else _POSTGRES_GUARDS
    for statement in statements:
        conn.execute(sa.text(statement))


def upgrade(conn: Connection) -> None:
    """Create every v1 table and the history guards."""
    SQLModel.metadata.create_all(conn)
    install_history_guards(conn)
