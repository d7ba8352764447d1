"""The phrase grammar, phrase by phrase: the docs/cli.md table as tests, then midnight, DST, zones and range."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.errors import InvalidInput
from tracker.domain.when import FIELD_DIRECTIONS, When, parse_when, read_field, to_zone

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
KYIV, NY = "Europe/Kyiv", "America/New_York"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


DOC_NOW = utc(2026, 1, 30, 7)  # Fri 2026-01-30 09:00 EET


def _table() -> list[tuple[str, str, str, str]]:
    text = DOCS.read_text()
    section = text[text.index("### Phrase table"):]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("##"):
            break
        match = re.match(r"\| `(.+?)` \| (said|deadline) \| (.+?) \| (\w+) \|", line)
        if match:
            rows.append(match.groups())
    return rows


def _reads_as(when: When) -> str:
    local = to_zone(when.at, when.tz)
    return f"{local:%a %Y-%m-%d %H:%M} {when.tz}"


def test_the_table_covers_the_issue_phrases() -> None:
    phrases = {row[0] for row in _table()}
    for wanted in ("Thursday", "on Wednesday", "last Thursday", "yesterday evening", "late on Wednesday",
                   "overnight", "earlier on Thursday", "this morning", "Friday", "next Friday", "by Sunday",
                   "for one week", "for a week", "in 48 hours", "end of week", "by spring"):
        assert wanted in phrases, wanted
    assert len(phrases) >= 70


@pytest.mark.parametrize(("phrase", "field", "reads_as", "precision"), _table(), ids=lambda v: str(v))
def test_docs_phrase_table(phrase: str, field: str, reads_as: str, precision: str) -> None:
    direction = "past" if field == "said" else "future"
    result = parse_when(phrase, now=DOC_NOW, desk_tz=KYIV, direction=direction)
    assert (_reads_as(result), result.precision) == (reads_as, precision)
    if field == "said":
        assert result.at <= DOC_NOW  # every said phrase in the table is accepted as a said time
        assert read_field("said_at", phrase, now=DOC_NOW, desk_tz=KYIV) == result


def test_readme_example_is_thursday_29_january_washington_time_a_day() -> None:
    now = parse_when("2026-01-30 09:00 Kyiv time", now=utc(2026, 6, 1), desk_tz="UTC").at
    said = read_field("said_at", "Thursday (Washington time)", now=now, desk_tz=KYIV)
    assert said.tz == NY and said.precision == "day" and said.phrase == "Thursday (Washington time)"
    assert to_zone(said.at, NY).date().isoformat() == "2026-01-29"
    assert to_zone(said.at, NY).hour == 0


# --------------------------------------------------------------- around midnight


@pytest.mark.parametrize(("now", "desk", "phrase", "direction", "day"), [
    # 23:59 Thursday in Kyiv: "Thursday" is today; one minute later it is yesterday.
    (utc(2026, 1, 29, 21, 59), KYIV, "Thursday", "past", "2026-01-29"),
    (utc(2026, 1, 29, 22, 0), KYIV, "Thursday", "past", "2026-01-29"),
    (utc(2026, 1, 29, 22, 0), KYIV, "yesterday", "past", "2026-01-29"),
    (utc(2026, 1, 29, 21, 59), KYIV, "yesterday", "past", "2026-01-28"),
    (utc(2026, 1, 29, 21, 59), KYIV, "last Thursday", "past", "2026-01-22"),
    (utc(2026, 1, 29, 22, 0), KYIV, "last Thursday", "past", "2026-01-29"),
    # The same instant is still Thursday afternoon in Washington.
    (utc(2026, 1, 29, 22, 0), KYIV, "Thursday (Washington time)", "past", "2026-01-29"),
    (utc(2026, 1, 30, 4, 59), KYIV, "today (Washington time)", "past", "2026-01-29"),
    (utc(2026, 1, 30, 5, 0), KYIV, "today (Washington time)", "past", "2026-01-30"),
    # Deadlines: "Friday" at 23:59 on Friday is today (it ends in a minute); at 00:00 Saturday next week's.
    (utc(2026, 1, 30, 21, 59), KYIV, "Friday", "future", "2026-01-30"),
    (utc(2026, 1, 30, 22, 0), KYIV, "Friday", "future", "2026-02-06"),
    (utc(2026, 1, 30, 21, 59), KYIV, "next Friday", "future", "2026-02-06"),
])
def test_weekdays_around_midnight(now: datetime, desk: str, phrase: str, direction: str, day: str) -> None:
    result = parse_when(phrase, now=now, desk_tz=desk, direction=direction)  # type: ignore[arg-type]
    local = to_zone(result.at, result.tz)
    if direction == "future":  # a deadline day ends at the next midnight
        local -= timedelta(days=1)
        assert (local.hour, local.minute) == (0, 0)
    assert local.date().isoformat() == day


def test_a_clock_time_alone_looks_back_for_a_said_time_and_forward_for_a_deadline() -> None:
    now = utc(2026, 1, 29, 21, 30)  # 23:30 in Kyiv
    assert to_zone(parse_when("23:45", now=now, desk_tz=KYIV).at, KYIV).day == 28
    assert to_zone(parse_when("23:15", now=now, desk_tz=KYIV).at, KYIV).day == 29
    assert to_zone(parse_when("00:15", now=now, desk_tz=KYIV, direction="future").at, KYIV).day == 30
    assert to_zone(parse_when("midnight", now=now, desk_tz=KYIV, direction="future").at, KYIV).day == 30


def test_overnight_spans_midnight() -> None:
    now = utc(2026, 1, 30, 4)  # 06:00 in Kyiv
    result = parse_when("overnight", now=now, desk_tz=KYIV)
    assert to_zone(result.at, KYIV) == to_zone(utc(2026, 1, 29, 20), KYIV)  # 22:00 Thursday
    assert result.precision == "part_of_day"
    assert parse_when("overnight", now=now, desk_tz=KYIV, direction="future").at == utc(2026, 1, 30, 20)


# ------------------------------------------------------------------ across DST


@pytest.mark.parametrize(("now", "phrase", "direction", "zone", "expected"), [
    # US spring forward on Sun 2026-03-08: the day is 23 hours; "yesterday evening" keeps 18:00 EST.
    (utc(2026, 3, 9, 14), "yesterday evening", "past", NY, utc(2026, 3, 8, 22)),  # 18:00 EDT
    (utc(2026, 3, 8, 14), "yesterday evening", "past", NY, utc(2026, 3, 7, 23)),  # 18:00 EST
    (utc(2026, 3, 9, 14), "Sunday (Washington time)", "past", "UTC", utc(2026, 3, 8, 5)),  # 00:00 EST
    (utc(2026, 3, 9, 14), "Monday (Washington time)", "past", "UTC", utc(2026, 3, 9, 4)),  # 00:00 EDT
    # "by Sunday" across the change ends at 00:00 EDT on Monday: 23 hours after Sunday began.
    (utc(2026, 3, 6, 14), "by Sunday", "future", NY, utc(2026, 3, 9, 4)),
    # EU spring forward on Sun 2026-03-29 (Kyiv 03:00 -> 04:00).
    (utc(2026, 3, 30, 9), "Sunday", "past", KYIV, utc(2026, 3, 28, 22)),  # 00:00 EET
    (utc(2026, 3, 30, 9), "late on Sunday", "past", KYIV, utc(2026, 3, 29, 18)),  # 21:00 EEST
    # EU fall back on Sun 2026-10-25.
    (utc(2026, 10, 26, 9), "late on Saturday", "past", KYIV, utc(2026, 10, 24, 18)),  # 21:00 EEST
    (utc(2026, 10, 26, 9), "overnight", "past", KYIV, utc(2026, 10, 25, 20)),  # 22:00 EET
    # "for one week" is 168 hours, even when the wall clock moves.
    (utc(2026, 3, 5, 12), "for one week", "future", NY, utc(2026, 3, 12, 12)),
    (utc(2026, 3, 5, 12), "for a week", "future", NY, utc(2026, 3, 12, 12)),
    (utc(2026, 3, 5, 12), "in 48 hours", "future", NY, utc(2026, 3, 7, 12)),
    # "end of week" is Monday 00:00 on the wall clock, whatever the offset.
    (utc(2026, 3, 25, 12), "end of week", "future", KYIV, utc(2026, 3, 29, 21)),  # 00:00 EEST Mon 30 Mar
])
def test_phrases_across_dst(now: datetime, phrase: str, direction: str, zone: str, expected: datetime) -> None:
    assert parse_when(phrase, now=now, desk_tz=zone, direction=direction).at == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("zone", "now", "expected"), [
    (KYIV, utc(2026, 1, 30, 7), utc(2026, 2, 28, 22)),  # north: 1 March
    ("Australia/Sydney", utc(2026, 1, 30, 7), utc(2026, 8, 31, 14)),  # south: 1 September
    ("Pacific/Chatham", utc(2026, 1, 30, 7), utc(2026, 8, 31, 11, 15)),
    ("America/Sao_Paulo", utc(2026, 1, 30, 7), utc(2026, 9, 1, 3)),
    ("UTC", utc(2026, 3, 1, 0), utc(2027, 3, 1)),  # on the first day of spring: the next one
])
def test_by_spring_follows_the_hemisphere(zone: str, now: datetime, expected: datetime) -> None:
    assert parse_when("by spring", now=now, desk_tz=zone, direction="future").at == expected


# ------------------------------------------------------------------------ zones


@pytest.mark.parametrize(("text", "candidates"), [
    ("2026-01-29 14:00 IST", "Asia/Kolkata (India), Asia/Jerusalem (Israel) or Europe/Dublin (Ireland)"),
    ("Thursday 14:00 CST", "America/Chicago (US Central), Asia/Shanghai (China) or America/Havana (Cuba)"),
    ("29 Jan 2026 2pm BST", "Europe/London (British Summer) or Asia/Dhaka (Bangladesh)"),
    ("2026-01-29 14:00 (IST)", "Asia/Kolkata (India)"),
])
def test_ambiguous_abbreviations_are_refused_with_the_candidates(text: str, candidates: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when(text, now=DOC_NOW, desk_tz=KYIV)
    assert "ambiguous time zone" in info.value.message and candidates in info.value.message


@pytest.mark.parametrize(("text", "expected", "tz"), [
    ("2026-01-29 14:00 EST", utc(2026, 1, 29, 19), "UTC-05:00"),
    ("2025-07-01 14:00 EST", utc(2025, 7, 1, 19), "UTC-05:00"),  # as written, not Washington's summer clock
    ("2025-07-01 14:00 CEST", utc(2025, 7, 1, 12), "UTC+02:00"),
    ("2026-01-29 14:00 JST", utc(2026, 1, 29, 5), "UTC+09:00"),
    ("2026-01-29 14:00 Kyiv local time", utc(2026, 1, 29, 12), KYIV),
    ("2026-01-29 14:00 local time", utc(2026, 1, 29, 19), NY),  # no dateline: the desk zone
    ("2026-01-29 14:00 GMT", utc(2026, 1, 29, 14), "UTC"),
])
def test_abbreviations_and_local_time(text: str, expected: datetime, tz: str) -> None:
    result = parse_when(text, now=DOC_NOW, desk_tz=NY)
    assert (result.at, result.tz) == (expected, tz)


def test_local_time_is_the_datelines_zone_when_given() -> None:
    result = parse_when("Wednesday 14:00 local time", now=DOC_NOW, desk_tz="UTC", local_tz="Europe/Moscow")
    assert (result.at, result.tz) == (utc(2026, 1, 28, 11), "Europe/Moscow")


def test_the_reference_time_is_a_parameter() -> None:
    """The intake anchors an article's phrases to its dateline: "Thursday" in a Monday story."""
    dateline = utc(2025, 11, 3, 9)  # Monday
    result = parse_when("late on Thursday", now=dateline, desk_tz=KYIV)
    assert to_zone(result.at, KYIV).date().isoformat() == "2025-10-30"


