"""Lengths of time: ``7d``, ``36 hours``, ``one week``, ``2w, 3d and 4h``; and their compact form.

A duration is absolute: ``7d`` is exactly 168 hours, even across a DST change. Months and years
have no fixed length and are refused. Durations run from more than zero to 100 years
(`tracker.domain.when.limits.MAX_WINDOW`).
"""

from __future__ import annotations

import re
from datetime import timedelta

from tracker.domain.errors import InvalidInput
from tracker.domain.when.limits import check_window
from tracker.domain.when.messages import echo

__all__ = ["format_duration", "parse_duration", "read_duration"]

_WS = re.compile(r"\s+")
_PART = re.compile(r"\s*(?:(?:,|\band\b)\s*)?(\d+(?:\.\d+)?)\s*([a-z]+)\s*")
_UNITS: dict[str, timedelta] = {
    name: unit
    for names, unit in (
        (("s", "sec", "secs", "second", "seconds"), timedelta(seconds=1)),
        (("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
        (("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
        (("d", "day", "days"), timedelta(days=1)),
        (("w", "wk", "wks", "week", "weeks"), timedelta(weeks=1)),
    )
    for name in names
}
_UNITS["fortnight"] = timedelta(weeks=2)
_CALENDAR_UNITS = frozenset({"mo", "mon", "mos", "month", "months", "y", "yr", "yrs", "year", "years"})
NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
} | {"a": 1, "an": 1, "thirty": 30, "forty": 40, "forty-eight": 48, "seventy-two": 72}
"""Number words a story spells out ("for one week", "in forty-eight hours", "a day")."""
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
                          + r")\s+(?=[a-z])")


def parse_duration(text: str) -> timedelta:
    """A positive length of time: ``7d``, ``24h``, ``2w``, ``30m``, ``90s``, ``1d12h``, ``1w 2d``,
    ``36 hours``, ``7 days``, ``1.5h``, ``2w, 3d and 4h``, ``one week``, ``a day``.

    ``m`` is minutes. Months and years have no fixed length and are refused, as are zero,
    negative, unreadable and over-long (more than 100 years) durations (`InvalidInput`).
    """
    if not isinstance(text, str):
        raise InvalidInput("a duration must be text like 7d, 24h or 30m")
    return read_duration(text, text, "a duration (use forms like 7d, 24h, 2w, 30m, 1d12h)")


def read_duration(text: str, source: str, reading_as: str) -> timedelta:
    """`parse_duration`, with messages that quote `source` (what the person typed) and say what
    `text` was being read as."""
    s = _WS.sub(" ", text.strip().lower())
    if not s:
        raise InvalidInput("no duration given (use forms like 7d, 24h, 2w, 30m, 1d12h)")
    if s.startswith("-"):
        raise InvalidInput(f"duration {echo(source)} must be positive")
    s = _NUMBER_WORD.sub(lambda m: f"{NUMBER_WORDS[m.group(1)]} ", s.removeprefix("+").strip())
    total = timedelta(0)
    pos = 0
    parts = 0
    try:
        while pos < len(s):
            match = _PART.match(s, pos)
            if match is None:
                break
            number, unit = match.groups()
            if unit in _CALENDAR_UNITS:
                raise InvalidInput(
                    f"duration {echo(source)}: months and years have no fixed length; use weeks or days"
                )
            if unit not in _UNITS:
                raise InvalidInput(f"unknown unit {unit!r} in duration {echo(source)} (use w, d, h, m or s)")
            step = _UNITS[unit]
            total += step * (int(number) if "." not in number else float(number))
            parts += 1
            pos = match.end()
    except (OverflowError, ValueError):
        raise InvalidInput(f"duration {echo(source)} is too long (at most 100 years)") from None
    if pos < len(s) or parts == 0:
        raise InvalidInput(f"cannot read {echo(source)} as {reading_as}")
    if total <= timedelta(0):
        raise InvalidInput(f"duration {echo(source)} must be longer than zero")
    return check_window(total, source)


def format_duration(td: timedelta) -> str:
    """Compact human form rounded to the minute: ``3d 4h``, ``45m``, ``2w 1d``, ``0m``, ``-3h``.

    The output reads back with `parse_duration` (for positive values).
    """
    micros = (td.days * 86_400 + td.seconds) * 1_000_000 + td.microseconds
    sign = "-" if micros < 0 else ""
    minutes = (abs(micros) + 30_000_000) // 60_000_000  # half a minute rounds up
    if minutes == 0:
        return "0m"
    weeks, minutes = divmod(minutes, 7 * 24 * 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{value}{unit}" for value, unit in ((weeks, "w"), (days, "d"), (hours, "h"), (minutes, "m")) if value]
    return sign + " ".join(parts)
