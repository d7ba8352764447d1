"""Concurrent writers: N processes changing claims at once, on PostgreSQL and on SQLite (WAL, busy timeout).

Run by bench_pg.py (`--only writers`), or alone:

    python tests/bench/writers.py [--size 100k] [--writers 8] [--changes 150]

Each engine gets a private copy of the generated database (SQLite: a file copy; PostgreSQL: a
server-side `CREATE DATABASE ... TEMPLATE` of the loaded one). Three workloads, each run on both:

* **distinct**: every writer its own claims; per claim two supporting evidence items from two
  outlets, then `confirm`; each change is its own transaction through the service's desk-level
  use cases (`add_evidence`, `apply_trigger`: what `tracker evidence` / `tracker confirm` and the
  TUI call; on SQLite the sqlite3-only single-change path), in one warm process per writer;
* **contended**: all writers on the same 16 claims, as editors who read a claim and then change
  it at the version they read (`expected_version`): evidence mostly, a confirm (override) or
  reopen now and then. A change that lost the race gets exit 5 (Conflict) and is retried after
  reading the claim again, as a script or the TUI would;
* **apply**: every writer one `tracker apply` process of `--changes` x 4 evidence/transition lines
  on its own claims (batches: 1000 lines a transaction, a savepoint a line); the exit code of
  every line is read from its JSON result.

Reported per workload and engine: total changes per second (all writers, from the common start
to the last change), p50 and p99 latency per change (from its first attempt to its success),
conflicts retried, and the accounting: every change is ok, refused (exit 4: the rules), or a
conflict retried until it landed; a traceback or any other outcome fails the benchmark. After
each run: the events written equal the changes that landed (counted per writer by actor),
and `tracker verify` passes (the hash chain and the projections).
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
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import pg_load  # noqa: E402

OUTLETS = generate.OUTLETS
CONTENDED = 16
RETRIES = 50


def _claims(db: Path, n: int) -> list[int]:
    """n open claims of `db` with no deadline soon, no evidence from the bench's outlets pattern,
    and no duplicate links (a confirm of a primary moves its duplicates too: extra events)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [r[0] for r in con.execute(
        "SELECT id FROM claim WHERE status = 'unconfirmed' AND (expires_at IS NULL OR expires_at > "
        "strftime('%Y-%m-%d %H:%M:%f', 'now', '+2 days')) AND duplicate_of IS NULL AND uuid NOT IN "
        "(SELECT duplicate_of FROM claim WHERE duplicate_of IS NOT NULL) ORDER BY id")]
    con.close()
    random.Random(7).shuffle(ids)
    if len(ids) < n:
        raise SystemExit(f"only {len(ids)} suitable claims in {db.name}, {n} needed")
    return ids[:n]


# ------------------------------------------------------------------ one writer (a child process)

