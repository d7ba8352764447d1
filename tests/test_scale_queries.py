"""Queries at scale (issue 15), on a generated desk of realistic shape (tests/bench/generate.py):

* the plans: every statement `list --stale`, `list --due-soon`, `report` and `sweep --dry-run`
  run walks an index range and sorts nothing in a temporary B-tree, with and without ANALYZE
  statistics (a desk that follows docs/performance.md's operations advice has them);
* the answers: the report's counts (stale by assignee, by status, age chart, due soon, overdue)
  equal a brute-force count in Python over every claim, at several instants;
* the default orders of `list --stale` / `list --due-soon`, and the dry run's preview against
  the full JSON.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tracker.cli.main import main
from tracker.store import lite

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
import generate

SIZE = 3000


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, datetime]:
    path = tmp_path_factory.mktemp("scale") / "desk.db"
    info = generate.generate(path, SIZE, seed=7)
    return path, datetime.fromisoformat(info["anchor"])


def run(capsys: pytest.CaptureFixture[str], db: Path, now: datetime, *args: str) -> str:
    capsys.readouterr()
    code = main(["--db", str(db), "--now", now.isoformat(), *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    """Every statement run, through SQLAlchemy or through the sqlite3 read path (tracker.store.lite)."""
    seen: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    real_expand = lite.expand

    def expand(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        found = real_expand(sql, params)
        seen.append(found)
        return found

    monkeypatch.setattr(lite, "expand", expand)
    event.listen(Engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", capture)

COMMANDS = (
    ("list", "--stale"),
    ("list", "--due-soon"),
    ("list", "--stale", "--due-soon"),
    ("list", "--due-soon", "--status", "confirmed"),
    ("report", "--format", "json"),
    ("sweep", "--dry-run"),
)


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-stats", "analyzed"])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_plans_walk_an_index_and_sort_nothing(
    desk_file: tuple[Path, datetime], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    captured: list[tuple[str, Any]], command: tuple[str, ...], analyzed: bool,
) -> None:
    source, now = desk_file
    db = tmp_path / "copy.db"
    db.write_bytes(source.read_bytes())
    if analyzed:
        with sqlite3.connect(db) as con:
            con.execute("ANALYZE")
    run(capsys, db, now, *command)
    con = sqlite3.connect(db)
    checked = 0
    for statement, params in captured:
        if "FROM claim" not in statement:
            continue  # the schema check, settings; the report's day sections read one day of event(action, at)
        plan = [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + statement, params or ())]
        assert not any("TEMP B-TREE" in step for step in plan), (statement, plan)
        assert not any(step.startswith("SCAN claim") for step in plan), (statement, plan)
        checked += 1
    assert checked >= 1


def _claims(db: Path) -> list[dict[str, Any]]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute("SELECT id, status, assignee, expires_at, created_at, last_activity_at "
                                         "FROM claim")]
    for row in rows:
        for key in ("expires_at", "created_at", "last_activity_at"):
            row[key] = None if row[key] is None else datetime.fromisoformat(row[key]).replace(tzinfo=UTC)
    return rows


@pytest.mark.parametrize("hours_before", [0, 30, 24 * 9, 24 * 40])
def test_report_counts_equal_a_brute_force_count(desk_file: tuple[Path, datetime],
                                                  capsys: pytest.CaptureFixture[str], hours_before: int) -> None:
    db, anchor = desk_file
    now = anchor - timedelta(hours=hours_before)
    report = json.loads(run(capsys, db, now, "report", "--format", "json", "--limit", "10000"))
    # The report reads the desk as of `now` from rows as they are (the generator's rows were written
    # up to the anchor), so the brute force counts the same rows with the same instants.
    claims = _claims(db)
    day = timedelta(days=1)
    stale = [c for c in claims if c["status"] == "unconfirmed" and c["last_activity_at"] < now - day]
    assert report["stale"]["total"] == len(stale)
    by_assignee = Counter(c["assignee"] for c in stale)
    expected = sorted(by_assignee.items(), key=lambda item: (-item[1], item[0] or ""))
    assert [(i["assignee"], i["count"]) for i in report["stale_by_assignee"]["items"]] == expected
    assert report["counts"]["by_status"] == dict(Counter(c["status"] for c in claims)) | {
        s: 0 for s in ("unconfirmed", "confirmed", "contradicted", "expired")
        if s not in {c["status"] for c in claims}}
    open_ = [c for c in claims if c["status"] in ("unconfirmed", "confirmed") and c["expires_at"] is not None]
    overdue = sorted((c for c in open_ if c["expires_at"] <= now), key=lambda c: (c["expires_at"], c["id"]))
    due = sorted((c for c in open_ if now < c["expires_at"] < now + day), key=lambda c: (c["expires_at"], c["id"]))
    assert report["overdue"]["total"] == len(overdue)
    assert [i["id"] for i in report["overdue"]["items"]] == [c["id"] for c in overdue]
    assert report["due_soon"]["total"] == len(due)
    assert [i["id"] for i in report["due_soon"]["items"]] == [c["id"] for c in due]
    ages = [now - c["created_at"] for c in claims if c["status"] == "unconfirmed"]
    for i, bucket in enumerate(report["age_buckets"]):
        # The youngest bucket has no lower edge: a report run --now in the past counts claims logged
        # after that instant there.
        low = timedelta(seconds=bucket["min_seconds"]) if i else None
        high = None if bucket["max_seconds"] is None else timedelta(seconds=bucket["max_seconds"])
        assert bucket["count"] == sum(1 for age in ages if (low is None or age >= low)
                                      and (high is None or age < high)), bucket


def test_stale_and_due_soon_lists_default_to_the_order_their_index_serves(
    desk_file: tuple[Path, datetime], capsys: pytest.CaptureFixture[str],
) -> None:
    db, now = desk_file
    claims = _claims(db)
    day = timedelta(days=1)
    stale = sorted((c for c in claims if c["status"] == "unconfirmed" and c["last_activity_at"] < now - day),
                   key=lambda c: (c["last_activity_at"], c["id"]))
    listed = json.loads(run(capsys, db, now, "list", "--stale", "--json"))
    assert [c["id"] for c in listed] == [c["id"] for c in stale[:50]]
    due = sorted((c for c in claims if c["status"] in ("unconfirmed", "confirmed") and c["expires_at"] is not None
                  and c["expires_at"] < now + day), key=lambda c: (c["expires_at"], c["id"]))
    listed = json.loads(run(capsys, db, now, "list", "--due-soon", "--limit", "120", "--json"))
    assert [c["id"] for c in listed] == [c["id"] for c in due[:120]]
    newest = json.loads(run(capsys, db, now, "list", "--due-soon", "--sort", "-id", "--json"))
    assert [c["id"] for c in newest] == sorted((c["id"] for c in due), reverse=True)[:50]
    page_two = json.loads(run(capsys, db, now, "list", "--due-soon", "--offset", "50", "--limit", "10", "--json"))
    assert [c["id"] for c in page_two] == [c["id"] for c in due[50:60]]


def test_dry_run_preview_counts_what_the_full_dry_run_lists(
    desk_file: tuple[Path, datetime], capsys: pytest.CaptureFixture[str],
) -> None:
    db, now = desk_file
    full = json.loads(run(capsys, db, now, "sweep", "--dry-run", "--json"))
    assert full["expired_count"] == len(full["expired"]) > 10
    text = run(capsys, db, now, "sweep", "--dry-run", "--limit", "7")
    lines = text.splitlines()
    assert lines[0].startswith(f"would expire {full['expired_count']} claims ")
    shown = [int(line.split()[0]) for line in lines[2:9]]
    assert shown == [e["id"] for e in full["expired"][:7]]  # earliest deadline first
    assert lines[-1] == f"… and {full['expired_count'] - 7} more (--limit 0 or --json lists all)"
