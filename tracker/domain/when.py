"""Reading and showing times: deadlines, durations, calendar days and time zones.

Everything a person types as a time goes through `parse_when`, `parse_day` or
`parse_duration`; a string that cannot be read raises `InvalidInput` with one line
that says what was wrong. Nothing here guesses: an unknown zone is an error (never
UTC), and dateutil's parser runs without ``fuzzy``.

Rules, chosen on purpose:

* Stored instants are aware UTC datetimes; `When.tz` keeps the zone a time was
  reported in, for display.
* Offsets from now (``+7d``, ``in 3 days``, ``2 hours ago``) are absolute
  durations: ``+7d`` is exactly 168 hours, even across a DST change.
* Calendar words (``today``, ``tomorrow``, ``yesterday``, ``eod``) and calendar days
  (`local_day_bounds`, `parse_day`) follow the wall clock of a zone, so a
  DST-change day is 23 or 25 hours long.
* A local time that does not exist (skipped by spring-forward) or exists twice
  (repeated by fall-back) is read with ``fold=0``: the offset in force *before*
  the change. 02:30 on 2026-03-08 in New York reads as 02:30 EST (= 03:30 EDT);
  01:30 on 2026-11-01 in New York reads as the first, EDT, 01:30.
* ``UTC+2`` / ``GMT-5`` mean what people mean (two hours ahead of UTC, five
  behind), not the inverted POSIX reading dateutil applies to ``GMT+3``.
* Numeric dates like ``03/04/2026`` are refused as ambiguous unless one part is
  above 12; ISO ``2026-03-04`` is the safe form.

dateutil's parser is imported lazily (it costs ~35 ms), only when a string is
not one of the precompiled relative or ISO forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from tracker.domain.errors import InvalidInput

__all__ = [
    "ZONE_PHRASES",
    "When",
    "format_duration",
    "isoformat",
    "local_day_bounds",
    "parse_day",
    "parse_duration",
    "parse_when",
    "resolve_zone",
    "to_zone",
]

ZONE_PHRASES: dict[str, str] = {
    # Ukraine
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "ukraine": "Europe/Kyiv",
    "ukrainian": "Europe/Kyiv",
    "zaporizhzhia": "Europe/Kyiv",
    "zaporizhia": "Europe/Kyiv",
    "zaporozhye": "Europe/Kyiv",
    "kharkiv": "Europe/Kyiv",
    "kharkov": "Europe/Kyiv",
    "odesa": "Europe/Kyiv",
    "odessa": "Europe/Kyiv",
    "lviv": "Europe/Kyiv",
    "dnipro": "Europe/Kyiv",
    "kherson": "Europe/Kyiv",
    "mykolaiv": "Europe/Kyiv",
    "sumy": "Europe/Kyiv",
    "chernihiv": "Europe/Kyiv",
    # Russia, Belarus, Caucasus, Turkey
    "moscow": "Europe/Moscow",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "minsk": "Europe/Minsk",
    "tbilisi": "Asia/Tbilisi",
    "yerevan": "Asia/Yerevan",
    "baku": "Asia/Baku",
    "istanbul": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    # Europe
    "london": "Europe/London",
    "uk": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "madrid": "Europe/Madrid",
    "paris": "Europe/Paris",
    "brussels": "Europe/Brussels",
    "amsterdam": "Europe/Amsterdam",
    "the hague": "Europe/Amsterdam",
    "luxembourg": "Europe/Luxembourg",
    "berlin": "Europe/Berlin",
    "vienna": "Europe/Vienna",
    "zurich": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "rome": "Europe/Rome",
    "copenhagen": "Europe/Copenhagen",
    "oslo": "Europe/Oslo",
    "stockholm": "Europe/Stockholm",
    "helsinki": "Europe/Helsinki",
    "tallinn": "Europe/Tallinn",
    "riga": "Europe/Riga",
    "vilnius": "Europe/Vilnius",
    "warsaw": "Europe/Warsaw",
    "prague": "Europe/Prague",
    "bratislava": "Europe/Bratislava",
    "budapest": "Europe/Budapest",
    "ljubljana": "Europe/Ljubljana",
    "zagreb": "Europe/Zagreb",
    "belgrade": "Europe/Belgrade",
    "bucharest": "Europe/Bucharest",
    "chisinau": "Europe/Chisinau",
    "sofia": "Europe/Sofia",
    "athens": "Europe/Athens",
    "cet": "Europe/Brussels",
    "central european time": "Europe/Brussels",
    "eastern european time": "Europe/Kyiv",
    # Middle East and Africa
    "jerusalem": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem",
    "israel": "Asia/Jerusalem",
    "gaza": "Asia/Gaza",
    "ramallah": "Asia/Hebron",
    "beirut": "Asia/Beirut",
    "damascus": "Asia/Damascus",
    "amman": "Asia/Amman",
    "baghdad": "Asia/Baghdad",
    "tehran": "Asia/Tehran",
    "riyadh": "Asia/Riyadh",
    "doha": "Asia/Qatar",
    "dubai": "Asia/Dubai",
    "abu dhabi": "Asia/Dubai",
    "cairo": "Africa/Cairo",
    "nairobi": "Africa/Nairobi",
    "addis ababa": "Africa/Addis_Ababa",
    "lagos": "Africa/Lagos",
    "johannesburg": "Africa/Johannesburg",
    # Asia and Oceania
    "kabul": "Asia/Kabul",
    "islamabad": "Asia/Karachi",
    "karachi": "Asia/Karachi",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata",
    "dhaka": "Asia/Dhaka",
    "bangkok": "Asia/Bangkok",
    "hanoi": "Asia/Bangkok",
    "ho chi minh city": "Asia/Ho_Chi_Minh",
    "jakarta": "Asia/Jakarta",
    "singapore": "Asia/Singapore",
    "kuala lumpur": "Asia/Kuala_Lumpur",
    "manila": "Asia/Manila",
    "beijing": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei",
    "seoul": "Asia/Seoul",
    "pyongyang": "Asia/Pyongyang",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    "canberra": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "auckland": "Pacific/Auckland",
    "wellington": "Pacific/Auckland",
    # Americas
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "dc": "America/New_York",
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "boston": "America/New_York",
    "atlanta": "America/New_York",
    "miami": "America/New_York",
    "eastern time": "America/New_York",
    "us eastern": "America/New_York",
    "chicago": "America/Chicago",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "central time": "America/Chicago",
    "us central": "America/Chicago",
    "denver": "America/Denver",
    "mountain time": "America/Denver",
    "us mountain": "America/Denver",
    "phoenix": "America/Phoenix",
    "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "anchorage": "America/Anchorage",
    "honolulu": "Pacific/Honolulu",
    "toronto": "America/Toronto",
    "ottawa": "America/Toronto",
    "montreal": "America/Toronto",
    "vancouver": "America/Vancouver",
    "mexico city": "America/Mexico_City",
    "havana": "America/Havana",
    "caracas": "America/Caracas",
    "bogota": "America/Bogota",
    "lima": "America/Lima",
    "santiago": "America/Santiago",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "sao paulo": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
}
"""Lower-case city or phrase -> IANA zone. A trailing " time" is optional ("Kyiv time" = "Kyiv")."""

_UTC_WORDS = frozenset({"utc", "z", "gmt", "zulu", "universal", "utc time", "gmt time"})
_NOT_ZONES = frozenset({"localtime", "factory", "posixrules"})
_ZONE_HINT = "use an IANA name like Europe/Kyiv or a phrase like 'Kyiv time'"

_WS = re.compile(r"\s+")
_IANA_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_AREA_LOCATION = re.compile(r"[A-Za-z_]+/[A-Za-z0-9_+\-/]+")
_OFFSET_NAME = re.compile(r"(?:utc|gmt)\s*([+-])(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?", re.IGNORECASE)
_OFFSET_SUFFIX = re.compile(r"(?:^|\s)((?:utc|gmt)\s*[+-]\d{1,2}(?::?\d{2})?)$", re.IGNORECASE)
_PAREN_SUFFIX = re.compile(r"(.*?)\s*\(([^()]*)\)")

_DUR_PART = re.compile(r"\s*(?:(?:,|\band\b)\s*)?(\d+(?:\.\d+)?)\s*([a-z]+)\s*")
_DUR_UNITS: dict[str, timedelta] = {}
for _names, _unit in (
    (("s", "sec", "secs", "second", "seconds"), timedelta(seconds=1)),
    (("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    (("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    (("d", "day", "days"), timedelta(days=1)),
    (("w", "wk", "wks", "week", "weeks"), timedelta(weeks=1)),
):
    for _name in _names:
        _DUR_UNITS[_name] = _unit
del _names, _unit, _name
_CALENDAR_UNITS = frozenset({"mo", "mon", "mos", "month", "months", "y", "yr", "yrs", "year", "years"})
_DAY_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}

_REL_SIGNED = re.compile(r"(?:now\s*)?([+-])\s*(\d.*)")
_REL_IN = re.compile(r"in\s+(\d.*)")
_REL_AGO = re.compile(r"(\d.*?)\s+ago")
_CAL_WORD = re.compile(r"(today|tomorrow|yesterday|eod)(?:\s+(.+))?")
_DAY_SIGNED = re.compile(r"([+-])\s*(\d+)\s*([a-z]+)")
_DAY_IN = re.compile(r"in\s+(\d+)\s*([a-z]+)")
_DAY_AGO = re.compile(r"(\d+)\s*([a-z]+)\s+ago")
_ISO_START = re.compile(r"\d{4}-?\d{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}\b")
_CAL_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1, "eod": 1}

# Words dateutil reads as part of a date, used to find where a trailing zone phrase starts.
_DATE_WORDS = frozenset(
    "at on of the and am pm a p jan feb mar apr may jun jul aug sep sept oct nov dec january february march "
    "april june july august september october november december mon tue tues wed thu thur thurs fri sat sun "
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday eod noon midnight".split()
)


@dataclass(frozen=True, slots=True)
class When:
    """An instant a person gave, with the zone they gave it in.

    `at` is aware and normalised to UTC. `tz` is the IANA name the time was reported in
    (``America/New_York``), ``UTC``, a fixed-offset label such as ``UTC-05:00`` when only
    an offset was given, or the desk zone for relative forms such as ``+3d``.
    """

    at: datetime
    tz: str

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("When.at must be an aware datetime")
        object.__setattr__(self, "at", self.at.astimezone(UTC))

    def local(self) -> datetime:
        """`at` shown on the wall clock of the zone it was reported in."""
        return to_zone(self.at, self.tz)


# ---------------------------------------------------------------------------- zones


def _show(text: str, limit: int = 60) -> str:
    """Echo user text inside a one-line message: whitespace collapsed, long text cut."""
    one_line = _WS.sub(" ", text).strip()
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return repr(one_line)


def _unknown_zone(name: str) -> InvalidInput:
    return InvalidInput(f"unknown time zone {_show(name)} ({_ZONE_HINT})")


def _phrase_key(text: str) -> str:
    key = text.strip().strip("()").lower().replace(".", "").replace(",", " ")
    return _WS.sub(" ", key).strip()


def _load_zone(name: str) -> ZoneInfo | None:
    if name.lower() in _NOT_ZONES or name.lower().startswith(("posix/", "right/")):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError, TypeError, UnicodeError):
        # ZoneInfoNotFoundError is a KeyError; bad paths raise ValueError; "Europe" is a directory.
        return None


@lru_cache(maxsize=1)
def _iana_by_lower() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {name.lower(): name for name in available_timezones()}


@lru_cache(maxsize=512)
def _lookup_zone(text: str) -> ZoneInfo | None:
    """The zone `text` names (phrase, UTC word or IANA name, any case), or None; never raises."""
    key = _phrase_key(text)
    if not key:
        return None
    keys = [key]
    if key.endswith(" time"):
        keys.append(key[: -len(" time")].strip())
    for candidate in keys:
        if candidate in _UTC_WORDS:
            return ZoneInfo("UTC")
        if candidate in ZONE_PHRASES:
            return ZoneInfo(ZONE_PHRASES[candidate])
    raw = text.strip().strip("()").strip().replace(" ", "_")
    if not _IANA_SHAPE.fullmatch(raw):
        return None
    titled = "/".join(
        "_".join(part[:1].upper() + part[1:] for part in piece.split("_")) for piece in raw.split("/")
    )
    for candidate in dict.fromkeys((raw, titled, raw.upper(), raw.capitalize())):
        zone = _load_zone(candidate)
        if zone is not None:
            return zone
    if "/" in raw:  # Area/Location in unusual case, e.g. america/port-au-prince: scan the zone list once.
        exact = _iana_by_lower().get(raw.lower())
        if exact is not None:
            return _load_zone(exact)
    return None


def resolve_zone(name: str) -> ZoneInfo:
    """The IANA zone `name` refers to.

    Accepts an IANA name in any case (``Europe/Kyiv``, ``america/new_york``), ``UTC``/``Z``/``GMT``,
    or a phrase from `ZONE_PHRASES` with or without a trailing "time" (``Washington time``, ``Kyiv``,
    ``(Brussels time)``). Anything else raises `InvalidInput`; an unknown zone is never read as UTC.
    """
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"no time zone given ({_ZONE_HINT})")
    zone = _lookup_zone(name.strip())
    if zone is None:
        raise _unknown_zone(name)
    return zone


def _offset_label(offset: timedelta) -> str:
    """``UTC`` for a zero offset, else ``UTC+05:30``-style (seconds only when present)."""
    if not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    label = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return label + (f":{secs:02d}" if secs else "")


def _fixed_offset(sign: str, hours: str, minutes: str | None, seconds: str | None, source: str) -> timezone:
    h, m, s = int(hours), int(minutes or 0), int(seconds or 0)
    if m >= 60 or s >= 60 or timedelta(hours=h, minutes=m, seconds=s) > timedelta(hours=14):
        raise InvalidInput(f"UTC offset out of range in {_show(source)} (offsets run from -12:00 to +14:00)")
    offset = timedelta(hours=h, minutes=m, seconds=s)
    return timezone(-offset if sign == "-" else offset)


def _tzinfo_for(name: str) -> tzinfo:
    """A zone name as `When.tz` holds it: IANA or phrase (via `resolve_zone`) or a ``UTC+02:00`` label."""
    if isinstance(name, str):
        match = _OFFSET_NAME.fullmatch(name.strip())
        if match:
            return _fixed_offset(*match.groups(), source=name)
    return resolve_zone(name)


def _zone_label(zone: tzinfo) -> str:
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = zone.utcoffset(None)
    return "UTC" if offset is None else _offset_label(offset)


def to_zone(at: datetime, tz: str) -> datetime:
    """`at` (aware) on the wall clock of `tz`: an IANA name, a zone phrase, or a ``UTC+02:00`` label."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("to_zone needs an aware datetime")
    zone = _tzinfo_for(tz)
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


