"""Errors of the store that need no SQLAlchemy: a database that is not (yet) at this schema."""

from __future__ import annotations

from tracker.domain.errors import TrackerError


class NotReady(TrackerError):
    """The database is missing, uninitialised, or at a schema this code does not know."""


def not_a_tracker_database(where: str) -> NotReady:
    """The error for a database without tracker's schema."""
    return NotReady(f"{where} is not a tracker database yet; run `tracker init`")


def schema_mismatch(version: int | None, latest: int, where: str) -> NotReady | None:
    """The error for a database at schema `version` when this code is at `latest`, or None if they match."""
    if version == latest:
        return None
    if version is not None and version < latest:
        return NotReady(f"database {where} is at schema v{version}; run `tracker init` to upgrade it to v{latest}")
    return NotReady(f"database {where} schema v{version} is newer than this tracker (v{latest}); upgrade tracker")
