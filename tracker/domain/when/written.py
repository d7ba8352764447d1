"""Written dates and times read by dateutil's parser ("29 Jan 2026 2pm", "January 29, 2026 at 2:30 pm").

dateutil is imported lazily (it costs ~35 ms), only when a text is not one of the precompiled
relative or ISO forms. It never runs with ``fuzzy`` (which drops what it cannot read), and its
zone callback accepts only numeric offsets, UTC words and the unambiguous abbreviations of
`tracker.domain.when.zone_table`; any other zone word is an error.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from tracker.domain.errors import InvalidInput
from tracker.domain.when.limits import check_offset
from tracker.domain.when.messages import cannot_read, echo, unknown_zone
from tracker.domain.when.value import Direction, Precision
from tracker.domain.when.zones import abbreviation, ambiguous

if TYPE_CHECKING:
    from dateutil.parser import parserinfo

__all__ = ["Written", "is_date_word", "read_date_only", "read_written"]

_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}\b")
_PROBE_A = datetime(2000, 1, 1, 0, 0)
_PROBE_B = datetime(2004, 3, 3, 13, 37)


class _ZoneWord(Exception):
    """dateutil found a zone word we do not read."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _tzinfos(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil callback: numeric offsets, UTC words and unambiguous abbreviations only."""
    if name is None:
        if offset is None:
            return None
        return timezone(check_offset(timedelta(seconds=offset), f"UTC offset {offset // 60:+d} minutes"))
    if name.upper() in ("UTC", "GMT", "Z") and not offset:
        return UTC
    refusal = ambiguous(name)
    if refusal is not None:
        raise refusal
    fixed = abbreviation(name)
    if fixed is not None and not offset:
        return fixed
    raise _ZoneWord(name)


@lru_cache(maxsize=1)
def _info() -> parserinfo:
    from dateutil.parser import parserinfo

    return parserinfo()


def is_date_word(word: str) -> bool:
    """Whether dateutil reads `word` as part of a date (a month, weekday, am/pm, 'at', 'of'...)."""
    info = _info()
    w = word.lower()
    return bool(info.jump(w) or info.weekday(w) is not None or info.month(w) is not None
                or info.ampm(w) is not None or info.pertain(w) or info.hms(w) is not None or info.utczone(w))


def _dateutil(text: str, default: datetime) -> datetime:
    from dateutil.parser import parse

    value: datetime = parse(text, default=default, tzinfos=_tzinfos)
    return value


class Written:
    """A written date/time: the datetime dateutil read (naive, or aware when an offset was written),
    which parts the text gave, and so its precision."""

    __slots__ = ("has_day", "has_month", "has_year", "precision", "value")

    def __init__(self, value: datetime, has_year: bool, has_month: bool, has_day: bool,
                 precision: Precision) -> None:
        self.value = value
        self.has_year = has_year
        self.has_month = has_month
        self.has_day = has_day
        self.precision = precision


def _probe(text: str) -> Written:
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first <= 12 and second <= 12 and first != second:
            raise InvalidInput(
                f"ambiguous date {echo(text)}: day/month or month/day? (write 2026-03-04 or 4 Mar 2026)"
            )
    try:
        # Two probes with different defaults tell which parts the text gave.
        a = _dateutil(text, _PROBE_A)
        b = _dateutil(text, _PROBE_B)
    except _ZoneWord as exc:
        raise unknown_zone(exc.name) from None
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        # dateutil's ParserError is a ValueError; huge numbers raise OverflowError.
        raise cannot_read(text) from None
    precision: Precision = "day" if a.hour != b.hour else ("hour" if a.minute != b.minute else "minute")
    return Written(a, a.year == b.year, a.month == b.month, a.day == b.day, precision)


def read_written(text: str, now: datetime, direction: Direction) -> Written:
    """Read `text` with dateutil (never fuzzy) against the wall-clock time `now` (naive).

    A date without a year is the nearest such date in `direction` (the last 29 January for a
    said time, the next one for a deadline, today's included); a time without a date the nearest
    such time of day. A text with a month but no day, a day but no month, or a weekday but no
    date is refused rather than completed.
    """
    got = _probe(text)
    if got.has_year and got.has_month and got.has_day:
        return got
    today = now.date()
    try:
        if got.has_month and got.has_day and not got.has_year:
            value = _dateutil(text, datetime(today.year, 1, 1))
            if direction == "past" and value.date() > today:
                value = _dateutil(text, datetime(today.year - 1, 1, 1))
            elif direction == "future" and value.date() < today:
                value = _dateutil(text, datetime(today.year + 1, 1, 1))
            got.value = value
            return got
        if not (got.has_month or got.has_day or got.has_year):
            from tracker.domain.when.phrases import refuse_weekday_only

            refuse_weekday_only(text)
            value = _dateutil(text, datetime(today.year, today.month, today.day))
            naive = value.replace(tzinfo=None)
            if direction == "past" and naive > now:
                value -= timedelta(days=1)
            elif direction == "future" and naive < now:
                value += timedelta(days=1)
            got.value = value
            return got
    except _ZoneWord as exc:
        raise unknown_zone(exc.name) from None
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        raise cannot_read(text) from None
    raise InvalidInput(f"{echo(text)} is not a full date (give day, month and year, like 29 Jan 2026)")


def read_date_only(text: str, now: datetime, direction: Direction) -> date | None:
    """`text` as a calendar day ("28 January", "29 Jan 2026"), or None when it is not just a date."""
    try:
        got = read_written(text, now, direction)
    except InvalidInput:
        return None
    if got.value.tzinfo is not None or got.precision != "day" or not got.has_day:
        return None
    return got.value.date()
