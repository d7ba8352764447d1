"""Benchmark: the daily report on 1M claims and the sweep of 100k overdue claims.

A script, not a pytest test; tests/bench/run.py runs it (README.md in this folder: the
contract). Run alone from the repository root:

    python tests/bench/bench_report.py [--size 1m] [--overdue 100000] [--runs 5]

It uses the generator's cached databases (tests/bench/generate.py: read-only for the
report, a private copy per sweep run) and times, as medians of --runs:

* `report` in-process through the service (`build_report`, warm engine and imports), at the
  database's anchor time (the generator's "now");
* `report` cold through the CLI (`tracker --now ANCHOR report --format json|html`, a new
  process each run), interleaved with the import floor
  `python -c "import sqlmodel, transitions, dateutil.parser"`;
* `sweep` in-process through the service on a fresh copy of the database each run, with the
  clock set to the deadline of the --overdue-th earliest open overdue claim, so that exactly
  that many claims (give or take ties on the second) are due;

and prints each against a floor measured in the same run: raw sqlite3 running the very SQL
statements the report issued (captured from the engine), and raw sqlite3 doing the sweep's
writes (a compare-and-swap UPDATE and an event INSERT per claim, with a uuid and a chained
SHA-256, the chain head once per transaction, as many claims per transaction as the sweep's chunk). Besides the text it prints one JSON row per figure for run.py's table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid as uuidlib
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, copy_db, ensure_db, load_meta

FMT = "%Y-%m-%d %H:%M:%S.%f"
FLOOR_CODE = "import sqlmodel, transitions, dateutil.parser"
EVENT_SQL = (
    "INSERT INTO event (uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status, reason, override,"
    " payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
REPORT_TARGET = {"10k": ("< 300 ms", 0.3), "100k": ("< 300 ms", 0.3), "1m": ("< 300 ms", 0.3),
                 "10m": ("< 2 s", 2.0)}
"""The in-process report's target at each size (issue 15)."""
NOW: datetime = datetime.now(UTC)
"""The clock of the report: set from the database's anchor in main()."""


def _tracker() -> list[str]:
    exe = Path(sys.executable).with_name("tracker")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tracker"]


def _ts(at: datetime) -> str:
    return at.astimezone(UTC).strftime(FMT)


