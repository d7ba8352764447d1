"""Schema v5: the full-text index of claims (tracker/store/search.py), built from the rows already there.

SQLite: the FTS5 table `claim_fts` and its triggers. PostgreSQL: the `unaccent` and `pg_trgm`
extensions (contrib, installed with the server; both are trusted, so a database owner may
create them), the table `claim_search` with its GIN indexes, and its functions and triggers.
Every existing claim is indexed in the same transaction as the upgrade.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from tracker.store import search


def upgrade(conn: Connection) -> None:
    """Create the index and its triggers, then index every claim."""
    search.install(conn)
    search.rebuild(conn)
