"""Schema v4: an index on claim (status, assignee, last_activity_at), for stale claims by assignee.

The daily report counts stale claims per assignee. With no index that holds the assignee
beside the status and the last activity, SQLite walked claim(status, last_activity_at) and
read every stale claim's row to learn its assignee, then sorted them into groups: 750 ms of
the report's 960 ms of SQL at 1M claims (519k rows). With this index each assignee's stale
claims are one range of index entries, counted without touching the table
(tracker.store.digest.stale_by_assignee; docs/performance.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    """Add ix_claim_status_assignee."""
    conn.execute(sa.text(
        "CREATE INDEX IF NOT EXISTS ix_claim_status_assignee ON claim (status, assignee, last_activity_at)"))
