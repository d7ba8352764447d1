"""Schema v7: the look-alike query of similar claims on PostgreSQL (`tracker_search_any`).

A v6 PostgreSQL database has the full-text index but not the function that asks it for any of a
claim's words in its text (tracker.store.lookalike); this step creates it. SQLite needs nothing:
its look-up is a plain FTS5 query on the index v5 built.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from tracker.store import search


def upgrade(conn: Connection) -> None:
    """Create the function (PostgreSQL only)."""
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(search.PG_ANY)
