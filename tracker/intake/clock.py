"""Reading the time phrases intake finds into `Stamp`s, anchored to the publication time.

The time grammar belongs to `tracker.domain.when.parse_when` (the times contract:
``parse_when(text, *, now, desk_tz, direction)`` -> ``When(at, tz, precision, phrase)``). Every phrase
is offered to it first; while it does not read wire phrases such as "late on Wednesday" or "on
Thursday (Washington time)", the interim reading below does, with the same rules the contract
states: a weekday is the latest such day on or before publication (``direction="past"``) in the
zone the phrase names, else the dateline's zone; precision ``day`` (12:00 local), ``part_of_day``
for "late"/"early"/"morning"/"night", ``minute`` with a clock time.
"""

from __future__ import annotations

import inspect
import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from tracker.domain.errors import InvalidInput
from tracker.domain.when import parse_when, resolve_zone
from tracker.intake.model import Stamp
from tracker.intake.phrases import SAID, WINDOW

_PARTS = {"morning": time(9), "afternoon": time(15), "evening": time(19), "night": time(22)}
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
          "twenty": 20, "thirty": 30, "forty-eight": 48, "forty eight": 48, "seventy-two": 72, "seventy two": 72}
_UNITS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1),
          "month": timedelta(days=30), "year": timedelta(days=365)}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), 1) for name in names}
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATED_ZONES = {"et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
                      "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
                      "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
                      "bst": "Europe/London", "cet": "Europe/Brussels", "cest": "Europe/Brussels",
                      "eet": "Europe/Kyiv", "eest": "Europe/Kyiv", "msk": "Europe/Moscow",
                      "aedt": "Australia/Sydney", "aest": "Australia/Sydney", "ist": "Asia/Kolkata",
                      "jst": "Asia/Tokyo", "gmt": "UTC", "utc": "UTC"}


@lru_cache(maxsize=1)
def _contract_has_direction() -> bool:
    return "direction" in inspect.signature(parse_when).parameters


def _from_contract(text: str, now: datetime, zone: str, direction: str) -> Stamp | None:
    """The phrase as `parse_when` reads it, or None when it does not (yet) read it."""
    if not _contract_has_direction():
        return None
    try:
        options: dict[str, Any] = {"direction": direction}  # the times contract; older parse_when lacks it
        when = parse_when(text, now=now, desk_tz=zone, **options)
    except (InvalidInput, ValueError, OverflowError):
        return None
    return Stamp(when.at, when.tz, str(getattr(when, "precision", "minute")), getattr(when, "phrase", None) or text)


def _zone_of(match: re.Match[str], fallback: str) -> str:
    name = match.group("zone") or match.group("zone2")
    if not name or name.lower() == "local":
        return fallback
    try:
        return resolve_zone(name).key
    except InvalidInput:
        return fallback


def _stamp(day: date, clock: time, zone: str, precision: str, phrase: str) -> Stamp:
    local = datetime.combine(day, clock).replace(tzinfo=ZoneInfo(zone), fold=0)
    return Stamp(local.astimezone(UTC), zone, precision, phrase)


def read_said(phrase: str, *, now: datetime, zone: str) -> Stamp | None:
    """When something was said, from a phrase `phrases.SAID` found; `now` is the publication time."""
    match = SAID.fullmatch(phrase.strip())
    if match is None:
        return None
    where = _zone_of(match, zone)
    found = _from_contract(phrase, now, where, "past")
    if found is not None:
        return found
    today = now.astimezone(ZoneInfo(where)).date()
    clock, precision = time(12), "day"
    groups = match.groupdict()
    if groups["day"]:
        target = _DAYS.index(groups["day"].lower())
        back = (today.weekday() - target) % 7
        which = (groups["which"] or "").lower()
        if which == "last" and back == 0:
            back = 7
        if which == "next":
            day = today + timedelta(days=(target - today.weekday()) % 7 or 7)
        else:
            day = today - timedelta(days=back)
        rel = (groups["rel"] or "").lower()
        if groups["part"]:
            clock, precision = _PARTS[groups["part"].lower()], "part_of_day"
        elif rel == "late":
            clock, precision = time(22), "part_of_day"
        elif rel == "early":
            clock, precision = time(6), "part_of_day"
    elif groups["month"] or groups["month2"]:
        month = _MONTHS[_month_key(groups["month"] or groups["month2"])]
        mday = int(groups["mday"] or groups["mday2"])
        year_text = groups["year"] or groups["year2"]
        year = int(year_text) if year_text else today.year
        try:
            day = date(year, month, mday)
        except ValueError:
            return None
        if not year_text and day > today:
            day = date(year - 1, month, mday)
    else:
        word = groups["word"].lower()
        day = today
        if word == "yesterday":
            day = today - timedelta(days=1)
        elif word == "last night":
            day, clock, precision = today - timedelta(days=1), time(22), "part_of_day"
        elif word == "overnight":
            clock, precision = time(3), "part_of_day"
        elif word in ("tonight", "this evening"):
            clock, precision = time(19), "part_of_day"
        elif word == "this morning":
            clock, precision = time(9), "part_of_day"
        elif word == "this afternoon":
            clock, precision = time(15), "part_of_day"
        elif word.endswith("midnight"):
            clock, precision = (time(23, 30), "part_of_day") if "before" in word else (time(0, 30), "part_of_day")
            if "before" in word:
                day = today - timedelta(days=1)
        elif word == "noon":
            clock, precision = time(12), "minute"
        elif word == "before dawn":
            clock, precision = time(5), "part_of_day"
    if groups.get("clock"):
        parsed = _clock(groups["clock"])
        if parsed is not None:
            clock, precision = parsed, "minute"
    return _stamp(day, clock, where, precision, phrase)