# ------------------------------------------------------------------------ durations


def parse_duration(text: str) -> timedelta:
    """A positive length of time: ``7d``, ``24h``, ``2w``, ``30m``, ``90s``, ``1d12h``, ``1w 2d``,
    ``36 hours``, ``7 days``, ``1.5h``, ``2w, 3d and 4h``.

    ``m`` is minutes. Months and years have no fixed length and are refused, as are zero,
    negative and unreadable durations (`InvalidInput`).
    """
    if not isinstance(text, str):
        raise InvalidInput("a duration must be text like 7d, 24h or 30m")
    return _parse_duration(text, text, "a duration (use forms like 7d, 24h, 2w, 30m, 1d12h)")


def _parse_duration(text: str, echo: str, reading_as: str) -> timedelta:
    """`parse_duration`, with messages that quote `echo` (what the person typed)."""
    s = _WS.sub(" ", text.strip().lower())
    if not s:
        raise InvalidInput("no duration given (use forms like 7d, 24h, 2w, 30m, 1d12h)")
    if s.startswith("-"):
        raise InvalidInput(f"duration {_show(echo)} must be positive")
    s = s.removeprefix("+").strip()
    total = timedelta(0)
    pos = 0
    parts = 0
    try:
        while pos < len(s):
            match = _DUR_PART.match(s, pos)
            if match is None:
                break
            number, unit = match.groups()
            if unit in _CALENDAR_UNITS:
                raise InvalidInput(
                    f"duration {_show(echo)}: months and years have no fixed length; use weeks or days"
                )
            if unit not in _DUR_UNITS:
                raise InvalidInput(f"unknown unit {unit!r} in duration {_show(echo)} (use w, d, h, m or s)")
            step = _DUR_UNITS[unit]
            total += step * (int(number) if "." not in number else float(number))
            parts += 1
            pos = match.end()
    except (OverflowError, ValueError):
        raise InvalidInput(f"duration {_show(echo)} is too long") from None
    if pos < len(s) or parts == 0:
        raise InvalidInput(f"cannot read {_show(echo)} as {reading_as}")
    if total <= timedelta(0):
        raise InvalidInput(f"duration {_show(echo)} must be longer than zero")
    return total


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


