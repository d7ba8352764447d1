"""Benchmark: every command and the TUI on 10M claims, beside the same at 1M and their floors.

    python tests/bench/bench_10m.py [--size 10m] [--peer PATH|1m] [--runs 5] [--only inproc,tui,cold,ops,size] [--vacuum DB]

A script, not a pytest test. It uses the generator's cached 10M database (tests/bench/generate.py builds
it by the bulk path, bulk.py; ~29 GB, ~50 min of CPU the first time) and a second, smaller desk as the
"peer" (the cached 1M database by default; `--peer PATH` for a file elsewhere, opened for reading only).
Every figure is a median of `--runs`, measured in the same run as its floor, interleaved:

* inproc: `report` (`build_report`) beside raw sqlite3 running the very statements it ran;
  `sweep --dry-run`, `list --limit 50`, `list --stale`, `list --due-soon`, `list --search` (relevance),
  `show` and `history` through the service in a warm process, each at 10M and at the peer size (the
  "flat across sizes" figure), `list --search` also beside the FTS5 index alone;
* cold: each command as a new `tracker` process at 10M and at the peer, beside the import floor
  (`python -c "import click, transitions, dateutil.parser, sqlite3, json, uuid, hashlib"`), wall, CPU and
  peak RSS (GNU time's %M: the process alone); `confirm` + `reopen` as pairs on the 10M cache itself
  (each pair leaves the claim as it was, two events longer);
* tui: bench_tui.py's measures (first page, view switch, sort, search keystroke, deep page) at 10M and
  the cold start to the first page, beside a bare Textual app and raw sqlite3 running the page query;
* size: bytes per table and index (`dbstat`), at 10M and the peer;
* ops: `PRAGMA wal_checkpoint(TRUNCATE)`, `ANALYZE` with `analysis_limit=400`, `PRAGMA optimize` (and a full
  `ANALYZE` with `--full-analyze`) on the 10M cache (the statistics are dropped again after: the generated
  desks have none), and `ANALYZE`, `VACUUM INTO`, `VACUUM` on private copies of the `--vacuum` desks (10M
  cannot be copied on this disk: see docs/performance.md).

Prints a text table and one JSON row per figure (README.md in this folder: run.py's contract).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_report  # noqa: E402
import bench_tui  # noqa: E402
from generate import SIZES, db_path  # noqa: E402

LEAN_FLOOR = "import click, transitions, dateutil.parser, sqlite3, json, uuid, hashlib"
STACK_FLOOR = "import sqlmodel, transitions, dateutil.parser"
"""The floor of the commands that still load SQLAlchemy on SQLite (report, sweep, list --search)."""
ON_STACK = ("report", "sweep", "list --search")
SEARCH = "zelenskyy"
ROWS: list[dict[str, Any]] = []
TUI_SEARCH, TUI_KEY = "zelens", "k"
"""bench_tui.py types 'zelensk' + 'y', but 'zelensky' matches nothing (the porter stemmer turns the prefix
into 'zelenski', the indexed word into 'zelenskyi': docs/performance.md, 10M): one letter earlier instead."""




def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"


def med(values: list[float]) -> float:
    return statistics.median(values)


def emit(section: str, what: str, size: str, value: str, floor: str = "-", ratio: str = "-", target: str = "",
         ok: bool | None = None, note: str = "") -> None:
    row = {"section": section, "what": what, "size": size, "value": value, "floor": floor, "ratio": ratio,
           "target": target, "ok": ok, "note": note}
    ROWS.append(row)
    print(json.dumps(row), flush=True)


# ----------------------------------------------------------------------------- in-process


def _desk(path: Path, anchor: datetime):  # type: ignore[no-untyped-def]
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine

    return Desk(make_engine(f"sqlite:///{path}"), "bench", clock=lambda: anchor, where=str(path))


def timed(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Median wall and CPU seconds of `action` (after one warm-up call)."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return med(walls), med(cpus)


def inproc(dbs: dict[str, tuple[Path, dict[str, Any]]], runs: int) -> None:
    from tracker.service import reading
    from tracker.service.reading import ListQuery, default_order
    from tracker.service.sweep import sweep

    results: dict[str, dict[str, tuple[float, float]]] = {}
    for size, (path, meta) in dbs.items():
        anchor = datetime.fromisoformat(meta["anchor"]).astimezone(UTC)
        bench_report.NOW = anchor
        log(f"in-process at {size}: report")
        service, statements, cpu = bench_report.time_report_service(path, runs)
        floor = bench_report.time_report_floor(path, statements, runs)
        target = bench_report.REPORT_TARGET.get(size, ("", None))
        emit("10m", "report, in-process (build_report)", size, ms(med(service)),
             f"{ms(med(floor))} (raw sqlite3, same {len(statements)} statements)", f"{med(service) / med(floor):.2f}",
             target[0], med(service) < target[1] if target[1] else None, f"cpu {ms(med(cpu))}; median of {runs}")
        desk = _desk(path, anchor)
        ids = meta["ids"]
        one = ids["busy"][len(ids["busy"]) // 2] if ids["busy"] else ids["confirmed"][0]
        stale = ListQuery(sort=default_order(stale=True)[0], descending=default_order(stale=True)[1], limit=50,
                          stale=True)
        due = ListQuery(sort=default_order(due_soon=True)[0], descending=default_order(due_soon=True)[1], limit=50,
                        due_soon=True)
        actions: dict[str, Callable[[], object]] = {
            "sweep --dry-run (count + first 50)": lambda desk=desk: sweep(desk, dry_run=True, preview=50),
            "list --limit 50": lambda desk=desk: reading.list_claims(desk, ListQuery(limit=50)),
            "list --stale (first 50)": lambda desk=desk, q=stale: reading.list_claims(desk, q),
            "list --due-soon (first 50)": lambda desk=desk, q=due: reading.list_claims(desk, q),
            f"list --search {SEARCH} (relevance, 50)": lambda desk=desk: reading.list_claims(
                desk, ListQuery(search=SEARCH, sort="relevance", limit=50)),
            "TUI view bar counts (view_counts)": lambda desk=desk: reading.view_counts(desk, ListQuery()),
            f"TUI view bar counts under a search ('{TUI_SEARCH}{TUI_KEY}')": lambda desk=desk: reading.tally_views(
                desk, ListQuery(search=TUI_SEARCH + TUI_KEY)),
            "TUI page (reading.page, 100 rows)": lambda desk=desk: reading.page(desk, ListQuery(limit=100)),
            f"TUI page under a search ('{TUI_SEARCH}{TUI_KEY}', 100 rows)": lambda desk=desk: reading.page(
                desk, ListQuery(search=TUI_SEARCH + TUI_KEY, limit=100)),
            "show": lambda desk=desk, one=one: reading.show(desk, one),
            "history": lambda desk=desk, one=one: reading.history(desk, one),
        }
        results[size] = {}
        for name, action in actions.items():
            log(f"in-process at {size}: {name}")
            results[size][name] = timed(runs, action)
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        from tracker.domain.search_text import search_terms
        from tracker.store.search import fts5_query

        match = fts5_query(search_terms(SEARCH))
        results[size]["fts ids"] = timed(runs, lambda raw=raw, match=match: raw.execute(
            "SELECT rowid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY rowid DESC LIMIT 50", (match,)).fetchall())
        raw.close()
        desk.engine.dispose()
    sizes = list(dbs)
    big, small = sizes[0], sizes[-1]
    for name in results[big]:
        if name == "fts ids":
            continue
        wall, cpu = results[big][name]
        peer_wall, peer_cpu = results[small][name]
        note = f"cpu {ms(cpu)} vs {ms(peer_cpu)}; median of {runs}"
        if "search" in name:
            note += f"; FTS5 ids alone {ms(results[big]['fts ids'][0])} at {big}"
        emit("10m", f"{name}, in-process", big, ms(wall), f"{ms(peer_wall)} (same at {small})",
             f"{wall / peer_wall:.2f}", "flat (<= 2x the smaller desk)", wall <= 2 * peer_wall, note)


# ----------------------------------------------------------------------------- cold commands


def _tracker() -> list[str]:
    exe = Path(sys.executable).with_name("tracker")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tracker"]


def child_env() -> dict[str, str]:
    drop = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_") and k not in drop}
    env.update(TRACKER_ACTOR="bench", NO_COLOR="1", COLUMNS="120")
    return env


def run_timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process (GNU time measures the process alone)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", out.name, *argv], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        user, system, rss = out.read().split()[-3:]
    return wall, float(user) + float(system), int(rss) / 1024, done.returncode


def cold(dbs: dict[str, tuple[Path, dict[str, Any]]], runs: int) -> None:
    env = child_env()
    tracker = _tracker()
    sizes = list(dbs)

    def commands(size: str, i: int) -> dict[str, list[str]]:
        path, meta = dbs[size]
        ids = meta["ids"]
        one = ids["unconfirmed"][(i * 397) % len(ids["unconfirmed"])]
        base = [*tracker, "--db", str(path), "--now", meta["anchor"]]
        return {
            "show": [*base, "show", str(one)],
            "history": [*base, "history", str(one)],
            "list --limit 50": [*base, "list", "--limit", "50"],
            "list --stale": [*base, "list", "--stale", "--limit", "50"],
            "list --due-soon": [*base, "list", "--due-soon", "--limit", "50"],
            f"list --search {SEARCH}": [*base, "list", "--search", SEARCH, "--limit", "50"],
            "sweep --dry-run": [*base, "sweep", "--dry-run"],
            "report --format json": [*base, "report", "--format", "json"],
        }

    samples: dict[tuple[str, str], list[tuple[float, float, float, int]]] = {}
    floor: list[tuple[float, float, float, int]] = []
    stack: list[tuple[float, float, float, int]] = []
    names = list(commands(sizes[0], 0))
    for i in range(runs + 1):  # the first round warms the page cache and is dropped
        for name in names:
            for size in sizes:
                got = run_timed(commands(size, i)[name], env)
                if got[3] != 0:
                    raise SystemExit(f"{name} at {size} failed ({got[3]})")
                if i:
                    samples.setdefault((name, size), []).append(got)
            got = run_timed([sys.executable, "-c", STACK_FLOOR if name.startswith(ON_STACK) else LEAN_FLOOR], env)
            if i:
                (stack if name.startswith(ON_STACK) else floor).append(got)
        log(f"cold round {i} done")
    floor_wall, floor_cpu = med([f[0] for f in floor]), med([f[1] for f in floor])
    stack_wall, stack_cpu = med([f[0] for f in stack]), med([f[1] for f in stack])
    emit("10m", "import floor (click, transitions, dateutil, sqlite3)", "-", ms(floor_wall), note=(
        f"cpu {ms(floor_cpu)}; peak RSS {med([f[2] for f in floor]):.0f} MB; median of {len(floor)}"))
    emit("10m", "SQLAlchemy-stack floor (sqlmodel, transitions, dateutil)", "-", ms(stack_wall), note=(
        f"cpu {ms(stack_cpu)}; peak RSS {med([f[2] for f in stack]):.0f} MB; median of {len(stack)}"))
    for name in names:
        on_stack = name.startswith(ON_STACK)
        base_wall, base_cpu, label = ((stack_wall, stack_cpu, "SQLAlchemy-stack floor") if on_stack
                                      else (floor_wall, floor_cpu, "import floor"))
        for size in sizes:
            got = samples[(name, size)]
            wall, cpu, rss = med([g[0] for g in got]), med([g[1] for g in got]), max(g[2] for g in got)
            peer = samples[(name, sizes[-1])]
            peer_wall = med([g[0] for g in peer])
            emit("10m", f"{name}, cold", size, ms(wall), f"{ms(base_wall)} ({label})",
                 f"{wall / base_wall:.2f}", note=(
                     f"cpu {ms(cpu)} (floor {ms(base_cpu)}); peak RSS {rss:.0f} MB; "
                     + (f"x{wall / peer_wall:.2f} of {sizes[-1]}; " if size != sizes[-1] else "")
                     + f"median of {len(got)}"))
    confirm_pairs(dbs[sizes[0]], sizes[0], runs, env, floor_wall, floor_cpu)


def confirm_pairs(db: tuple[Path, dict[str, Any]], size: str, runs: int, env: dict[str, str], floor_wall: float,
                  floor_cpu: float) -> None:
    """`confirm` then `reopen` of the same claim, cold, on the cache itself: each pair leaves the claim's
    status as it was (two events more on its history)."""
    path, meta = db
    tracker = _tracker()
    claims = meta["ids"]["confirmable"]
    out: dict[str, list[tuple[float, float, float, int]]] = {"confirm": [], "reopen": []}
    for i in range(runs + 1):
        one = str(claims[(i * 131) % len(claims)])
        for move in ("confirm", "reopen"):
            got = run_timed([*tracker, "--db", str(path), "--now", meta["anchor"], move, one, "--reason", "bench"],
                            env)
            if got[3] != 0:
                raise SystemExit(f"{move} {one} failed ({got[3]})")
            if i:
                out[move].append(got)
    for move, got in out.items():
        wall, cpu, rss = med([g[0] for g in got]), med([g[1] for g in got]), max(g[2] for g in got)
        emit("10m", f"{move}, cold (on the cache, paired with {'reopen' if move == 'confirm' else 'confirm'})", size,
             ms(wall), f"{ms(floor_wall)} (import floor)", f"{wall / floor_wall:.2f}",
             note=f"cpu {ms(cpu)} (floor {ms(floor_cpu)}); peak RSS {rss:.0f} MB; median of {len(got)}")


# ----------------------------------------------------------------------------- TUI


COLD_TUI = bench_tui.COLD


def tui(path: Path, size: str, runs: int) -> None:
    env = child_env()
    bench_tui.SEARCH, bench_tui.KEY = TUI_SEARCH, TUI_KEY
    results = asyncio.run(bench_tui.measure_app(path, runs))
    bare = med(asyncio.run(bench_tui.floor_app(runs)))
    sql = med(bench_tui.floor_sql(path, runs))
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    match = f'"{TUI_SEARCH}{TUI_KEY}"*'
    found, _ = timed(runs, lambda: raw.execute(
        "SELECT * FROM claim WHERE id IN (SELECT rowid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY rowid DESC "
        "LIMIT 101) ORDER BY id DESC", (match,)).fetchall())
    matches = raw.execute("SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?", (match,)).fetchone()[0]
    raw.close()
    colds, cold_floor, rss = [], [], []
    for _ in range(runs):
        wall, _cpu, peak, code = run_timed([sys.executable, "-c", COLD_TUI, str(path)], env)
        if code:
            raise SystemExit("the TUI's cold start failed")
        colds.append(wall)
        rss.append(peak)
        cold_floor.append(run_timed([sys.executable, "-c", "import textual.app"], env)[0])
    targets = {"first paint": 1.0, "search keystroke": 0.2, "view switch": 0.2, "sort": 0.2}
    for name, values in results.items():
        floor, label = (bare, "bare Textual app") if name == "first paint" else (sql, "raw SQL page + counts")
        if name == "search keystroke":
            floor, label = found, f"raw sqlite3: the FTS5 page of {matches:,} matches, 101 rows"
        target = targets.get(name)
        label_name = f"{name} ('{TUI_SEARCH}' + '{TUI_KEY}')" if name == "search keystroke" else name
        emit("10m", f"TUI {label_name}", size, ms(med(values)), f"{ms(floor)} ({label})", f"{med(values) / floor:.1f}",
             f"< {ms(target)}" if target else "", med(values) < target if target else None,
             f"median of {len(values)}; min {ms(min(values))}, max {ms(max(values))}")
    emit("10m", "TUI cold start to first page (new process)", size, ms(med(colds)),
         f"{ms(med(cold_floor))} (import textual.app)", f"{med(colds) / med(cold_floor):.1f}", "< 1 s",
         med(colds) < 1.0, f"peak RSS {max(rss):.0f} MB; median of {runs}")


# ----------------------------------------------------------------------------- size


def sizes_of(path: Path, size: str) -> None:
    start = time.perf_counter()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = con.execute("SELECT name, sum(pgsize), sum(unused), count(*) FROM dbstat GROUP BY name "
                       "ORDER BY 2 DESC").fetchall()
    counts = {t: con.execute(f"SELECT max(rowid) FROM {t}").fetchone()[0] for t in ("claim", "event", "evidence")}
    con.close()
    total = sum(r[1] for r in rows)
    emit("size", "database file", size, f"{total / 1e9:.2f} GB", note=(
        f"{total / counts['claim']:,.0f} bytes a claim; {counts['event']:,} events, {counts['evidence']:,} evidence; "
        f"dbstat in {time.perf_counter() - start:.0f} s"))
    for name, pgsize, unused, pages in rows[:24]:
        emit("size", name, size, f"{pgsize / 1e6:,.0f} MB", note=f"{pages:,} pages, {unused / pgsize:.0%} unused")


# ----------------------------------------------------------------------------- operations


def _seconds(con: sqlite3.Connection, *statements: str) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for sql in statements:
        con.execute(sql).fetchall()
    return time.perf_counter() - start, time.process_time() - cpu


def ops(path: Path, size: str, vacuum: list[Path], full: bool) -> None:
    """Maintenance on the big desk itself (statistics dropped again after), and VACUUM on private copies of
    the `vacuum` desks (the 10M file cannot be copied on this disk)."""
    con = sqlite3.connect(path, isolation_level=None)
    wal = Path(f"{path}-wal")
    before = wal.stat().st_size if wal.exists() else 0
    wall, cpu = _seconds(con, "PRAGMA wal_checkpoint(TRUNCATE)")
    emit("ops", "PRAGMA wal_checkpoint(TRUNCATE)", size, ms(wall), note=f"cpu {ms(cpu)}; WAL was {before / 1e6:.1f} MB")
    wall, cpu = _seconds(con, "PRAGMA analysis_limit = 400", "ANALYZE", "PRAGMA analysis_limit = 0")
    emit("ops", "ANALYZE with analysis_limit=400", size, ms(wall), note=f"cpu {ms(cpu)}")
    con.execute("DROP TABLE IF EXISTS sqlite_stat1")
    con.close()
    con = sqlite3.connect(path, isolation_level=None)  # a connection that ran the report's kind of query
    con.execute("SELECT count(*) FROM claim WHERE status = 'unconfirmed'").fetchall()
    con.execute("SELECT id FROM claim WHERE status = 'unconfirmed' ORDER BY last_activity_at LIMIT 50").fetchall()
    wall, cpu = _seconds(con, "PRAGMA analysis_limit = 400", "PRAGMA optimize")
    stats = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0]
    emit("ops", "PRAGMA optimize with analysis_limit=400 (after a few claim queries, no statistics yet)", size,
         ms(wall), note=f"cpu {ms(cpu)}; {'ran ANALYZE' if stats else 'ran nothing'}")
    con.execute("DROP TABLE IF EXISTS sqlite_stat1")
    con.close()
    if full:
        con = sqlite3.connect(path, isolation_level=None)
        wall, cpu = _seconds(con, "ANALYZE")
        emit("ops", "ANALYZE (full)", size, f"{wall:.1f} s", note=f"cpu {cpu:.1f} s")
        con.execute("DROP TABLE IF EXISTS sqlite_stat1")
        con.execute("DROP TABLE IF EXISTS sqlite_stat4")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
    for source in vacuum:
        meta = json.loads(source.with_suffix(".json").read_text())
        name = {v: k for k, v in SIZES.items()}.get(meta["size"], str(meta["size"]))
        name += f" (g{meta.get('generator_version', 2)})"
        work = Path(tempfile.mkdtemp(prefix="bench10m-", dir=path.parent))
        try:
            copy = work / "copy.db"
            start = time.perf_counter()
            shutil.copyfile(source, copy)
            gb = copy.stat().st_size / 1e9
            emit("ops", "copy of the file (cp, for comparison)", name, f"{time.perf_counter() - start:.1f} s",
                 note=f"{gb:.2f} GB")
            con = sqlite3.connect(copy, isolation_level=None)
            for label, statements in (("ANALYZE (full)", ("ANALYZE",)),
                                      ("ANALYZE with analysis_limit=400", ("DROP TABLE sqlite_stat1",
                                                                           "PRAGMA analysis_limit = 400", "ANALYZE"))):
                wall, cpu = _seconds(con, *statements)
                emit("ops", label, name, f"{wall:.2f} s", note=f"cpu {cpu:.2f} s")
            con.execute("DROP TABLE sqlite_stat1")
            start, cpu0 = time.perf_counter(), time.process_time()
            con.execute(f"VACUUM INTO '{work / 'into.db'}'")
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
            emit("ops", "VACUUM INTO a new file (readers and writers go on)", name, f"{wall:.1f} s",
                 note=f"cpu {cpu:.1f} s; {(work / 'into.db').stat().st_size / 1e9:.2f} GB written; "
                      f"{gb / wall * 1000:.0f} MB/s of the file")
            (work / "into.db").unlink()
            start, cpu0 = time.perf_counter(), time.process_time()
            con.execute("VACUUM")
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
            wal_peak = Path(f"{copy}-wal").stat().st_size if Path(f"{copy}-wal").exists() else 0
            emit("ops", "VACUUM in place (holds the write lock throughout)", name, f"{wall:.1f} s",
                 note=f"cpu {cpu:.1f} s; WAL after {wal_peak / 1e9:.2f} GB; {gb / wall * 1000:.0f} MB/s of the file")
            wall, cpu = _seconds(con, "PRAGMA wal_checkpoint(TRUNCATE)")
            emit("ops", "PRAGMA wal_checkpoint(TRUNCATE) after the VACUUM", name, f"{wall:.2f} s",
                 note=f"cpu {cpu:.2f} s")
            con.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10m", choices=sorted(SIZES))
    parser.add_argument("--db", type=Path, help="the big desk's file (default: the generator's cached --size)")
    parser.add_argument("--peer", default="1m", help="the smaller desk: a size name or a database file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="inproc,tui,cold,ops,size")
    parser.add_argument("--vacuum", type=Path, action="append", default=[],
                        help="ops: VACUUM a private copy of this desk (with its .json); repeatable")
    parser.add_argument("--full-analyze", action="store_true", help="ops: also a full ANALYZE of the big desk")
    args = parser.parse_args()
    only = set(args.only.split(","))
    path = args.db or db_path(SIZES[args.size])
    peer_path = db_path(SIZES[args.peer]) if args.peer in SIZES else Path(args.peer)
    for db in (path, peer_path):  # never built from here: a 10M build takes most of an hour
        if not (db.exists() and db.with_suffix(".json").exists()):
            raise SystemExit(f"no {db} (with its .json): build it first (python tests/bench/generate.py 10m)")
    names = {v: k for k, v in SIZES.items()}
    dbs: dict[str, tuple[Path, dict[str, Any]]] = {}
    for db in (path, peer_path):
        meta = json.loads(db.with_suffix(".json").read_text())
        dbs[names.get(meta["size"], str(meta["size"]))] = (db, meta)
    if len(dbs) < 2:
        raise SystemExit("the peer must be a desk of another size")
    size = next(iter(dbs))
    print(f"# {path.name} and {peer_path.name}; medians of {args.runs}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    if "inproc" in only:
        inproc(dbs, args.runs)
    if "tui" in only:
        tui(path, size, args.runs)
    if "cold" in only:
        cold(dbs, args.runs)
    if "ops" in only:
        ops(path, size, args.vacuum, args.full_analyze)
    if "size" in only:
        for name, (db, _) in dbs.items():
            sizes_of(db, name)
    print(f"# done {datetime.now(UTC):%H:%M} UTC; load {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