def sweep_clock(db: Path, anchor: datetime, overdue: int) -> tuple[datetime, int]:
    """The instant at which `overdue` open claims are due (at most the anchor), and how many are due then."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT expires_at FROM claim WHERE status IN ('unconfirmed', 'confirmed') AND expires_at <= ? "
            "ORDER BY expires_at LIMIT 1 OFFSET ?", (_ts(anchor), overdue - 1)).fetchone()
        at = datetime.fromisoformat(row[0]).replace(tzinfo=UTC) if row else anchor
        due = con.execute("SELECT count(*) FROM claim WHERE status IN ('unconfirmed', 'confirmed') "
                          "AND expires_at <= ?", (_ts(at),)).fetchone()[0]
    finally:
        con.close()
    return at, due


# ----------------------------------------------------------------------------- timing


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _desk(path: Path, actor: str = "bench", clock: datetime | None = None):  # type: ignore[no-untyped-def]
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine

    at = clock or NOW
    return Desk(make_engine(f"sqlite:///{path}"), actor, clock=lambda: at, where=str(path))


def time_report_service(path: Path, runs: int) -> tuple[list[float], list[tuple[str, tuple]]]:
    """Median-able samples of build_report in-process, and the SQL it ran (for the floor)."""
    from sqlalchemy import event

    from tracker.service.report import build_report

    desk = _desk(path)
    captured: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        captured.append((statement, tuple(parameters) if parameters else ()))

    build_report(desk)  # warm: imports, engine, page cache
    event.listen(desk.engine, "before_cursor_execute", capture)
    build_report(desk)
    event.remove(desk.engine, "before_cursor_execute", capture)
    samples, cpu = [], []
    for _ in range(runs):
        start, started_cpu = time.perf_counter(), time.process_time()
        build_report(desk)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - started_cpu)
    desk.engine.dispose()
    return samples, captured, cpu


def time_dry_run(path: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """The text dry run in-process (`sweep(dry_run=True, preview=50)`: the CLI's default), and raw
    sqlite3 counting the due claims and reading the first 50 by deadline."""
    from tracker.service.sweep import sweep

    desk = _desk(path)
    sweep(desk, dry_run=True, preview=50)
    samples, cpu, floor = [], [], []
    now = _ts(NOW)
    for _ in range(runs):
        start, started_cpu = time.perf_counter(), time.process_time()
        sweep(desk, dry_run=True, preview=50)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - started_cpu)
        con = sqlite3.connect(path)
        start = time.perf_counter()
        con.execute("SELECT count(*) FROM claim WHERE status IN ('unconfirmed', 'confirmed') AND expires_at <= ?",
                    (now,)).fetchall()
        con.execute("SELECT id, uuid, status, version, expires_at, assignee FROM claim WHERE status = 'unconfirmed' "
                    "AND expires_at <= ? UNION ALL SELECT id, uuid, status, version, expires_at, assignee FROM claim "
                    "WHERE status = 'confirmed' AND expires_at <= ? ORDER BY 5, 1 LIMIT 50", (now, now)).fetchall()
        floor.append(time.perf_counter() - start)
        con.close()
    desk.engine.dispose()
    return samples, cpu, floor


def time_cli(path: Path, runs: int, args: list[str]) -> tuple[list[float], list[float]]:
    """A new `tracker ARGS` process per run, each beside a run of the import floor."""
    samples, floor = [], []
    for _ in range(runs + 1):  # the first pair warms the page cache
        start = time.perf_counter()
        subprocess.run([*_tracker(), "--db", str(path), "--now", NOW.isoformat(), *args],
                       check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR_CODE], check=True)
        floor.append(time.perf_counter() - start)
    return samples[1:], floor[1:]


def time_report_floor(path: Path, statements: list[tuple[str, tuple]], runs: int) -> list[float]:
    """Raw sqlite3 running the same statements the report ran (fetching every row)."""
    samples = []
    for _ in range(runs):
        con = sqlite3.connect(path, isolation_level=None)
        start = time.perf_counter()
        for sql, params in statements:
            con.execute(sql, params).fetchall()
        samples.append(time.perf_counter() - start)
        con.close()
    return samples


def time_sweep_service(size: int, work: Path, runs: int,
                       clock: datetime) -> tuple[list[float], int, list[float], list[float], int]:
    """Samples of the whole sweep, the claims expired, and how long each chunk's transaction took
    (how long an editor may wait for the write lock)."""
    import tracker.service.sweep as sweep_module
    from tracker.service.sweep import sweep

    chunk_times: list[float] = []
    real_chunk = sweep_module._run_chunk

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return real_chunk(*args, **kwargs)
        finally:
            chunk_times.append(time.perf_counter() - start)

    sweep_module._run_chunk = timed  # type: ignore[assignment]
    samples = []
    cpu_samples: list[float] = []
    expired = skipped = 0
    for _ in range(runs):
        db = copy_db(size, work.parent, work.name)
        os.sync()
        desk = _desk(db, actor="cron", clock=clock)
        start, cpu = time.perf_counter(), time.process_time()
        result = sweep(desk)
        samples.append(time.perf_counter() - start)
        cpu_samples.append(time.process_time() - cpu)
        expired = len(result.expired)
        skipped = len(result.skipped)
        desk.engine.dispose()
        _drop(work)
    sweep_module._run_chunk = real_chunk  # type: ignore[assignment]
    return samples, expired, chunk_times, cpu_samples, skipped


def time_sweep_floor(size: int, work: Path, runs: int, clock: datetime) -> list[float]:
    """Raw sqlite3: select the overdue claims, then per claim a CAS UPDATE and an event INSERT, in
    transactions of the sweep's chunk size."""
    from tracker.service.sweep import CHUNK

    now = _ts(clock)
    samples = []
    for _ in range(runs):
        copy_db(size, work.parent, work.name)
        os.sync()  # the copy's 1.8 GB written out first: a desk's file is at rest, not in writeback
        con = sqlite3.connect(work, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        start = time.perf_counter()
        todo = con.execute(  # in id order, as the sweep plans (neighbouring pages: docs/performance.md)
            "SELECT id, uuid, version, status FROM claim WHERE status IN ('unconfirmed', 'confirmed') "
            "AND expires_at <= ? ORDER BY id", (now,)
        ).fetchall()
        prev = con.execute("SELECT hash FROM event_head WHERE id = 1").fetchone()[0]
        seq = con.execute("SELECT seq FROM event_head WHERE id = 1").fetchone()[0]
        for i in range(0, len(todo), CHUNK):
            con.execute("BEGIN IMMEDIATE")
            for claim_id, claim_uuid, version, status in todo[i:i + CHUNK]:
                con.execute(
                    "UPDATE claim SET status='expired', updated_at=?, last_activity_at=?, version=? "
                    "WHERE id=? AND version=?", (now, now, version + 1, claim_id, version))
                event_uuid = str(uuidlib.uuid4())
                digest = hashlib.sha256(f"{event_uuid}{claim_uuid}{now}{status}{prev}".encode()).hexdigest()
                con.execute(EVENT_SQL, (event_uuid, claim_id, claim_uuid, now, "system", "expire", status, "expired",
                                        "deadline passed", 0, "{}", prev, digest))
                prev, seq = digest, seq + 1
            con.execute("UPDATE event_head SET seq = ?, hash = ? WHERE id = 1", (seq, prev))
            con.execute("COMMIT")
        samples.append(time.perf_counter() - start)
        con.close()
        _drop(work)
    return samples


def _drop(path: Path) -> None:
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> None:
    global NOW
    sizes = [x for x in os.environ.get("BENCH_SIZES", "").split(",") if x in SIZES]
    default_size = "1m" if not sizes or "1m" in sizes else sizes[-1]
    quick = bool(os.environ.get("BENCH_QUICK"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=default_size, choices=sorted(SIZES), help="generated database to use")
    parser.add_argument("--overdue", type=int, default=100_000, help="claims the sweep expires (at most)")
    parser.add_argument("--runs", type=int, default=3 if quick else 5)
    parser.add_argument("--sweep-runs", type=int, default=1 if quick else 3,
                        help="each sweep run copies the database first (1M: ~1.8 GB)")
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()

    size = SIZES[args.size]
    db = ensure_db(size)
    meta = load_meta(size)
    NOW = datetime.fromisoformat(meta["anchor"]).astimezone(UTC)
    rows: list[dict] = []
    print(f"database: {db.name} ({size:,} claims); clock {NOW.isoformat()}; medians of {args.runs} runs; "
          "ratio = time / floor measured in this run")
    if not args.skip_report:
        service, statements, service_cpu = time_report_service(db, args.runs)
        floor = time_report_floor(db, statements, args.runs)
        ratio = _median(service) / _median(floor)
        print(f"report, service (in-process)   {_median(service) * 1000:8.1f} ms   "
              f"floor raw sqlite3, same {len(statements)} statements {_median(floor) * 1000:8.1f} ms   "
              f"ratio {ratio:5.2f}")
        rows.append({"section": "report", "what": "report, in-process (build_report)", "size": args.size,
                     "value": _ms(_median(service)), "floor": f"{_ms(_median(floor))} (raw sqlite3, same SQL)",
                     "ratio": f"{ratio:.1f}", "target": REPORT_TARGET[args.size][0],
                     "ok": _median(service) < REPORT_TARGET[args.size][1],
                     "note": f"{len(statements)} statements; cpu {_median(service_cpu) * 1000:,.0f} ms; "
                             f"median of {args.runs}"})
        dry, dry_cpu, dry_floor = time_dry_run(db, args.runs)
        ratio = _median(dry) / _median(dry_floor)
        print(f"sweep --dry-run, service       {_median(dry) * 1000:8.1f} ms   "
              f"floor raw sqlite3 count + first 50 {_median(dry_floor) * 1000:8.1f} ms   ratio {ratio:5.2f}")
        rows.append({"section": "sweep", "what": "sweep --dry-run, in-process (count + first 50)", "size": args.size,
                     "value": _ms(_median(dry)), "floor": f"{_ms(_median(dry_floor))} (raw sqlite3 count + 50 rows)",
                     "ratio": f"{ratio:.1f}", "target": "< 300 ms", "ok": _median(dry) < 0.3,
                     "note": f"cpu {_median(dry_cpu) * 1000:,.0f} ms; median of {args.runs}"})
        cli, cli_floor = time_cli(db, args.runs, ["sweep", "--dry-run"])
        rows.append({"section": "sweep", "what": "sweep --dry-run, cold CLI", "size": args.size,
                     "value": _ms(_median(cli)), "floor": f"{_ms(_median(cli_floor))} (import floor)",
                     "ratio": f"{_median(cli) / _median(cli_floor):.2f}", "target": "", "ok": None,
                     "note": f"median of {args.runs}, interleaved with the floor"})
        for fmt in ("json", "html"):
            cli, cli_floor = time_cli(db, args.runs, ["report", "--format", fmt])
            ratio = _median(cli) / _median(cli_floor)
            print(f"report, CLI cold --format {fmt:<5}{_median(cli) * 1000:8.1f} ms   "
                  f"floor import sqlmodel, transitions, dateutil {_median(cli_floor) * 1000:8.1f} ms   "
                  f"ratio {ratio:5.2f}")
            rows.append({"section": "report", "what": f"report, cold CLI --format {fmt}", "size": args.size,
                         "value": _ms(_median(cli)), "floor": f"{_ms(_median(cli_floor))} (import floor)",
                         "ratio": f"{ratio:.2f}", "target": "< 2 s", "ok": _median(cli) < 2.0,
                         "note": f"median of {args.runs}, interleaved with the floor"})
    if not args.skip_sweep:
        clock, due = sweep_clock(db, NOW, args.overdue)
        folder = Path(tempfile.mkdtemp(prefix="tracker-bench-sweep-"))
        try:
            work = folder / "sweep.db"
            sweep_samples, expired, chunk_times, sweep_cpu, skipped = time_sweep_service(size, work,
                                                                                          args.sweep_runs, clock)
            floor = time_sweep_floor(size, work, args.sweep_runs, clock)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if expired + skipped != due:  # skipped: claims active after the (past) sweep clock, kept in time order
            raise SystemExit(f"the sweep expired {expired:,} claims and skipped {skipped:,}; {due:,} were due")
        ratio = _median(sweep_samples) / _median(floor)
        print(f"sweep, service, {expired:,} expired {_median(sweep_samples):8.2f} s   "
              f"floor raw sqlite3 UPDATE+INSERT per claim {_median(floor):6.2f} s   ratio {ratio:5.2f}")
        print(f"sweep, write lock held per chunk: median {_median(chunk_times) * 1000:.0f} ms, "
              f"max {max(chunk_times) * 1000:.0f} ms over {len(chunk_times)} chunks")
        rows.append({"section": "sweep", "what": f"sweep of {expired:,} overdue claims", "size": args.size,
                     "value": f"{_median(sweep_samples):.1f} s", "floor": f"{_median(floor):.1f} s (raw sqlite3)",
                     "ratio": f"{ratio:.1f}", "target": "< 10 s", "ok": _median(sweep_samples) < 10.0,
                     "note": f"cpu {_median(sweep_cpu):.1f} s; {skipped} skipped (activity after the clock); "
                             f"{expired / _median(sweep_samples):,.0f} claims/s; lock per chunk of 1000: median "
                             f"{_median(chunk_times) * 1000:.0f} ms, max {max(chunk_times) * 1000:.0f} ms; "
                             f"median of {args.sweep_runs}"})
    print()
    for item in rows:
        print(json.dumps(item))
    sys.exit(0 if all(item.get("ok", True) for item in rows) else 1)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