def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one writer's stream; return its outcome counts and latencies."""
    from tracker.domain.errors import TrackerError
    from tracker.service.claims import EvidenceDraft, add_evidence
    from tracker.service.moves import apply_trigger
    from tracker.service.opening import open_desk
    from tracker.service.reading import show

    actor = spec["actor"]
    desk = open_desk(spec["url"], actor=actor)  # as the CLI opens a desk: a path, or a postgresql:// URL
    show(desk, spec["claims"][0])  # warm: imports, engine, first connection
    rnd = random.Random(spec["seed"])
    latencies: list[float] = []
    codes: dict[str, int] = {}
    retried = refused = 0
    crashes: list[str] = []
    while time.time() < spec["start_at"]:
        time.sleep(0.001)
    began = time.time()

    def change(claim: int, op: str, version: int | None) -> None:
        if op in ("supports", "contradicts", "context"):
            add_evidence(desk, claim, EvidenceDraft(op, rnd.choice(OUTLETS), note=f"{actor} check"),
                         expected_version=version)
        elif op == "confirm-override":
            apply_trigger(desk, claim, "confirm", "bench: editor's call", override=True, expected_version=version)
        else:
            apply_trigger(desk, claim, op, "bench: two sources agree" if op == "confirm" else "bench: new facts",
                          expected_version=version)

    plan: list[tuple[int, str | None]] = []
    if spec["mode"] == "distinct":
        for claim in spec["claims"]:
            plan += [(claim, "supports:a"), (claim, "supports:b"), (claim, "confirm")]
        plan = plan[: spec["changes"]]
    else:
        plan = [(rnd.choice(spec["claims"]), None) for _ in range(spec["changes"])]
    outlets: dict[int, list[str]] = {}
    for claim, op in plan:
        first = time.perf_counter()
        attempts = 0
        while True:
            attempts += 1
            try:
                if spec["mode"] == "distinct":
                    assert op is not None
                    if op.startswith("supports"):
                        pair = outlets.setdefault(claim, rnd.sample(OUTLETS, 2))
                        add_evidence(desk, claim, EvidenceDraft("supports", pair[op == "supports:b"],
                                                                note=f"{actor} check"))
                    else:
                        change(claim, op, None)
                else:
                    seen = show(desk, claim)
                    pick = rnd.random()
                    if pick < 0.08:
                        kind = "confirm-override" if seen.status.value == "unconfirmed" else "reopen"
                        if seen.status.value not in ("unconfirmed", "confirmed"):
                            kind = "reopen"
                    else:
                        kind = rnd.choice(("supports", "contradicts", "context"))
                    change(claim, kind, seen.version)
                codes["0"] = codes.get("0", 0) + 1
                latencies.append(time.perf_counter() - first)
                break
            except TrackerError as err:
                code = int(err.exit_code)
                if code == 5 and attempts < RETRIES:
                    retried += 1
                    time.sleep(rnd.uniform(0.001, 0.01))
                    continue
                codes[str(code)] = codes.get(str(code), 0) + 1
                if code == 4:
                    refused += 1
                else:
                    crashes.append(f"exit {code}: {err.message}")
                break
            except Exception:  # a traceback is the defect this benchmark looks for
                crashes.append(traceback.format_exc(limit=6))
                codes["traceback"] = codes.get("traceback", 0) + 1
                break
    return {"actor": actor, "began": began, "ended": time.time(), "latencies": latencies, "codes": codes,
            "retried": retried, "refused": refused, "crashes": crashes[:5]}


# ------------------------------------------------------------------ the runs

def _target(engine: str, size: int, work: Path) -> str:
    if engine == "sqlite":
        path = work / "writers.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pg_load.source_db(size), path)
        return str(path)
    return pg_load.copy_database(size, "bench_writers")


def _events_by_actor(target: str) -> tuple[int, dict[str, int]]:
    sql_total = "SELECT seq FROM event_head"
    sql_actor = "SELECT actor, count(*) FROM event WHERE actor LIKE 'writer-%' GROUP BY actor"
    if target.startswith("postgresql"):
        import psycopg

        with psycopg.connect(target) as conn:
            head = conn.execute(sql_total).fetchone()
            total = head[0] if head else 0
            by = dict(conn.execute(sql_actor).fetchall())
    else:
        con = sqlite3.connect(target)
        total = con.execute(sql_total).fetchone()[0]
        by = dict(con.execute(sql_actor).fetchall())
        con.close()
    return int(total), {str(k): int(v) for k, v in by.items()}


def _verify(target: str) -> str:
    tracker = Path(sys.executable).with_name("tracker")
    done = subprocess.run([str(tracker), "--db", target, "verify"], capture_output=True, text=True)
    if done.returncode != 0:
        return f"**verify failed** (exit {done.returncode}): {(done.stdout + done.stderr).strip()[-300:]}"
    return "verify ok"


