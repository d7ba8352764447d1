"""The bulk build path of the benchmark generator (tests/bench/bulk.py, the 10M-claim desk).

It drops most indexes and the search triggers during its load and fills the search index once at the
end. Built both ways from the same seed, the file must hold the same rows, the same schema and answer
searches alike, and tracker must accept its history (`tracker verify`), so the 10M figures measure a
desk tracker could have written.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import bulk

ANCHOR = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)
TABLES = ("claim", "claim_tag", "evidence", "event", "event_head", "setting", "tracker_schema",
          "claim_fts_content", "claim_fts_docsize")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    where = tmp_path_factory.mktemp("bulk")
    fast, slow = where / "bulk.db", where / "live.db"
    info = bulk.build(fast, 160, anchor=ANCHOR)
    bulk.build(slow, 160, anchor=ANCHOR, bulk=False)
    return fast, slow, info


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_bulk_load_stores_what_live_indexes_and_triggers_store(built: tuple[Path, Path, dict[str, object]]) -> None:
    fast, slow, info = built
    for table in TABLES:
        assert rows(fast, f"SELECT * FROM {table} ORDER BY 1, 2") == rows(slow, f"SELECT * FROM {table} ORDER BY 1, 2"), table
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    assert rows(fast, schema) == rows(slow, schema)
    assert rows(fast, "SELECT count(*) FROM claim") == [(160,)]
    counts = info["counts"]
    assert isinstance(counts, dict) and counts["event"] == rows(fast, "SELECT count(*) FROM event")[0][0]
    # Every claim is in the search index, and the index answers as the trigger-built one does.
    for query in ("zelenskyy", "reuters", "ceasefire OR sanctions", "claim 12*", "supports"):
        sql = f"SELECT rowid FROM claim_fts WHERE claim_fts MATCH '{query}' ORDER BY rowid"
        assert rows(fast, sql) == rows(slow, sql), query
    assert rows(fast, "SELECT count(*) FROM claim_fts_content") == [(160,)]
    assert rows(fast, "PRAGMA integrity_check") == [("ok",)]
    assert rows(fast, "PRAGMA journal_mode") == [("wal",)]


def test_bulk_desk_is_one_tracker_accepts(cli, built: tuple[Path, Path, dict[str, object]]) -> None:
    fast, slow, _ = built
    verified = cli("--db", fast, "verify")
    assert verified.code == 0, verified.err
    assert verified.out.startswith("ok: ")
    # Users see the same desk either way: a search, and the stale list.
    for args in (("list", "--search", "reuters", "--json"), ("list", "--stale", "--json")):
        a = cli("--db", fast, "--now", ANCHOR.isoformat(), *args)
        b = cli("--db", slow, "--now", ANCHOR.isoformat(), *args)
        assert a.code == b.code == 0, (a.err, b.err)
        assert a.out == b.out
    # The statuses follow the rules: a confirmed claim has two supporting outlets.
    confirmed = rows(fast, "SELECT c.id, count(DISTINCT lower(e.source)) FROM claim c JOIN evidence e ON e.claim_id = c.id"
                           " AND e.stance = 'supports' WHERE c.status = 'confirmed' GROUP BY c.id")
    assert confirmed and all(n >= 2 for _, n in confirmed)