# ------------------------------------------------------------------ direction by field


def test_field_directions_live_in_one_table() -> None:
    assert FIELD_DIRECTIONS["said_at"] == "past" and FIELD_DIRECTIONS["at"] == "past"
    assert FIELD_DIRECTIONS["expires_at"] == "future"


@pytest.mark.parametrize("phrase", ["this evening", "tomorrow", "in 2 hours", "+1d", "next Friday", "by spring"])
def test_a_said_time_in_the_future_is_refused_naming_both_times(phrase: str) -> None:
    with pytest.raises(InvalidInput) as info:
        read_field("said_at", phrase, now=DOC_NOW, desk_tz=KYIV)
    message = info.value.message
    assert message.startswith("said_at: ") and "is after now (Fri 30 Jan 2026 09:00 EET)" in message


def test_a_deadline_reads_forward() -> None:
    friday = read_field("expires_at", "Friday", now=utc(2026, 1, 28, 7), desk_tz=KYIV)  # on Wednesday
    assert friday.at == utc(2026, 1, 30, 22)  # end of Friday 30 January


# ------------------------------------------------------------------------ range


@pytest.mark.parametrize("text", [
    "2026-01-29T11:30-23:59", "2026-01-29T11:30+14:01", "2026-01-29T11:30-12:30", "2026-01-29T11:30:00+05:30:15",
    "0001-01-01T00:00:00Z", "9999-12-31T23:00:00Z", "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
    "1899-12-31 23:00 Kyiv time", "+99999w", "2026-01-29 14:00 UTC+15", "in 5300 weeks",
])
def test_times_outside_the_accepted_range_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when(text, now=DOC_NOW, desk_tz=KYIV)
    assert "range" in info.value.message or "too long" in info.value.message


