"""Benchmark: search at 1M claims, in-process (a script, not a pytest test).

    python tests/bench/bench_search.py [--size 1m] [--runs 9] [--db PATH]

Uses the generator's cached database (tests/bench/generate.py, read-only; its full-text index
is built by the same SQL as the migration). For each search, the median of `--runs` of:

- `list --search` as the CLI runs it, in-process: `reading.list_claims` with the relevance
  sort (own words first, then tags/source/evidence), a page of 50 with tags and stance counts;
- the TUI's page: `reading.page` (keyset, newest first), the same page size.

Floors, measured in the same run: raw sqlite3 asking the FTS5 index alone for the same 50 ids
(`SELECT rowid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY rowid DESC LIMIT 50`), and the
same service call with no search (transaction, schema check, 50 rows with tags and counts). Before
(round 1): the LIKE scan over text and speaker, once per search. Target (issue 13): under 50 ms.

Run by tests/bench/run.py (README.md in this folder: the contract): besides the text table it
prints one JSON row per figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, ensure_db

SEARCHES = (
    ("zelenskyy", "a speaker's name"),
    ("zelensk", "a name, still being typed"),
    ("grain corridor", "two words"),
    ('"frozen-assets loan"', "a hyphenated phrase"),
    ("putin sanctions oil", "three words"),
    ("reuters", "an outlet (source and evidence only)"),
    ("said", "a word in 10% of claims"),
    ("claim 123456", "a needle"),
    ("claim", "a word in 70% of claims, as a prefix"),
    ("claim ", "the same, a whole word (trailing space)"),
)
TARGET = 0.050


def median_of(runs: int, action: Callable[[], object]) -> float:
    action()  # warm: page cache, statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fts_ids(raw: sqlite3.Connection, match: str) -> list[tuple[int]]:
    """The floor: the index alone, the same page of ids."""
    return raw.execute("SELECT rowid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY rowid DESC LIMIT 50",
                       (match,)).fetchall()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick = bool(os.environ.get("BENCH_QUICK"))
    sizes = [s for s in os.environ.get("BENCH_SIZES", "").split(",") if s]
    default = "1m" if not sizes or "1m" in sizes else sizes[-1]
    parser.add_argument("--size", default=default)
    parser.add_argument("--runs", type=int, default=5 if quick else 9)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    size_name = args.size.lower()
    path = args.db or ensure_db(SIZES[size_name])

    from tracker.domain.search_text import search_terms
    from tracker.service import reading
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine
    from tracker.store.search import fts5_query

    engine = make_engine(f"sqlite:///{path}")
    desk = Desk(engine, "bench", where=str(path))
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    print(f"database: {path.name}; medians of {args.runs} runs; page of 50; target < {TARGET * 1000:.0f} ms")
    print(f"{'search':<24} {'what':<38} {'matches':>9} {'list --search':>14} {'TUI page':>10} {'FTS5 ids':>10} "
          f"{'LIKE (before)':>14}")
    plain = median_of(args.runs, lambda: reading.list_claims(desk, reading.ListQuery(limit=50)))
    print(f"{'(no search)':<24} {'list, newest first: the service floor':<38} {'':>9} {ms(plain):>14}")
    print(json.dumps({"section": "search", "what": "list, no search (service floor)", "size": size_name,
                      "value": ms(plain), "floor": "-", "ratio": "-", "target": "", "ok": None,
                      "note": f"median of {args.runs}"}))
    missed = []
    for text, what in SEARCHES:
        terms = search_terms(text)
        match = fts5_query(terms)
        matches = raw.execute("SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?", (match,)).fetchone()[0]
        relevance = reading.ListQuery(search=text, sort="relevance", limit=50)
        newest = reading.ListQuery(search=text, limit=50)
        listed = median_of(args.runs, partial(reading.list_claims, desk, relevance))
        paged = median_of(args.runs, partial(reading.page, desk, newest))
        floor = median_of(args.runs, partial(fts_ids, raw, match))
        words = [t for term in terms for t in term.tokens]
        like_sql = "SELECT id FROM claim WHERE " + " AND ".join(
            "(lower(text) LIKE ? OR lower(speaker) LIKE ?)" for _ in words) + " ORDER BY id DESC LIMIT 50"
        params = [p for w in words for p in (f"%{w.lower()}%",) * 2]
        started = time.perf_counter()
        raw.execute(like_sql, params).fetchall()
        before = time.perf_counter() - started
        print(f"{text!r:<24} {what:<38} {matches:>9,} {ms(listed):>14} {ms(paged):>10} {ms(floor):>10} {ms(before):>14}")
        worst = max(listed, paged)
        if worst >= TARGET:
            missed.append(text)
        for label, value in (("list --search", listed), ("TUI page", paged)):
            print(json.dumps({
                "section": "search", "what": f"{label} {text!r} ({what})", "size": size_name, "value": ms(value),
                "floor": f"{ms(floor)} (FTS5 ids)", "ratio": f"{value / floor:.1f}" if floor else "-",
                "target": "< 50 ms", "ok": value < TARGET,
                "note": f"{matches:,} matches; median of {args.runs}; LIKE scan before: {ms(before)}",
            }))
    engine.dispose()
    print("\ntarget: under 50 ms: " + ("MISSED " + ", ".join(missed) if missed else "met for every search"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
