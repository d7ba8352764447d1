"""Benchmark: the daily report on 1M claims and the sweep of 100k overdue claims.

A script, not a pytest test. Run from the repository root:

    python tests/bench/bench_report.py [--claims 1000000] [--overdue 100000] [--runs 5] [--keep DIR]

It builds the databases fast (schema from `tracker init`, rows with raw sqlite3
`executemany`), then times, as medians of --runs:

* `report` in-process through the service (`build_report`, warm engine and imports);
* `report` cold through the CLI (`tracker report --format json`, a new process each run);
* `sweep` of the overdue claims in-process through the service, on a fresh copy of the
  database each run;

and prints each against a floor measured in the same run: raw sqlite3 running the very SQL
statements the report issued (captured from the engine), and raw sqlite3 doing the sweep's
writes (a compare-and-swap UPDATE and an event INSERT per claim, as many claims per transaction
as the sweep's chunk).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 3, 30, 3, 5, tzinfo=UTC)
"""06:05 in Kyiv the morning after the 23-hour DST day 2026-03-29: the cron's moment."""
NOW_TEXT = NOW.isoformat()
DESK_TZ = "Europe/Kyiv"
EDITORS = [f"editor{i:02d}" for i in range(25)]
FMT = "%Y-%m-%d %H:%M:%S.%f"
CLAIM_COLUMNS = 15
EVENT_SQL = (
    "INSERT INTO event (claim_id, at, actor, action, from_status, to_status, reason, override, detail) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _tracker() -> list[str]:
    exe = Path(sys.executable).with_name("tracker")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tracker"]


def _init(path: Path) -> None:
    subprocess.run([*_tracker(), "--db", str(path), "init"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*_tracker(), "--db", str(path), "rules", "set", "desk_tz", DESK_TZ], check=True,
                   stdout=subprocess.DEVNULL)


def _ts(at: datetime) -> str:
    return at.strftime(FMT)


def build_report_db(path: Path, claims: int, seed: int = 7) -> None:
    """`claims` claims logged over 120 days before NOW, in realistic states, with their history."""
    _init(path)
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    rows: list[tuple] = []
    events: list[tuple] = []
    span = 120 * 86400
    for claim_id in range(1, claims + 1):
        created = NOW - timedelta(seconds=rnd.randrange(span))
        age = (NOW - created).total_seconds()
        expires = created + timedelta(days=7) if rnd.random() < 0.9 else None
        assignee = rnd.choice(EDITORS) if rnd.random() < 0.85 else None
        pick = rnd.random()
        resolved_at: datetime | None = None
        action = None
        if expires is not None and expires <= NOW and pick < 0.30:
            status, action = "expired", "expire"
            resolved_at = min(expires + timedelta(minutes=rnd.randrange(60)), NOW)
        elif pick < 0.62 and age > 3600:
            status, action = "confirmed", "confirm"
            resolved_at = created + timedelta(seconds=rnd.randrange(int(min(age, 5 * 86400))))
        elif pick < 0.82 and age > 3600:
            status, action = "contradicted", "contradict"
            resolved_at = created + timedelta(seconds=rnd.randrange(int(min(age, 5 * 86400))))
        else:
            status = "unconfirmed"
        if status == "confirmed" and expires is not None and expires <= NOW and rnd.random() < 0.999:
            status, action = "expired", "expire"  # the sweep got them; a few are still overdue
            resolved_at = min(expires + timedelta(minutes=rnd.randrange(60)), NOW)
        if status == "unconfirmed" and expires is not None and expires <= NOW and rnd.random() < 0.995:
            status, action = "expired", "expire"
            resolved_at = min(expires + timedelta(minutes=rnd.randrange(60)), NOW)
        if resolved_at is not None:
            activity = resolved_at
        else:
            activity = created + timedelta(seconds=rnd.randrange(int(age) + 1))
        version = 1 if resolved_at is None else 2
        rows.append((
            claim_id, str(uuid.UUID(int=rnd.getrandbits(128), version=4)), f"Claim number {claim_id} about the war",
            f"Speaker {claim_id % 500}", None, None, "AP", None, status, assignee,
            _ts(expires) if expires else None, _ts(created), _ts(activity), _ts(activity), version,
        ))
        events.append((claim_id, _ts(created), assignee or "desk", "add", None, "unconfirmed", None, 0, None))
        if resolved_at is not None and action is not None:
            actor = "system" if action == "expire" else (assignee or "desk")
            reason = "deadline passed" if action == "expire" else "two sources agree"
            events.append((claim_id, _ts(resolved_at), actor, action, "unconfirmed", status, reason, 0, None))
        if len(rows) >= 50_000:
            _flush(con, rows, events)
    _flush(con, rows, events)
    con.commit()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def build_sweep_db(path: Path, overdue: int, seed: int = 11) -> None:
    """`overdue` open claims whose deadline passed in the week before NOW, beside as many that are not due."""
    _init(path)
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    rows: list[tuple] = []
    events: list[tuple] = []
    for claim_id in range(1, 2 * overdue + 1):
        due = claim_id % 2 == 0
        expires = NOW - timedelta(seconds=rnd.randrange(7 * 86400)) if due else NOW + timedelta(days=3)
        created = expires - timedelta(days=7)
        status = "confirmed" if rnd.random() < 0.3 else "unconfirmed"
        rows.append((
            claim_id, str(uuid.UUID(int=rnd.getrandbits(128), version=4)), f"Claim {claim_id}", "Speaker",
            None, None, None, None, status, rnd.choice(EDITORS), _ts(expires), _ts(created), _ts(created),
            _ts(created), 1,
        ))
        events.append((claim_id, _ts(created), "desk", "add", None, "unconfirmed", None, 0, None))
    _flush(con, rows, events)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _flush(con: sqlite3.Connection, rows: list[tuple], events: list[tuple]) -> None:
    con.executemany(f"INSERT INTO claim VALUES ({', '.join('?' * CLAIM_COLUMNS)})", rows)
    con.executemany(EVENT_SQL, events)
    rows.clear()
    events.clear()


# ----------------------------------------------------------------------------- timing


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _desk(path: Path, actor: str = "bench"):  # type: ignore[no-untyped-def]
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine

    return Desk(make_engine(f"sqlite:///{path}"), actor, clock=lambda: NOW, where=str(path))


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
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        build_report(desk)
        samples.append(time.perf_counter() - start)
    desk.engine.dispose()
    return samples, captured


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


def time_report_cli(path: Path, runs: int, fmt: str = "json") -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*_tracker(), "--db", str(path), "--now", NOW_TEXT, "report", "--format", fmt],
                       check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return samples