@pytest.mark.parametrize("text", ["1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z", "2026-01-29T11:30+14:00",
                                  "2026-01-29T11:30-12:00", "1900-01-01 03:00 Kyiv time"])
def test_the_edges_of_the_range_are_accepted(text: str) -> None:
    parse_when(text, now=DOC_NOW, desk_tz=KYIV)


def test_a_reference_time_outside_the_range_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_when("now", now=utc(9999, 12, 31, 23), desk_tz=KYIV)


# ------------------------------------------------------------------ never crashes

_WORDS = ["Thursday", "late", "on", "early", "by", "next", "last", "the", "end", "of", "week", "spring", "for", "a",
          "in", "48", "hours", "yesterday", "evening", "3pm", "11:30", "29", "Jan", "2026", "-", "+", "7d", "UTC+2",
          "(Washington time)", "Kyiv", "local", "time", "IST", "EST", "overnight", "tonight", "ago", "midnight",
          "2026-01-29T11:30-23:59", "0001-01-01", "9999-12-31T23:00Z", "now", "eod", "this", "morning", ","]


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6), text=st.text(max_size=30),
       direction=st.sampled_from(["past", "future"]), desk=st.sampled_from(["UTC", KYIV, NY, "Pacific/Chatham"]),
       now=st.datetimes(min_value=datetime(1900, 1, 3), max_value=datetime(2199, 12, 29)))
