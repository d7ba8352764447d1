"""Benchmark: a TUI refresh deep in a long list (issue 10, item 4), a script, not a pytest test.

    python tests/bench/bench_refresh.py [--size 10k] [--runs 5] [--db PATH]

The app runs headless on the generator's cached database (tests/bench/generate.py; a copy, so the
cached file is never written), the cursor is moved down through the whole list page by page (every
row of 10,000 scrolled through, as an editor holding PgDn would), and then each figure is the median
of `--runs`:

- refresh at the bottom: `reload()` (what F5, an outside write or the 60-second clock do) to the rows
  on screen again, with the cursor on the same claim, measured after scrolling through every row;
- refresh at the top, for comparison: the same after `Home`;
- longest UI stall during a refresh: the longest gap a 5 ms ticker on the event loop saw while the
  refresh ran (the read runs in a worker thread; typing goes on meanwhile);
- the rows a refresh reads (at most `tracker.tui.window.KEEP`, whatever the depth).

Floor, measured in the same run: raw sqlite3 reading the same rows around the same claim (the two
keyset queries, the rows' tags and evidence counts) on one connection. Before issue 10 a refresh
re-read every row loaded so far: 0.6-1.7 s and a frozen screen with more than 2,000 rows loaded.

Prints a text table, then one JSON row per figure (tests/bench/README.md, "Contract").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, ensure_db


async def until(check: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.perf_counter() + limit
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the table was not updated in time")
        await asyncio.sleep(0.001)


async def idle(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.main
    await until(lambda: screen.rows_loader.idle and screen.detail_loader.idle)
    await pilot.pause(0.02)


async def refresh(pilot) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """Seconds from `reload()` to the rows on screen, the longest event-loop stall meanwhile, rows read."""
    screen = pilot.app.main
    here = screen.target().id
    stalls: list[float] = []
    done = False

    async def ticker() -> None:
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            stalls.append(now - last - 0.005)
            last = now

    tick = asyncio.create_task(ticker())
    before = screen.loads
    started = time.perf_counter()
    screen.reload()
    await until(lambda: screen.loads > before and screen.rows_loader.idle)
    took = time.perf_counter() - started
    done = True
    await tick
    assert screen.target().id == here, "the cursor left its claim"
    return took, max(stalls, default=0.0), len(screen.table.rows_shown)


def floor(path: Path, anchor: int, before: int, after: int) -> float:
    """Raw sqlite3: the same rows around claim `anchor` (newest first), their tags and evidence counts."""
    started = time.perf_counter()
    with sqlite3.connect(path) as raw:
        above = raw.execute("SELECT * FROM claim WHERE id > ? ORDER BY id ASC LIMIT ?", (anchor, before)).fetchall()
        below = raw.execute("SELECT * FROM claim WHERE id <= ? ORDER BY id DESC LIMIT ?", (anchor, after)).fetchall()
        ids = [row[0] for row in above + below]
        marks = ",".join("?" * len(ids))
        raw.execute(f"SELECT claim_id, tag FROM claim_tag WHERE claim_id IN ({marks})", ids).fetchall()
        raw.execute(f"SELECT claim_id, stance, count(*) FROM evidence WHERE claim_id IN ({marks}) "
                    "GROUP BY claim_id, stance", ids).fetchall()
        raw.execute(f"SELECT claim_id, source FROM evidence WHERE claim_id IN ({marks})", ids).fetchall()
    return time.perf_counter() - started


async def measure(path: Path, runs: int) -> dict[str, list[float]]:
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine
    from tracker.tui.app import make_app

    found: dict[str, list[float]] = {"bottom": [], "top": [], "stall": [], "rows": [], "floor": [], "scroll": []}
    desk = Desk(make_engine(f"sqlite:///{path}"), "bench")
    app = make_app(desk, poll_interval=0)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.main
        await until(lambda: screen.loads >= 1 and screen.table.row_count > 0)
        await idle(pilot)
        started = time.perf_counter()
        presses = 0
        while not (screen.table.on_hand.at_bottom and screen.table.cursor_row == len(screen.table.rows_shown) - 1):
            await pilot.press("pagedown")
            await until(lambda: screen.rows_loader.idle)  # a page read as the cursor nears the end is in
            presses += 1
            if presses % 100 == 0:
                here = screen.target()
                print(f"  ... {presses} x PgDn, at #{here.id if here else '?'}", file=sys.stderr, flush=True)
        await idle(pilot)
        found["scroll"].append(time.perf_counter() - started)
        last = screen.target()
        assert last is not None and last.id == 1, f"scrolled to #{last.id if last else None}, not the last claim"
        for _ in range(runs):
            took, stall, rows = await refresh(pilot)
            found["bottom"].append(took)
            found["stall"].append(stall)
            found["rows"].append(rows)
            cursor = screen.table.cursor_row
            found["floor"].append(floor(path, screen.target().id, cursor, rows - cursor))
            await idle(pilot)
        await pilot.press("home")
        await until(lambda: screen.target() is not None and screen.table.on_hand.at_top)
        await idle(pilot)
        for _ in range(runs):
            took, _, _ = await refresh(pilot)
            found["top"].append(took)
            await idle(pilot)
    desk.engine.dispose()
    return found


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=3 if os.environ.get("BENCH_QUICK") else 7)
    parser.add_argument("--db", type=Path, help="use (a copy of) this database instead of the generated one")
    args = parser.parse_args()
    source = args.db or ensure_db(SIZES[args.size])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "desk.db"
        shutil.copy(source, path)
        found = asyncio.run(measure(path, args.runs))
    size = args.size if not args.db else source.name
    med = {key: statistics.median(values) for key, values in found.items()}
    print(f"scrolled through every row ({size}) with PgDn in {med['scroll']:.1f} s; rows on hand after: "
          f"{int(med['rows'])}")
    print(f"{'measure':<36}{'median':>10}{'min':>10}{'max':>10}  ratio")
    for key, label in (("bottom", "refresh at the bottom"), ("top", "refresh at the top"),
                       ("stall", "longest UI stall in a refresh"), ("floor", "floor: raw sqlite3, same rows")):
        values = found[key]
        ratio = f"{med[key] / med['floor']:.1f} x floor" if key in ("bottom", "top") else ""
        print(f"{label:<36}{ms(med[key]):>10}{ms(min(values)):>10}{ms(max(values)):>10}  {ratio}")
    note = f"median of {args.runs}, after scrolling through all {size} rows; {int(med['rows'])} rows read"
    rows = [
        {"section": "tui", "what": "TUI refresh at the bottom (cursor kept)", "size": size, "value": ms(med["bottom"]),
         "floor": f"{ms(med['floor'])} (raw sqlite3, same rows)", "ratio": f"{med['bottom'] / med['floor']:.1f}",
         "target": "< 200 ms", "ok": med["bottom"] < 0.2, "note": note},
        {"section": "tui", "what": "TUI refresh at the top", "size": size, "value": ms(med["top"]),
         "floor": f"{ms(med['floor'])} (raw sqlite3, same rows)", "ratio": f"{med['top'] / med['floor']:.1f}",
         "note": f"median of {args.runs}"},
        {"section": "tui", "what": "TUI longest UI stall during a refresh", "size": size, "value": ms(med["stall"]),
         "floor": "-", "ratio": "-", "target": "< 50 ms", "ok": med["stall"] < 0.05,
         "note": "5 ms ticker on the event loop; the read runs in a worker thread"},
    ]
    print()
    for item in rows:
        print(json.dumps(item))
    sys.exit(0 if all(item.get("ok", True) for item in rows) else 1)


if __name__ == "__main__":
    main()
