"""Schema v8: duplicate claims (`tracker link` / `unlink`): `claim.duplicate_of` and its partial index.

The column holds the uuid of the claim a claim duplicates (its primary), as the `link` events set it
(tracker/service/duplicates.py); NULL for every claim of an older database, which has no link events.
The index covers only the claims that are duplicates, so "the duplicates of X", "hide duplicates" and
"is any claim a duplicate" cost the number of duplicates, not the size of the desk.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

_STATEMENTS = (
    "ALTER TABLE claim ADD COLUMN duplicate_of VARCHAR(36)",
    "CREATE INDEX ix_claim_duplicate_of ON claim (duplicate_of) WHERE duplicate_of IS NOT NULL",
)


def upgrade(conn: Connection) -> None:
    """Add the column (NULL everywhere) and its index."""
    for statement in _STATEMENTS:
        conn.exec_driver_sql(statement)
