"""`tracker bulk`: one action on the claims the list filters (or ids) select, each claim atomic on its own."""

from __future__ import annotations

import io
import sys

import pytest

from cli_support import add, evidence


def _two_sourced(tr, text: str) -> dict:
    claim = add(tr, text)
    evidence(tr, claim["id"], "supports", "AP")
    evidence(tr, claim["id"], "supports", "BBC")
    return claim


def _status(tr, claim_id: int) -> tuple[str, int]:
    shown = tr("show", claim_id, "--json").json
    return shown["status"], shown["version"]


def test_dry_run_shows_how_many_would_change_and_which_and_changes_nothing(tr) -> None:
    ready = _two_sourced(tr, "Two sources agree")
    bare = add(tr, "Nobody backs this")
    before = [_status(tr, c["id"]) for c in (ready, bare)]
    result = tr("bulk", "confirm", "--status", "unconfirmed", "--reason", "desk check", "--dry-run")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "2 claim(s) selected; 1 would change:"
    assert f"claim {ready['id']} (unconfirmed) would confirm" in lines[1]
    assert f"claim {bare['id']} (unconfirmed) would be refused: confirm needs supporting evidence" in lines[2]
    assert [_status(tr, c["id"]) for c in (ready, bare)] == before

    plan = tr("bulk", "confirm", "--status", "unconfirmed", "--reason", "desk check", "--dry-run", "--json").json
    assert plan["selected"] == 2 and plan["would_change"] == 1
    assert [c["outcome"] for c in plan["claims"]] == ["change", "refused"]


def test_each_claim_changes_on_its_own_and_a_refusal_exits_1_naming_the_claim(tr) -> None:
    ready = _two_sourced(tr, "Two sources agree")
    bare = add(tr, "Nobody backs this")
    other = _two_sourced(tr, "Also agreed")
    result = tr("bulk", "confirm", "--status", "unconfirmed", "--reason", "desk check", "--jsonl")
    assert result.code == 1
    rows = {row["id"]: row for row in result.lines}
    assert rows[ready["id"]]["outcome"] == "changed" and rows[ready["id"]]["status"] == "confirmed"
    assert rows[other["id"]]["ok"] and rows[other["id"]]["version"] == other["version"] + 3
    assert rows[bare["id"]] == {**rows[bare["id"]], "ok": False, "outcome": "refused", "code": 4}
    assert result.err.strip() == f"tracker: 1 of 3 claim(s) were not changed ({bare['id']}): see above"
    assert _status(tr, ready["id"])[0] == "confirmed" and _status(tr, bare["id"])[0] == "unconfirmed"
    history = tr("history", ready["id"], "--json").json
    assert history[-1]["action"] == "confirm" and history[-1]["reason"] == "desk check"


def test_ids_and_filters_select_together_and_text_output_is_one_line_per_claim(tr) -> None:
    a = add(tr, "First", "--tag", "energy")
    b = add(tr, "Second", "--tag", "energy")
    add(tr, "Third")
    result = tr("bulk", "assign", str(a["id"]), str(b["id"]), "--tagged", "energy", "--to", "olena",
                "--reason", "energy desk")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [f"claim {a['id']}: changed, now unconfirmed (v2)",
                                       f"claim {b['id']}: changed, now unconfirmed (v2)"]
    again = tr("bulk", "assign", "--tagged", "energy", "--to", "olena", "--reason", "again", "--json")
    assert again.code == 0
    assert [r["outcome"] for r in again.json] == ["unchanged", "unchanged"]
    assert tr("show", a["id"], "--json").json["version"] == 2
    unassigned = tr("bulk", "assign", str(a["id"]), "--to", "", "--reason", "free it", "--json")
    assert unassigned.code == 0 and tr("show", a["id"], "--json").json["assignee"] is None


