"""SQLite's fast path (tracker/store/fast.py) stores exactly what SQLAlchemy Core would.

The same batch is applied twice, once through the fast path and once with it switched off
(the path every other database takes), and every table is compared row by row.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest

import tracker.store.fast as fast
from tracker.cli.main import main

CLAIM = "0b8f3c52-4a4e-4f55-9d0e-6f1b8c1d2e3f"
LINES = [
    {"action": "add", "uuid": CLAIM, "text": "Putin agreed to a pause", "speaker": "Donald Trump",
     "said_at": "2026-01-29 11:30 Washington time", "source": "AP", "url": "https://example.org/a",
     "expires_at": "2026-02-05T16:30:00Z", "tags": ["ceasefire", "kyiv"], "assignee": "olena",
     "at": "2026-01-29T17:00:00Z", "actor": "olena"},
    {"action": "evidence", "uuid": CLAIM, "stance": "supports", "source": "The Telegraph", "note": "bloggers",
     "at": "2026-01-29T18:00:00Z"},
    {"action": "confirm", "uuid": CLAIM, "reason": "too early", "at": "2026-01-29T18:05:00Z"},
    {"action": "evidence", "uuid": CLAIM, "stance": "supports", "source": "Reuters", "at": "2026-01-29T19:00:00Z"},
    {"action": "confirm", "uuid": CLAIM, "reason": "two sources", "at": "2026-01-29T19:05:00Z", "actor": "marcus"},
    {"action": "assign", "uuid": CLAIM, "assignee": "priya", "at": "2026-01-29T19:10:00Z"},
    {"action": "evidence", "uuid": CLAIM, "stance": "contradicts", "source": "Kremlin", "at": "2026-01-30T08:00:00Z"},
    {"action": "contradict", "uuid": CLAIM, "reason": "denied", "at": "2026-01-30T08:05:00Z"},
    {"action": "reopen", "uuid": CLAIM, "reason": "Kremlin walked it back", "at": "2026-01-30T09:00:00Z"},
    {"action": "expire", "uuid": CLAIM, "reason": "desk call", "override": True, "at": "2026-01-30T09:30:00Z"},
    {"action": "reopen", "uuid": CLAIM, "reason": "new call", "expires_at": "2026-02-06T09:20:00Z",
     "at": "2026-02-06T09:00:00Z"},
    {"action": "expire", "uuid": CLAIM, "reason": "deadline", "at": "2026-02-06T09:30:00Z"},
]


def build(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / name
    assert main(["--db", str(db), "init"]) == 0
    capsys.readouterr()
    payload = "\n".join(json.dumps(line) for line in LINES) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload.encode())))
    code = main(["--db", str(db), "--actor", "script", "apply", "-"])
    results = [json.loads(r) for r in capsys.readouterr().out.splitlines()]
    assert code == 1  # the early confirm is refused by the two-source rule
    assert [r["ok"] for r in results] == [True, True, False] + [True] * 9
    return db


def dump(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("claim", "claim_tag", "evidence", "event", "setting")
        }


def test_fast_path_and_core_store_identical_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fast_db = build(tmp_path, "fast.db", capsys, monkeypatch)
    calls = []
    original = fast._sqlite

    def core_only(session):  # type: ignore[no-untyped-def]
        conn, raw = original(session)
        calls.append(raw is not None)
        return conn, None

    monkeypatch.setattr(fast, "_sqlite", core_only)
    core_db = build(tmp_path, "core.db", capsys, monkeypatch)
    assert calls and all(calls)  # the fast path would have been taken, and was switched off
    fast_rows, core_rows = dump(fast_db), dump(core_db)
    assert len(fast_rows["event"]) == 11  # 12 lines, one refused
    assert fast_rows == core_rows