def _month_key(text: str) -> str:
    key = text.lower().rstrip(".")
    return key if key in _MONTHS else key[:3]


def _clock(text: str) -> time | None:
    match = re.match(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?", text.strip().lower())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "p" and hour < 12:
        hour += 12
    if match.group(3) == "a" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


def read_window(phrase: str, *, said: Stamp) -> Stamp | None:
    """The deadline a window phrase sets, counted from when the claim was said."""
    match = WINDOW.fullmatch(phrase.strip())
    if match is None:
        return None
    groups = match.groupdict()
    if groups["dur"] or groups["dur2"]:
        count = 1 if groups["dur2"] else _count(groups["n"])
        unit = (groups["unit"] or groups["unit2"]).lower().rstrip("s")
        if count is None:
            return None
        return Stamp(said.at + _UNITS[unit] * count, said.tz, said.precision, phrase)
    found = _from_contract(groups["target"], said.at, said.tz, "future")
    if found is not None and phrase.lower().startswith(("by", "until", "till", "through", "before")):
        return Stamp(found.at, found.tz, found.precision, phrase)
    zone = ZoneInfo(said.tz)
    start = said.at.astimezone(zone).date()
    if groups["tmonth"] or groups["tmonth2"]:
        month = _MONTHS[_month_key(groups["tmonth"] or groups["tmonth2"])]
        mday = int(groups["tday"] or groups["tday2"])
        year_text = groups["tyear"] or groups["tyear2"]
        year = int(year_text) if year_text else start.year
        try:
            day = date(year, month, mday)
            if not year_text and day < start:
                day = date(year + 1, month, mday)
        except ValueError:
            return None
        return _stamp(day, end_of_day_time(), said.tz, "day", phrase)
    target = groups["target"].lower()
    end_of_day = end_of_day_time()
    ahead = target.startswith("next ")
    target = target.removeprefix("next ").removeprefix("this ")
    if target in _DAYS:
        days = (_DAYS.index(target) - start.weekday()) % 7 + (7 if ahead else 0)
        return _stamp(start + timedelta(days=days), end_of_day, said.tz, "day", phrase)
    if target in _SEASONS:
        month = _SEASONS[target]
        year = start.year if start.month < month else start.year + 1
        return _stamp(date(year, month, 1), time(0), said.tz, "day", phrase)
    if target in ("week", "weekend"):
        days = 6 - start.weekday() + (7 if ahead else 0)
        return _stamp(start + timedelta(days=days), end_of_day, said.tz, "day", phrase)
    if target == "month" or _month_key(target) in _MONTHS:
        if target == "month":
            month, year = start.month + (1 if ahead else 0), start.year
        else:
            month = _MONTHS[_month_key(target)]
            year = start.year if month >= start.month else start.year + 1
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        return _stamp(last, end_of_day, said.tz, "day", phrase)
    if target == "year" or target.isdigit():
        year = int(target) if target.isdigit() else start.year + (1 if ahead else 0)
        if year < start.year or year > start.year + 100:
            return None
        return _stamp(date(year, 12, 31), end_of_day, said.tz, "day", phrase)
    return None


def end_of_day_time() -> time:
    """Where a deadline that names a day falls on it: 23:59 local ("by Friday" includes Friday)."""
    return time(23, 59)


def _count(text: str) -> int | None:
    key = text.lower()
    if key.isdigit():
        return int(key)
    return _WORDS.get(key)


def read_published(text: str, *, now: datetime, zone: str) -> Stamp:
    """The publication time a page or the user gives ("2026-01-30T07:00:00+02:00", "Jan. 30, 2026 5:03
    AM EST", "30 January 2026 07:00"); raises InvalidInput when it cannot be read."""
    cleaned = " ".join(text.replace("—", " ").replace("–", " ").replace("|", " ").split())
    cleaned = re.sub(r"\b(?:at|on)\b", " ", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"(\d)\.(\d{2})\b", r"\1:\2", cleaned)
    cleaned = re.sub(r"\b([ap])\.m\.?", r"\1m", cleaned, flags=re.IGNORECASE)
    words = cleaned.replace(",", " , ").split()
    zones = [w for w in words if w.lower() in _ABBREVIATED_ZONES]
    if zones:  # "6:41 PM EST, March 11, 2026": the zone goes last, as parse_when reads it
        words = [w for w in words if w.lower() not in _ABBREVIATED_ZONES] + [_ABBREVIATED_ZONES[zones[0].lower()]]
    cleaned = " ".join(words).replace(" , ", ", ").strip(" ,")
    if zones and cleaned.count(",") and not re.search(r"\d{4}-\d{2}", cleaned):
        # Move a leading clock time after the date: "6:41 PM, March 11, 2026" -> "March 11, 2026 6:41 PM"
        lead = re.match(r"(\d{1,2}:\d{2}\s*(?:[ap]m)?)\s*,?\s*(.+?)\s+(\S+)$", cleaned, re.IGNORECASE)
        if lead:
            cleaned = f"{lead.group(2).strip(' ,')} {lead.group(1)} {lead.group(3)}"
    when = parse_when(cleaned, now=now, desk_tz=zone)
    return Stamp(when.at, when.tz, str(getattr(when, "precision", "minute")), text.strip())
