"""The two executors of the write path store exactly the same rows.

The same batch is applied twice on SQLite, once through the bare sqlite3 executor and once
through SQLAlchemy Core (the executor every other database takes), and every table is compared
row by row (event and evidence uuids and hashes aside: they are new on each run).
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest

import tracker.store.core_exec as core_exec
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
    {"action": "edit", "uuid": CLAIM, "text": "Putin agreed to a week's pause", "tags": ["pause"],
     "untags": ["kyiv"], "expires_at": "never", "reason": "wording", "at": "2026-02-06T10:00:00Z"},
    {"action": "assign", "uuid": CLAIM, "assignee": "priya", "at": "2026-02-06T10:05:00Z"},
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
    assert [r["ok"] for r in results] == [True, True, False] + [True] * 11
    assert results[-1].get("unchanged") is True
    return db


NEW_EACH_RUN = {"event": ("uuid", "payload", "prev_hash", "hash"), "evidence": ("uuid",), "event_head": ("hash",)}


def dump(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        found = {}
        for table in ("claim", "claim_tag", "evidence", "event", "setting", "event_head"):
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            kept = [c for c in columns if c not in NEW_EACH_RUN.get(table, ())]
            found[table] = conn.execute(f"SELECT {', '.join(kept)} FROM {table} ORDER BY 1, 2").fetchall()
        payloads = [json.loads(p) for (p,) in conn.execute("SELECT payload FROM event ORDER BY id")]
        for payload in payloads:  # the payload carries the evidence uuid: compare the rest
            payload.get("evidence", {}).pop("uuid", None)
        found["payload"] = payloads  # type: ignore[assignment]
        return found


def test_fast_path_and_core_store_identical_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fast_db = build(tmp_path, "fast.db", capsys, monkeypatch)
    executors = []
    original = core_exec.writer_for

    def core_only(session):  # type: ignore[no-untyped-def]
        writer = original(session)
        executors.append(type(writer.executor).__name__)
        return writer

    monkeypatch.setattr(core_exec, "writer_for", core_only)
    monkeypatch.setattr(core_exec, "FAST_SQLITE", False)  # Step.open looks writer_for up in core_exec
    core_db = build(tmp_path, "core.db", capsys, monkeypatch)
    assert executors and set(executors) == {"CoreExecutor"}  # the sqlite3 executor was switched off
    fast_rows, core_rows = dump(fast_db), dump(core_db)
    assert len(fast_rows["event"]) == 12  # 14 lines, one refused, one changing nothing
    assert fast_rows == core_rows