# ------------------------------------------------------------------- calendar days


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """``[start, end)`` of calendar day `day` on the wall clock of zone `tz`, as aware UTC datetimes.

    A DST-change day is 23 or 25 hours long. A midnight that does not exist or repeats is
    read with fold=0, so consecutive days always meet without gap or overlap.
    """
    zone = _tzinfo_for(tz)
    try:
        start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    except OverflowError:
        raise InvalidInput(f"day {day.isoformat()} is out of range") from None
    return start, end


def _desk(desk_tz: str) -> ZoneInfo:
    return resolve_zone(desk_tz)


def _check_now(now: datetime) -> datetime:
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(UTC)


def _shift_day(day: date, days: int, text: str) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise InvalidInput(f"{_show(text)} is out of range") from None


def parse_day(text: str, *, now: datetime, desk_tz: str) -> date:
    """A calendar day in the desk zone.

    Accepts ``today`` (or ``now``), ``yesterday``, ``tomorrow``, ``-2d``/``+1w`` (calendar days from today in
    the desk zone), ``3 days ago``, ``in 2 days``, ISO ``2026-03-29`` or a written date
    (``29 Mar 2026``). A time of day, an hour offset or garbage raises `InvalidInput`.
    """
    now_utc = _check_now(now)
    desk = _desk(desk_tz)
    if not isinstance(text, str):
        raise InvalidInput("a day must be text like 2026-03-29 or 'yesterday'")
    s = _WS.sub(" ", text.strip().lower())
    if not s:
        raise InvalidInput("no day given (use 2026-03-29, 'today', 'yesterday' or '-2d')")
    today = now_utc.astimezone(desk).date()
    if s in ("today", "now"):
        return today
    if s in _CAL_OFFSETS and s != "eod":
        return _shift_day(today, _CAL_OFFSETS[s], text)
    relative: tuple[int, str] | None = None
    if match := _DAY_SIGNED.fullmatch(s):
        relative = (int(match.group(2)) * (-1 if match.group(1) == "-" else 1), match.group(3))
    elif match := _DAY_IN.fullmatch(s):
        relative = (int(match.group(1)), match.group(2))
    elif match := _DAY_AGO.fullmatch(s):
        relative = (-int(match.group(1)), match.group(2))
    if relative is not None:
        count, unit = relative
        if unit not in _DAY_UNITS:
            raise InvalidInput(f"{_show(text)} is not a whole number of days (use d or w, like -2d or -1w)")
        if abs(count) > 1_000_000:
            raise InvalidInput(f"{_show(text)} is out of range")
        return _shift_day(today, count * _DAY_UNITS[unit], text)
    if _ISO_DATE.fullmatch(s):
        try:
            return date.fromisoformat(s)
        except ValueError:
            raise InvalidInput(f"{_show(text)} is not a valid date") from None
    naive = _parse_naive(text.strip(), today)
    if naive.tzinfo is not None or naive.time() != time(0):
        raise InvalidInput(f"{_show(text)} is a time, not a calendar day (use a date like 2026-03-29)")
    return naive.date()


