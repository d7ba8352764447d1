"""`--as-of WHEN` on show, history and list: what we believed at that instant, computed from the events."""

from __future__ import annotations


def build(tr) -> None:  # type: ignore[no-untyped-def]
    assert tr("add", "Pause one week", "--speaker", "Trump", "--tag", "a", "--expires", "+7d",
              now="2026-01-30T10:00:00Z").code == 0
    assert tr("add", "Other claim", "--speaker", "Kallas", now="2026-01-30T11:00:00Z").code == 0
    assert tr("edit", 1, "--text", "Pause two weeks", "--reason", "wire fix", now="2026-01-30T12:00:00Z").code == 0
    assert tr("evidence", 1, "--stance", "contradicts", "--source", "AP", now="2026-01-30T13:00:00Z").code == 0
    assert tr("assign", 1, "olena", now="2026-01-30T13:30:00Z").code == 0
    assert tr("contradict", 1, "--reason", "AP says no", now="2026-01-30T14:00:00Z").code == 0


def test_show_as_of_gives_the_claim_as_it_stood(tr) -> None:
    build(tr)
    then = tr("show", 1, "--as-of", "2026-01-30T12:30:00Z", "--json").json
    assert (then["text"], then["status"], then["version"], then["assignee"]) == ("Pause two weeks", "unconfirmed", 2,
                                                                              None)
    assert then["evidence"] == [] and then["last_activity_at"] == "2026-01-30T12:00:00+00:00"
    later = tr("show", 1, "--as-of", "2026-01-30T13:45:00Z", "--json").json
    assert [e["source"] for e in later["evidence"]] == ["AP"] and later["assignee"] == "olena"
    now = tr("show", 1, "--json").json
    assert tr("show", 1, "--as-of", "2026-01-30T14:00:00Z", "--json").json == now
    text = tr("show", 1, "--as-of", "2026-01-30T10:30:00Z").out
    assert "Pause one week" in text and "unconfirmed" in text


def test_history_as_of_stops_at_the_instant(tr) -> None:
    build(tr)
    events = tr("history", 1, "--as-of", "2026-01-30T13:00:00Z", "--json").json
    assert [e["action"] for e in events] == ["add", "edit", "evidence"]


def test_list_as_of_filters_and_counts_as_then(tr) -> None:
    build(tr)
    rows = tr("list", "--as-of", "2026-01-30T10:30:00Z", "--json").json
    assert [(r["id"], r["text"]) for r in rows] == [(1, "Pause one week")]
    rows = tr("list", "--as-of", "2026-01-30T13:45:00Z", "--json").json
    assert [(r["id"], r["status"], r["assignee"], r["evidence_counts"]["contradicts"]) for r in rows] == [
        (2, "unconfirmed", None, 0), (1, "unconfirmed", "olena", 1)]
    assert tr("list", "--as-of", "2026-01-30T13:45:00Z", "--status", "contradicted", "--json").json == []
    assert [r["id"] for r in tr("list", "--as-of", "2026-01-30T15:00:00Z", "--status", "contradicted",
                                "--json").json] == [1]
    assert [r["id"] for r in tr("list", "--as-of", "2026-01-30T13:45:00Z", "--assignee", "olena",
                                "--json").json] == [1]
    assert [r["id"] for r in tr("list", "--as-of", "2026-01-30T11:30:00Z", "--search", "one week",
                                "--json").json] == [1]
    assert [r["id"] for r in tr("list", "--as-of", "2026-01-30T13:45:00Z", "--sort", "id", "--json").json] == [1, 2]


def test_as_of_before_a_claim_existed_or_unreadable(tr) -> None:
    build(tr)
    tr("show", 2, "--as-of", "2026-01-30T10:30:00Z").assert_error(3, "did not exist yet")
    tr("list", "--as-of", "whenever").assert_error(2, "--as-of")