def run_service(engine: str, mode: str, size: int, writers: int, changes: int, work: Path,
                claims: list[int]) -> dict[str, Any]:
    target = _target(engine, size, work)
    before, _ = _events_by_actor(target)
    start_at = time.time() + 4.0  # imports and the first connection happen before the common start
    specs = []
    for k in range(writers):
        mine = claims[:CONTENDED] if mode == "contended" else claims[k::writers]
        specs.append({"actor": f"writer-{k}", "url": target, "mode": mode, "claims": mine, "changes": changes,
                      "seed": 1000 + k, "start_at": start_at})
    procs = []
    for spec in specs:
        path = work / f"{spec['actor']}.json"
        path.write_text(json.dumps(spec))
        procs.append((subprocess.Popen([sys.executable, str(Path(__file__)), "--worker", str(path)],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE), path))
    outcomes = []
    for proc, path in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            outcomes.append({"actor": path.stem, "crashes": [f"worker exited {proc.returncode}: "
                                                             f"{err.decode()[-800:]}"], "codes": {}, "latencies": [],
                             "retried": 0, "refused": 0, "began": start_at, "ended": time.time()})
            continue
        outcomes.append(json.loads(out))
    after, by_actor = _events_by_actor(target)
    result = _summary(engine, mode, outcomes, after - before, by_actor)
    result["verify"] = _verify(target)
    _drop(engine, target)
    return result


