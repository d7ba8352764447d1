"""Tests for tracker.domain.when: reading times, zones, durations and calendar days."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tracker.domain import when as when_module
from tracker.domain.errors import InvalidInput
from tracker.domain.when import (
    ZONE_PHRASES,
    When,
    format_duration,
    isoformat,
    local_day_bounds,
    parse_day,
    parse_duration,
    parse_when,
    resolve_zone,
    to_zone,
)

NOW = datetime(2026, 1, 29, 15, 0, tzinfo=UTC)  # 17:00 in Kyiv (EET, +2), 10:00 in New York (EST, -5)
KYIV = "Europe/Kyiv"
NY = "America/New_York"
H = timedelta(hours=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def when(text: str, desk: str = KYIV, now: datetime = NOW) -> When:
    return parse_when(text, now=now, desk_tz=desk)


def invalid(call, *args, **kwargs) -> str:
    """Run `call`, expect InvalidInput, and return its message after checking it is one line."""
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert message and "\n" not in message
    return message


# ----------------------------------------------------------------- relative forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", utc(2026, 1, 29, 15)),
        ("NOW", utc(2026, 1, 29, 15)),
        ("+7d", utc(2026, 2, 5, 15)),
        ("+12h", utc(2026, 1, 30, 3)),
        ("+2w", utc(2026, 2, 12, 15)),
        ("+30m", utc(2026, 1, 29, 15, 30)),
        ("-3d", utc(2026, 1, 26, 15)),
        ("now+3d", utc(2026, 2, 1, 15)),
        ("now-2h", utc(2026, 1, 29, 13)),
        ("now + 3 days", utc(2026, 2, 1, 15)),
        ("now+1d12h", utc(2026, 1, 31, 3)),
        ("in 3 days", utc(2026, 2, 1, 15)),
        ("in 2 hours", utc(2026, 1, 29, 17)),
        ("In 1 Week", utc(2026, 2, 5, 15)),
        ("3 days ago", utc(2026, 1, 26, 15)),
        ("  +7d  ", utc(2026, 2, 5, 15)),
    ],
)
@pytest.mark.parametrize("desk", [KYIV, NY])
def test_relative_offsets_from_now(text: str, expected: datetime, desk: str) -> None:
    result = when(text, desk)
    assert result.at == expected
    assert result.at.tzinfo is UTC
    assert result.tz == desk


@pytest.mark.parametrize(
    ("text", "desk", "expected"),
    [
        ("today", KYIV, utc(2026, 1, 28, 22)),
        ("today", NY, utc(2026, 1, 29, 5)),
        ("Tomorrow", KYIV, utc(2026, 1, 29, 22)),
        ("tomorrow", NY, utc(2026, 1, 30, 5)),
        ("yesterday", KYIV, utc(2026, 1, 27, 22)),
        ("yesterday", NY, utc(2026, 1, 28, 5)),
        ("eod", KYIV, utc(2026, 1, 29, 22)),
        ("eod", NY, utc(2026, 1, 30, 5)),
        ("tomorrow 9am", KYIV, utc(2026, 1, 30, 7)),
        ("today 14:00", NY, utc(2026, 1, 29, 19)),
    ],
)
def test_calendar_words_use_the_desk_day(text: str, desk: str, expected: datetime) -> None:
    result = when(text, desk)
    assert result.at == expected
    assert result.tz == desk


def test_calendar_words_follow_the_desk_date_not_the_utc_date() -> None:
    late = utc(2026, 1, 29, 23, 30)  # already 01:30 on Jan 30 in Kyiv, still 18:30 on Jan 29 in New York
    assert when("today", KYIV, late).at == utc(2026, 1, 29, 22)
    assert when("today", NY, late).at == utc(2026, 1, 29, 5)
    assert when("eod", KYIV, late).at == utc(2026, 1, 30, 22)


def test_calendar_word_with_a_zone_uses_that_zones_day() -> None:
    result = when("today 14:00 Washington time", KYIV)
    assert result.at == utc(2026, 1, 29, 19)
    assert result.tz == NY


def test_plus_seven_days_across_us_dst_is_exactly_168_hours() -> None:
    now = utc(2026, 3, 5, 12)  # 07:00 EST; clocks spring forward on 2026-03-08
    result = when("+7d", NY, now)
    assert result.at - now == timedelta(hours=168)
    assert result.at == utc(2026, 3, 12, 12)
    assert to_zone(result.at, NY).hour == 8  # the wall clock moved by an hour, the duration did not
    assert when("in 1 week", NY, now).at == result.at


def test_plus_seven_days_across_eu_fall_back_is_exactly_168_hours() -> None:
    now = utc(2026, 10, 22, 9)
    assert when("+7d", KYIV, now).at - now == timedelta(hours=168)
    assert when("-1w", KYIV, utc(2026, 10, 29, 9)).at == utc(2026, 10, 22, 9)


def test_tomorrow_on_a_23_hour_day_is_the_next_local_midnight() -> None:
    now = utc(2026, 3, 8, 6)  # 01:00 EST on the US spring-forward day
    today = when("today", NY, now).at
    tomorrow = when("tomorrow", NY, now).at
    assert today == utc(2026, 3, 8, 5)  # 00:00 EST
    assert tomorrow == utc(2026, 3, 9, 4)  # 00:00 EDT
    assert tomorrow - today == timedelta(hours=23)
    assert when("eod", NY, now).at == tomorrow


def test_tomorrow_on_a_25_hour_day_in_kyiv() -> None:
    now = utc(2026, 10, 25, 12)
    assert when("today", KYIV, now).at == utc(2026, 10, 24, 21)  # 00:00 EEST
    assert when("tomorrow", KYIV, now).at == utc(2026, 10, 25, 22)  # 00:00 EET


# ----------------------------------------------------------------- absolute forms


@pytest.mark.parametrize(
    ("text", "expected", "tz"),
    [
        ("2026-01-29T19:00:00-05:00", utc(2026, 1, 30, 0), "UTC-05:00"),
        ("2026-01-29T19:00Z", utc(2026, 1, 29, 19), "UTC"),
        ("2026-01-29T19:00:00+00:00", utc(2026, 1, 29, 19), "UTC"),
        ("2026-01-29T19:00:00+05:30", utc(2026, 1, 29, 13, 30), "UTC+05:30"),
        ("2026-01-29T19:00:00.987654+02:00", datetime(2026, 1, 29, 17, 0, 0, 987654, tzinfo=UTC), "UTC+02:00"),
        ("29 Jan 2026 2pm +0200", utc(2026, 1, 29, 12), "UTC+02:00"),
        ("2026-01-29 14:00 UTC+2", utc(2026, 1, 29, 12), "UTC+02:00"),
        ("2026-01-29 14:00 GMT-5", utc(2026, 1, 29, 19), "UTC-05:00"),
        ("2026-01-29 14:00 (UTC+3)", utc(2026, 1, 29, 11), "UTC+03:00"),
    ],
)
@pytest.mark.parametrize("desk", [KYIV, NY])
def test_explicit_offsets_ignore_the_desk(text: str, expected: datetime, tz: str, desk: str) -> None:
    result = when(text, desk)
    assert result.at == expected
    assert result.tz == tz


@pytest.mark.parametrize(
    ("text", "desk", "expected"),
    [
        ("2026-01-29 14:00", KYIV, utc(2026, 1, 29, 12)),
        ("2026-01-29 14:00", NY, utc(2026, 1, 29, 19)),
        ("2026-01-29T14:00", NY, utc(2026, 1, 29, 19)),
        ("2026-01-29", KYIV, utc(2026, 1, 28, 22)),
        ("2026-01-29", NY, utc(2026, 1, 29, 5)),
        ("29 Jan 2026 2pm", KYIV, utc(2026, 1, 29, 12)),
        ("29 Jan 2026 2pm", NY, utc(2026, 1, 29, 19)),
        ("January 29, 2026 at 2:30 pm", NY, utc(2026, 1, 29, 19, 30)),
        ("29/01/2026 14:00", KYIV, utc(2026, 1, 29, 12)),
        ("29 Jan 14:00", KYIV, utc(2026, 1, 29, 12)),  # no year: the current year
        ("2pm", KYIV, utc(2026, 1, 29, 12)),  # time only: today in the desk zone
        ("2026-07-01 14:00", KYIV, utc(2026, 7, 1, 11)),  # summer: EEST, +3
        ("2026-07-01 14:00", NY, utc(2026, 7, 1, 18)),  # summer: EDT, -4
    ],
)
def test_times_without_zone_are_read_in_the_desk_zone(text: str, desk: str, expected: datetime) -> None:
    result = when(text, desk)
    assert result.at == expected
    assert result.tz == desk


@pytest.mark.parametrize(
    ("text", "expected", "tz"),
    [
        ("2026-01-29 14:00 America/New_York", utc(2026, 1, 29, 19), NY),
        ("2026-01-29 14:00 america/new_york", utc(2026, 1, 29, 19), NY),
        ("2026-01-29 14:00 Washington time", utc(2026, 1, 29, 19), NY),
        ("2026-01-29 14:00 washington", utc(2026, 1, 29, 19), NY),
        ("2026-01-29 14:00 (Washington time)", utc(2026, 1, 29, 19), NY),
        ("2026-01-29 14:00 New York", utc(2026, 1, 29, 19), NY),
        ("29 Jan 2026 2pm Washington, D.C. time", utc(2026, 1, 29, 19), NY),
        ("2026-01-29 14:00 Kyiv time", utc(2026, 1, 29, 12), KYIV),
        ("2026-01-29 14:00 Kiev time", utc(2026, 1, 29, 12), KYIV),
        ("2026-01-29 14:00 (Kyiv time)", utc(2026, 1, 29, 12), KYIV),
        ("2026-01-29 14:00 Europe/Kyiv", utc(2026, 1, 29, 12), KYIV),
        ("2026-01-29 14:00 Zaporizhzhia", utc(2026, 1, 29, 12), KYIV),
        ("2026-01-29 14:00 Brussels time", utc(2026, 1, 29, 13), "Europe/Brussels"),
        ("2026-01-29 14:00 Moscow time", utc(2026, 1, 29, 11), "Europe/Moscow"),
        ("2026-01-29 14:00 London time", utc(2026, 1, 29, 14), "Europe/London"),
        ("2026-01-29 14:00 Tokyo", utc(2026, 1, 29, 5), "Asia/Tokyo"),
        ("2026-01-29 14:00 Jerusalem", utc(2026, 1, 29, 12), "Asia/Jerusalem"),
        ("2026-01-29 14:00 UTC", utc(2026, 1, 29, 14), "UTC"),
        ("2026-01-29 14:00 Z", utc(2026, 1, 29, 14), "UTC"),
        ("2026-01-29 14:00 GMT", utc(2026, 1, 29, 14), "UTC"),
    ],
)
@pytest.mark.parametrize("desk", [KYIV, NY])
def test_times_with_a_zone_use_that_zone(text: str, expected: datetime, tz: str, desk: str) -> None:
    result = when(text, desk)
    assert result.at == expected
    assert result.tz == tz


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-07 12:00 Washington time", utc(2026, 3, 7, 17)),  # EST, -5
        ("2026-03-08 12:00 Washington time", utc(2026, 3, 8, 16)),  # EDT, -4 from 02:00 that day
        ("2026-03-28 12:00 Kyiv time", utc(2026, 3, 28, 10)),  # EET, +2
        ("2026-03-29 12:00 Kyiv time", utc(2026, 3, 29, 9)),  # EEST, +3 from 03:00 that day
        ("2026-03-29 12:00 Berlin", utc(2026, 3, 29, 10)),  # CEST, +2
        ("2026-10-25 12:00 Kyiv time", utc(2026, 10, 25, 10)),  # back to EET
        ("2026-07-01 14:00 Washington time", utc(2026, 7, 1, 18)),
    ],
)
def test_zone_dst_rules_apply_for_that_date(text: str, expected: datetime) -> None:
    assert when(text, "UTC").at == expected


def test_nonexistent_local_time_is_read_with_fold_0() -> None:
    # 02:30 never happens in New York on 2026-03-08; fold=0 reads it with the EST offset.
    assert when("2026-03-08 02:30 America/New_York").at == utc(2026, 3, 8, 7, 30)
    assert when("2026-03-29 03:30 Kyiv time").at == utc(2026, 3, 29, 1, 30)


def test_ambiguous_local_time_is_the_first_occurrence() -> None:
    assert when("2026-11-01 01:30 America/New_York").at == utc(2026, 11, 1, 5, 30)  # EDT, not EST
    assert when("2026-10-25 03:30 Kyiv time").at == utc(2026, 10, 25, 0, 30)  # EEST, not EET


# ------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("2026-01-29 14:00 Narnia time", "Narnia time"),
        ("2026-01-29 14:00 (Narnia time)", "Narnia time"),
        ("2026-01-29 14:00 (Atlantis)", "Atlantis"),
        ("2026-01-29 14:00 Narnia", "Narnia"),
        ("29 Jan 2026 2pm Narnia time", "Narnia time"),
        ("2026-01-29 14:00 Mars/Olympus", "Mars/Olympus"),
        ("2026-01-29 14:00 QQT", "QQT"),
        ("tomorrow Narnia time", "Narnia time"),
    ],
)
def test_unknown_zone_is_an_error_never_utc(text: str, name: str) -> None:
    message = invalid(parse_when, text, now=NOW, desk_tz=KYIV)
    assert message == (
        f"unknown time zone '{name}' (use an IANA name like Europe/Kyiv or a phrase like 'Kyiv time')"
    )


@pytest.mark.parametrize(
    "text",
    ["next blursday", "blursday", "soon", "2026-02-30", "2026-13-01", "10000000000000000000", "1 2 3 4 5 6 7", "+abc"],
)
def test_garbage_is_refused(text: str) -> None:
    assert invalid(parse_when, text, now=NOW, desk_tz=KYIV) == f"cannot read '{text}' as a date/time"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no date/time given"),
        ("   ", "no date/time given"),
        ("Jan 2026", "not a full date"),
        ("03/04/2026", "ambiguous date"),
        ("Kyiv time", "names a zone but no date/time"),
        ("+3d Kyiv time", "takes no zone"),
        ("2026-01-29T14:00+02:00 Europe/Kyiv", "both a UTC offset and a zone"),
        ("+0d", "longer than zero"),
        ("in 3 months", "no fixed length"),
        ("+99999999999w", "too long"),
        ("0001-01-01 00:00 Asia/Tokyo", "out of range"),
        ("2026-01-29 14:00 UTC+25", "offset out of range"),
        ("2026-01-29\n14:00 Narnia time", "unknown time zone"),
    ],
)
def test_other_refusals_say_why(text: str, fragment: str) -> None:
    assert fragment in invalid(parse_when, text, now=NOW, desk_tz=KYIV)


def test_unknown_desk_zone_is_invalid_input() -> None:
    message = invalid(parse_when, "now", now=NOW, desk_tz="Narnia time")
    assert message.startswith("unknown time zone 'Narnia time'")


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_when("now", now=datetime(2026, 1, 29, 15), desk_tz=KYIV)
    with pytest.raises(ValueError):
        parse_day("today", now=datetime(2026, 1, 29, 15), desk_tz=KYIV)


def test_now_in_another_zone_is_the_same_instant() -> None:
    now_kyiv = NOW.astimezone(ZoneInfo(KYIV))
    assert when("+1h", NY, now_kyiv).at == utc(2026, 1, 29, 16)
    assert when("now", NY, now_kyiv).at.tzinfo is UTC


def test_when_normalises_to_utc_and_refuses_naive() -> None:
    value = When(datetime(2026, 1, 29, 14, tzinfo=ZoneInfo(NY)), NY)
    assert value.at == utc(2026, 1, 29, 19)
    assert value.at.tzinfo is UTC
    assert value.local() == datetime(2026, 1, 29, 14, tzinfo=ZoneInfo(NY))
    assert value.local().hour == 14
    with pytest.raises(ValueError):
        When(datetime(2026, 1, 29, 14), NY)


# ------------------------------------------------------------------------- zones


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Europe/Kyiv", KYIV),
        ("europe/kyiv", KYIV),
        ("EUROPE/KYIV", KYIV),
        ("America/New_York", NY),
        ("america/new york", NY),
        ("america/port-au-prince", "America/Port-au-Prince"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("Z", "UTC"),
        ("GMT", "UTC"),
        ("Washington time", NY),
        ("washington", NY),
        ("Kyiv time", KYIV),
        ("Kiev time", KYIV),
        ("  KYIV  ", KYIV),
        ("(Kyiv time)", KYIV),
        ("Brussels time", "Europe/Brussels"),
        ("Moscow time", "Europe/Moscow"),
        ("London time", "Europe/London"),
        ("Paris", "Europe/Paris"),
        ("Berlin", "Europe/Berlin"),
        ("Warsaw", "Europe/Warsaw"),
        ("Jerusalem", "Asia/Jerusalem"),
        ("Beijing", "Asia/Shanghai"),
        ("Tokyo", "Asia/Tokyo"),
        ("New York", NY),
        ("Zaporizhzhia", KYIV),
        ("Pacific time", "America/Los_Angeles"),
    ],
)
def test_resolve_zone(name: str, key: str) -> None:
    zone = resolve_zone(name)
    assert isinstance(zone, ZoneInfo)
    assert zone.key == key


@pytest.mark.parametrize(
    "name", ["Narnia time", "Narnia", "Mars/Olympus", "", "   ", "UTC+02:00", "localtime", "Factory", "../etc/passwd",
             "Europe", "a" * 500]
)
def test_resolve_zone_refuses_unknown_names(name: str) -> None:
    message = invalid(resolve_zone, name)
    assert "time zone" in message


def test_resolve_zone_message_names_the_zone_and_a_fix() -> None:
    assert invalid(resolve_zone, "Narnia time") == (
        "unknown time zone 'Narnia time' (use an IANA name like Europe/Kyiv or a phrase like 'Kyiv time')"
    )


def test_zone_phrase_table_is_lowercase_and_every_zone_exists() -> None:
    for phrase, key in ZONE_PHRASES.items():
        assert phrase == phrase.lower().strip()
        assert ZoneInfo(key).key == key
        assert resolve_zone(phrase).key == key
        assert resolve_zone(f"{phrase.title()} time").key == key


def test_to_zone_shows_wall_clock_time() -> None:
    at = utc(2026, 1, 29, 19)
    assert to_zone(at, NY) == datetime(2026, 1, 29, 14, tzinfo=ZoneInfo(NY))
    assert to_zone(at, NY).hour == 14
    assert to_zone(at, "Kyiv time").hour == 21
    assert to_zone(at, "UTC-05:00").utcoffset() == timedelta(hours=-5)
    assert to_zone(at, "UTC-05:00").hour == 14
    assert to_zone(at, "UTC+05:30").minute == 30
    assert to_zone(at, "UTC").hour == 19
    invalid(to_zone, at, "Narnia")
    with pytest.raises(ValueError):
        to_zone(datetime(2026, 1, 29, 19), NY)


def test_parsed_tz_label_round_trips_through_to_zone() -> None:
    for text in ("2026-01-29T19:00:00-05:00", "2026-01-29 14:00 Washington time", "2026-01-29T19:00Z", "+3d"):
        result = when(text)
        assert to_zone(result.at, result.tz).utcoffset() is not None


def test_isoformat() -> None:
    assert isoformat(None) is None
    assert isoformat(utc(2026, 1, 29, 19)) == "2026-01-29T19:00:00+00:00"
    assert isoformat(datetime(2026, 1, 29, 19, 0, 5, 999999, tzinfo=UTC)) == "2026-01-29T19:00:05+00:00"
    assert isoformat(datetime(2026, 1, 29, 14, tzinfo=ZoneInfo(NY))) == "2026-01-29T14:00:00-05:00"
    assert isoformat(datetime(2026, 1, 29, 14, tzinfo=timezone(timedelta(hours=5, minutes=30)))) == (
        "2026-01-29T14:00:00+05:30"
    )
    with pytest.raises(ValueError):
        isoformat(datetime(2026, 1, 29, 19))


# ---------------------------------------------------------------- calendar days


@pytest.mark.parametrize(
    ("day", "tz", "start", "hours"),
    [
        (date(2026, 1, 29), KYIV, utc(2026, 1, 28, 22), 24),
        (date(2026, 1, 29), NY, utc(2026, 1, 29, 5), 24),
        (date(2026, 3, 8), NY, utc(2026, 3, 8, 5), 23),  # US spring forward
        (date(2026, 11, 1), NY, utc(2026, 11, 1, 4), 25),  # US fall back
        (date(2026, 3, 29), KYIV, utc(2026, 3, 28, 22), 23),  # EU spring forward
        (date(2026, 3, 29), "Europe/Berlin", utc(2026, 3, 28, 23), 23),
        (date(2026, 10, 25), KYIV, utc(2026, 10, 24, 21), 25),  # EU fall back
        (date(2026, 10, 25), "Europe/London", utc(2026, 10, 24, 23), 25),
        (date(2026, 3, 29), "UTC", utc(2026, 3, 29), 24),
        (date(2026, 1, 29), "UTC+02:00", utc(2026, 1, 28, 22), 24),
    ],
)
def test_local_day_bounds(day: date, tz: str, start: datetime, hours: int) -> None:
    begin, end = local_day_bounds(day, tz)
    assert begin == start
    assert end - begin == timedelta(hours=hours)
    assert begin.tzinfo is UTC and end.tzinfo is UTC


def test_local_day_bounds_tile_the_year_without_gaps() -> None:
    day = date(2026, 1, 1)
    previous_end = None
    total = timedelta(0)
    while day.year == 2026:
        start, end = local_day_bounds(day, KYIV)
        if previous_end is not None:
            assert start == previous_end
        previous_end = end
        total += end - start
        day += timedelta(days=1)
    assert total == timedelta(days=365)


def test_local_day_bounds_refuses_unknown_zone_and_extreme_days() -> None:
    invalid(local_day_bounds, date(2026, 1, 29), "Narnia")
    invalid(local_day_bounds, date.max, KYIV)


@pytest.mark.parametrize(
    ("text", "desk", "expected"),
    [
        ("today", KYIV, date(2026, 1, 29)),
        ("yesterday", KYIV, date(2026, 1, 28)),
        ("tomorrow", NY, date(2026, 1, 30)),
        ("2026-03-29", KYIV, date(2026, 3, 29)),
        ("-2d", KYIV, date(2026, 1, 27)),
        ("+1d", KYIV, date(2026, 1, 30)),
        ("-1w", NY, date(2026, 1, 22)),
        ("3 days ago", KYIV, date(2026, 1, 26)),
        ("in 2 days", KYIV, date(2026, 1, 31)),
        ("29 Mar 2026", KYIV, date(2026, 3, 29)),
        ("Mar 29", KYIV, date(2025, 3, 29)),  # a report's day looks back: the last 29 March
        ("Jan 29", KYIV, date(2026, 1, 29)),
        ("Thursday", KYIV, date(2026, 1, 29)),  # today is Thursday
        ("last Thursday", KYIV, date(2026, 1, 22)),
        ("on Wednesday", NY, date(2026, 1, 28)),
    ],
)
def test_parse_day(text: str, desk: str, expected: date) -> None:
    assert parse_day(text, now=NOW, desk_tz=desk) == expected


def test_parse_day_uses_the_desk_calendar() -> None:
    late = utc(2026, 1, 29, 23, 30)
    assert parse_day("today", now=late, desk_tz=KYIV) == date(2026, 1, 30)
    assert parse_day("today", now=late, desk_tz=NY) == date(2026, 1, 29)
    assert parse_day("yesterday", now=late, desk_tz=KYIV) == date(2026, 1, 29)


@pytest.mark.parametrize(
    "text", ["", "-3h", "2026-02-30", "2026-01-29 14:00", "next blursday", "Jan 2026", "-99999999999d"]
)
def test_parse_day_refusals(text: str) -> None:
    invalid(parse_day, text, now=NOW, desk_tz=KYIV)


def test_parse_day_unknown_desk_zone() -> None:
    invalid(parse_day, "today", now=NOW, desk_tz="Narnia")


# -------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", timedelta(days=7)),
        ("24h", timedelta(hours=24)),
        ("2w", timedelta(weeks=2)),
        ("30m", timedelta(minutes=30)),
        ("90s", timedelta(seconds=90)),
        ("1d12h", timedelta(hours=36)),
        ("1w2d", timedelta(days=9)),
        ("36 hours", timedelta(hours=36)),
        ("7 days", timedelta(days=7)),
        ("1 day", timedelta(days=1)),
        ("1.5h", timedelta(minutes=90)),
        ("2w 1d", timedelta(days=15)),
        ("2w, 3d and 4h", timedelta(days=17, hours=4)),
        ("  3D 4H  ", timedelta(days=3, hours=4)),
        ("+45m", timedelta(minutes=45)),
        ("10 mins", timedelta(minutes=10)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0d", "longer than zero"),
        ("0h 0m", "longer than zero"),
        ("-3h", "must be positive"),
        ("", "no duration given"),
        ("   ", "no duration given"),
        ("abc", "cannot read 'abc' as a duration"),
        ("7", "cannot read '7' as a duration"),
        ("d7", "cannot read"),
        ("7d garbage", "cannot read"),
        ("3 months", "no fixed length"),
        ("1y", "no fixed length"),
        ("5x", "unknown unit 'x'"),
        ("99999999999999999999w", "too long"),
        ("9" * 400 + ".5h", "too long"),
    ],
)
def test_parse_duration_refusals(text: str, fragment: str) -> None:
    assert fragment in invalid(parse_duration, text)


@pytest.mark.parametrize(
    ("td", "expected"),
    [
        (timedelta(days=3, hours=4), "3d 4h"),
        (timedelta(minutes=45), "45m"),
        (timedelta(days=15), "2w 1d"),
        (timedelta(0), "0m"),
        (timedelta(hours=-3), "-3h"),
        (timedelta(days=7), "1w"),
        (timedelta(hours=36), "1d 12h"),
        (timedelta(weeks=2, days=1, hours=2, minutes=5), "2w 1d 2h 5m"),
        (timedelta(seconds=29), "0m"),
        (timedelta(seconds=30), "1m"),
        (timedelta(minutes=59, seconds=31), "1h"),
        (timedelta(seconds=-20), "0m"),
        (timedelta(seconds=-90), "-2m"),
    ],
)
def test_format_duration(td: timedelta, expected: str) -> None:
    assert format_duration(td) == expected


@pytest.mark.parametrize(
    "td",
    [
        timedelta(minutes=1),
        timedelta(minutes=45),
        timedelta(hours=24),
        timedelta(days=7),
        timedelta(days=9, hours=3, minutes=7),
        timedelta(weeks=52, minutes=1),
    ],
)
def test_duration_round_trip(td: timedelta) -> None:
    assert parse_duration(format_duration(td)) == td


@pytest.mark.parametrize("text", ["1w", "1d", "2w 1d", "1d 12h", "45m", "3w 6d 23h 59m"])
def test_duration_text_round_trip(text: str) -> None:
    assert format_duration(parse_duration(text)) == text


# ------------------------------------------------------------------ module rules


def _package_modules() -> list[Path]:
    return sorted(Path(when_module.__file__).parent.glob("*.py"))


def test_package_stays_pure_and_loads_dateutil_lazily() -> None:
    for path in _package_modules():
        tree = ast.parse(path.read_text())
        top_level: set[str] = set()
        everywhere: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {node.module or ""}
            else:
                continue
            everywhere |= names
            if node in tree.body:
                top_level |= names
        for banned in ("sqlmodel", "sqlalchemy", "textual", "click", "rich"):
            assert not any(name == banned or name.startswith(banned + ".") for name in everywhere), path
        assert not any(name.startswith("dateutil") for name in top_level), path


def test_every_module_is_small_and_documented() -> None:
    for path in _package_modules():
        text = path.read_text()
        assert ast.get_docstring(ast.parse(text)), path
        assert len(text.splitlines()) <= 400, path


def test_every_public_function_has_a_docstring() -> None:
    import inspect

    assert when_module.__doc__
    for name in when_module.__all__:
        obj = getattr(when_module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, name


def test_no_hand_copies_of_dateutil_or_zoneinfo() -> None:
    """The package asks dateutil which words are date words and zoneinfo how to name an offset."""
    source = "\n".join(path.read_text() for path in _package_modules())
    assert "_DATE_WORDS" not in source and "_offset_label" not in source
    assert "january february" not in source.lower()
