"""Schema v3: an index on claim (status, created_at), for the report's oldest open claim and age chart."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    """Add ix_claim_status_created."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_claim_status_created ON claim (status, created_at)"))
