"""`tracker edit` changes what was logged about a claim; history records each field before and after;
an edit or an assign that changes nothing records nothing."""

from __future__ import annotations

import json

from cli_support import add, evidence


def test_edit_changes_the_fields_given_and_history_shows_from_what(tr) -> None:
    claim = add(tr, "Putin agreed to a pause", "--said-at", "2026-01-29 11:30 Washington time", "--tag", "kyiv",
                "--source", "AP")
    done = tr("edit", claim["id"], "--text", "Putin agreed to a one-week pause", "--said-at",
              "2026-01-29 12:00 Kyiv time", "--source", "", "--tag", "ceasefire", "--untag", "kyiv",
              "--expires", "never", "--reason", "wire correction", "--json")
    assert done.code == 0, done.err
    edited = done.json
    assert edited["text"] == "Putin agreed to a one-week pause"
    assert (edited["said_at"], edited["said_tz"]) == ("2026-01-29T10:00:00+00:00", "Europe/Kyiv")
    assert edited["source"] is None and edited["expires_at"] is None
    assert edited["tags"] == ["ceasefire"] and edited["version"] == 2
    assert edited["speaker"] == claim["speaker"]
    event = tr("history", claim["id"], "--json").json[-1]
    assert (event["action"], event["reason"], event["from"], event["to"]) == ("edit", "wire correction", None, None)
    changes = event["payload"]["changes"]
    assert changes["text"] == {"from": "Putin agreed to a pause", "to": "Putin agreed to a one-week pause"}
    assert changes["said_at"] == {"from": "2026-01-29T16:30:00.000000+00:00", "to": "2026-01-29T10:00:00.000000+00:00"}
    assert changes["said_tz"] == {"from": "America/New_York", "to": "Europe/Kyiv"}
    assert changes["tags"] == {"from": ["kyiv"], "to": ["ceasefire"]}
    assert changes["source"] == {"from": "AP", "to": None}
    assert "speaker" not in changes
    assert event["detail"]["previous_text"] == "Putin agreed to a pause"
    text = tr("history", claim["id"]).out
    assert "wire correction [expires_at=never, previous_expires_at=2026-02-0" in text


def test_an_edit_that_changes_nothing_records_nothing(tr) -> None:
    claim = add(tr, "same", "--tag", "a")
    result = tr("edit", claim["id"], "--text", "same", "--tag", "a", "--reason", "no-op")
    assert result.code == 0 and result.out == ""
    assert result.err == f"tracker: claim {claim['id']} already has these values; nothing was changed\n"
    again = tr("edit", claim["id"], "--text", "same", "--reason", "no-op", "--json")
    assert again.code == 0 and again.json["version"] == 1
    assert [e["action"] for e in tr("history", claim["id"], "--json").json] == ["add"]


def test_assigning_the_current_assignee_records_nothing(tr) -> None:
    claim = add(tr)
    assert tr("assign", claim["id"], "olena").code == 0
    same = tr("assign", claim["id"], "olena", "--json")
    assert same.code == 0 and same.json["version"] == 2
    assert same.err == f"tracker: claim {claim['id']} is already assigned to olena; nothing was changed\n"
    assert [e["action"] for e in tr("history", claim["id"], "--json").json] == ["add", "assign"]


def test_edit_needs_a_reason_and_respects_the_version(tr) -> None:
    claim = add(tr)
    assert tr("edit", claim["id"], "--text", "x").code == 2
    tr("edit", claim["id"], "--text", "x", "--reason", " ").assert_error(2, "reason")
    evidence(tr, claim["id"], "supports", "AP")
    tr("edit", claim["id"], "--text", "x", "--reason", "r", "--if-version", "1").assert_error(5, "version 1, now 2")
    tr("edit", 99, "--text", "x", "--reason", "r").assert_error(3, "no claim 99")
    tr("edit", claim["id"], "--tag", "a", "--untag", "a", "--reason", "r").assert_error(2, "both added and removed")
    tr("edit", claim["id"], "--url", "ftp://x", "--reason", "r").assert_error(2, "url")


def test_edit_as_a_batch_line(tr) -> None:
    claim = add(tr, "x", "--tag", "a")
    lines = "\n".join(json.dumps(line) for line in [
        {"action": "edit", "id": claim["id"], "speaker": "Kaja Kallas", "tags": ["b"], "untags": ["a"],
         "reason": "attribution"},
        {"action": "edit", "id": claim["id"], "speaker": "Kaja Kallas", "reason": "again"},
        {"action": "edit", "id": claim["id"], "colour": "red", "reason": "r"},
    ]).encode() + b"\n"
    result = tr("apply", "-", stdin=lines)
    assert [(r["ok"], r.get("unchanged"), r.get("code")) for r in result.lines] == [
        (True, None, None), (True, True, None), (False, None, 2)]
    shown = tr("show", claim["id"], "--json").json
    assert (shown["speaker"], shown["tags"], shown["version"]) == ("Kaja Kallas", ["b"], 2)
