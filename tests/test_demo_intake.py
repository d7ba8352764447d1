"""`tracker demo` builds its database by extracting the seed article, then applying the desk's work."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from cli_support import DEMO_CLAIMS, NOW, ROOT

SEEDS = ROOT / "seeds"


def test_the_demo_claims_are_the_extracted_ones_plus_the_hand_made(cli, tmp_path: Path) -> None:
    from tracker.service.intake import extract_article

    meta = json.loads((SEEDS / "intake.json").read_text(encoding="utf-8"))
    extracted = extract_article((SEEDS / "article.txt").read_bytes(), published=meta["published"],
                                source=meta["source"], now=datetime.now(UTC)).proposals
    hand_made = [json.loads(line) for line in (SEEDS / "claims.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip() and "match" not in json.loads(line)]
    assert len(extracted) + len(hand_made) == DEMO_CLAIMS and len(hand_made) == 2
    db = tmp_path / "demo.db"
    assert cli("--db", db, "--now", NOW, "demo", "--no-ui").code == 0
    rows = cli("--db", db, "list", "--json", "--limit", "100").json
    texts = {r["text"] for r in rows}
    assert {p.statement for p in extracted} | {h["text"] for h in hand_made} == texts
    # The desk's own fields ride on the extracted claims: uuid, tags, assignee, actor.
    romanov = cli("--db", db, "show", "5cff2716-d0e3-4c30-b8eb-a1ed17722abc", "--json").json
    assert romanov["speaker"] == "Vladimir Romanov" and romanov["source"] == "The Telegraph"
    assert romanov["status"] == "contradicted" and romanov["assignee"] == "marcus" and "ceasefire" in romanov["tags"]
    history = cli("--db", db, "history", romanov["id"], "--json").json
    first = history[0] if isinstance(history, list) else history["events"][0]
    assert first["actor"] == "marcus"
    # A claim the desk did not pick up is logged by "intake" at the publication time.
    quote = next(r for r in rows if r["text"].startswith("I personally asked President Putin"))
    events = cli("--db", db, "history", quote["id"], "--json").json
    events = events if isinstance(events, list) else events["events"]
    assert events[0]["actor"] == "intake"


def test_a_desk_line_that_matches_no_extracted_claim_is_a_clear_error(cli, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    lines = (seeds / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["match"]["contains"] = "words that are nowhere in the article"
    (seeds / "claims.jsonl").write_text("\n".join([json.dumps(first)] + lines[1:]) + "\n", encoding="utf-8")
    cli("--db", tmp_path / "d.db", "demo", "--no-ui", "--seeds", seeds).assert_error(1, "matches no claim extracted")
