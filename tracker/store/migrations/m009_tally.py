"""Schema v9: the claim tally (tracker/store/tally.py).

`claim_tally` counts the claims of each status by the UTC hour of their creation and of their
deadline; triggers keep it in the transaction of every change, and this step counts the claims
already there.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from tracker.store import tally
from tracker.store.tables import ClaimTally, core_table


def upgrade(conn: Connection) -> None:
    """Create the tally and its triggers, then count every claim."""
    core_table(ClaimTally).create(conn, checkfirst=True)
    tally.install(conn)
    tally.rebuild(conn)
