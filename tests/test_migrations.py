"""The schema is versioned: an older database is refused until `tracker init` upgrades it, keeping its data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tracker.cli.main import main
from tracker.store.migrations import LATEST


def test_a_v1_database_is_refused_then_upgraded_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "old.db")
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "add", "an old claim", "--speaker", "someone"]) == 0
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
    assert json.loads(capsys.readouterr().out)["text"] == "an old claim"


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