# ------------------------------------------------------------------- date and time


class _ZoneWord(Exception):
    """dateutil found a zone abbreviation we do not read (CEST, EST...)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _tzinfos(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil callback: numeric offsets and UTC words only; any other zone word is an error."""
    if name is None:
        return None if offset is None else timezone(timedelta(seconds=offset))
    if name.upper() in ("UTC", "GMT", "Z") and not offset:
        return UTC
    raise _ZoneWord(name)


def _cannot_read(text: str) -> InvalidInput:
    return InvalidInput(f"cannot read {_show(text)} as a date/time")


def _dateutil(text: str, default: datetime) -> datetime:
    from dateutil.parser import parse

    return parse(text, default=default, tzinfos=_tzinfos)


def _parse_naive(text: str, today: date) -> datetime:
    """Read a written date/time with dateutil (never fuzzy), filling a missing date from `today`.

    Returns a naive datetime, or an aware one when the text carried a numeric offset.
    A text with a month but no day, or a day but no month, is refused rather than completed.
    """
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first <= 12 and second <= 12 and first != second:
            raise InvalidInput(
                f"ambiguous date {_show(text)}: day/month or month/day? (write 2026-03-04 or 4 Mar 2026)"
            )
    try:
        # Two probes with different defaults tell which date parts the text gave.
        probe_a = _dateutil(text, datetime(2000, 1, 1))
        probe_b = _dateutil(text, datetime(2004, 3, 3))
        has_year = probe_a.year == probe_b.year
        has_month = probe_a.month == probe_b.month
        has_day = probe_a.day == probe_b.day
        if has_year and has_month and has_day:
            return probe_a
        if not has_month and not has_day and not has_year:
            # Only a time of day (or a weekday name): on or after today in the zone.
            return _dateutil(text, datetime(today.year, today.month, today.day))
        if has_month and has_day:
            return _dateutil(text, datetime(today.year, 1, 1))
    except _ZoneWord as exc:
        raise _unknown_zone(exc.name) from None
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        # dateutil's ParserError is a ValueError; huge numbers raise OverflowError.
        raise _cannot_read(text) from None
    raise InvalidInput(f"{_show(text)} is not a full date (give day, month and year, like 29 Jan 2026)")


