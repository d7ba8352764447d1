"""Benchmark: what the similar-claims check costs an `add` line (issue 13), in-process.

    python tests/bench/bench_similar.py [--size 10k] [--lines 2000] [--runs 3]

`tracker apply` of `--lines` add lines (tests/bench/workloads.add_lines: every text shares its
words with thousands of claims, so every line fetches and scores the full candidate list) on a
fresh copy of the generated database, twice per run, alternating:

- with the check, as every add runs it (`plan_add` -> `tracker.service.similar.lookalikes`: one
  FTS5 query with a LIMIT, the lexical score of those candidates only);
- without it (the same planner with `lookalikes` replaced by nothing): the floor, measured in
  the same run.

Prints the median CPU lines/s of each and their ratio (one JSON row per figure, the contract of
tests/bench/README.md), then a short text summary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import workloads


def run_once(db: Path, lines: list[str], *, check: bool) -> tuple[float, float, int]:
    """(wall s, cpu s, matches reported) of one apply of `lines` on `db`."""
    import tracker.service.claims as claims
    from tracker.service.batch import apply_lines
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine

    original = claims.lookalikes
    if not check:
        claims.lookalikes = lambda step, text, **kw: ()  # type: ignore[assignment]
    try:
        desk = Desk(make_engine(f"sqlite:///{db}"), "bench", where=str(db))
        start, cpu = time.perf_counter(), time.process_time()
        results = list(apply_lines(desk, lines))
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        desk.engine.dispose()
    finally:
        claims.lookalikes = original
    assert all(r.ok for r in results), [r.error for r in results if not r.ok][:3]
    matches = sum(len(r.claim.similar or ()) for r in results if r.claim is not None)
    return wall, used, matches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", choices=sorted(generate.SIZES))
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    size = generate.SIZES[args.size]
    lines = workloads.add_lines(args.lines)
    timings: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for check in (run % 2 == 0, run % 2 != 0):
                db = generate.copy_db(size, Path(tmp), f"run{run}-{int(check)}.db")
                timings[check].append(run_once(db, lines, check=check))
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
    n = len(lines)
    cpu = {check: statistics.median(t[1] for t in found) for check, found in timings.items()}
    wall = {check: statistics.median(t[0] for t in found) for check, found in timings.items()}
    per_line_ms = (cpu[True] - cpu[False]) / n * 1000
    ratio = cpu[True] / cpu[False]
    rows = [
        {"section": "similar", "what": f"apply {n:,} add lines, similar check (CPU lines/s)", "size": args.size,
         "value": f"{n / cpu[True]:,.0f}", "floor": f"{n / cpu[False]:,.0f} (no check)", "ratio": f"{ratio:.2f}",
         "target": "<= 1.5x", "ok": ratio <= 1.5,
         "note": f"+{per_line_ms:.2f} ms CPU a line; wall {wall[True]:.2f} s vs {wall[False]:.2f} s; "
                 f"median of {args.runs}; {timings[True][0][2]} matches reported"},
    ]
    for row in rows:
        print(json.dumps(row))
    print(f"add lines: {n / cpu[True]:,.0f} lines/CPU-s with the check, {n / cpu[False]:,.0f} without: "
          f"x{ratio:.2f} CPU, +{per_line_ms:.2f} ms a line", file=sys.stderr)


if __name__ == "__main__":
    main()
