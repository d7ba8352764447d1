"""Every cell of the rule table through the CLI: exit codes, error lines, what history records."""

from __future__ import annotations

import itertools

import pytest

from cli_support import add, evidence

from tracker.domain.lifecycle import MACHINE

TRIGGERS = ("confirm", "contradict", "expire", "reopen")
STATUSES = ("unconfirmed", "confirmed", "contradicted", "expired")
ALLOWED = {
    "confirm": ({"unconfirmed"}, "confirmed"),
    "contradict": ({"unconfirmed", "confirmed"}, "contradicted"),
    "expire": ({"unconfirmed", "confirmed"}, "expired"),
    "reopen": ({"confirmed", "contradicted", "expired"}, "unconfirmed"),
}
GUARD_MESSAGES = {
    "confirm": "confirm needs supporting evidence from 2 distinct sources; claim {id} has 1",
    "contradict": "contradict needs at least one contradicting evidence item; claim {id} has none",
    "expire": "expire needs the deadline to have passed; claim {id} expires at",
}


def claim_in(tr, status: str, *, guards_pass: bool) -> dict:
    """A claim in `status` whose evidence and deadline pass (or fail) every guard."""
    if guards_pass:
        claim = tr("add", "Claim with a lapsed deadline", "--speaker", "Donald Trump", "--expires",
                   "2026-01-29 09:00 UTC", "--json", now="2026-01-29T08:00:00Z").json
        evidence(tr, claim["id"], "supports", "AP")
        evidence(tr, claim["id"], "supports", "Reuters")
        evidence(tr, claim["id"], "contradicts", "Kremlin")
    else:
        claim = add(tr, "Claim with thin evidence", "--expires", "+7d")
        evidence(tr, claim["id"], "supports", "AP")
    move = {"confirmed": "confirm", "contradicted": "contradict", "expired": "expire"}.get(status)
    if move:
        result = tr(move, claim["id"], "--reason", "setup", "--override", "--json")
        assert result.code == 0, result.err
    shown = tr("show", claim["id"], "--json").json
    assert shown["status"] == status
    return shown


def history(tr, claim_id: int) -> list[dict]:
    result = tr("history", claim_id, "--json")
    assert result.code == 0, result.err
    return result.json


@pytest.mark.parametrize(("trigger", "status"), list(itertools.product(TRIGGERS, STATUSES)))
def test_cell(tr, trigger: str, status: str) -> None:
    sources, dest = ALLOWED[trigger]
    claim = claim_in(tr, status, guards_pass=True)
    before = history(tr, claim["id"])
    if status in sources:
        result = tr(trigger, claim["id"], "--reason", f"why {trigger}", "--json", actor="nadia")
        assert result.code == 0, result.err
        assert result.err == ""
        assert result.json["status"] == dest
        assert result.json["version"] == claim["version"] + 1
        events = history(tr, claim["id"])
        assert len(events) == len(before) + 1
        last = events[-1]
        assert (last["action"], last["from"], last["to"]) == (trigger, status, dest)
        assert last["reason"] == f"why {trigger}"
        assert last["actor"] == "nadia"
        assert last["override"] is False
    else:
        for extra in ((), ("--override",)):
            result = tr(trigger, claim["id"], "--reason", "try", *extra)
            result.assert_error(4, f"cannot {trigger} claim {claim['id']}: it is {status}")
            assert result.out == ""
        assert history(tr, claim["id"]) == before
        assert tr("show", claim["id"], "--json").json == claim
    assert not MACHINE.models


@pytest.mark.parametrize(("trigger", "status"),
                         [(t, s) for t in ("confirm", "contradict", "expire") for s in sorted(ALLOWED[t][0])])
def test_guard_refusal_then_override(tr, trigger: str, status: str) -> None:
    claim = claim_in(tr, status, guards_pass=False)
    before = history(tr, claim["id"])
    message = GUARD_MESSAGES[trigger].format(id=claim["id"])

    refused = tr(trigger, claim["id"], "--reason", "try")
    refused.assert_error(4, message)
    assert history(tr, claim["id"]) == before
    assert tr("show", claim["id"], "--json").json == claim

    done = tr(trigger, claim["id"], "--reason", "editor's judgement", "--override", "--json")
    assert done.code == 0, done.err
    assert done.json["status"] == ALLOWED[trigger][1]
    last = history(tr, claim["id"])[-1]
    assert last["action"] == trigger
    assert last["override"] is True
    assert last["reason"] == "editor's judgement"
    assert message in last["detail"]["overridden"]
    assert refused.err.strip() == "tracker: " + last["detail"]["overridden"]


def test_allowed_move_without_override_records_no_override(tr) -> None:
    claim = claim_in(tr, "unconfirmed", guards_pass=True)
    assert tr("confirm", claim["id"], "--reason", "two sources", "--override").code == 0
    last = history(tr, claim["id"])[-1]
    # --override with a passing guard overrides nothing.
    assert last["override"] is False
    assert "overridden" not in last["detail"]