def test_any_text_is_a_time_in_range_or_one_clear_refusal(words: list[str], text: str, direction: str,
                                                           desk: str, now: datetime) -> None:
    for candidate in (" ".join(words), text):
        try:
            result = parse_when(candidate, now=now.replace(tzinfo=UTC), desk_tz=desk,
                                direction=direction)  # type: ignore[arg-type]
        except InvalidInput as err:
            assert err.message and "\n" not in err.message
            continue
        assert datetime(1900, 1, 1, tzinfo=UTC) <= result.at < datetime(2200, 1, 1, tzinfo=UTC)
        to_zone(result.at, result.tz)  # the zone it keeps can show it


def test_a_past_deadline_is_refused_for_a_new_claim_and_a_warning_on_import() -> None:
    from tracker.domain.when import check_deadline

    past = read_field("expires_at", "2026-01-29 09:00 UTC", now=DOC_NOW, desk_tz=KYIV)
    with pytest.raises(InvalidInput) as info:
        check_deadline(past, now=DOC_NOW, desk_tz=KYIV, importing=False)
    assert "Thu 29 Jan 2026 11:00 EET is not after now (Fri 30 Jan 2026 09:00 EET)" in info.value.message
    warning = check_deadline(past, now=DOC_NOW, desk_tz=KYIV, importing=True)
    assert warning is not None and "next sweep expires" in warning
    ahead = read_field("expires_at", "Friday", now=DOC_NOW, desk_tz=KYIV)
    assert check_deadline(ahead, now=DOC_NOW, desk_tz=KYIV, importing=False) is None