@pytest.mark.parametrize(("args", "fragment"), [
    (("confirm", "--reason", "x"), "select claims with IDs or list filters"),
    (("assign", "--all", "--reason", "x"), "assign needs --to NAME"),
    (("confirm", "--all", "--to", "sam", "--reason", "x"), "--to goes with assign, not confirm"),
    (("assign", "--all", "--tag", "x", "--reason", "x"), "--tag goes with tag and untag, not assign"),
    (("reopen", "--all", "--reason", "  "), "reason must not be empty"),
])
def test_bad_bulk_requests_are_refused_before_anything_changes(tr, args: tuple[str, ...], fragment: str) -> None:
    add(tr)
    tr("bulk", *args).assert_error(2, fragment)


def test_an_id_that_names_no_claim_changes_nothing(tr) -> None:
    claim = _two_sourced(tr, "Ready")
    tr("bulk", "confirm", str(claim["id"]), "999", "--reason", "x").assert_error(3, "no claim 999")
    assert _status(tr, claim["id"])[0] == "unconfirmed"


def test_on_a_terminal_it_asks_before_acting_on_more_than_one_claim(tr, db_path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from tracker.cli.main import main

    ids = [_two_sourced(tr, f"Ready {n}")["id"] for n in range(2)]

    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    def run(answer: str, *extra: str) -> int:
        monkeypatch.setattr(sys, "stdin", Terminal(io.BytesIO(answer.encode()), encoding="utf-8"))
        capsys.readouterr()
        return main(["--db", str(db_path), "bulk", "confirm", *map(str, ids), "--reason", "ok", *extra])

    assert run("n\n") == 1
    err = capsys.readouterr().err
    assert "2 claim(s) selected; 2 would change" in err and "confirm 2 claims?" in err
    assert all(_status(tr, i)[0] == "unconfirmed" for i in ids)
    assert run("", "--yes") == 0
    assert all(_status(tr, i)[0] == "confirmed" for i in ids)


def test_the_service_use_case_takes_marked_ids_and_catches_claims_changed_since_planned(desk) -> None:
    from tracker.service.bulk import apply_bulk, bulk, plan_bulk
    from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim, add_evidence
    from tracker.service.selection import Selection

    ids = [add_claim(desk, ClaimDraft(text=f"Claim {n}", speaker="Ann Lee")).id for n in range(3)]
    for claim_id in ids[:2]:
        add_evidence(desk, claim_id, EvidenceDraft("contradicts", "AP"))
    results = bulk(desk, Selection(refs=(ids[0], ids[2])), "contradict", reason="AP says no")
    assert [(r.id, r.outcome) for r in results] == [(ids[0], "changed"), (ids[2], "refused")]
    assert results[1].code == 4 and "contradict needs" in (results[1].error or "")

    plan = plan_bulk(desk, Selection(refs=(ids[1],)), "contradict", reason="AP says no")
    add_evidence(desk, ids[1], EvidenceDraft("contradicts", "BBC"))  # someone acts in between
    (late,) = apply_bulk(desk, plan)
    assert (late.ok, late.outcome, late.code) == (False, "conflict", 5)


def test_tag_and_untag_go_through_the_edit_use_case(tr) -> None:
    from tracker.service.bulk import actions

    if "tag" not in actions():
        pytest.skip("the batch use-case table has no edit action yet (event write path)")
    a, b = add(tr, "First", "--tag", "energy"), add(tr, "Second")
    result = tr("bulk", "tag", str(a["id"]), str(b["id"]), "--tag", "Urgent", "--reason", "triage", "--json")
    assert result.code == 0, result.err
    assert [r["outcome"] for r in result.json] == ["changed", "changed"]
    assert tr("show", b["id"], "--json").json["tags"] == ["urgent"]
    untag = tr("bulk", "untag", "--tagged", "energy", "--tag", "energy", "--reason", "done", "--json")
    assert [r["outcome"] for r in untag.json] == ["changed"]
    assert tr("show", a["id"], "--json").json["tags"] == ["urgent"]
    again = tr("bulk", "untag", "--all", "--tag", "energy", "--reason", "again", "--dry-run", "--json").json
    assert again["would_change"] == 0 and {c["outcome"] for c in again["claims"]} == {"unchanged"}
