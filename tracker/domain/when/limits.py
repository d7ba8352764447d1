"""The accepted range of times, chosen on purpose so that every accepted time can be shown anywhere.

* **Instants** from 1900-01-01 00:00 UTC up to (not including) 2200-01-01 00:00 UTC. Wide enough for
  any claim a desk checks (historic quotes included), and far enough from Python's year 1 and 9999
  limits that a time moved into any zone (offsets up to 26 hours apart) or pushed by any setting
  (windows are at most `MAX_WINDOW`) can still be shown, sorted, exported, swept and reported.
* **Calendar days** (``report --day``) from 1899-12-30 to 2200-01-02: every day an accepted instant
  falls on in some zone (UTC-12 to UTC+14), and the day before it, so a report's "yesterday" always works.
* **UTC offsets** written in a time (``+05:30``, ``UTC-3``) from -12:00 to +14:00, whole minutes:
  the span of the world's zones. ``2026-01-29T11:30-23:59`` is refused.
* **Durations** (``+7d``, settings such as ``stale_after``) longer than zero and at most
  `MAX_WINDOW` (100 years).

Every boundary (arguments, apply lines, ``--now``, ``TRACKER_NOW``, settings) reads times through
`tracker.domain.when`, which refuses anything outside with `InvalidInput` (exit 2).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tracker.domain.errors import InvalidInput
from tracker.domain.when.messages import echo

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
"""The first accepted instant."""
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
"""The first instant after the accepted range."""
FIRST_DAY = date(1899, 12, 30)
LAST_DAY = date(2200, 1, 2)
MIN_OFFSET = timedelta(hours=-12)
MAX_OFFSET = timedelta(hours=14)
MAX_WINDOW = timedelta(days=36525)
"""The longest accepted duration: 100 years of 365.25 days."""
RANGE_TEXT = "times run from 1900-01-01 to 2199-12-31 UTC"


def in_range(at: datetime) -> bool:
    """Whether the aware instant `at` is inside the accepted range."""
    return EARLIEST <= at < LATEST


def check_instant(at: datetime, source: str) -> datetime:
    """`at` (aware) in UTC, or InvalidInput naming `source` when it is outside the accepted range."""
    try:
        utc = at.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not in_range(utc):
        raise InvalidInput(f"{echo(source)} is out of range ({RANGE_TEXT})")
    return utc


def check_day(day: date, source: str) -> date:
    """`day`, or InvalidInput when it is outside `FIRST_DAY` .. `LAST_DAY`."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(f"{echo(source)} is out of range (days run from 1899-12-30 to 2200-01-02)")
    return day


def check_offset(offset: timedelta, source: str) -> timedelta:
    """`offset`, or InvalidInput when it is outside -12:00 .. +14:00 or not whole minutes."""
    if not MIN_OFFSET <= offset <= MAX_OFFSET or offset % timedelta(minutes=1):
        raise InvalidInput(
            f"UTC offset out of range in {echo(source)} (offsets run from -12:00 to +14:00, whole minutes)"
        )
    return offset


def check_window(window: timedelta, source: str) -> timedelta:
    """`window`, or InvalidInput when it is longer than `MAX_WINDOW` (100 years)."""
    if window > MAX_WINDOW:
        raise InvalidInput(f"duration {echo(source)} is too long (at most 100 years)")
    return window
