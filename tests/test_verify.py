"""`tracker verify`: the hash chain and the projections, checked against a database edited behind the tool's back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from cli_support import jsonl_bytes


def build(tr) -> None:  # type: ignore[no-untyped-def]
    lines = [{"action": "add", "text": f"claim {i}", "speaker": "s", "tags": ["a"], "at": f"2026-01-29T1{i}:00:00Z"}
             for i in range(4)]
    lines += [{"action": "evidence", "id": 1, "stance": "supports", "source": "AP", "at": "2026-01-29T15:00:00Z"},
              {"action": "evidence", "id": 1, "stance": "supports", "source": "Reuters", "at": "2026-01-29T15:10:00Z"},
              {"action": "confirm", "id": 1, "reason": "two sources", "at": "2026-01-29T15:20:00Z"},
              {"action": "assign", "id": 2, "assignee": "olena", "at": "2026-01-29T15:30:00Z"},
              {"action": "edit", "id": 3, "text": "claim three", "untags": ["a"], "reason": "typo",
               "at": "2026-01-29T15:40:00Z"}]
    assert tr("apply", "-", stdin=jsonl_bytes(lines)).code == 0
    assert tr("rules", "set", "confirm_sources", "3").code == 0


def tamper(db: Path, *statements: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER IF EXISTS event_no_update")
        conn.execute("DROP TRIGGER IF EXISTS event_no_delete")
        for statement in statements:
            conn.execute(statement)


def test_an_untouched_database_verifies(tr, db_path: Path) -> None:
    build(tr)
    result = tr("verify", "--json")
    assert result.code == 0, result.out
    data = result.json
    assert data["ok"] is True and data["events"] == 10 and data["claims"] == 4 and data["problems"] == []
    exported = tr("export").out.splitlines()
    assert data["head"] == json.loads(exported[0])["head"] == json.loads(exported[-1])["hash"]
    assert tr("verify").out.startswith(f"ok: 10 events, 4 claims, head {data['head']}")


def test_the_documented_recipe_rechecks_an_export(tr) -> None:
    build(tr)
    prev = None
    for line in tr("export").out.splitlines()[1:]:
        e = json.loads(line)
        body = {"uuid": e["event"], "claim": e["uuid"], "at": e["at"], "actor": e["actor"], "action": e["action"],
                "from": e["from"], "to": e["to"], "reason": e["reason"], "override": e["override"],
                "payload": e["payload"], "prev": prev}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == e["hash"]
        prev = e["hash"]
    assert prev == tr("verify", "--json").json["head"]


CASES = {
    "changed": ("UPDATE event SET reason = 'one source' WHERE id = 7", "event 7", None),
    "changed payload": ("UPDATE event SET payload = replace(payload, 'olena', 'marcus') WHERE id = 8", "event 8", None),
    "deleted": ("DELETE FROM event WHERE id = 5", "event 6", None),
    "deleted at the end": ("DELETE FROM event WHERE id = 10", "deleted at the end", None),
    "inserted": ("INSERT INTO event (id, uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status, reason,"
                 " override, payload, prev_hash, hash) SELECT 1000, 'forged', claim_id, claim_uuid, at, actor, action,"
                 " from_status, to_status, reason, override, payload, prev_hash, hash FROM event WHERE id = 8",
                 "event 1000", None),
    "reordered": ("UPDATE event SET id = CASE id WHEN 5 THEN 6 ELSE 5 END WHERE id IN (5, 6)", "event 5", None),
}
KIND = {"changed payload": "changed", "deleted at the end": "deleted"}


@pytest.mark.parametrize("case", list(CASES))
def test_each_kind_of_tampering_is_named(tr, db_path: Path, case: str) -> None:
    build(tr)
    statement, names, _ = CASES[case]
    if case == "reordered":
        tamper(db_path, "UPDATE event SET id = 100 WHERE id = 5", "UPDATE event SET id = 5 WHERE id = 6",
               "UPDATE event SET id = 6 WHERE id = 100")
    else:
        tamper(db_path, statement)
    result = tr("verify", "--json")
    assert result.code == 1
    first = result.json["problems"][0]
    assert first["kind"] == KIND.get(case, case.split()[0]), result.json
    assert names in first["message"], first
    text = tr("verify")
    assert text.code == 1 and text.out.splitlines()[0].startswith(first["kind"] + ": ")


def test_a_claim_row_edited_behind_the_tools_back_is_named(tr, db_path: Path) -> None:
    build(tr)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE claim SET status = 'confirmed' WHERE id = 2")
        conn.execute("DELETE FROM claim_tag WHERE claim_id = 4")
        conn.execute("UPDATE evidence SET source = 'Fox' WHERE id = 2")
        conn.execute("UPDATE setting SET value = '1' WHERE key = 'confirm_sources'")
    result = tr("verify", "--json")
    assert result.code == 1
    found = {(p["kind"], p["claim_id"]): p["message"] for p in result.json["problems"]}
    assert "status is 'confirmed', its events say 'unconfirmed'" in found[("claim", 2)]
    assert "tags" in found[("claim", 4)]
    assert "evidence" in found[("claim", 1)]
    assert "confirm_sources" in found[("settings", None)]
    assert ("claim", 3) not in found


def test_the_daily_report_prints_the_head_hash(tr) -> None:
    build(tr)
    head = tr("verify", "--json").json["head"]
    for fmt in ("text", "markdown", "html"):
        shown = tr("report", "--format", fmt, "--day", "2026-01-29")
        assert shown.code in (0, 1) and f"History: 10 events, head {head}" in shown.out, fmt
    data = tr("report", "--format", "json", "--day", "2026-01-29").json
    assert data["history"] == {"events": 10, "head": head}
