"""`sweep --dry-run` counts the overdue duplicates from the partial index, not from every overdue row.

At 10M claims (docs/performance.md, "10M claims") the count of overdue duplicates walked
ix_claim_status_expires and read the table row of each of the ~1.1M overdue claims to test
`duplicate_of`: the dry run's time grew with the desk. The count must read the duplicates only, with
or without ANALYZE statistics, and still equal a brute-force count.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import bulk

ANCHOR = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)
NOW = ANCHOR.isoformat()


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dups") / "desk.db"
    bulk.build(path, 400, anchor=ANCHOR)
    return path


@pytest.fixture
def captured() -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", capture)


def due(db: Path) -> list[int]:
    with sqlite3.connect(db) as con:
        return [i for (i,) in con.execute(
            "SELECT id FROM claim WHERE status IN ('unconfirmed', 'confirmed') AND expires_at <= ? ORDER BY id",
            (ANCHOR.strftime("%Y-%m-%d %H:%M:%S.%f"),))]


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-stats", "analyzed"])
def test_dry_run_counts_overdue_duplicates_from_the_partial_index(
    cli, desk_file: Path, tmp_path: Path, captured: list[tuple[str, Any]], analyzed: bool,
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(desk_file.read_bytes())
    overdue = due(db)
    assert len(overdue) > 20
    # Link a few overdue claims as duplicates of other overdue claims: the sweep leaves them to their primary.
    for duplicate, primary in zip(overdue[1:12:2], overdue[0:12:2], strict=True):
        linked = cli("--db", db, "--now", NOW, "link", duplicate, "--duplicate-of", primary, "--reason", "copy")
        assert linked.code == 0, linked.err
    if analyzed:
        with sqlite3.connect(db) as con:
            con.execute("ANALYZE")
    captured.clear()
    text = cli("--db", db, "--now", NOW, "sweep", "--dry-run")
    assert text.code == 0, text.err
    found = re.match(r"would expire (\d+) claims", text.out)
    assert found and int(found.group(1)) == len(due(db)) - 6, text.out
    as_json = cli("--db", db, "--now", NOW, "sweep", "--dry-run", "--json")
    assert as_json.json["expired_count"] == int(found.group(1))
    con = sqlite3.connect(db)
    counted = [(s, p) for s, p in captured if "duplicate_of IS NOT NULL" in s and "count(" in s]
    assert counted
    for statement, params in counted:
        plan = " | ".join(row[3] for row in con.execute("EXPLAIN QUERY PLAN " + statement, params or ()))
        assert "ix_claim_duplicate_of" in plan and "ix_claim_status_expires" not in plan, plan
    con.close()
