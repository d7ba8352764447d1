"""The schema is versioned: an older database is refused until `tracker init` upgrades it, keeping its data.

tests/fixtures/v3_desk.sql is a database built by the v3 release (the demo, then an assign, a reopen
with a new deadline, an overridden expire, a rule change and another reopen), dumped with sqlite3;
v3_desk.json is what that release's `show --json` and `history --json` said about every claim.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tracker.cli.main import main
from tracker.store.migrations import LATEST

FIXTURES = Path(__file__).parent / "fixtures"


def v3_database(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.executescript((FIXTURES / "v3_desk.sql").read_text(encoding="utf-8"))
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr().out
    try:
        return code, json.loads(out)
    except ValueError:
        return code, out


def test_a_v1_database_is_refused_then_upgraded_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = v3_database(tmp_path / "old.db")
    with sqlite3.connect(db) as conn:  # make it look like a database made by schema v1
        conn.execute("DROP INDEX ix_claim_status_id")
        conn.execute("DROP INDEX ix_claim_status_created")
        conn.execute("UPDATE tracker_schema SET version = 1")
    capsys.readouterr()

    assert main(["--db", db, "list"]) == 1
    err = capsys.readouterr().err
    assert err == f"tracker: database {db} is at schema v1; run `tracker init` to upgrade it to v{LATEST}\n"

    assert main(["--db", db, "init", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"database": db, "from_version": 1, "schema_version": LATEST}
    with sqlite3.connect(db) as conn:
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_claim_status_id", "ix_claim_status_created"} <= indexes
    assert main(["--db", db, "show", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("Ukrainian intelligence")


def _without(value: Any, keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


NEW_IN_V4 = {"uuid", "payload", "said_precision", "said_phrase", "duplicate_of", "duplicates"}


def test_a_v3_database_upgrades_keeping_every_claim_and_its_history(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = v3_database(tmp_path / "v3.db")
    before = json.loads((FIXTURES / "v3_desk.json").read_text(encoding="utf-8"))
    assert run(capsys, "--db", db, "init")[0] == 0
    for claim_id, seen in before.items():
        code, shown = run(capsys, "--db", db, "show", claim_id, "--json")
        assert code == 0
        assert _without(shown, NEW_IN_V4) == _without(seen["show"], NEW_IN_V4)
        assert shown["uuid"] == seen["show"]["uuid"]
        code, history = run(capsys, "--db", db, "history", claim_id, "--json")
        assert _without(history, {"uuid", "payload"}) == seen["history"]
        assert all(e["uuid"] and isinstance(e["payload"], dict) for e in history)


def test_a_migrated_database_exports_and_replays_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    db = v3_database(tmp_path / "v3.db")
    assert run(capsys, "--db", db, "init")[0] == 0
    code, exported = run(capsys, "--db", db, "export")
    assert code == 0 and isinstance(exported, str)
    events = [json.loads(line) for line in exported.splitlines()[1:]]
    reopen2 = [e for e in events if e["action"] == "reopen"]
    add2 = next(e for e in events if e["action"] == "add" and e["uuid"] == reopen2[-2]["uuid"])
    # The add carries the first deadline (the one before the reopen moved it), not the current one.
    assert add2["payload"]["claim"]["expires_at"] == reopen2[-2]["payload"]["changes"]["expires_at"]["from"]
    assert [e["payload"]["setting"]["key"] for e in events if e["action"] == "rules"] == [
        "desk_tz", "confirm_sources"]

    fresh = str(tmp_path / "fresh.db")
    assert run(capsys, "--db", fresh, "init")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(exported.encode())))
    code, out = run(capsys, "--db", fresh, "apply", "-")
    assert code == 0, out
    for claim_id in ("1", "2", "5", "13"):
        for command in ("show", "history"):
            mine = run(capsys, "--db", db, command, claim_id, "--json")[1]
            theirs = run(capsys, "--db", fresh, command, claim_id, "--json")[1]
            assert _without(theirs, {"id", "evidence_id"}) == _without(mine, {"id", "evidence_id"})
    assert run(capsys, "--db", fresh, "rules", "--json")[1] == run(capsys, "--db", db, "rules", "--json")[1]
    assert run(capsys, "--db", fresh, "export")[1].splitlines()[0] == exported.splitlines()[0]


def test_a_newer_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "new.db")
    assert main(["--db", db, "init"]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE tracker_schema SET version = 99")
    capsys.readouterr()
    assert main(["--db", db, "init"]) == 1
    assert "newer than this tracker" in capsys.readouterr().err
    assert main(["--db", db, "list"]) == 1
    assert "newer than this tracker" in capsys.readouterr().err
