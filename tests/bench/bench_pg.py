"""Benchmark: tracker on PostgreSQL beside tracker on SQLite, on the same rows (10k, 100k, 1M claims).

    python tests/bench/bench_pg.py [--sizes 10k,100k,1m] [--runs 7] [--only cold,inproc,plans,writers,sweep]

The PostgreSQL databases come from tests/bench/pg_load.py (a local cluster; each size loaded
once from the generator's SQLite file with COPY, then `tracker verify`); the SQLite side reads
that very file (BENCH_DATA names its folder). Every PostgreSQL figure is printed beside the
SQLite figure measured in the same run, interleaved run by run, as a ratio (PostgreSQL / SQLite).
Times are medians. For PostgreSQL the server is another process: "client cpu" is the tracker
process's own CPU (user+sys), "server cpu" the server's (every backend and the postmaster,
read from /proc; pg_load.server_cpu), wall is what the user waits.

* cold (a new `tracker` process per run): `show`, `list --limit 50`, `confirm` (each run
  confirms another claim; a `reopen --override` after it, untimed, on both engines, each on a
  private copy: a file copy, and a server-side copy of the database);
* inproc (one warm process, the service called directly): `report`, `sweep --dry-run` (count
  + first 50), `list --stale`, `list --due-soon` (first page of 50, in their default order),
  `list --search` for a few words;
* plans: EXPLAIN of every statement those issue on PostgreSQL: any sequential scan of a
  claim, event or evidence table or a sort of more than a page of rows is reported;
* writers (`writers.py`): 8 processes changing claims at once, on private copies of one size;
* sweep: every overdue claim of a private copy (100k: ~11k claims) expired, on both engines.

Prints a table and one JSON row per figure (tests/bench/README.md's contract).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import pg_load  # noqa: E402

if TYPE_CHECKING:
    from tracker.service.context import Desk

ROWS: list[dict[str, Any]] = []
FLAT: dict[str, tuple[str, float]] = {}
"""The first size's PostgreSQL time of each flat list (the target: the same time at every size)."""
PG_FLOOR = "import click, transitions, dateutil.parser, sqlmodel, psycopg, sqlalchemy.dialects.postgresql.psycopg"
"""What a cold command on PostgreSQL cannot avoid importing (it keeps the full stack: issue 15)."""
SEARCHES = ("zelenskyy", "grain corridor", "putin sanctions oil", "reuters", "claim 123456")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"


def row(section: str, what: str, size: str, pg: float, lite: float, note: str = "", *,
        target: str = "", ok: bool | None = None, value: str | None = None, floor: str | None = None) -> None:
    ratio = pg / lite if lite else float("nan")
    item = {"section": section, "what": what, "size": size, "value": value or f"{ms(pg)} (PostgreSQL)",
            "floor": floor or f"{ms(lite)} (SQLite)", "ratio": f"{ratio:.2f}", "target": target, "ok": ok,
            "note": note}
    ROWS.append(item)
    log(f"  {section:<8} {what:<46} {size:>5}  {item['value']:>24}  {item['floor']:>22}  x{ratio:5.2f}  {note}")


def tracker() -> str:
    exe = Path(sys.executable).with_name("tracker")
    if not exe.exists():
        raise SystemExit(f"no tracker beside {sys.executable}")
    return str(exe)


def child_env() -> dict[str, str]:
    dropped = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_") and k not in dropped}
    env.update(TRACKER_ACTOR="bench", NO_COLOR="1", COLUMNS="120", TRACKER_NO_PROGRESS="1")
    return env


def run_timed(argv: list[str], env: dict[str, str], *, server: bool) -> tuple[float, float, float]:
    """(wall, client cpu, server cpu) of one process; fails loudly on a non-zero exit."""
    before = pg_load.server_cpu() if server else 0.0
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} exited {code}: {err.decode()[-600:]}")
    used = 0.0
    if server:
        time.sleep(0.02)  # the backend exits after its client; let the postmaster reap it
        used = pg_load.server_cpu() - before
    return wall, usage.ru_utime + usage.ru_stime, used


def _picks(db: Path, meta: dict[str, Any], n: int, seed: int) -> tuple[list[int], list[int]]:
    rnd = random.Random(seed)
    busy = meta["ids"]["busy"] or meta["ids"]["unconfirmed"]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    linked = {r[0] for r in con.execute(
        "SELECT id FROM claim WHERE duplicate_of IS NOT NULL OR uuid IN "
        "(SELECT duplicate_of FROM claim WHERE duplicate_of IS NOT NULL)")}
    con.close()
    confirmable = [c for c in meta["ids"]["confirmable"] if c not in linked]
    return rnd.sample(busy, min(len(busy), n)), rnd.sample(confirmable, min(len(confirmable), n))


