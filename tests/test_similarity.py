"""Similar claims: the lexical score measured on a labelled set of pairs, its properties, and every
`add` (CLI, batch) warning of a claim already on the desk; `tracker similar ID`; `add --unique`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli_support import add
from tracker.cli.main import main
from tracker.domain.rules import RuleSettings
from tracker.domain.similarity import similarity

PAIRS = [json.loads(line) for line in (Path(__file__).parent / "data" / "similar_pairs.jsonl").read_text().splitlines()
         if line.strip()]
PRECISION_FLOOR = 0.78
RECALL_FLOOR = 0.92
"""Measured at the default 0.65 on the 104 pairs: precision 0.814, recall 0.950 (docs/similarity.md)."""


def measure(threshold: float) -> tuple[float, float, dict[str, tuple[int, int]]]:
    """Precision and recall of "score >= threshold" on the labelled pairs, and right/total per kind."""
    tp = fp = fn = 0
    kinds: dict[str, tuple[int, int]] = {}
    for pair in PAIRS:
        flagged = similarity(pair["a"], pair["b"]) >= threshold
        tp += flagged and pair["same"]
        fp += flagged and not pair["same"]
        fn += (not flagged) and pair["same"]
        right, total = kinds.get(pair["kind"], (0, 0))
        kinds[pair["kind"]] = (right + (flagged == pair["same"]), total + 1)
    return tp / (tp + fp), tp / (tp + fn), kinds


def test_precision_and_recall_at_the_default_threshold() -> None:
    threshold = RuleSettings().similar_threshold
    precision, recall, kinds = measure(threshold)
    report = (f"threshold {threshold}: precision {precision:.3f}, recall {recall:.3f} on {len(PAIRS)} pairs; "
              + ", ".join(f"{kind} {right}/{total}" for kind, (right, total) in sorted(kinds.items())))
    print(report)
    assert len(PAIRS) >= 100 and {p["kind"] for p in PAIRS} == {"rewording", "transliteration", "speaker",
                                                                "shared-words", "unrelated"}
    assert precision >= PRECISION_FLOOR, report
    assert recall >= RECALL_FLOOR, report
    assert kinds["unrelated"][0] == kinds["unrelated"][1], report


def test_the_pairs_the_issue_names() -> None:
    threshold = RuleSettings().similar_threshold
    assert similarity("Russia agreed to a pause", "Ukraine rejected a pause") < threshold
    assert similarity("Russia agreed to a pause in strikes on Kyiv", "Ukraine rejected a pause in strikes on Kyiv") < threshold
    assert similarity("Zelensky rejected the peace plan", "Zelenskyy rejected the peace plan") >= threshold
    assert similarity("Zelensky said Ukraine would not give up Donbas",
                      "Zelenskyy says Ukraine will not give up the Donbas") >= threshold
    assert similarity("Trump said Putin agreed not to strike Kyiv for a week",
                      "Putin agreed not to strike Kyiv for a week, the White House said") == 1.0  # two speakers
    assert similarity("Putin agreed not to strike Kyiv for a week",
                      "Donald Trump said Putin agreed not to strike Kyiv for a week") == 1.0  # who said it aside
    assert similarity("Russia launched 600 drones", "Russia launched 6000 drones") < threshold


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)


@settings(max_examples=200, deadline=None)
@given(_TEXT, _TEXT)
def test_the_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == similarity(b, a)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from("strike kyiv pause energy drones grain corridor Zelensky Odesa port 600 week "
                                "Russia Ukraine agreed talks".split()), min_size=1, max_size=10))
def test_the_same_words_in_any_order_score_one(words: list[str]) -> None:
    text = " ".join(words)
    assert similarity(text, text) in (0.0, 1.0)
    assert similarity(text, " ".join(reversed(words)) + ".") == similarity(text, text)


# ------------------------------------------------------------------ through the CLI


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("similar") / "demo.db"
    assert main(["demo", "--no-ui", "--db", str(db)]) == 0
    return db


def test_adding_a_reworded_seed_claim_warns_with_its_id(cli, demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    # seed claim 13: "Russian President Vladimir Putin has agreed not to target the Ukrainian capital and other
    # towns for one week as the region experiences frigid temperatures"
    text = "Vladimir Putin agreed not to target the Ukrainian capital and other towns for a week as frigid weather hit"
    done = cli("--db", db, "add", text, "--speaker", "Wire")
    assert done.code == 0
    new_id = int(done.out)
    assert done.err.startswith('tracker: looks like #13 "Russian President Vladimir Putin has agreed not')
    assert done.err.count("\n") == 1 and done.err.rstrip().endswith(")")
    as_json = cli("--db", db, "add", text + ".", "--speaker", "Another wire", "--json")
    assert as_json.code == 0 and as_json.err == ""
    similar = as_json.json["similar"]
    assert [s["id"] for s in similar][:2] == [new_id, 13] and all(0.65 <= s["score"] <= 1 for s in similar)
    listed = cli("--db", db, "similar", "13", "--json")
    assert listed.code == 0
    assert {s["id"] for s in listed.json} >= {new_id, new_id + 1}
    assert all(set(s) == {"id", "score", "status", "text"} for s in listed.json)


def test_a_new_claim_unlike_any_other_warns_of_nothing(tr) -> None:
    add(tr, "Grain corridor reopened", speaker="Port authority")
    done = tr("add", "Talks resume in Istanbul on Monday", "--speaker", "Diplomat", "--json")
    assert done.code == 0 and done.err == "" and done.json["similar"] == []


def test_unique_refuses_a_look_alike_and_adds_nothing(tr) -> None:
    first = add(tr, "Russia launched more than 600 drones at Ukraine overnight", speaker="Air force")["id"]
    refused = tr("add", "More than 600 drones were launched by Russia at Ukraine overnight", "--speaker", "AP",
                 "--unique")
    refused.assert_error(5, f"looks like #{first}", "not added (unique)")
    assert [c["id"] for c in tr("list", "--json").json] == [first]
    different = tr("add", "Russia launched more than 6000 drones at Ukraine in January", "--speaker", "AP",
                   "--unique", "--json")
    assert different.code == 0 and different.json["similar"] == []


def test_batch_add_lines_carry_their_look_alikes(tr) -> None:
    first = add(tr, "The Zaporizhzhia nuclear plant lost its external power supply again", speaker="IAEA")["id"]
    lines = "\n".join(json.dumps(line) for line in (
        {"action": "add", "text": "Zaporizhzhia nuclear power plant again lost external power", "speaker": "AP"},
        {"action": "add", "text": "Talks resume on Monday", "speaker": "AP"},
        {"action": "add", "text": "Zaporizhzhia nuclear power plant again lost external power", "speaker": "X",
         "unique": True},
    )) + "\n"
    result = tr("apply", "-", stdin=lines.encode())
    out = result.lines
    assert [s["id"] for s in out[0]["similar"]] == [first]
    assert out[1]["similar"] == []
    assert out[2]["ok"] is False and out[2]["code"] == 5 and f"#{out[0]['id']}" in out[2]["error"]


def test_the_threshold_is_a_desk_rule(tr) -> None:
    first = add(tr, "Ukraine received 20 F-16 jets from the Netherlands", speaker="Ministry")["id"]
    assert tr("add", "Ukraine received 20 Leopard tanks from Germany", "--speaker", "AP", "--json").json[
        "similar"] == []
    assert tr("rules", "set", "similar_threshold", "0.15").code == 0
    assert first in [s["id"] for s in tr("add", "Ukraine received 20 Leopard tanks from Germany", "--speaker", "B",
                                          "--json").json["similar"]]
    tr("rules", "set", "similar_threshold", "1.5").assert_error(2, "similar_threshold")
    tr("similar", "999").assert_error(3, "no claim 999")


def test_intake_accept_and_the_service_functions_see_look_alikes(desk) -> None:
    """Every add goes through plan_add: the intake's accept (all proposals in one transaction) reports each
    one's look-alikes, those accepted before it included; the TUI's service functions agree."""
    from tracker.service.accept import add_claims
    from tracker.service.claims import ClaimDraft, add_claim
    from tracker.service.similar import similar_to_claim, similar_to_text

    first = add_claim(desk, ClaimDraft("The Zaporizhzhia nuclear plant lost its external power supply again", "IAEA"))
    assert first.similar == ()
    views = add_claims(desk, [
        ClaimDraft("Zaporizhzhia nuclear power plant again lost external power", "AP"),
        ClaimDraft("Zaporizhzhia nuclear power plant again lost its external power", "Reuters"),
        ClaimDraft("Talks resume on Monday", "AP"),
    ])
    assert [s.id for s in views[0].similar] == [first.id]
    assert {s.id for s in views[1].similar} == {first.id, views[0].id}
    assert views[2].similar == ()
    assert {s.id for s in similar_to_claim(desk, first.id)} == {views[0].id, views[1].id}
    typed = similar_to_text(desk, "zaporizhzhia plant lost external power again")
    assert typed and typed[0].id in {first.id, views[0].id, views[1].id}
    assert similar_to_text(desk, "   ") == ()


def test_a_replayed_export_is_not_checked(tr, cli, tmp_path: Path) -> None:
    add(tr, "Russia launched more than 600 drones at Ukraine overnight", speaker="Air force")
    add(tr, "More than 600 drones were launched by Russia at Ukraine overnight", speaker="AP")
    exported = tr("export").out
    other = tmp_path / "other.db"
    assert cli("--db", other, "init").code == 0
    applied = cli("--db", other, "apply", "-", stdin=exported.encode())
    assert applied.code == 0
    lines = [json.loads(line) for line in applied.out.splitlines()]
    assert [line["action"] for line in lines] == ["header", "add", "add"]
    assert all("similar" not in line for line in lines)  # verbatim events: no look-up, no claim of "none found"