def _split_zone(text: str) -> tuple[str, tzinfo | None]:
    """Split a trailing zone off `text`: ``(Washington time)``, ``Kyiv time``, ``America/New_York``,
    ``UTC``, ``UTC+2``. Returns (rest, zone or None). A trailing part that is clearly meant as a
    zone but is unknown raises `InvalidInput`.
    """
    paren = _PAREN_SUFFIX.fullmatch(text)
    if paren:
        rest, inner = paren.groups()
        offset = _OFFSET_NAME.fullmatch(inner.strip())
        if offset:
            return rest, _fixed_offset(*offset.groups(), source=inner)
        return rest, resolve_zone(inner)
    offset_suffix = _OFFSET_SUFFIX.search(text)
    if offset_suffix:
        match = _OFFSET_NAME.fullmatch(offset_suffix.group(1))
        assert match is not None
        return text[: offset_suffix.start()].strip(), _fixed_offset(*match.groups(), source=text)
    tokens = text.split(" ")
    for k in (4, 3, 2, 1):
        if len(tokens) < k:
            continue
        zone = _lookup_zone(" ".join(tokens[-k:]))
        if zone is not None:
            return " ".join(tokens[:-k]), zone
    last = tokens[-1]
    if len(tokens) > 1 and (last.lower() == "time" or _AREA_LOCATION.fullmatch(last)):
        raise _unknown_zone(_trailing_phrase(tokens))
    return text, None


