"""The CSV columns and cells the csv format writes and reads: formula-safe cells, times in two zones."""

from __future__ import annotations

import re
from datetime import datetime

from tracker.domain.when import to_zone

COLUMNS: tuple[str, ...] = (
    "id", "uuid", "status", "text", "speaker", "said_at", "said_at_utc", "said_tz", "source", "url", "tags",
    "assignee", "expires_at", "expires_at_utc", "supports", "contradicts", "context", "verdict", "verdict_at",
    "verdict_at_utc", "verdict_by", "verdict_reason", "created_at", "created_at_utc", "last_activity_at",
    "last_activity_at_utc", "version",
)
"""The exported columns, in order. Names follow the claim's JSON fields; a time without `_utc` is on the
desk zone's wall clock, its `_utc` twin is the same instant in UTC."""

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
BOM = "\ufeff"


def cell(value: object) -> str:
    """A value as a formula-safe CSV cell: text a spreadsheet would run gets a leading apostrophe.

    Apostrophes already before such a character get one more, so `uncell` is its exact inverse.
    """
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def uncell(text: str) -> str:
    """Undo `cell`: one leading apostrophe comes off text that `cell` protected."""
    return text[1:] if _ESCAPED.match(text) else text


def wall(at: datetime | None, tz: str) -> str:
    """``2026-01-29 18:30:00`` on `tz`'s wall clock (what spreadsheets read as a date and time)."""
    return "" if at is None else f"{to_zone(at, tz):%Y-%m-%d %H:%M:%S}"


def utc(at: datetime | None) -> str:
    """``2026-01-29T16:30:00Z``."""
    return "" if at is None else f"{to_zone(at, 'UTC'):%Y-%m-%dT%H:%M:%S}Z"