@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_empty_reason_is_exit_2(tr, trigger: str, reason: str) -> None:
    status = "confirmed" if trigger == "reopen" else "unconfirmed"
    claim = claim_in(tr, status, guards_pass=True)
    before = history(tr, claim["id"])
    tr(trigger, claim["id"], "--reason", reason).assert_error(2, "reason")
    assert history(tr, claim["id"]) == before


def test_missing_reason_is_exit_2(tr) -> None:
    claim = claim_in(tr, "unconfirmed", guards_pass=True)
    tr("confirm", claim["id"]).assert_error(2, "--reason")


def test_two_source_rule_counts_distinct_sources(tr) -> None:
    claim = add(tr)
    for source in ("AP", "ap", "The AP", "  the   AP ", "THE AP"):
        evidence(tr, claim["id"], "supports", source)
    evidence(tr, claim["id"], "contradicts", "Reuters")  # contradicting evidence does not count
    evidence(tr, claim["id"], "context", "Reuters")
    tr("confirm", claim["id"], "--reason", "x").assert_error(
        4, f"confirm needs supporting evidence from 2 distinct sources; claim {claim['id']} has 1")
    evidence(tr, claim["id"], "supports", "The Telegraph")
    assert tr("confirm", claim["id"], "--reason", "AP and Telegraph").code == 0


def test_confirm_sources_setting_changes_n(tr) -> None:
    result = tr("rules", "set", "confirm_sources", "3")
    assert result.code == 0, result.err
    assert tr("rules", "--json").json["settings"]["confirm_sources"] == "3"
    claim = add(tr)
    evidence(tr, claim["id"], "supports", "AP")
    evidence(tr, claim["id"], "supports", "Reuters")
    tr("confirm", claim["id"], "--reason", "x").assert_error(
        4, f"confirm needs supporting evidence from 3 distinct sources; claim {claim['id']} has 2")
    evidence(tr, claim["id"], "supports", "AFP")
    assert tr("confirm", claim["id"], "--reason", "three").code == 0

    assert tr("rules", "set", "confirm_sources", "1").code == 0
    other = add(tr)
    evidence(tr, other["id"], "supports", "AP")
    assert tr("confirm", other["id"], "--reason", "one is enough now").code == 0


@pytest.mark.parametrize(("key", "value"), [("confirm_sources", "0"), ("confirm_sources", "x"),
                                            ("nope", "1"), ("desk_tz", "Mars/Olympus"), ("stale_after", "soon")])
def test_bad_rule_setting_is_exit_2(tr, key: str, value: str) -> None:
    before = tr("rules", "--json").json
    tr("rules", "set", key, value).assert_error(2)
    assert tr("rules", "--json").json == before


def test_rules_json_lists_the_table(tr) -> None:
    data = tr("rules", "--json").json
    table = {r["trigger"]: (set(r["from"]), r["to"]) for r in data["rules"]}
    assert table == ALLOWED
    assert set(data["settings"]) >= {"confirm_sources", "default_expiry", "stale_after", "due_soon", "desk_tz"}


def test_no_auto_transition_commands(tr) -> None:
    claim = add(tr)
    for name in ("to_expired", "to_confirmed"):
        tr(name, claim["id"], "--reason", "x").assert_error(2, "No such command")
    assert tr("show", claim["id"], "--json").json["status"] == "unconfirmed"


def test_expire_uses_the_clock(tr) -> None:
    claim = add(tr, "Pause for a week", "--expires", "2026-01-31 12:00 UTC")
    tr("expire", claim["id"], "--reason", "x").assert_error(4, "expires at 2026-01-31T12:00:00+00:00")
    done = tr("expire", claim["id"], "--reason", "week over", "--json", now="2026-01-31T12:00:00Z")
    assert done.code == 0, done.err
    assert done.json["status"] == "expired"
    assert history(tr, claim["id"])[-1]["at"] == "2026-01-31T12:00:00+00:00"


def test_refusal_service_previews_without_changing(desk) -> None:
    from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim, add_evidence
    from tracker.service.moves import refusal
    from tracker.service.reading import history as load_history

    view = add_claim(desk, ClaimDraft(text="x", speaker="s"))
    add_evidence(desk, view.id, EvidenceDraft("supports", "AP"))
    assert refusal(desk, view.id, "confirm") == \
        f"confirm needs supporting evidence from 2 distinct sources; claim {view.id} has 1"
    assert "cannot reopen" in refusal(desk, view.id, "reopen")
    assert refusal(desk, view.id, "expire").startswith("expire needs the deadline to have passed")
    add_evidence(desk, view.id, EvidenceDraft("supports", "the ap"))
    assert refusal(desk, view.id, "confirm") is not None
    add_evidence(desk, view.id, EvidenceDraft("supports", "Reuters"))
    assert refusal(desk, view.id, "confirm") is None
    claim, events = load_history(desk, view.id)
    assert claim.status.value == "unconfirmed" and len(events) == 4
