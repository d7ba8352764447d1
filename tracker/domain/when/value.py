"""`When`, a time a person gave (instant, zone, precision, phrase), and moving instants between zones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from tracker.domain.errors import InvalidInput
from tracker.domain.when.limits import check_instant
from tracker.domain.when.zones import tzinfo_for

__all__ = ["PRECISIONS", "Direction", "Precision", "When", "isoformat", "local_day_bounds", "to_zone"]

Precision = Literal["minute", "hour", "part_of_day", "day"]
"""How much of the time was given: ``11:30`` is a minute, ``3pm`` an hour, ``late on Wednesday`` a
part of a day, ``Thursday`` a day."""
PRECISIONS: tuple[Precision, ...] = ("minute", "hour", "part_of_day", "day")
Direction = Literal["past", "future"]
"""Which way an open phrase points: a said time looks back ("Thursday" = the last one), a deadline
forward ("Friday" = the next one)."""


@dataclass(frozen=True, slots=True)
class When:
    """An instant a person gave, with the zone they gave it in, how precisely, and in which words.

    `at` is aware and normalised to UTC; for a coarse time it is the start of what was given
    (00:00 of a day, 21:00 for "late on Wednesday"), so sorting and the stale rules use an instant.
    `tz` is the IANA name the time was reported in (``America/New_York``), ``UTC``, a fixed-offset
    label such as ``UTC-05:00`` when only an offset was given, or the desk zone for relative forms
    such as ``+3d``. `precision` is one of `PRECISIONS`; `phrase` the words as given, when they were
    words rather than a plain timestamp. Constructing a When outside the accepted range
    (`tracker.domain.when.limits`) raises `InvalidInput`.
    """

    at: datetime
    tz: str
    precision: Precision = "minute"
    phrase: str | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("When.at must be an aware datetime")
        if self.precision not in PRECISIONS:
            raise ValueError(f"When.precision must be one of {', '.join(PRECISIONS)}")
        object.__setattr__(self, "at", check_instant(self.at, self.at.isoformat()))

    def local(self) -> datetime:
        """`at` shown on the wall clock of the zone it was reported in."""
        return to_zone(self.at, self.tz)


def to_zone(at: datetime, tz: str) -> datetime:
    """`at` (aware) on the wall clock of `tz`: an IANA name, a zone phrase, or a ``UTC+02:00`` label."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("to_zone needs an aware datetime")
    zone = tzinfo_for(tz)
    try:
        return at.astimezone(zone)
    except OverflowError:
        raise InvalidInput(f"{at.isoformat()} cannot be shown in {tz}: out of range") from None


def isoformat(at: datetime | None) -> str | None:
    """ISO 8601 with its offset, to the second (microseconds dropped): ``2026-01-29T19:00:00+00:00``.

    The datetime keeps its own offset; convert with `to_zone` first to show another zone.
    None gives None. A naive datetime is a programming error (ValueError).
    """
    if at is None:
        return None
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("isoformat needs an aware datetime")
    return at.isoformat(timespec="seconds")


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """``[start, end)`` of calendar day `day` on the wall clock of zone `tz`, as aware UTC datetimes.

    A DST-change day is 23 or 25 hours long. A midnight that does not exist or repeats is
    read with fold=0, so consecutive days always meet without gap or overlap.
    """
    zone = tzinfo_for(tz)
    try:
        start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    except OverflowError:
        raise InvalidInput(f"day {day.isoformat()} is out of range") from None
    return start, end
