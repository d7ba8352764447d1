"""The public parse: a time or a day as a person typed it -> a `When` or a `date`.

`parse_when(text, *, now, desk_tz, direction)` reads, in order: a trailing zone ("(Washington
time)", "Kyiv time", "America/New_York", "EST", "UTC+2", "local time"); then the text as a relative
phrase (`tracker.domain.when.phrases`), as ISO 8601, or as a written date (dateutil). "by ..." /
"until ..." means the end of the day (or part of a day) it names. The reference time `now` and the
`direction` are parameters, so an article's phrases can be anchored to its dateline.

A local time that does not exist (skipped by spring-forward) or exists twice (repeated by
fall-back) is read with ``fold=0``: the offset in force *before* the change. Anything outside the
accepted range (`tracker.domain.when.limits`) is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timezone, tzinfo

from tracker.domain.errors import InvalidInput
from tracker.domain.when.limits import check_day, check_instant, check_offset
from tracker.domain.when.messages import echo, unknown_zone
from tracker.domain.when.phrases import PHRASE_WORDS, Reading, end_of, read_phrase
from tracker.domain.when.value import Direction, Precision, When
from tracker.domain.when.written import is_date_word, read_date_only, read_written
from tracker.domain.when.zone_table import UTC_WORDS, ZONE_PHRASES
from tracker.domain.when.zones import (
    OFFSET_NAME,
    abbreviation,
    ambiguous,
    fixed_offset,
    lookup_zone,
    resolve_zone,
    southern,
    zone_label,
)

__all__ = ["parse_day", "parse_when", "split_zone_text"]

_WS = re.compile(r"\s+")
_AREA_LOCATION = re.compile(r"[A-Za-z_]+/[A-Za-z0-9_+\-/]+")
_OFFSET_SUFFIX = re.compile(r"(?:^|\s)((?:utc|gmt)\s*[+-]\d{1,2}(?::?\d{2})?)$", re.IGNORECASE)
_PAREN_SUFFIX = re.compile(r"(.*?)\s*\(([^()]*)\)")
_LOCAL_SUFFIX = re.compile(r"(.*?)\s*\(?\s*local(?:\s+time)?\s*\)?", re.IGNORECASE)
_BY = re.compile(r"(?:by|until|till|til|no later than)\s+(.+)", re.IGNORECASE)
_ISO_START = re.compile(r"\d{4}-?\d{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_HOUR = re.compile(r"\d{4}-?\d{2}-?\d{2}[T ]\d{2}(?:[+\-Z]|$)")
_DAY_SIGNED = re.compile(r"([+-])\s*(\d+)\s*([a-z]+)")
_DAY_IN = re.compile(r"in\s+(\d+)\s*([a-z]+)")
_DAY_AGO = re.compile(r"(\d+)\s*([a-z]+)\s+ago")
_DAY_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}


def _check_now(now: datetime) -> datetime:
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(UTC)


def _zone_word(word: str) -> tzinfo | None:
    """One trailing word as a zone: a phrase, UTC word, abbreviation (EST) or IANA name; None if not."""
    key = word.lower().strip("().,")
    refusal = ambiguous(word.strip("().,"))
    if refusal is not None:
        raise refusal
    if key in ZONE_PHRASES or key in UTC_WORDS:
        return lookup_zone(word)
    return abbreviation(key) or lookup_zone(word)


def _named_zone(inner: str) -> tzinfo:
    """The zone a bracketed name gives: an offset, an abbreviation, a phrase or an IANA name."""
    offset = OFFSET_NAME.fullmatch(inner.strip())
    if offset:
        return fixed_offset(offset, source=inner)
    if " " not in inner.strip():
        zone = _zone_word(inner.strip())
        if zone is not None:
            return zone
    return resolve_zone(inner)


def _split_zone(text: str, local: tzinfo) -> tuple[str, tzinfo | None]:
    """Split a trailing zone off `text`: ``(Washington time)``, ``Kyiv time``, ``America/New_York``,
    ``UTC``, ``UTC+2``, ``EST``, ``Kyiv local time``, ``local time`` (= `local`). Returns (rest, zone
    or None). A trailing part that is clearly meant as a zone but is unknown raises `InvalidInput`.
    """
    local_match = _LOCAL_SUFFIX.fullmatch(text)
    if local_match and local_match.group(1) and re.search(r"local", text[len(local_match.group(1)):], re.IGNORECASE):
        head = local_match.group(1)
        tokens = head.split(" ")
        for k in (3, 2, 1):
            if len(tokens) > k:
                city = lookup_zone(" ".join(tokens[-k:]))
                if city is not None and not _ISO_START.match(tokens[-k]):
                    return " ".join(tokens[:-k]), city
        return head, local
    paren = _PAREN_SUFFIX.fullmatch(text)
    if paren:
        rest, inner = paren.groups()
        return rest, _named_zone(inner)
    offset_suffix = _OFFSET_SUFFIX.search(text)
    if offset_suffix:
        match = OFFSET_NAME.fullmatch(offset_suffix.group(1))
        assert match is not None
        return text[: offset_suffix.start()].strip(), fixed_offset(match, source=text)
    tokens = text.split(" ")
    for k in (4, 3, 2, 1):
        if len(tokens) < k:
            continue
        tail = " ".join(tokens[-k:])
        zone = _zone_word(tail) if k == 1 else lookup_zone(tail)
        if zone is not None:
            return " ".join(tokens[:-k]), zone
    last = tokens[-1]
    if len(tokens) > 1 and (last.lower() == "time" or _AREA_LOCATION.fullmatch(last)):
        raise unknown_zone(_trailing_phrase(tokens))
    return text, None


def split_zone_text(text: str) -> str | None:
    """The words of `text` that name its zone ("(Washington time)" in "Thursday (Washington time)"),
    or None when it names none or cannot be read; never raises."""
    norm = _WS.sub(" ", text.strip())
    try:
        rest, zone = _split_zone(norm, UTC)
    except InvalidInput:
        return None
    return norm[len(rest):].strip() or None if zone is not None else None


def _known_word(word: str) -> bool:
    return word.lower() in PHRASE_WORDS or is_date_word(word)


def _trailing_phrase(tokens: list[str]) -> str:
    """The trailing run of words that are not date words: 'Narnia time' in '... 2pm Narnia time'."""
    start = len(tokens) - 1
    while start > 0 and re.fullmatch(r"[^\d\s:]+", tokens[start - 1]) and not _known_word(tokens[start - 1]):
        start -= 1
    return " ".join(tokens[start:])


def _raise_if_unknown_zone_word(text: str, now: datetime, direction: Direction) -> None:
    """If `text` is a readable date/time followed by unknown words ('... 14:00 Narnia'), say the
    words are an unknown zone rather than giving the generic "cannot read" message."""
    tokens = text.split(" ")
    phrase = _trailing_phrase(tokens)
    if phrase == text or not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", phrase) or _known_word(tokens[-1]):
        return
    head = text[: -len(phrase)].strip()
    try:
        if _ISO_START.match(head):
            try:
                datetime.fromisoformat(head)
            except ValueError:
                read_written(head, now, direction)
        elif read_phrase(head.lower(), now, direction) is None:
            read_written(head, now, direction)
    except InvalidInput:
        return
    raise unknown_zone(phrase)


def _at(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """Attach `zone` to a wall-clock time (fold=0 for skipped/repeated times) and convert to UTC."""
    try:
        return check_instant(naive.replace(tzinfo=zone, fold=0), text)
    except OverflowError:
        raise InvalidInput(f"{echo(text)} is out of range") from None


def _iso_precision(text: str) -> Precision:
    if _ISO_DATE.fullmatch(text) or re.fullmatch(r"\d{8}", text):
        return "day"
    return "hour" if _ISO_HOUR.match(text) else "minute"


def parse_when(text: str, *, now: datetime, desk_tz: str, direction: Direction = "past",
               local_tz: str | None = None) -> When:
    """Read a time a person typed into a `When` (UTC instant, zone, precision, phrase).

    `now` is the reference time (aware; an article's dateline, or the desk's clock) and
    `direction` says which way open phrases point: ``"past"`` for a said time ("Thursday" = the
    most recent Thursday), ``"future"`` for a deadline ("Friday" = the coming Friday). `local_tz`
    is the zone "local time" means (a dateline city's); by default the desk zone. Accepted,
    case-insensitive (the full table with readings is in docs/cli.md):

    * offsets from `now`, exact durations: ``now``, ``+7d``, ``now-2h``, ``in 48 hours``,
      ``for one week``, ``3 days ago`` (tz = desk zone);
    * days and parts of days on the zone's wall clock: ``today``, ``yesterday``, ``Thursday``,
      ``last Thursday``, ``next Friday``, ``this morning``, ``yesterday evening``,
      ``late on Wednesday``, ``overnight``, ``tomorrow 9am``, ``end of week``, ``spring``;
    * ``by``/``until`` a day: the end of that day (``by Sunday``);
    * ISO 8601 with an offset (tz = ``UTC`` or ``UTC-05:00``) or without (read in the desk zone);
    * written dates: ``29 Jan 2026 2pm``, ``January 29, 2026 at 2:30 pm``, ``29 Jan`` (the
      nearest 29 January in `direction`);
    * any of these followed by a zone: ``... Washington time``, ``... (Kyiv time)``,
      ``... America/New_York``, ``... UTC+2``, ``... EST``, ``... local time``.

    Unreadable text, an unknown or ambiguous zone, an unknown `desk_tz` or a time outside the
    accepted range raises `InvalidInput`. A naive `now` is a programming error (ValueError).
    """
    now_utc = _check_now(now)
    if direction not in ("past", "future"):
        raise ValueError(f"direction must be 'past' or 'future', not {direction!r}")
    desk = resolve_zone(desk_tz)
    if not isinstance(text, str):
        raise InvalidInput("a date/time must be text like 2026-01-29 14:00 or '+3d'")
    norm = _WS.sub(" ", text.strip())
    if not norm:
        raise InvalidInput("no date/time given (use forms like 2026-01-29 14:00, 'tomorrow', '+3d')")
    local = resolve_zone(local_tz) if local_tz else desk
    check_instant(now_utc, now_utc.isoformat())

    # An exact shift ('+7d', 'in 48 hours') first: it takes no zone.
    try:
        shifted = read_phrase(norm.lower(), now_utc.replace(tzinfo=None), direction)
    except InvalidInput:
        rest, zone = _split_zone(norm, local)  # '+3d Kyiv time': say what is wrong with it
        if zone is not None and read_phrase(rest.lower(), now_utc.replace(tzinfo=None), direction):
            raise InvalidInput(f"{echo(text)}: a time relative to now takes no zone (drop the zone)") from None
        raise
    if shifted is not None and shifted.shift is not None:
        return When(_shift(now_utc, shifted, text), desk.key, "minute", None if norm.startswith(("+", "-")) else norm)

    rest, zone = _split_zone(norm, local)
    rest = rest.rstrip(" ,")
    if zone is not None and not rest:
        raise InvalidInput(f"{echo(text)} names a zone but no date/time")
    wall = zone if zone is not None else desk
    wall_now = now_utc.astimezone(wall).replace(tzinfo=None)
    low = rest.lower()
    by = _BY.fullmatch(low)
    reading = _phrase(low, wall_now, direction, wall)
    if reading is None and by is not None:
        reading = _phrase(by.group(1), wall_now, direction, wall)
        if reading is None:
            inner = _written(rest[len(rest) - len(by.group(1)):], wall_now, direction, zone, text)
            if isinstance(inner, When):
                return When(inner.at, inner.tz, "minute", norm)
            reading = inner
    elif reading is None:
        written = _written(rest, wall_now, direction, zone, text)
        if isinstance(written, When):
            return written
        reading = written
    if reading.shift is not None:
        raise InvalidInput(f"{echo(text)}: a time relative to now takes no zone (drop the zone)")
    if by is not None or direction == "future":
        reading = end_of(reading)
    assert reading.start is not None
    return When(_at(reading.start, wall, text), zone_label(wall), reading.precision, _phrase_of(norm))


def _phrase_of(norm: str) -> str | None:
    """The words as given, kept with the time; None for a plain ISO 8601 timestamp."""
    try:
        datetime.fromisoformat(norm)
    except ValueError:
        return norm
    return None


def _shift(now_utc: datetime, reading: Reading, text: str) -> datetime:
    assert reading.shift is not None
    try:
        return check_instant(now_utc + reading.shift, text)
    except OverflowError:
        raise InvalidInput(f"{echo(text)} is out of range") from None


def _phrase(low: str, wall_now: datetime, direction: Direction, wall: tzinfo) -> Reading | None:
    return read_phrase(low, wall_now, direction, southern=southern(wall),
                       read_date=lambda t: read_date_only(t, wall_now, direction))


def _written(rest: str, wall_now: datetime, direction: Direction, zone: tzinfo | None,
             text: str) -> When | Reading:
    """ISO 8601 or a written date: a finished When when the text carried its own offset, else a Reading."""
    parsed: datetime | None = None
    precision: Precision = "minute"
    if _ISO_START.match(rest):
        try:
            parsed = datetime.fromisoformat(rest)
            precision = _iso_precision(rest)
        except ValueError:
            parsed = None
    if parsed is None:
        try:
            got = read_written(rest, wall_now, direction)
        except InvalidInput:
            if zone is None:
                _raise_if_unknown_zone_word(rest, wall_now, direction)
            raise
        parsed, precision = got.value, got.precision
    if parsed.tzinfo is not None:
        if zone is not None:
            raise InvalidInput(f"{echo(text)} gives both a UTC offset and a zone; give only one")
        offset = parsed.utcoffset()
        assert offset is not None
        check_offset(offset, text)
        try:
            at = check_instant(parsed, text)
        except OverflowError:
            raise InvalidInput(f"{echo(text)} is out of range") from None
        return When(at, zone_label(timezone(offset)), precision, _phrase_of(_WS.sub(" ", text.strip())))
    return Reading(start=parsed, precision=precision)


def parse_day(text: str, *, now: datetime, desk_tz: str) -> date:
    """A calendar day in the desk zone, looking back from `now` (a report's day).

    Accepts ``today`` (or ``now``), ``yesterday``, ``Thursday``/``last Thursday`` (the most recent;
    today if today is Thursday), ``-2d``/``+1w`` (calendar days from today in the desk zone),
    ``3 days ago``, ``in 2 days``, ISO ``2026-03-29`` or a written date (``29 Mar 2026``; ``29 Mar``
    is the most recent 29 March). A time of day, an hour offset, garbage or a day outside
    the accepted range (`tracker.domain.when.limits`) raises `InvalidInput`.
    """
    now_utc = _check_now(now)
    desk = resolve_zone(desk_tz)
    if not isinstance(text, str):
        raise InvalidInput("a day must be text like 2026-03-29 or 'yesterday'")
    s = _WS.sub(" ", text.strip().lower())
    if not s:
        raise InvalidInput("no day given (use 2026-03-29, 'today', 'yesterday' or '-2d')")
    today = now_utc.astimezone(desk).date()
    if s == "now":
        s = "today"
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
            raise InvalidInput(f"{echo(text)} is not a whole number of days (use d or w, like -2d or -1w)")
        if abs(count) > 1_000_000:
            raise InvalidInput(f"{echo(text)} is out of range")
        return check_day(date.fromordinal(max(1, min(today.toordinal() + count * _DAY_UNITS[unit],
                                                      date.max.toordinal()))), text)
    if _ISO_DATE.fullmatch(s):
        try:
            return check_day(date.fromisoformat(s), text)
        except ValueError:
            raise InvalidInput(f"{echo(text)} is not a valid date") from None
    wall_now = now_utc.astimezone(desk).replace(tzinfo=None)
    reading = read_phrase(s, wall_now, "past", read_date=lambda t: read_date_only(t, wall_now, "past"))
    if reading is not None and reading.start is not None and reading.precision == "day":
        return check_day(reading.start.date(), text)
    if reading is not None:
        raise InvalidInput(f"{echo(text)} is a time, not a calendar day (use a date like 2026-03-29)")
    got = read_written(text.strip(), wall_now, "past")
    if got.value.tzinfo is not None or got.precision != "day":
        raise InvalidInput(f"{echo(text)} is a time, not a calendar day (use a date like 2026-03-29)")
    return check_day(got.value.date(), text)