# ------------------------------------------------------------------ cold commands

def bench_cold(size_name: str, runs: int, work: Path) -> None:
    size = generate.SIZES[size_name]
    db = pg_load.source_db(size)
    meta = generate.load_meta(size)
    pg_url = pg_load.ensure_loaded(size)
    free = shutil.disk_usage(work).free
    copy: Path | None = None
    if free - db.stat().st_size > 15e9:
        copy = work / f"cold-{size}.db"
        shutil.copyfile(db, copy)
    else:
        log(f"  {size_name}: not enough free disk for a SQLite copy; confirm on SQLite skipped")
    pg_copy = pg_load.copy_database(size, "bench_cold")  # confirm writes: never to the loaded database
    env = child_env()
    picks, confirms = _picks(db, meta, runs + 1, size)
    log(f"cold commands at {size_name}: {runs} runs each (+1 warm-up), SQLite and PostgreSQL interleaved")
    samples: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    rnd = random.Random(size + 1)
    for i in range(runs + 1):
        claim = str(picks[i % len(picks)])
        jobs: list[tuple[str, str, list[str], list[str] | None]] = []
        for engine, target in (("sqlite", str(db)), ("postgresql", pg_url)):
            base = [tracker(), "--db", target]
            jobs.append(("show", engine, base + ["show", claim], None))
            jobs.append(("list --limit 50", engine, base + ["list", "--limit", "50"], None))
            write_target = str(copy) if engine == "sqlite" else pg_copy
            if engine == "postgresql" or copy is not None:
                cid = str(confirms[i])
                wbase = [tracker(), "--db", write_target]
                jobs.append(("confirm", engine, wbase + ["confirm", cid, "--reason", "two sources agree"],
                             wbase + ["reopen", cid, "--override", "--reason", "bench: undo the confirm"]))
        jobs.append(("floor", "postgresql", [sys.executable, "-c", PG_FLOOR], None))
        rnd.shuffle(jobs)
        for name, engine, argv, undo in jobs:
            timing = run_timed(argv, env, server=engine == "postgresql")
            if undo is not None:
                run_timed(undo, env, server=False)
            if i > 0:
                samples.setdefault((name, engine), []).append(timing)
    floor = samples[("floor", "postgresql")]
    floor_wall, floor_cpu = median([t[0] for t in floor]), median([t[1] for t in floor])
    for name in ("show", "list --limit 50", "confirm"):
        pg = samples.get((name, "postgresql"), [])
        lite = samples.get((name, "sqlite"), [])
        if not pg or not lite:
            continue
        pg_wall, pg_cpu = median([t[0] for t in pg]), median([t[1] for t in pg])
        row("cold", name, size_name, pg_wall, median([t[0] for t in lite]),
            f"client cpu {ms(pg_cpu)} vs {ms(median([t[1] for t in lite]))}; "
            f"server cpu {ms(median([t[2] for t in pg]))}; PostgreSQL's import floor {ms(floor_wall)} wall, "
            f"{ms(floor_cpu)} cpu (x{pg_wall / floor_wall:.2f} wall, x{pg_cpu / floor_cpu:.2f} cpu of it); "
            f"median of {len(pg)}")
    pg_load.drop_database("bench_cold")
    if copy is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)


# ------------------------------------------------------------------ in-process

def _desk(target: str, anchor: datetime) -> Desk:
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine, resolve_url

    return Desk(make_engine(resolve_url(target)), "bench", clock=lambda: anchor, where=target)


def _calls(anchor: datetime) -> dict[str, Callable[[Any], Any]]:
    from tracker.service.reading import ListQuery, default_order, list_page
    from tracker.service.report import build_report
    from tracker.service.sweep import sweep

    def flat(**flags: bool) -> Callable[[Any], Any]:
        sort, descending = default_order(**flags)
        query = ListQuery(sort=sort, descending=descending, limit=50, hide_duplicates=True, **flags)
        return lambda desk: list_page(desk, query)

    calls: dict[str, Callable[[Any], Any]] = {
        "report (build_report)": build_report,
        "sweep --dry-run (count + first 50)": lambda desk: sweep(desk, dry_run=True, preview=50),
        "list --stale (first 50)": flat(stale=True),
        "list --due-soon (first 50)": flat(due_soon=True),
        "list --limit 50": lambda desk: list_page(desk, ListQuery(limit=50, hide_duplicates=True)),
    }
    for words in SEARCHES:
        query = ListQuery(search=words, sort="relevance", limit=50, hide_duplicates=True)
        calls[f"list --search '{words}'"] = partial(list_page, query=query)
    return calls


