"""Showing times as people read them: on the desk's clock, with the zone's abbreviation and the weekday,
and never more precisely than they were given.

* `desk_stamp`: an instant on the desk clock: ``Thu 29 Jan 18:30 EET`` (the year when it is not the
  current one: ``Thu 29 Jan 2026 18:30 EET``).
* `said_stamp`: a said time with its reported zone beside it. A minute is shown on the desk clock
  with the reported wall clock beside it (``Thu 29 Jan 18:30 EET (11:30 Washington time)``); a day,
  a part of a day or an hour on the reported zone's calendar, where it was given
  (``Thu 29 Jan, Washington time``, ``late Wed 28 Jan, Washington time``).
* `zone_name`: how a reported zone reads: the words the claim gave (``Washington time``), else the
  zone's city (``New York time``), or the offset (``UTC-05:00``).

Every function here is total: a time that cannot be moved into a zone (a row written by an older
version outside today's accepted range) is shown as ISO 8601 UTC rather than failing the reader.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.errors import InvalidInput
from tracker.domain.when.day_parts import PART_BY_START
from tracker.domain.when.value import to_zone

__all__ = ["desk_stamp", "plain_stamp", "said_stamp", "zone_abbreviation", "zone_name"]


def _fallback(at: datetime) -> str:
    try:
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, ValueError):
        return at.isoformat()


def _local(at: datetime, tz: str) -> datetime | None:
    try:
        return to_zone(at, tz)
    except (InvalidInput, OverflowError, ValueError, KeyError):
        return None


def zone_abbreviation(local: datetime) -> str:
    """The abbreviation of an aware local time's zone (``EET``), ``UTC+05:30`` where it has none."""
    name = local.tzname() or ""
    if name.startswith(("+", "-")):  # tzdata's numeric abbreviations: +05, +0545, +1345
        name = f"UTC{name[:3]}:{name[3:5] or '00'}"
    return name or "UTC"


def _day(local: datetime, ref: datetime | None) -> str:
    year = "" if ref is not None and _same_year(local, ref) else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}"


def _same_year(local: datetime, ref: datetime) -> bool:
    try:
        return ref.astimezone(local.tzinfo).year == local.year
    except (OverflowError, ValueError):
        return False


def desk_stamp(at: datetime | None, desk_tz: str, *, ref: datetime | None = None, empty: str = "-") -> str:
    """`at` on the desk clock: ``Thu 29 Jan 18:30 EET``; the year is shown unless `ref` (now) is in the
    same year. None gives `empty`."""
    if at is None:
        return empty
    local = _local(at, desk_tz)
    if local is None:
        return _fallback(at)
    return f"{_day(local, ref)} {local:%H:%M} {zone_abbreviation(local)}"


def plain_stamp(at: datetime | None, desk_tz: str, *, empty: str = "-") -> str:
    """`at` on the desk clock, sortable and fixed-width, for tables: ``Thu 2026-01-29 18:30 EET``."""
    if at is None:
        return empty
    local = _local(at, desk_tz)
    if local is None:
        return _fallback(at)
    return f"{local:%a %Y-%m-%d %H:%M} {zone_abbreviation(local)}"


def zone_name(tz: str | None, phrase: str | None = None) -> str:
    """How the reported zone `tz` reads: the zone words of `phrase` when it named one
    (``Thursday (Washington time)`` -> ``Washington time``), else the IANA city (``New York time``),
    else the label itself (``UTC``, ``UTC-05:00``)."""
    if not tz:
        return "UTC"
    if phrase:
        words = _zone_words(phrase)
        if words:
            return words
    if "/" in tz:
        city = tz.rsplit("/", 1)[1].replace("_", " ")
        return f"{city} time"
    return tz


def _zone_words(phrase: str) -> str | None:
    from tracker.domain.when.parse import split_zone_text

    words = split_zone_text(phrase)
    if not words:
        return None
    words = words.strip().strip("()").strip()
    lowered = words.lower()
    if lowered in ("utc", "gmt", "z") or lowered.startswith(("utc", "gmt")) or "/" in words:
        return None
    if lowered.endswith("local time") and lowered != "local time":
        words = words[: -len("local time")].strip() + " time"
    if not lowered.endswith("time") and len(words) > 4:
        words += " time"
    return words


def said_stamp(at: datetime | None, tz: str | None, desk_tz: str, *, precision: str | None = "minute",
               phrase: str | None = None, ref: datetime | None = None, empty: str = "-") -> str:
    """A said time with its reported zone beside it, never more precise than `precision`.

    ``Thu 29 Jan 18:30 EET (11:30 Washington time)``, ``Thu 29 Jan around 15:00, Washington time``,
    ``late Wed 28 Jan, Washington time``, ``Wed 28 Jan evening, Kyiv time``, ``Thu 29 Jan, Washington time``.
    """
    if at is None:
        return empty
    reported = tz or desk_tz
    name = zone_name(reported, phrase)
    if precision in (None, "minute"):
        shown = desk_stamp(at, desk_tz, ref=ref)
        there = _local(at, reported)
        if there is None:
            return shown
        if reported == desk_tz:
            return f"{shown} ({name})"
        return f"{shown} ({there:%H:%M} {name})"
    local = _local(at, reported)
    if local is None:
        return _fallback(at)
    day = _day(local, ref)
    if precision == "hour":
        return f"{day} around {local:%H}:00, {name}"
    if precision == "part_of_day":
        part = PART_BY_START.get(local.hour)
        if part in ("early", "late"):
            return f"{part} {day}, {name}"
        if part == "night":
            return f"night of {day}, {name}"
        if part is not None:
            return f"{day} {part}, {name}"
    return f"{day}, {name}"
