"""Naming zones: a phrase, an IANA name, an abbreviation or an offset -> a tzinfo, and back to a label.

An unknown zone is an error, never UTC; an ambiguous abbreviation (IST, CST, BST) is an error that
names its candidates. The tables themselves are data in `tracker.domain.when.zone_table`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo

from tracker.domain.errors import InvalidInput
from tracker.domain.when.limits import check_offset
from tracker.domain.when.messages import ZONE_HINT, echo, unknown_zone
from tracker.domain.when.zone_table import (
    ABBREVIATIONS,
    AMBIGUOUS,
    UTC_WORDS,
    ZONE_PHRASES,
)

__all__ = [
    "abbreviation",
    "ambiguous",
    "fixed_offset",
    "lookup_zone",
    "offset_zone",
    "resolve_zone",
    "southern",
    "tzinfo_for",
    "zone_label",
]

_WS = re.compile(r"\s+")
_NOT_ZONES = frozenset({"localtime", "factory", "posixrules"})
_IANA_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
OFFSET_NAME = re.compile(r"(?:utc|gmt)\s*([+-])(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?", re.IGNORECASE)
"""``UTC+2``, ``GMT-05:00``, ``UTC+05:30``: what people mean (ahead of / behind UTC), not POSIX."""


def phrase_key(text: str) -> str:
    """A phrase as the tables spell it: lower case, no dots, commas or brackets, single spaces."""
    key = text.strip().strip("()").lower().replace(".", "").replace(",", " ")
    return _WS.sub(" ", key).strip()


def ambiguous(name: str) -> InvalidInput | None:
    """The refusal for an ambiguous abbreviation ('IST': India, Israel or Ireland), or None."""
    candidates = AMBIGUOUS.get(phrase_key(name))
    if candidates is None:
        return None
    named = [f"{key} ({what})" for key, what in candidates]
    listed = ", ".join(named[:-1]) + " or " + named[-1]
    return InvalidInput(f"ambiguous time zone {echo(name.strip())}: {listed}; name the zone, like {candidates[0][0]}")


def abbreviation(name: str) -> timezone | None:
    """The fixed offset an unambiguous abbreviation means (EST, CEST, JST), or None."""
    offset = ABBREVIATIONS.get(phrase_key(name))
    return None if offset is None else timezone(offset)


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
def lookup_zone(text: str) -> ZoneInfo | None:
    """The zone `text` names (phrase, UTC word or IANA name, any case), or None; never raises.

    A trailing "time" or "local time" is optional: "Kyiv", "Kyiv time", "Kyiv local time".
    """
    key = phrase_key(text)
    if not key:
        return None
    keys = [key]
    for suffix in (" local time", " time"):
        if key.endswith(suffix):
            keys.append(key[: -len(suffix)].strip())
    for candidate in keys:
        if candidate in UTC_WORDS:
            return ZoneInfo("UTC")
        if candidate in ZONE_PHRASES:
            return ZoneInfo(ZONE_PHRASES[candidate])
    if key in AMBIGUOUS:
        return None
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
    ``(Brussels time)``). Anything else raises `InvalidInput`; an unknown zone is never read as UTC,
    and an ambiguous abbreviation (``IST``) is refused with its candidates named.
    """
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"no time zone given ({ZONE_HINT})")
    refusal = ambiguous(name)
    if refusal is not None:
        raise refusal
    zone = lookup_zone(name.strip())
    if zone is None:
        raise unknown_zone(name)
    return zone


def fixed_offset(match: re.Match[str], source: str) -> timezone:
    """An `OFFSET_NAME` match (``UTC+05:30``) as a tzinfo, inside the accepted range of offsets."""
    sign, hours, minutes, seconds = match.groups()
    h, m, s = int(hours), int(minutes or 0), int(seconds or 0)
    if m >= 60 or s >= 60:
        check_offset(timedelta(days=1), source)  # raises: not an offset
    offset = timedelta(hours=h, minutes=m, seconds=s)
    return timezone(check_offset(-offset if sign == "-" else offset, source))


def offset_zone(text: str) -> timezone | None:
    """``UTC+2`` / ``GMT-05:00`` as a fixed offset, or None when `text` is not of that form."""
    match = OFFSET_NAME.fullmatch(text.strip())
    return None if match is None else fixed_offset(match, source=text)


def tzinfo_for(name: str) -> tzinfo:
    """A zone name as `When.tz` holds it: IANA or phrase (via `resolve_zone`) or a ``UTC+02:00`` label."""
    if isinstance(name, str):
        match = OFFSET_NAME.fullmatch(name.strip())
        if match is not None:  # a label already stored: shown as it is, even outside today's range
            sign, hours, minutes, seconds = match.groups()
            offset = timedelta(hours=int(hours), minutes=int(minutes or 0), seconds=int(seconds or 0))
            if offset < timedelta(days=1):
                return timezone(-offset if sign == "-" else offset)
            return fixed_offset(match, name)
    return resolve_zone(name)


def zone_label(zone: tzinfo) -> str:
    """What `When.tz` keeps for `zone`: its IANA key, or ``UTC`` / ``UTC+05:30`` for a fixed offset."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = zone.utcoffset(None)
    return "UTC" if offset is None else str(timezone(offset).tzname(None))


@lru_cache(maxsize=1)
def _latitudes() -> dict[str, float]:
    """IANA zone -> latitude of its principal city, from the tz database's zone.tab files."""
    from importlib import resources

    found: dict[str, float] = {}
    texts: list[str] = []
    for name in ("zone1970.tab", "zone.tab"):
        try:
            texts.append(resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8"))
        except (ImportError, OSError):
            for root in TZPATH:
                path = Path(root) / name
                if path.is_file():
                    texts.append(path.read_text(encoding="utf-8"))
                    break
    for text in texts:
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < 3:
                continue
            match = re.match(r"([+-])(\d{2})(\d{2})", fields[1])
            if match:
                sign, degrees, minutes = match.groups()
                latitude = int(degrees) + int(minutes) / 60
                found.setdefault(fields[2], -latitude if sign == "-" else latitude)
    return found


def southern(zone: tzinfo) -> bool:
    """Whether `zone`'s principal city lies south of the equator (its seasons are turned round).

    Fixed offsets and zones without a place (UTC) count as northern.
    """
    if not isinstance(zone, ZoneInfo):
        return False
    latitudes = _latitudes()
    latitude = latitudes.get(zone.key)
    if latitude is None:  # a link such as Europe/Kiev, or a zone with no city: summer time in January?
        january = datetime(2026, 1, 15, tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)
        july = datetime(2026, 7, 15, tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)
        return january > july
    return latitude < 0
