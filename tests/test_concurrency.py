"""Several processes moving the same claim at once: no lost update, a consistent history, clean conflicts."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from cli_support import ROOT, add, evidence

PROCESSES = 8
OPERATIONS = 12

# Each worker runs OPERATIONS CLI calls in-process (one fresh engine per call, as separate
# `tracker` runs would), and prints one JSON line per call: what it tried and what it got.
WORKER = r"""
import contextlib, io, json, random, sys, time
from tracker.cli.main import main
import tracker.cli.moves, tracker.cli.reading, tracker.service.moves  # imported before the start line

db, worker, ops, start_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
time.sleep(max(0.0, start_at - time.time()))  # all workers start together
rng = random.Random(worker)
for n in range(ops):
    trigger = rng.choice(["confirm", "contradict", "reopen", "reopen", "expire"])
    reason = f"w{worker}-op{n}"
    args = ["--db", db, "--actor", f"worker{worker}", trigger, "1", "--reason", reason, "--json"]
    if trigger == "expire":
        args.append("--override")  # the deadline is a week away: only an override expires it
    version = None
    if n % 3 == 0:
        # Act only on the version just read: another worker may move first (exit 5).
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["--db", db, "show", "1", "--json"])
        version = json.loads(out.getvalue())["version"]
        args += ["--if-version", str(version)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    result = json.loads(out.getvalue()) if code == 0 else None
    print(json.dumps({"trigger": trigger, "reason": reason, "code": int(code), "if_version": version,
                      "err": err.getvalue(), "status": result and result["status"],
                      "version": result and result["version"]}), flush=True)
"""


def test_processes_racing_on_one_claim(tr, db_path) -> None:
    claim = add(tr, "Putin agreed to a one-week pause", "--expires", "+7d")
    evidence(tr, claim["id"], "supports", "AP")
    evidence(tr, claim["id"], "supports", "Reuters")
    evidence(tr, claim["id"], "contradicts", "Kremlin")
    assert claim["id"] == 1

    started = time.monotonic()
    start_at = str(time.time() + 2.5)
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(w), str(OPERATIONS), start_at],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
               for w in range(PROCESSES)]
    outcomes = []
    for proc in workers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        outcomes += [json.loads(line) for line in out.decode().splitlines()]
    elapsed = time.monotonic() - started
    assert len(outcomes) == PROCESSES * OPERATIONS

    # Every outcome is accepted (0), refused by the from-state rule (4) or a clean conflict (5).
    for o in outcomes:
        assert o["code"] in (0, 4, 5), o
        if o["code"]:
            lines = o["err"].splitlines()
            assert len(lines) == 1 and lines[0].startswith("tracker: "), o
        if o["code"] == 4:
            assert "cannot" in o["err"], o
        if o["code"] == 5:
            assert o["if_version"] is not None, o  # without --if-version, BEGIN IMMEDIATE serialises writers
    accepted = [o for o in outcomes if o["code"] == 0]
    assert accepted, "no transition was accepted"

    events = tr("history", 1, "--json").json
    moves = [e for e in events if e["action"] in ("confirm", "contradict", "expire", "reopen")]

    # No lost update: every accepted transition is in the history, exactly once; nothing else is.
    assert sorted(e["reason"] for e in moves) == sorted(o["reason"] for o in accepted)
    by_reason = {e["reason"]: e for e in moves}
    for o in accepted:
        event = by_reason[o["reason"]]
        assert (event["action"], event["to"]) == (o["trigger"], o["status"])
        assert event["actor"] == f"worker{o['reason'][1]}"

    # Each transition starts where the previous one ended.
    previous = "unconfirmed"
    for event in moves:
        assert event["from"] == previous, (event, previous)
        previous = event["to"]

    # The versions handed back are unique and match each move's place in the history.
    base_version = 4  # add + 3 evidence
    assert sorted(o["version"] for o in accepted) == list(range(base_version + 1, base_version + 1 + len(moves)))
    for position, event in enumerate(moves, 1):
        match = next(o for o in accepted if o["reason"] == event["reason"])
        assert match["version"] == base_version + position

    final = tr("show", 1, "--json").json
    assert final["status"] == previous
    assert final["version"] == len(events) == 1 + (len(events) - 1)

    # Conflicts and refusals wrote nothing.
    rejected = {o["reason"] for o in outcomes if o["code"] != 0}
    assert not rejected & {e["reason"] for e in events}
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == len(events)
    assert elapsed < 90
    # The chain never forked: every writer advanced the head under the write lock.
    verified = tr("verify", "--json")
    assert verified.code == 0, verified.out
    assert verified.json["events"] == len(events)


def test_locked_database_is_a_clean_conflict(tr, db_path, monkeypatch) -> None:
    import tracker.store.engine as engine

    claim = add(tr)
    evidence(tr, claim["id"], "contradicts", "TASS")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        result = tr("contradict", claim["id"], "--reason", "x")
        result.assert_error(5, "locked")
        # Readers are not blocked by a writer under WAL.
        assert tr("show", claim["id"], "--json").json["status"] == "unconfirmed"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    done = tr("contradict", claim["id"], "--reason", "x", "--json")
    assert done.code == 0 and done.json["version"] == 3
    assert [e["action"] for e in tr("history", claim["id"], "--json").json] == ["add", "evidence", "contradict"]


@pytest.mark.parametrize("version_flag", [True, False])
def test_stale_read_is_a_conflict_with_nothing_written(desk, version_flag: bool) -> None:
    from tracker.domain.errors import Conflict
    from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim, add_evidence
    from tracker.service.moves import apply_trigger
    from tracker.service.reading import history

    view = add_claim(desk, ClaimDraft(text="x", speaker="s"))
    add_evidence(desk, view.id, EvidenceDraft("contradicts", "TASS"))
    loaded = view.version  # an editor loaded version 1, then evidence landed
    if version_flag:
        with pytest.raises(Conflict) as info:
            apply_trigger(desk, view.id, "contradict", "x", expected_version=loaded)
        assert info.value.exit_code == 5
        assert len(history(desk, view.id)[1]) == 2
    else:
        assert apply_trigger(desk, view.id, "contradict", "x").version == 3