def run_apply(engine: str, size: int, writers: int, changes: int, work: Path, claims: list[int]) -> dict[str, Any]:
    """`writers` concurrent `tracker apply` processes, each on its own claims."""
    target = _target(engine, size, work)
    before, _ = _events_by_actor(target)
    tracker = Path(sys.executable).with_name("tracker")
    files = []
    per = changes * 4
    for k in range(writers):
        lines = []
        for claim in claims[k::writers][: per // 3 + 1]:
            a, b = random.Random(claim).sample(OUTLETS, 2)
            lines += [{"action": "evidence", "id": claim, "stance": "supports", "source": a, "actor": f"writer-{k}"},
                      {"action": "evidence", "id": claim, "stance": "supports", "source": b, "actor": f"writer-{k}"},
                      {"action": "confirm", "id": claim, "reason": "two sources", "actor": f"writer-{k}"}]
        path = work / f"apply-{k}.jsonl"
        path.write_text("\n".join(json.dumps(x) for x in lines[:per]) + "\n")
        files.append(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_NO_PROGRESS="1", NO_COLOR="1")
    began = time.time()
    procs = [subprocess.Popen([str(tracker), "--db", target, "apply", str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env) for path in files]
    outcomes = []
    for k, proc in enumerate(procs):
        out, err = proc.communicate()
        ended = time.time()
        codes: dict[str, int] = {}
        results = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
        for item in results:
            key = "0" if item.get("ok") else str(item.get("code"))
            codes[key] = codes.get(key, 0) + 1
        expected = len(files[k].read_text().splitlines())
        crashes = []
        if len(results) != expected:
            crashes.append(f"apply exited {proc.returncode} after {len(results)} of {expected} lines: "
                           f"{err.decode().strip()[-300:]}")
        if "Traceback" in err.decode():
            crashes.append("traceback: " + err.decode()[-500:])
        outcomes.append({"actor": f"writer-{k}", "began": began, "ended": ended, "latencies": [], "codes": codes,
                         "retried": 0, "refused": codes.get("4", 0), "crashes": crashes,
                         "exit": proc.returncode, "unreported": expected - len(results)})
    after, by_actor = _events_by_actor(target)
    result = _summary(engine, "apply", outcomes, after - before, by_actor)
    result["exits"] = sorted({o["exit"] for o in outcomes})
    result["verify"] = _verify(target)
    _drop(engine, target)
    return result


def _drop(engine: str, target: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    else:
        pg_load.drop_database("bench_writers")


def _summary(engine: str, mode: str, outcomes: list[dict[str, Any]], events: int,
             by_actor: dict[str, int]) -> dict[str, Any]:
    latencies = sorted(x for o in outcomes for x in o["latencies"])
    ok = sum(o["codes"].get("0", 0) for o in outcomes)
    codes: dict[str, int] = {}
    for o in outcomes:
        for k, v in o["codes"].items():
            codes[k] = codes.get(k, 0) + v
    span = max(o["ended"] for o in outcomes) - min(o["began"] for o in outcomes)
    mismatched = [o["actor"] for o in outcomes if by_actor.get(o["actor"], 0) != o["codes"].get("0", 0)]
    return {
        "engine": engine, "mode": mode, "ok": ok, "codes": codes, "events": events, "span": span,
        "rate": ok / span if span else 0.0,
        "p50": statistics.median(latencies) if latencies else None,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None,
        "retried": sum(o["retried"] for o in outcomes),
        "crashes": [c for o in outcomes for c in o["crashes"]][:5],
        "accounted": events == ok and not mismatched,
        "mismatched": mismatched,
    }


def bench(size_name: str, writers: int, changes: int, work: Path) -> list[dict[str, Any]]:
    """Every workload on both engines; the JSON rows for bench_pg.py's table."""
    size = generate.SIZES[size_name]
    pg_load.ensure_loaded(size)
    claims = _claims(pg_load.source_db(size), writers * (changes * 4 // 3 + 2))
    rows = []
    for mode in ("distinct", "contended", "apply"):
        found = {}
        for engine in ("sqlite", "postgresql"):
            print(f"writers: {mode} on {engine} ({writers} x {changes if mode != 'apply' else changes * 4})",
                  file=sys.stderr, flush=True)
            found[engine] = (run_apply(engine, size, writers, changes, work, claims) if mode == "apply" else
                             run_service(engine, mode, size, writers, changes, work, claims))
            print("  " + json.dumps({k: v for k, v in found[engine].items() if k != "crashes"}), file=sys.stderr)
            for crash in found[engine]["crashes"]:
                print("  CRASH " + crash, file=sys.stderr)
        pg, lite = found["postgresql"], found["sqlite"]

        def lat(r: dict[str, Any]) -> str:
            return "-" if r["p50"] is None else f"p50 {r['p50'] * 1000:.1f} ms, p99 {r['p99'] * 1000:.1f} ms"

        def facts(r: dict[str, Any]) -> str:
            codes = ", ".join(f"exit {k} x{v}" for k, v in sorted(r["codes"].items()))
            extra = f"; exits {r['exits']}" if "exits" in r else ""
            acc = "every change accounted for" if r["accounted"] and not r["crashes"] else \
                f"**NOT accounted**: {r['events']} events for {r['ok']} ok; {r['mismatched']}; {r['crashes'][:1]}"
            return f"{codes}; {r['retried']} conflicts retried; {acc}; {r['verify']}{extra}"

        ok = pg["accounted"] and lite["accounted"] and not pg["crashes"] and not lite["crashes"] \
            and "ok" in pg["verify"] and "ok" in lite["verify"]
        rows.append({"section": "writers", "what": f"{writers} writers, {mode}", "size": size_name,
                     "value": f"{pg['rate']:,.0f} changes/s (PostgreSQL)",
                     "floor": f"{lite['rate']:,.0f} changes/s (SQLite)",
                     "ratio": f"{pg['rate'] / lite['rate']:.2f}" if lite["rate"] else "-",
                     "target": "nothing lost, no traceback", "ok": ok,
                     "note": f"PostgreSQL: {lat(pg)}; {facts(pg)}. SQLite: {lat(lite)}; {facts(lite)}"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--changes", type=int, default=150)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(Path(args.worker).read_text()))))
        return 0
    pg_load.start()
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-writers-", dir=HERE / "data"))
    try:
        rows = bench(args.size, args.writers, args.changes, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for item in rows:
        print(json.dumps(item))
    return 0 if all(item["ok"] for item in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
