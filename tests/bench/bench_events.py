"""Benchmarks of the event history (issue 8): export, replaying an export, and `list --as-of`.

    python tests/bench/bench_events.py [--sizes 10k,100k] [--runs 3]

Each figure beside a floor measured in the same run, medians of `--runs`:

* `tracker export` of the generated database, cold (a subprocess, as a backup script runs it), beside
  raw sqlite3 writing the same lines: a subprocess that imports nothing but sqlite3 and json, selects
  the same columns and writes byte-identical lines (checked). Target: <= 2x the floor.
* `tracker apply` of that export into an empty database (verbatim events: every line an event with
  its payload and hash; lines/s). Target: >= 5,000 lines/s. Its floor is raw sqlite3 inserting the
  same event rows with executemany (no projection, no checks).
* `tracker list --as-of` one hour before the newest event, cold, beside `tracker list` (no as-of):
  target < 1 s at 100k claims.

Prints one JSON row per figure (tests/bench/README.md, "Contract"), then a short text summary.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

FLOOR = r'''
import json, sqlite3, sys
enc = json.JSONEncoder(ensure_ascii=False).encode
con = sqlite3.connect(sys.argv[1])
out = open(sys.argv[2], "w", encoding="utf-8")
q = lambda v: "null" if v is None else '"' + v + '"'
cur = con.execute("SELECT uuid, action, claim_uuid, at, actor, from_status, to_status, reason, override, payload,"
                  " hash FROM event ORDER BY id")
lines = [sys.argv[3]]
while rows := cur.fetchmany(5000):
    for u, a, c, at, who, f, t, r, o, p, h in rows:
        lines.append(f'{{"event":"{u}","action":{enc(a)},"uuid":{q(c)},"at":"{at[:10]}T{at[11:]}+00:00",'
                     f'"actor":{enc(who)},"from":{q(f)},"to":{q(t)},"reason":{"null" if r is None else enc(r)},'
                     f'"override":{"true" if o else "false"},"payload":{p},"hash":"{h}"}}')
    out.write("\n".join(lines) + "\n")
    lines = []
out.close()
'''

REPLAY_FLOOR = r'''
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
rows = []
for line in open(sys.argv[2], encoding="utf-8").read().splitlines()[1:]:
    e = json.loads(line)
    rows.append((e["event"], e["uuid"], e["at"], e["actor"], e["action"], e["from"], e["to"], e["reason"],
                 int(e["override"]), json.dumps(e["payload"]), e["hash"]))
con.execute("CREATE TABLE ev (uuid, claim_uuid, at, actor, action, f, t, reason, override, payload, hash)")
con.execute("BEGIN")
con.executemany("INSERT INTO ev VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
con.execute("COMMIT")
'''


def tracker() -> list[str]:
    found = Path(sys.executable).with_name("tracker")
    return [str(found)] if found.exists() else [sys.executable, "-m", "tracker"]


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}
    clean.pop("TRACKER_DB", None)
    return clean


def wall(argv: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env(), **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def row(**item: object) -> None:
    print(json.dumps({"section": "events", **item}), flush=True)


def bench(size_name: str, runs: int, work: Path) -> list[str]:
    size = generate.SIZES[size_name]
    db = generate.copy_db(size, work, f"events-{size_name}.db")
    summary = []
    out, floor_out = work / "export.jsonl", work / "floor.jsonl"
    tool, floor = [], []
    for _ in range(runs):
        with out.open("wb") as handle:
            tool.append(wall([*tracker(), "--db", str(db), "export"], stdout=handle))
        header = out.read_text(encoding="utf-8").split("\n", 1)[0]
        floor.append(wall([sys.executable, "-c", FLOOR, str(db), str(floor_out), header]))
        if floor_out.read_bytes() != out.read_bytes():
            raise SystemExit("the floor did not write the same lines as tracker export")
    events = out.read_text(encoding="utf-8").count("\n") - 1
    t, f = statistics.median(tool), statistics.median(floor)
    row(what=f"export {events:,} events", size=size_name, value=f"{t:.2f} s", floor=f"{f:.2f} s",
        ratio=f"{t / f:.2f}", target="<= 2x raw sqlite3", ok=t <= 2 * f,
        note=f"{events / t:,.0f} events/s; floor: sqlite3 + json only, byte-identical lines")
    summary.append(f"export at {size_name}: {t:.2f} s vs raw sqlite3 {f:.2f} s ({t / f:.2f}x)")

    replay, replay_floor = [], []
    for _ in range(runs):
        target = work / "replay.db"
        for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)
        subprocess.run([*tracker(), "--db", str(target), "init"], check=True, env=env(), capture_output=True)
        replay.append(wall([*tracker(), "--db", str(target), "apply", str(out)], stdout=subprocess.DEVNULL))
        bare = work / "bare.db"
        bare.unlink(missing_ok=True)
        replay_floor.append(wall([sys.executable, "-c", REPLAY_FLOOR, str(bare), str(out)]))
    t, f = statistics.median(replay), statistics.median(replay_floor)
    row(what=f"apply of that export ({events:,} events) into an empty database", size=size_name,
        value=f"{events / t:,.0f} lines/s", floor=f"{events / f:,.0f} lines/s", ratio=f"{t / f:.1f}",
        target=">= 5,000/s", ok=events / t >= 5000,
        note=f"{t:.1f} s; floor: raw sqlite3 executemany of the event rows alone (no projection, no checks)")
    summary.append(f"replay at {size_name}: {events / t:,.0f} lines/s")

    newest = sqlite3.connect(db).execute("SELECT max(at) FROM event").fetchone()[0]
    instant = f"{newest[:10]}T{newest[11:19]}Z"
    hour_before = subprocess.run([sys.executable, "-c", "import sys; from datetime import datetime, timedelta;"
                                  "print((datetime.fromisoformat(sys.argv[1].replace('Z', '+00:00'))"
                                  " - timedelta(hours=1)).isoformat())", instant],
                                 capture_output=True, text=True, check=True).stdout.strip()
    as_of, plain = [], []
    for _ in range(runs):
        as_of.append(wall([*tracker(), "--db", str(db), "list", "--as-of", hour_before, "--json"],
                          stdout=subprocess.DEVNULL))
        plain.append(wall([*tracker(), "--db", str(db), "list", "--json"], stdout=subprocess.DEVNULL))
    t, f = statistics.median(as_of), statistics.median(plain)
    row(what="list --as-of (an hour before the newest event), cold", size=size_name, value=f"{t:.2f} s",
        floor=f"{f:.2f} s", ratio=f"{t / f:.1f}", target="< 1 s at 100k", ok=t < 1 if size_name == "100k" else None,
        note="floor: the same list without --as-of")
    summary.append(f"list --as-of at {size_name}: {t:.2f} s (plain list {f:.2f} s)")
    for name in (db, out, floor_out):
        Path(name).unlink(missing_ok=True)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    quick = bool(os.environ.get("BENCH_QUICK"))
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "10k,100k")
    parser.add_argument("--runs", type=int, default=2 if quick else 3)
    args = parser.parse_args()
    sizes = [s for s in args.sizes.lower().split(",") if s in ("10k", "100k")] or ["10k"]
    work = Path(tempfile.mkdtemp(prefix="bench-events-"))
    try:
        lines = []
        for size in sizes:
            lines += bench(size, args.runs, work)
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
