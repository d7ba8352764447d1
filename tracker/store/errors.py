"""Errors of the store that need no SQLAlchemy: a database that is not (yet) at this schema."""

from __future__ import annotations

from tracker.domain.errors import Conflict, TrackerError


class NotReady(TrackerError):
    """The database is missing, uninitialised, or at a schema this code does not know."""


def not_a_tracker_database(where: str) -> NotReady:
    """The error for a database without tracker's schema."""
    return NotReady(f"{where} is not a tracker database yet; run `tracker init`")


def foreign_database(where: str, found: list[str]) -> NotReady:
    """The error for a database that holds other tables and no tracker schema (`found`: their names)."""
    shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return NotReady(f"{where} is not a tracker database: it holds other tables ({shown}) and no tracker "
                    "schema; tracker leaves it untouched (give --db a new file or an empty database)")


def schema_mismatch(version: int | None, latest: int, where: str) -> NotReady | None:
    """The error for a database at schema `version` when this code is at `latest`, or None if they match."""
    if version == latest:
        return None
    if version is not None and version < latest:
        return NotReady(f"database {where} is at schema v{version}; run `tracker init` to upgrade it to v{latest}")
    return NotReady(f"database {where} schema v{version} is newer than this tracker (v{latest}); upgrade tracker")


def read_only(where: str) -> TrackerError:
    """The error for a change to a database tracker may only read."""
    return TrackerError(f"cannot change {where}: the database is read-only (the file or its folder cannot be "
                        "written); reads work; to change it, make both writable or copy it somewhere writable")


def from_driver(text: str, where: str, *, operational: bool, doing: str = "database error on") -> TrackerError:
    """A database driver's error (its first line, `text`) as the one line a user sees: a lock held too
    long is a Conflict; a file that is not SQLite, a read-only file, anything else a plain TrackerError.
    `operational`: the error was an OperationalError (the database could not be used at all)."""
    if operational and any(word in text for word in ("locked", "busy", "could not serialize", "deadlock")):
        return Conflict(f"{where} stayed locked by another writer; nothing was changed, try again")
    if "readonly" in text or "read-only" in text:
        return read_only(where)
    if "file is not a database" in text:
        return TrackerError(f"{where} is not a tracker database (it is not a SQLite database at all)")
    if operational:
        return TrackerError(f"cannot use {where}: {text}")
    return TrackerError(f"{doing} {where}: {text}")