def bench_inproc(size_name: str, runs: int) -> None:
    size = generate.SIZES[size_name]
    db = pg_load.source_db(size)
    anchor = datetime.fromisoformat(generate.load_meta(size)["anchor"]).astimezone(UTC)
    pg_url = pg_load.ensure_loaded(size)
    desks = {"sqlite": _desk(str(db), anchor), "postgresql": _desk(pg_url, anchor)}
    log(f"in-process at {size_name}: median of {runs}, SQLite and PostgreSQL alternating")
    for name, call in _calls(anchor).items():
        results: dict[str, list[tuple[float, float, float]]] = {"sqlite": [], "postgresql": []}
        counts: dict[str, int] = {}
        for engine, desk in desks.items():
            counts[engine] = _count(call(desk))  # warm: statements compiled, pages cached
        for _ in range(runs):
            for engine, desk in desks.items():
                server = pg_load.server_cpu() if engine == "postgresql" else 0.0
                start, cpu = time.perf_counter(), time.process_time()
                call(desk)
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                results[engine].append((wall, used, pg_load.server_cpu() - server if engine == "postgresql" else 0))
        pg, lite = results["postgresql"], results["sqlite"]
        same = "same result size" if counts["sqlite"] == counts["postgresql"] else \
            f"**results differ**: {counts['sqlite']} vs {counts['postgresql']}"
        target, ok = "", None
        if name.startswith(("report", "sweep")) and size_name == "1m":
            target, ok = "< 300 ms", median([t[0] for t in pg]) < 0.3
        if name.startswith(("list --stale", "list --due-soon")):
            first = FLAT.setdefault(name, (size_name, median([t[0] for t in pg])))
            if first[0] != size_name:
                target = f"<= 2x {first[0]} ({ms(first[1])})"
                ok = median([t[0] for t in pg]) <= 2 * first[1]
        row("inproc", name, size_name, median([t[0] for t in pg]), median([t[0] for t in lite]),
            f"client cpu {ms(median([t[1] for t in pg]))} vs {ms(median([t[1] for t in lite]))}; "
            f"server cpu {ms(median([t[2] for t in pg]))}; {same}", target=target, ok=ok)
    for desk in desks.values():
        desk.engine.dispose()


def _count(result: Any) -> int:
    if hasattr(result, "rows"):
        return len(result.rows)
    total = getattr(result, "expired_total", None)
    return int(total) if total is not None else 1


# ------------------------------------------------------------------ plans

BIG_TABLES = ("claim", "event", "evidence", "claim_tag", "claim_search")


def bench_plans(size_name: str) -> list[str]:
    """EXPLAIN (ANALYZE) every statement the in-process calls issue on PostgreSQL; the findings."""
    from sqlalchemy import event

    size = generate.SIZES[size_name]
    anchor = datetime.fromisoformat(generate.load_meta(size)["anchor"]).astimezone(UTC)
    desk = _desk(pg_load.ensure_loaded(size), anchor)
    findings: list[str] = []
    for name, call in _calls(anchor).items():
        captured: list[tuple[str, Any]] = []

        def capture(conn: object, cursor: object, statement: str, parameters: Any, context: object,
                    executemany: bool, captured: list[tuple[str, Any]] = captured) -> None:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                captured.append((statement, parameters))

        event.listen(desk.engine, "before_cursor_execute", capture)
        call(desk)
        event.remove(desk.engine, "before_cursor_execute", capture)
        bad: list[str] = []
        with desk.engine.connect() as conn:
            cursor = conn.connection.cursor()
            for statement, parameters in captured:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
                plan = cursor.fetchone()[0][0]
                found = []
                for node in _nodes(plan["Plan"]):
                    kind, loops = node["Node Type"], max(1, node.get("Actual Loops", 1))
                    read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
                    if kind == "Seq Scan" and node.get("Relation Name") in BIG_TABLES and read > 1000:
                        found.append(f"Seq Scan on {node['Relation Name']} ({read:,} rows)")
                    elif node.get("Rows Removed by Filter", 0) * loops > 1000:
                        found.append(f"{kind} on {node.get('Relation Name') or node.get('Index Name')} read "
                                     f"{node['Rows Removed by Filter'] * loops:,} rows its filter dropped")
                    if kind in ("Sort", "Incremental Sort") and node.get("Actual Rows", 0) > 1000:
                        found.append(f"{kind} of {node['Actual Rows']:,} rows")
                if found:
                    bad += found
                    shown = " ".join(statement.split())
                    findings.append(f"{size_name} {name}: {'; '.join(found)} in: {shown[:400]}")
            conn.rollback()
        note = "; ".join(sorted(set(bad))) if bad else "index scans only, no sort over 1000 rows"
        findings.append(f"{size_name} {name}: {len(captured)} statements: {note}")
        ROWS.append({"section": "plans", "what": f"EXPLAIN {name}", "size": size_name,
                     "value": f"{len(captured)} statements", "floor": "-", "ratio": "-",
                     "target": "on an index", "ok": not bad, "note": note})
        log(f"  plans    {name:<46} {size_name:>5}  {note}")
    desk.engine.dispose()
    return findings


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


