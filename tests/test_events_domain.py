"""The event's canonical form and hash, and what an event does to a claim (tracker.domain.events)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.events import Change, canonical_bytes, project, utc_iso
from tracker.domain.replay import replay

text = st.none() | st.text(max_size=20)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                        max_size=3), max_leaves=8)


@settings(max_examples=200)
@given(uuid=st.text(min_size=1, max_size=36), action=st.text(min_size=1, max_size=10), actor=st.text(max_size=20),
       claim=text, before=text, after=text, reason=text, override=st.booleans(),
       payload=st.dictionaries(st.text(max_size=8), json_values, max_size=4), prev=st.none() | st.text(max_size=64),
       seconds=st.integers(min_value=0, max_value=10**9), micro=st.integers(min_value=0, max_value=999_999))
def test_the_fast_canonical_form_is_the_documented_one(uuid: str, action: str, actor: str, claim: str | None,
                                                       before: str | None, after: str | None, reason: str | None,
                                                       override: bool, payload: dict, prev: str | None,
                                                       seconds: int, micro: int) -> None:
    at = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds, microseconds=micro)
    change = Change(uuid, action, at, actor, claim, before, after, reason, override, payload)
    documented = canonical_bytes(change.canonical_form(prev))
    assert change.canonical(prev) == documented
    assert change.chain_hash(prev) == hashlib.sha256(documented).hexdigest()


def test_a_hash_covers_every_field_and_the_previous_hash() -> None:
    at = datetime(2026, 1, 29, 16, 30, tzinfo=UTC)
    base = Change("e1", "confirm", at, "olena", "c1", "unconfirmed", "confirmed", "two sources", False, {})
    digests = {base.chain_hash(None), base.chain_hash("x")}
    for changed in (Change("e2", "confirm", at, "olena", "c1", "unconfirmed", "confirmed", "two sources"),
                    Change("e1", "confirm", at + timedelta(microseconds=1), "olena", "c1", "unconfirmed",
                           "confirmed", "two sources"),
                    Change("e1", "confirm", at, "marcus", "c1", "unconfirmed", "confirmed", "two sources"),
                    Change("e1", "confirm", at, "olena", "c1", "unconfirmed", "confirmed", "two sources", True),
                    Change("e1", "confirm", at, "olena", "c1", "unconfirmed", "confirmed", "two sources", False,
                           {"overridden": "x"})):
        digests.add(changed.chain_hash(None))
    assert len(digests) == 7


def test_replay_builds_the_claim_an_event_sequence_describes() -> None:
    at = datetime(2026, 1, 29, 16, 30, tzinfo=UTC)
    add = Change("e1", "add", at, "olena", "c1", None, "unconfirmed", payload={"claim": {
        "text": "t", "speaker": "s", "said_at": utc_iso(at), "said_tz": "UTC", "said_precision": "hour",
        "said_phrase": "at 16:30", "source": None, "url": None, "expires_at": None, "assignee": None,
        "tags": ["b", "a"]}})
    image = replay(None, add)
    assert (image.status, image.version, image.tags, image.fields["said_precision"]) == ("unconfirmed", 1,
                                                                                        ("a", "b"), "hour")
    edit = Change("e2", "edit", at + timedelta(hours=1), "marcus", "c1", payload={"changes": {
        "text": {"from": "t", "to": "u"}, "tags": {"from": ["a", "b"], "to": ["c"]}}})
    assert project(edit).columns == {"text": "u"} and project(edit).tags == ("c",)
    image = replay(image, edit)
    assert (image.fields["text"], image.tags, image.version, image.last_activity_at) == ("u", ("c",), 2,
                                                                                        at + timedelta(hours=1))
    wrong = Change("e3", "confirm", at + timedelta(hours=2), "m", "c1", "confirmed", "confirmed")
    try:
        replay(image, wrong)
    except ValueError as err:
        assert "from confirmed" in str(err)
    else:
        raise AssertionError("a move from the wrong status replayed")
