"""Fuzzing date and zone text (issue 11): whatever a person types as a time, a day, a duration or a zone,
the grammar answers with a usable value or `InvalidInput`, never another exception, and a time it
accepts can be stored, shown in any zone and written as ISO 8601.

Pure functions, so each boundary runs its examples in well under a second of work apiece.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import FUZZ
from tracker.domain.errors import InvalidInput
from tracker.domain.when import (
    format_duration,
    isoformat,
    parse_day,
    parse_duration,
    parse_when,
    resolve_zone,
    to_zone,
)

NOW = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/Kyiv", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati", "Asia/Kathmandu",
         "America/St_Johns", "Etc/GMT+12", "Pacific/Pago_Pago"]
PIECES = st.sampled_from([
    "2026-01-29", "29 Jan 2026", "Jan 29", "2026-02-30", "0001-01-01", "9999-12-31", "10000-01-01", "1970-01-01",
    "11:30", "23:59:59", "24:00", "2pm", "12am", "T", "Z", "+05:30", "-12:00", "+14:00", "+99:00", "-00:01",
    "UTC", "GMT", "UTC+2", "UTC-13", "Washington time", "(Kyiv time)", "Brussels time", "Moscow time", "Narnia time",
    "America/New_York", "Europe/Kyiv", "Mars/Olympus", "Etc/GMT-14", "now", "today", "tomorrow", "yesterday", "eod",
    "+7d", "-3d", "+12h", "now+3d", "now-2h", "in 3 days", "2 hours ago", "+99999999d", "+1e9h", "-0d", "+0h",
    "9" * 30, "-", "+", "ago", "in", "days", "am", "pm", "on", "at", "of", ",", ".", "/", "(", ")", "\u202e", "\x00",
])
TIME_TEXT = st.one_of(
    st.lists(PIECES, min_size=1, max_size=5).map(" ".join),
    st.lists(PIECES, min_size=1, max_size=3).map("".join),
    st.text(max_size=40),
    st.text(alphabet="0123456789-:+TZ WGMUTCtoday", max_size=30),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([UTC, None])).map(lambda d: d.isoformat()),
)


def _usable(at: datetime) -> None:
    """What storing and showing a time does with it: aware, in any zone, as ISO 8601, and back."""
    assert at.tzinfo is not None and at.utcoffset() is not None
    for zone in ZONES:
        shown = to_zone(at, zone)
        assert shown == at
    text = isoformat(at)
    assert text is not None and datetime.fromisoformat(text).tzinfo is not None
    assert at + timedelta(days=30) > at  # a deadline can be set from it (default_expiry up to weeks)


@FUZZ
@given(TIME_TEXT, st.sampled_from(ZONES))
def test_any_time_text_is_a_usable_time_or_invalid_input(text: str, desk_tz: str) -> None:
    try:
        when = parse_when(text, now=NOW, desk_tz=desk_tz)
    except InvalidInput as err:
        assert err.message and "\n" not in err.message
        return
    _usable(when.at)
    resolve_zone(when.tz) if "/" in when.tz else None
    to_zone(when.at, when.tz)


@FUZZ
@given(TIME_TEXT, st.sampled_from(ZONES))
def test_any_day_text_is_a_day_or_invalid_input(text: str, desk_tz: str) -> None:
    try:
        day = parse_day(text, now=NOW, desk_tz=desk_tz)
    except InvalidInput as err:
        assert err.message and "\n" not in err.message
        return
    assert 1 <= day.year <= 9999


DURATION_TEXT = st.one_of(
    st.lists(st.sampled_from(["7d", "24h", "2w", "90m", "1d12h", "0h", "-1h", "1y", "1mo", "99999999999w", "d", "h",
                              "1", " ", "none", "1.5h", "１d", "\u0663d"]), min_size=1, max_size=3).map("".join),
    st.text(max_size=20),
)


@FUZZ
@given(DURATION_TEXT)
def test_any_duration_text_is_a_duration_or_invalid_input(text: str) -> None:
    try:
        duration = parse_duration(text)
    except InvalidInput as err:
        assert err.message and "\n" not in err.message
        return
    assert duration > timedelta(0)
    assert parse_duration(format_duration(duration)) == duration
    NOW + duration


ZONE_TEXT = st.one_of(st.sampled_from(ZONES + ["Kyiv", "kyiv time", "WASHINGTON", "UTC+5", "utc-03:30", "Z", "GMT+0",
                                               "Etc/Unknown", "../../etc/passwd", "Europe/", "/", "", "UTC+15"]),
                      st.text(max_size=25))


@FUZZ
@given(ZONE_TEXT)
def test_any_zone_text_is_a_zone_or_invalid_input(text: str) -> None:
    try:
        zone = resolve_zone(text)
    except InvalidInput as err:
        assert err.message and "\n" not in err.message
        return
    assert NOW.astimezone(zone).utcoffset() is not None
