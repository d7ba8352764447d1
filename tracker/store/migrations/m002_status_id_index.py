"""Schema v2: an index on claim (status, id), so a list of one status newest-first needs no sort.

Without it SQLite answered `list --status unconfirmed` (ORDER BY id DESC LIMIT 50) from
(status, last_activity_at) and sorted every matching row: 78 ms at 1M claims, growing with
the database (docs/performance.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    """Add ix_claim_status_id."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_claim_status_id ON claim (status, id)"))
