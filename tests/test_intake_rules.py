"""The intake rules on their own (pure Python): sentences, quotes, speakers, times, and properties
that hold for any input (offsets point into the text, nothing raises but InvalidInput)."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.errors import InvalidInput
from tracker.intake import extract, read_article
from tracker.intake.clock import read_said, read_window
from tracker.intake.names import parse
from tracker.intake.sentences import split

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PUBLISHED = datetime(2026, 1, 30, 5, 0, tzinfo=UTC)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _claims(text: str, published: datetime = PUBLISHED) -> list:
    from tracker.intake.clock import read_published
    from tracker.intake.pipeline import checkable

    stamp = read_published(published.isoformat(), now=published, zone="UTC")
    return checkable(extract(read_article(text.encode()), published=stamp, now=published).proposals)


def test_sentences_keep_quotes_whole_and_skip_abbreviations() -> None:
    text = ("“We are done. It is over,” said Gen. Mark Smith of the U.S. Army. "
            "The U.N. office in Geneva agreed. Mr. Jones left at 5 p.m. on Friday.")
    assert [s.text for s in split(text)] == [
        "“We are done. It is over,” said Gen. Mark Smith of the U.S. Army.",
        "The U.N. office in Geneva agreed.",
        "Mr. Jones left at 5 p.m. on Friday.",
    ]


@pytest.mark.parametrize("phrase, kind, name, role", [
    ("US President Donald Trump", "person", "Donald Trump", "US President"),
    ("Kremlin spokesman Dmitry Peskov", "person", "Dmitry Peskov", "Kremlin spokesman"),
    ("Steve Witkoff, Trump’s special envoy", "person", "Steve Witkoff", "Trump’s special envoy"),
    ("The mayor, Ana Lopez", "person", "Ana Lopez", "mayor"),
    ("the Kremlin", "organisation", "Kremlin", None),
    ("the State Emergency Service", "organisation", "State Emergency Service", None),
    ("London’s Telegraph", "outlet", "The Telegraph", None),
    ("officials", "group", "officials", None),
    ("he", "pronoun", "he", None),
])
def test_speaker_phrases(phrase: str, kind: str, name: str, role: str | None) -> None:
    mention = parse(phrase)
    assert mention is not None and (mention.kind, mention.name, mention.role) == (kind, name, role)


def test_surname_and_pronoun_carry_over_and_the_kremlin_stays_an_organisation() -> None:
    claims = _claims(
        "Foreign Minister Anna Berg said on Tuesday that the border would reopen for two weeks.\n"
        "Berg added that 400 trucks had crossed since Monday.\n"
        "“The checks take twenty minutes per vehicle,” she said.\n"
        "The Kremlin said the talks had made no progress at all.\n"
    )
    assert [c.speaker for c in claims] == ["Anna Berg", "Anna Berg", "Anna Berg", "Kremlin"]
    assert claims[0].speaker_role == "Foreign Minister" and claims[3].speaker_kind == "organisation"
    assert claims[0].window == "for two weeks"
    assert claims[0].expires_at is not None and claims[0].said_at is not None
    assert claims[0].expires_at.at - claims[0].said_at.at == timedelta(days=14)


def test_split_quote_and_straight_quotes_and_inverted_attribution() -> None:
    claims = _claims('"The dam is safe," said Paul Okafor, the chief engineer, "and the spillway works."\n'
                     "\"Water levels fell by two metres overnight,\" Okafor told reporters on Monday.\n")
    assert claims[0].speaker == "Paul Okafor" and claims[0].statement == "The dam is safe and the spillway works."
    assert claims[0].speaker_role == "chief engineer"
    assert claims[1].speaker == "Paul Okafor" and claims[1].said_at is not None
    assert claims[1].said_at.at.astimezone(UTC).date().isoformat() == "2026-01-26"


def test_negated_and_passive_verbs_are_not_attributions() -> None:
    assert _claims("The ministry did not say when the shipment would arrive in the port.\n"
                   "The city is forecast to see heavy snow for three days next week.\n") == []


@given(st.sampled_from(DAYS), st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)),
       st.sampled_from(["Europe/Kyiv", "America/New_York", "Asia/Tokyo", "UTC"]))
@FAST
def test_a_weekday_is_the_latest_such_day_on_or_before_publication(day: str, naive: datetime, zone: str) -> None:
    published = naive.replace(tzinfo=UTC)
    stamp = read_said(f"on {day}", now=published, zone=zone)
    assert stamp is not None and stamp.precision == "day" and stamp.tz == zone
    local = stamp.at.astimezone(ZoneInfo(zone)).date()
    today = published.astimezone(ZoneInfo(zone)).date()
    assert local.strftime("%A") == day and 0 <= (today - local).days <= 6
    week = read_window("for one week", said=stamp)
    assert week is not None and week.at - stamp.at == timedelta(days=7)


_WORDS = st.sampled_from(["said", "told", "“", "”", '"', "'", ",", ".", "according to", "he", "she", "it",
                          "Trump", "US President Donald Trump", "the Kremlin", "officials", "on Thursday",
                          "(Washington time)", "for one week", "by spring", "that", "the", "talks", "will",
                          "resume", "Kyiv:", "AP", "\n", "…", "Mr.", "U.N.", "reported", "the Telegraph"])


@given(st.lists(st.one_of(_WORDS, st.text(alphabet=string.ascii_letters + " .,“”\"'", max_size=12)), max_size=80))
@FAST
def test_any_text_gives_proposals_whose_offsets_point_into_it(words: list[str]) -> None:
    text = " ".join(words)
    try:
        article = read_article(text.encode())
    except InvalidInput:
        return
    for proposal in extract(article, published=None, now=PUBLISHED).proposals:
        assert article.text[proposal.sentence_start:proposal.sentence_end] == proposal.sentence
        assert proposal.sentence_start <= proposal.statement_start <= proposal.statement_end <= proposal.sentence_end
        assert proposal.speaker.strip() and 0 <= proposal.confidence <= 1
        assert proposal.said_at is not None


@given(st.binary(max_size=400))
@FAST
def test_any_bytes_read_or_are_refused_with_invalid_input(data: bytes) -> None:
    try:
        article = read_article(data)
    except InvalidInput as err:
        assert err.message and "\n" not in err.message
        return
    extract(article, published=None, now=PUBLISHED)