def time_cli_floor(runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sqlmodel"], check=True)
        samples.append(time.perf_counter() - start)
    return samples


def time_sweep_service(template: Path, work: Path, runs: int) -> tuple[list[float], int, list[float]]:
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
    expired = 0
    for _ in range(runs):
        shutil.copy(template, work)
        desk = _desk(work, actor="cron")
        start = time.perf_counter()
        result = sweep(desk)
        samples.append(time.perf_counter() - start)
        expired = len(result.expired)
        desk.engine.dispose()
        _drop(work)
    sweep_module._run_chunk = real_chunk  # type: ignore[assignment]
    return samples, expired, chunk_times


def time_sweep_floor(template: Path, work: Path, runs: int) -> list[float]:
    """Raw sqlite3: select the overdue claims, then per claim a CAS UPDATE and an event INSERT, in
    transactions of the sweep's chunk size."""
    from tracker.service.sweep import CHUNK

    now = _ts(NOW)
    samples = []
    for _ in range(runs):
        shutil.copy(template, work)
        con = sqlite3.connect(work, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        start = time.perf_counter()
        todo = con.execute(
            "SELECT id, version, status FROM claim WHERE status IN ('unconfirmed', 'confirmed') "
            "AND expires_at <= ? ORDER BY expires_at, id", (now,)
        ).fetchall()
        for i in range(0, len(todo), CHUNK):
            con.execute("BEGIN IMMEDIATE")
            for claim_id, version, status in todo[i:i + CHUNK]:
                con.execute(
                    "UPDATE claim SET status='expired', updated_at=?, last_activity_at=?, version=? "
                    "WHERE id=? AND version=?", (now, now, version + 1, claim_id, version))
                con.execute(EVENT_SQL, (claim_id, now, "system", "expire", status, "expired", "deadline passed", 0,
                                        None))
            con.execute("COMMIT")
        samples.append(time.perf_counter() - start)
        con.close()
        _drop(work)
    return samples


def _drop(path: Path) -> None:
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--overdue", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the databases in this folder.")
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    report_db = folder / f"report-{args.claims}.db"
    sweep_db = folder / f"sweep-{args.overdue}.db"
    if not args.skip_report and not report_db.exists():
        start = time.perf_counter()
        build_report_db(report_db, args.claims)
        print(f"built {report_db} ({args.claims:,} claims) in {time.perf_counter() - start:.1f} s")
    if not args.skip_sweep and not sweep_db.exists():
        start = time.perf_counter()
        build_sweep_db(sweep_db, args.overdue)
        print(f"built {sweep_db} ({args.overdue:,} overdue of {2 * args.overdue:,}) in "
              f"{time.perf_counter() - start:.1f} s")

    print(f"medians of {args.runs} runs; ratio = time / floor measured in this run")
    if not args.skip_report:
        service, statements = time_report_service(report_db, args.runs)
        floor = time_report_floor(report_db, statements, args.runs)
        print(f"report, service (in-process)   {_median(service) * 1000:8.1f} ms   "
              f"floor raw sqlite3, same {len(statements)} statements {_median(floor) * 1000:8.1f} ms   "
              f"ratio {_median(service) / _median(floor):5.2f}")
        for fmt in ("json", "html"):
            cli = time_report_cli(report_db, args.runs, fmt)
            cli_floor = time_cli_floor(args.runs)
            print(f"report, CLI cold --format {fmt:<5}{_median(cli) * 1000:8.1f} ms   "
                  f"floor python -c 'import sqlmodel' {_median(cli_floor) * 1000:8.1f} ms   "
                  f"ratio {_median(cli) / _median(cli_floor):5.2f}")
    if not args.skip_sweep:
        work = folder / "sweep-work.db"
        sweep_samples, expired, chunk_times = time_sweep_service(sweep_db, work, args.runs)
        floor = time_sweep_floor(sweep_db, work, args.runs)
        print(f"sweep, service, {expired:,} expired {_median(sweep_samples):8.2f} s   "
              f"floor raw sqlite3 UPDATE+INSERT per claim {_median(floor):6.2f} s   "
              f"ratio {_median(sweep_samples) / _median(floor):5.2f}")
        print(f"sweep, write lock held per chunk: median {_median(chunk_times) * 1000:.0f} ms, "
              f"max {max(chunk_times) * 1000:.0f} ms over {len(chunk_times)} chunks")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