def _trailing_phrase(tokens: list[str]) -> str:
    """The trailing run of words that are not date words: 'Narnia time' in '... 2pm Narnia time'."""
    start = len(tokens) - 1
    while start > 0 and re.fullmatch(r"[^\d\s:]+", tokens[start - 1]) and tokens[start - 1].lower() not in _DATE_WORDS:
        start -= 1
    return " ".join(tokens[start:])


def _raise_if_unknown_zone_word(text: str, today: date) -> None:
    """If `text` is a readable date/time followed by unknown words ('... 14:00 Narnia'), say the
    words are an unknown zone rather than giving the generic "cannot read" message."""
    tokens = text.split(" ")
    phrase = _trailing_phrase(tokens)
    if phrase == text or not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", phrase):
        return
    if tokens[-1].lower() in _DATE_WORDS:
        return
    head = text[: -len(phrase)].strip()
    try:
        if _ISO_START.match(head):
            try:
                datetime.fromisoformat(head)
                readable = True
            except ValueError:
                readable = False
            if not readable:
                _parse_naive(head, today)
        else:
            _parse_naive(head, today)
    except InvalidInput:
        return
    raise _unknown_zone(phrase)


def _at(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """Attach `zone` to a wall-clock time (fold=0 for skipped/repeated times) and convert to UTC."""
    try:
        return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    except OverflowError:
        raise InvalidInput(f"{_show(text)} is out of range") from None


def _is_relative(s: str) -> bool:
    return s == "now" or any(p.fullmatch(s) for p in (_REL_SIGNED, _REL_IN, _REL_AGO))


def _zone_on_relative(text: str) -> InvalidInput:
    return InvalidInput(f"{_show(text)}: a time relative to now takes no zone (drop the zone)")


def _relative(s: str, now_utc: datetime, text: str) -> datetime | None:
    """Offsets from now as absolute durations: +7d, now-2h, in 3 days, 3 days ago."""
    reading_as = "a date/time"
    if match := _REL_SIGNED.fullmatch(s):
        sign, amount = match.groups()
        delta = _parse_duration(amount, text, reading_as)
        if sign == "-":
            delta = -delta
    elif match := _REL_IN.fullmatch(s):
        delta = _parse_duration(match.group(1), text, reading_as)
    elif match := _REL_AGO.fullmatch(s):
        delta = -_parse_duration(match.group(1), text, reading_as)
    else:
        return None
    try:
        return now_utc + delta
    except OverflowError:
        raise InvalidInput(f"{_show(text)} is out of range") from None


def parse_when(text: str, *, now: datetime, desk_tz: str) -> When:
    """Read a time a person typed into a `When` (aware UTC instant plus the zone it was given in).

    Accepted, case-insensitive:

    * relative to `now`, as absolute durations: ``now``, ``+7d``, ``-3d``, ``+12h``, ``now+3d``,
      ``now-2h``, ``in 3 days``, ``in 2 hours``, ``3 days ago`` (tz = desk zone);
    * calendar words on the desk zone's wall clock: ``today``, ``tomorrow``, ``yesterday``
      (00:00 of that day) and ``eod`` (00:00 tomorrow), optionally with a time: ``tomorrow 9am``;
    * ISO 8601 with an offset: ``2026-01-29T19:00:00-05:00``, ``2026-01-29T19:00Z``
      (tz = ``UTC`` or ``UTC-05:00``);
    * a date/time without zone, read in the desk zone: ``2026-01-29 14:00``, ``2026-01-29``,
      ``29 Jan 2026 2pm``, ``2pm`` (today);
    * a date/time followed by a zone: ``... America/New_York``, ``... Washington time``,
      ``... (Kyiv time)``, ``... UTC``, ``... UTC+2``. The zone's DST rules for that date apply;
      a skipped or repeated local time is read with fold=0 (the offset before the change).

    Unreadable text or an unknown zone raises `InvalidInput`; an unknown `desk_tz` too.
    A naive `now` is a programming error (ValueError).
    """
    now_utc = _check_now(now)
    desk = _desk(desk_tz)
    if not isinstance(text, str):
        raise InvalidInput("a date/time must be text like 2026-01-29 14:00 or '+3d'")
    norm = _WS.sub(" ", text.strip())
    if not norm:
        raise InvalidInput("no date/time given (use forms like 2026-01-29 14:00, 'tomorrow', '+3d')")
    low = norm.lower()

    if low == "now":
        return When(now_utc, desk.key)
    try:
        moved = _relative(low, now_utc, text)
    except InvalidInput:
        rest, zone = _split_zone(norm)  # '+3d Kyiv time': say what is wrong with it
        if zone is not None and _is_relative(rest.lower()):
            raise _zone_on_relative(text) from None
        raise
    if moved is not None:
        return When(moved, desk.key)

    rest, zone = _split_zone(norm)
    if zone is not None and not rest:
        raise InvalidInput(f"{_show(text)} names a zone but no date/time")
    rest_low = rest.lower()
    if zone is not None and _is_relative(rest_low):
        raise _zone_on_relative(text)
    wall = zone if zone is not None else desk

    if match := _CAL_WORD.fullmatch(rest_low):
        word, clock = match.groups()
        if word == "eod" and clock:
            raise _cannot_read(text)
        today = now_utc.astimezone(wall).date()
        day = _shift_day(today, _CAL_OFFSETS[word], text)
        if clock is None:  # 00:00 of that day on the zone's wall clock (same as local_day_bounds)
            return When(_at(datetime.combine(day, time(0)), wall, text), _zone_label(wall))
        clock_text = rest[len(word):].strip()
        naive = _parse_naive(clock_text, day)
        if naive.tzinfo is not None:
            raise InvalidInput(f"{_show(text)}: put the zone at the end, like 'tomorrow 9am Kyiv time'")
        if naive.date() != day:
            raise _cannot_read(text)
        return When(_at(naive, wall, text), _zone_label(wall))

    parsed: datetime | None = None
    if _ISO_START.match(rest):
        try:
            parsed = datetime.fromisoformat(rest)
        except ValueError:
            parsed = None
    if parsed is None:
        today = now_utc.astimezone(wall).date()
        try:
            parsed = _parse_naive(rest, today)
        except InvalidInput:
            if zone is None:
                _raise_if_unknown_zone_word(rest, today)
            raise

    if parsed.tzinfo is not None:
        if zone is not None:
            raise InvalidInput(f"{_show(text)} gives both a UTC offset and a zone; give only one")
        offset = parsed.utcoffset()
        assert offset is not None
        try:
            at = parsed.astimezone(UTC)
        except OverflowError:
            raise InvalidInput(f"{_show(text)} is out of range") from None
        return When(at, _offset_label(offset))
    return When(_at(parsed, wall, text), _zone_label(wall))