# ------------------------------------------------------------------ sweep

def bench_sweep(size_name: str, work: Path) -> None:
    """Every claim overdue at the anchor expired, on a private copy of each engine's database."""
    size = generate.SIZES[size_name]
    db = pg_load.source_db(size)
    anchor = datetime.fromisoformat(generate.load_meta(size)["anchor"]).astimezone(UTC)
    pg_load.ensure_loaded(size)
    from tracker.service.sweep import sweep

    timings: dict[str, tuple[float, float, float, int]] = {}
    for engine in ("sqlite", "postgresql"):
        if engine == "sqlite":
            target = str(work / "sweep.db")
            shutil.copyfile(db, target)
        else:
            target = pg_load.copy_database(size, "bench_sweep")
        desk = _desk(target, anchor)
        server = pg_load.server_cpu()
        start, cpu = time.perf_counter(), time.process_time()
        result = sweep(desk)
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        timings[engine] = (wall, used, pg_load.server_cpu() - server if engine == "postgresql" else 0.0,
                           len(result.expired))
        desk.engine.dispose()
        verify = subprocess.run([tracker(), "--db", target, "verify"], capture_output=True, text=True)
        if verify.returncode != 0:
            raise SystemExit(f"verify failed after the sweep on {engine}: {verify.stdout[-500:]}")
        if engine == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        else:
            pg_load.drop_database("bench_sweep")
    pg, lite = timings["postgresql"], timings["sqlite"]
    same = "same claims" if pg[3] == lite[3] else f"**differ**: {lite[3]} vs {pg[3]}"
    row("sweep", f"sweep of {pg[3]:,} overdue claims", size_name, pg[0], lite[0],
        f"client cpu {pg[1]:.1f} vs {lite[1]:.1f} s; server cpu {pg[2]:.1f} s; {same}; "
        f"{pg[3] / pg[0]:,.0f} vs {lite[3] / lite[0]:,.0f} claims/s; verify passes on both",
        value=f"{pg[0]:.1f} s (PostgreSQL)", floor=f"{lite[0]:.1f} s (SQLite)")


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "10k,100k,1m")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="cold,inproc,plans,writers,sweep")
    parser.add_argument("--writers-size", default="100k")
    parser.add_argument("--sweep-size", default="100k")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--changes", type=int, default=150, help="changes per writer")
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    only = set(args.only.split(","))
    started = time.perf_counter()
    pg_load.start()
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-pg-", dir=HERE / "data"))
    findings: list[str] = []
    try:
        for size_name in sizes:
            if "cold" in only:
                bench_cold(size_name, args.runs, work)
            if "inproc" in only:
                bench_inproc(size_name, args.runs)
            if "plans" in only:
                findings += bench_plans(size_name)
        if "sweep" in only:
            bench_sweep(args.sweep_size, work)
        if "writers" in only:
            import writers

            ROWS.extend(writers.bench(args.writers_size, args.writers, args.changes, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"bench_pg: sizes {','.join(sizes)}, {args.runs} runs, {time.perf_counter() - started:.0f} s; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| section | what | size | PostgreSQL | SQLite | ratio | target | met | notes |")
    print("| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |")
    for item in ROWS:
        met = {True: "yes", False: "**no**", None: ""}[item.get("ok")]
        print(f"| {item['section']} | {item['what']} | {item['size']} | {item['value']} | {item['floor']} | "
              f"{item['ratio']} | {item.get('target', '')} | {met} | {item.get('note', '')} |")
    for line in findings:
        print(f"plan: {line}")
    for item in ROWS:
        print(json.dumps(item))
    return 0 if all(item.get("ok") is not False for item in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
