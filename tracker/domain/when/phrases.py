"""Relative phrases, read against a reference time and a direction: "Thursday", "late on Wednesday",
"yesterday evening", "overnight", "for one week", "in 48 hours", "end of week", "spring".

`read_phrase` works on a zone's wall clock: it is given the reference time as a naive wall-clock
datetime of that zone (the caller attaches the zone and converts to UTC), and returns a `Reading`:
either a wall-clock start plus the precision of what was said, or an exact shift from the reference
time. Text that is no phrase of this grammar gives None (the caller then reads it as a written date).

The direction decides only what the words leave open. Past (a said time): "Thursday" is the most
recent Thursday, today if today is Thursday; "3pm" is the most recent 3pm. Future (a deadline):
"Friday" is the coming Friday, today if today is Friday; "3pm" the next 3pm. Words that say which
way ("last", "next", "yesterday", "tomorrow", "ago") mean the same in both directions.

Parts of a day, chosen on purpose (the start is the instant kept; see docs/cli.md):
early 00-06, morning 06-12, afternoon 12-18, evening 18-24, late 21-24, night 22-06 (the next day).
Seasons are meteorological and follow the zone's hemisphere: spring starts on 1 March in the north
and on 1 September in the south.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.domain.errors import InvalidInput
from tracker.domain.when.day_parts import PART_BY_START, PARTS
from tracker.domain.when.durations import NUMBER_WORDS, read_duration
from tracker.domain.when.value import Direction, Precision

__all__ = ["PARTS", "PHRASE_WORDS", "Reading", "read_phrase"]


WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
"""Season -> the month it starts in the northern hemisphere (six months later in the southern)."""
PHRASE_WORDS = frozenset(
    set(WEEKDAYS) | set(PARTS) | set(SEASONS) | set(NUMBER_WORDS)
    | {
        "today", "tonight", "yesterday", "tomorrow", "overnight", "eod", "eow", "eom", "eoy", "noon", "midday",
        "midnight", "last", "next", "this", "coming", "past", "previous", "earlier", "later", "end", "of",
        "the", "day", "week", "month", "year", "by", "until", "till", "in", "within", "for", "ago", "from",
        "now", "on", "at", "am", "pm",
    }
)
"""Every word of this grammar (used to tell where a trailing zone phrase starts)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What a phrase says: a wall-clock `start` with its precision, or an exact `shift` from now."""

    start: datetime | None = None
    shift: timedelta | None = None
    precision: Precision = "minute"
    bound: bool = False
    """`start` is a boundary meant exactly (end of week, the start of spring): never extended to an end."""


_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_QUALIFIED = re.compile(rf"(?:(last|next|this|coming|past|previous)\s+)?({_WEEKDAY})")
_CLOCK = re.compile(r"(?:at\s+)?(?:(noon|midday|midnight)|(\d{1,2})(?::(\d{2}))?\s*(am|pm)|(\d{1,2}):(\d{2}))")
_SIGNED = re.compile(r"(?:now\s*)?([+-])\s*(\S.*)")
_AGO = re.compile(r"(.+?)\s+ago")
_FROM_NOW = re.compile(r"(.+?)\s+from\s+now")
_AHEAD = re.compile(r"(in|within|for)\s+(.+)")
_END_OF = re.compile(r"(?:the\s+)?end\s+of\s+(?:the\s+)?(day|today|week|this\s+week|next\s+week|month|this\s+month|"
                     r"year|this\s+year)|(eod|eow|eom|eoy)")
_SEASON = re.compile(r"(?:(?:in|by)\s+)?(?:the\s+)?(?:(next|this|last)\s+)?(spring|summer|autumn|fall|winter)")
_MODIFIER = re.compile(r"(early|late|earlier|later)\s+(?:on\s+|in\s+the\s+day\s+)?(.+)")
_DAY_PART = re.compile(r"(.+?)\s+(?:in\s+the\s+)?(morning|afternoon|evening|night)")
_SPECIAL: dict[str, tuple[int, str | None]] = {
    "this morning": (0, "morning"),
    "this afternoon": (0, "afternoon"),
    "this evening": (0, "evening"),
    "tonight": (0, "night"),
    "last night": (-1, "night"),
    "earlier today": (0, None),
    "later today": (0, None),
}
"""Phrases that name a part of today or yesterday outright: (days from today, part or None for the day)."""
_WS = re.compile(r"\s+")
_NUMBER_START = re.compile(r"\d|(?:" + "|".join(map(re.escape, NUMBER_WORDS)) + r")\b")


def read_phrase(text: str, now: datetime, direction: Direction, *, southern: bool = False,
                read_date: Callable[[str], date | None] = lambda _: None) -> Reading | None:
    """Read `text` (lower case, single spaces) as a relative phrase at wall-clock time `now`.

    `read_date` reads a written date ("28 January") for phrases such as "late on 28 January";
    `southern` turns the seasons round. Returns None for text that is no phrase of this grammar;
    raises `InvalidInput` for a phrase that is wrong ("in 3 months": months have no fixed length).
    """
    s = _WS.sub(" ", text.replace(",", " ").replace("a.m.", "am").replace("p.m.", "pm")).strip()
    s = s.removeprefix("on ").strip()
    if s == "now":
        return Reading(shift=timedelta(0))
    shift = _shift(s, text)
    if shift is not None:
        return Reading(shift=shift)
    for read in (_end_of, _season):
        reading = read(s, now, direction, southern)
        if reading is not None:
            return reading
    return _day_reading(s, now, direction, read_date)


def _shift(s: str, source: str) -> timedelta | None:
    """An exact offset from now: +7d, now-2h, 3 days ago, in 48 hours, for one week, a week from now."""
    reading_as = "a date/time"
    if match := _SIGNED.fullmatch(s):
        sign, amount = match.groups()
        delta = read_duration(amount, source, reading_as)
        return -delta if sign == "-" else delta
    if match := _AGO.fullmatch(s):
        return -read_duration(match.group(1), source, reading_as)
    if match := _FROM_NOW.fullmatch(s):
        return read_duration(match.group(1), source, reading_as)
    if (match := _AHEAD.fullmatch(s)) and _NUMBER_START.match(match.group(2)):
        return read_duration(match.group(2), source, reading_as)
    return None


def _end_of(s: str, now: datetime, direction: Direction, southern: bool) -> Reading | None:
    match = _END_OF.fullmatch(s)
    if match is None:
        return None
    what = (match.group(1) or {"eod": "day", "eow": "week", "eom": "month", "eoy": "year"}[match.group(2)]).split()
    today = now.date()
    if what[-1] in ("day", "today"):
        end = today + timedelta(days=1)
    elif what[-1] == "week":
        end = today + timedelta(days=7 - today.weekday() + (7 if what[0] == "next" else 0))
    elif what[-1] == "month":
        end = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    else:
        end = date(today.year + 1, 1, 1)
    return Reading(start=datetime.combine(end, time(0)), precision="day", bound=True)


def _season(s: str, now: datetime, direction: Direction, southern: bool) -> Reading | None:
    match = _SEASON.fullmatch(s)
    if match is None:
        return None
    which, name = match.groups()
    month = (SEASONS[name] + (6 if southern else 0) - 1) % 12 + 1
    today = now.date()
    if which == "last" or (which is None and direction == "past" and not s.startswith("by ")):
        start = date(today.year, month, 1)
        if start > today:
            start = date(today.year - 1, month, 1)
    else:  # the start of the next such season, strictly after today
        start = date(today.year, month, 1)
        if start <= today:
            start = date(today.year + 1, month, 1)
    return Reading(start=datetime.combine(start, time(0)), precision="day", bound=True)


def _keyword_day(s: str, today: date, direction: Direction) -> date | None:
    """today, yesterday, tomorrow, the day before yesterday, (last|next|this) Thursday."""
    s = s.removeprefix("on ").strip()
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}
    if s in offsets:
        return today + timedelta(days=offsets[s])
    match = _QUALIFIED.fullmatch(s)
    if match is None:
        return None
    qualifier, name = match.groups()
    weekday = WEEKDAYS[name]
    if qualifier in ("last", "past", "previous"):
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    if qualifier == "next":
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    if qualifier == "coming" or direction == "future":
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _clock(s: str) -> tuple[time, Precision] | None:
    match = _CLOCK.fullmatch(s)
    if match is None:
        return None
    word, hour12, minute12, half, hour24, minute24 = match.groups()
    if word is not None:
        return (time(0) if word == "midnight" else time(12)), "minute"
    if hour12 is not None:
        hour, minute = int(hour12), int(minute12 or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return time(hour % 12 + (12 if half == "pm" else 0), minute), ("minute" if minute12 else "hour")
    hour, minute = int(hour24), int(minute24)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute), "minute"


def _part(day: date, part: str) -> Reading:
    return Reading(start=datetime.combine(day, time(PARTS[part][0])), precision="part_of_day")


def _day_and_part(s: str, today: date, direction: Direction,
                  read_date: Callable[[str], date | None]) -> tuple[date, str | None] | None:
    """A day, optionally with a part: "yesterday evening", "Wednesday night", "this morning", "28 Jan"."""
    if s in _SPECIAL:
        days, part = _SPECIAL[s]
        return today + timedelta(days=days), part
    if s == "overnight":
        return today - timedelta(days=1 if direction == "past" else 0), "night"
    day = _keyword_day(s, today, direction)
    if day is not None:
        return day, None
    if match := _DAY_PART.fullmatch(s):
        head, part = match.groups()
        day = _keyword_day(head, today, direction)
        if day is None:
            day = read_date(head.removeprefix("on ").strip())
        if day is not None:
            return day, part
    day = read_date(s.removeprefix("on ").strip()) if not _CLOCK.search(s) else None
    return None if day is None else (day, None)


def _day_reading(s: str, now: datetime, direction: Direction,
                 read_date: Callable[[str], date | None]) -> Reading | None:
    today = now.date()
    if match := _MODIFIER.fullmatch(s):
        modifier, rest = match.groups()
        found = _day_and_part(rest, today, direction, read_date)
        if found is None:
            return None
        day, part = found
        if modifier in ("early", "late"):
            return _part(day, modifier)
        return _part(day, part) if part else Reading(start=datetime.combine(day, time(0)), precision="day")
    if s in _SPECIAL or s == "overnight" or _DAY_PART.fullmatch(s):
        found = _day_and_part(s, today, direction, read_date)
        if found is not None:
            day, part = found
            return _part(day, part) if part else Reading(start=datetime.combine(day, time(0)), precision="day")
        return None
    keyword = _keyword_day(s, today, direction)
    if keyword is not None:
        return Reading(start=datetime.combine(keyword, time(0)), precision="day")
    return _day_with_clock(s, now, direction)


def _day_with_clock(s: str, now: datetime, direction: Direction) -> Reading | None:
    """'tomorrow 9am', 'Thursday at 15:30', '3pm on Thursday', or a clock alone: '3pm', 'at 18:00'."""
    clock = _clock(s)
    if clock is not None:
        at, precision = clock
        start = datetime.combine(now.date(), at)
        if direction == "past" and start > now:
            start -= timedelta(days=1)
        elif direction == "future" and start < now:
            start += timedelta(days=1)
        return Reading(start=start, precision=precision)
    words = s.split(" ")
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        for day_text, clock_text in ((head, tail), (tail.removeprefix("on "), head)):
            day = _keyword_day(day_text, now.date(), direction)
            clock = _clock(clock_text) if day is not None else None
            if day is not None and clock is not None:
                return Reading(start=datetime.combine(day, clock[0]), precision=clock[1])
    return None


def end_of(reading: Reading) -> Reading:
    """What a deadline or "by ..." means for `reading`: the end of the day or part of a day it names
    (the start of tonight for "by tonight"); a minute, an hour, a boundary or a shift stays as it is."""
    if reading.start is None or reading.bound:
        return reading
    if reading.precision == "day":
        return Reading(start=reading.start + timedelta(days=1), precision="minute")
    if reading.precision == "part_of_day":
        part = PART_BY_START.get(reading.start.hour)
        if part is not None and part != "night":
            return Reading(start=reading.start + timedelta(hours=PARTS[part][1]), precision="minute")
    return reading


def refuse_weekday_only(text: str) -> None:
    """A weekday dateutil would read forward ("thursday around 3"): refuse rather than guess."""
    if any(word.strip(".,") in WEEKDAYS for word in text.lower().split()):
        raise InvalidInput(f"cannot read {text!r} as a date/time")
