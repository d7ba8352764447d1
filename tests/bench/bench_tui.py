"""Benchmark: the triage UI on 100,000 claims (a script, not a pytest test).

    python tests/bench/bench_tui.py [--size 100k] [--runs 5] [--db PATH]

Uses the generator's cached database (tests/bench/generate.py, read-only), then runs
the app headless (`App.run_test`, the factory the CLI uses) and measures, each as the
median of `--runs`:

- cold start: a new process (imports, engine, app) to the first page on screen;
- first paint: app start (in a warm process) to the first page of rows in the table;
- view switch: pressing a view key (2, 3, 4, 5, 7: one per run) to the new rows in the table;
- sort: `o` to the re-sorted rows;
- search keystroke: one more character in the search box to the filtered rows;
- deep page: loading the next page 90,000 rows down (keyset, as the cursor nears the end).

Floors measured in the same run, for the ratios: a bare Textual app showing a
100-row DataTable (first paint), `python -c "import textual.app"` (cold start) and raw
sqlite3 running the same page query. Targets (issues 3 and 5): first page < 1 s; view
switch, sort, search keystroke < 200 ms.

Run by tests/bench/run.py (README.md in this folder: the contract): besides the text
table it prints one JSON row per figure. The TUI code is not touched: everything is
driven from outside through the screen's public state (`loads`, `table`, `search_text`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, ensure_db

SEARCH, KEY = "zelensk", "y"
"""The search already typed, and the keystroke timed (the generated speakers include Zelenskyy)."""


async def until(check: Callable[[], bool], limit: float = 10.0) -> None:
    """Yield to the event loop until `check()` holds (1 ms granularity)."""
    deadline = time.perf_counter() + limit
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the table was not updated in time")
        await asyncio.sleep(0.001)


async def quiet(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the work a previous step started (counts, detail, footer) finish before the next measurement."""
    from textual.worker import WorkerCancelled

    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:  # a detail load replaced by a newer one
        pass
    await pilot.pause(0.2)


async def timed(action: Callable[[], object], screen) -> float:  # type: ignore[no-untyped-def]
    """Seconds from `action()` to the next page of rows on screen."""
    before = screen.loads
    started = time.perf_counter()
    action()
    await until(lambda: screen.loads > before and screen.rows_loader.idle)
    return time.perf_counter() - started


async def measure_app(path: Path, runs: int) -> dict[str, list[float]]:
    from textual.widgets import Input

    from tracker.service.context import Desk
    from tracker.store.engine import make_engine
    from tracker.tui.app import make_app

    results: dict[str, list[float]] = {"first paint": [], "view switch": [], "sort": [], "search keystroke": [],
                                       "deep page (90k down)": []}
    for run in range(runs):
        started = time.perf_counter()
        desk = Desk(make_engine(f"sqlite:///{path}"), "bench")
        app = make_app(desk, poll_interval=0)
        async with app.run_test(size=(140, 40)) as pilot:
            screen = app.main
            await until(lambda screen=screen: screen.loads >= 1 and screen.table.row_count > 0)
            results["first paint"].append(time.perf_counter() - started)
            await quiet(pilot)
            names = ["unconfirmed", "stale", "due", "confirmed", "expired"]
            view = names[run % len(names)]
            results["view switch"].append(await timed(lambda screen=screen, view=view: screen.action_view(view), screen))
            await quiet(pilot)
            results["sort"].append(await timed(screen.action_sort, screen))
            await quiet(pilot)
            search = screen.query_one("#search", Input)
            search.focus()
            search.value = SEARCH
            await until(lambda screen=screen: screen.search_text == SEARCH and screen.rows_loader.idle)
            await quiet(pilot)
            keystroke = await timed(lambda search=search: search.insert_text_at_cursor(KEY), screen)
            results["search keystroke"].append(keystroke)
            shown = screen.table.rows_shown
            assert shown and all(SEARCH + KEY in (c.speaker + " " + c.text).lower() for c in shown), "search missed"
            search.value = ""
            await until(lambda screen=screen: not screen.search_text and screen.rows_loader.idle)
            await pilot.pause(0.05)
            desk_pages = await deep_page(desk)
            results["deep page (90k down)"].append(desk_pages)
        desk.engine.dispose()
    return results


async def deep_page(desk) -> float:  # type: ignore[no-untyped-def]
    """The keyset page the table asks for when the cursor nears row 90,000."""
    from tracker.service.reading import ListQuery, page

    query = ListQuery(limit=100)
    cursor = page(desk, ListQuery(limit=1), None).after
    assert cursor is not None
    deep = (cursor[0], cursor[1] - 90_000)
    started = time.perf_counter()
    got = await asyncio.to_thread(page, desk, query, deep)
    assert len(got.rows) == 100
    return time.perf_counter() - started


async def floor_app(runs: int) -> list[float]:
    """A bare Textual app putting 100 rows in a DataTable: what any Textual UI pays to appear."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("id", "status", "text", "speaker")
            for n in range(100):
                table.add_row(str(n), "unconfirmed", "some claim text " * 3, "speaker")

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        app = Bare()
        async with app.run_test(size=(140, 40)):
            await until(lambda app=app: app.query_one(DataTable).row_count == 100)
            times.append(time.perf_counter() - started)
    return times


def floor_sql(path: Path, runs: int) -> list[float]:
    """Raw sqlite3 running the first page query of the All view (100 rows, newest first) and the view counts."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with sqlite3.connect(path) as raw:
            raw.execute("SELECT * FROM claim ORDER BY id DESC LIMIT 101").fetchall()
            raw.execute("SELECT status, count(*) FROM claim GROUP BY status").fetchall()
        times.append(time.perf_counter() - started)
    return times


COLD = """
import asyncio, sys
from tracker.cli.app import CliState
from tracker.tui.app import make_app

async def main():
    app = make_app(CliState(db=sys.argv[1], actor="bench").desk(), poll_interval=0)
    async with app.run_test(size=(140, 40)):
        while not app.main.loads:
            await asyncio.sleep(0.001)
        print("painted", flush=True)

asyncio.run(main())
"""


def cold_start(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """A new process, as `tracker` starts: imports, database, first page on screen; and the floor,
    a new process doing only `import textual.app`."""
    import subprocess

    app, floor = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with subprocess.Popen([sys.executable, "-c", COLD, str(path)], stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None and child.stdout.readline().strip() == "painted"
            app.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import textual.app"], check=True)
        floor.append(time.perf_counter() - started)
    return app, floor


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"


def row(what: str, values: list[float], floor: float | None, floor_label: str, target: float | None,
        size: str) -> dict:
    """One JSON row for run.py's table."""
    median = statistics.median(values)
    item = {"section": "tui", "what": what, "size": size, "value": ms(median),
            "floor": f"{ms(floor)} ({floor_label})" if floor else "-",
            "ratio": f"{median / floor:.1f}" if floor else "-",
            "note": f"median of {len(values)}; min {ms(min(values))}, max {ms(max(values))}"}
    if target is not None:
        item.update(target=f"< {ms(target) if target < 1 else f'{target:.0f} s'}", ok=median < target)
    return item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=sorted(SIZES), help="generated database to use")
    parser.add_argument("--runs", type=int, default=3 if os.environ.get("BENCH_QUICK") else 5)
    parser.add_argument("--db", type=Path, help="use this database instead of the generated one")
    args = parser.parse_args()

    started = time.perf_counter()
    import textual.app  # noqa: F401

    import_textual = time.perf_counter() - started
    path = args.db or ensure_db(SIZES[args.size])
    size = args.size if not args.db else path.name
    cold, cold_floor = cold_start(path, args.runs)
    results = asyncio.run(measure_app(path, args.runs))
    floor = statistics.median(asyncio.run(floor_app(args.runs)))
    sql = statistics.median(floor_sql(path, args.runs))
    print(f"floors: bare Textual app first paint {ms(floor)}; raw sqlite3 first page + counts {ms(sql)}; "
          f"import textual.app {ms(import_textual)}")
    print(f"\n{'measure':<24}{'median':>10}{'min':>10}{'max':>10}  ratio")
    base = statistics.median(cold_floor)
    print(f"{'cold start (new process)':<24}{ms(statistics.median(cold)):>10}{ms(min(cold)):>10}{ms(max(cold)):>10}"
          f"  {statistics.median(cold) / base:.1f} x `python -c 'import textual.app'` ({ms(base)})")
    for name, values in results.items():
        median = statistics.median(values)
        base_v, label = (floor, "x bare app") if name == "first paint" else (sql, "x raw SQL")
        print(f"{name:<24}{ms(median):>10}{ms(min(values)):>10}{ms(max(values)):>10}  {median / base_v:.1f} {label}")
    results["cold start (new process)"] = cold
    targets = {"cold start (new process)": 1.0, "first paint": 1.0, "view switch": 0.2, "sort": 0.2,
               "search keystroke": 0.2}
    rows = [row("TUI cold start to first page (new process)", cold, statistics.median(cold_floor),
                "import textual.app", 1.0, size),
            row("TUI first page (app start, warm process)", results["first paint"], floor, "bare Textual app", 1.0,
                size),
            row("TUI view switch", results["view switch"], sql, "raw SQL page", 0.2, size),
            row("TUI sort", results["sort"], sql, "raw SQL page", 0.2, size),
            row(f"TUI search keystroke ('{SEARCH}' + '{KEY}')", results["search keystroke"], sql, "raw SQL page", 0.2,
                size),
            row("TUI deep page (90k rows down)", results["deep page (90k down)"], sql, "raw SQL page", None, size)]
    print()
    for item in rows:
        print(json.dumps(item))
    missed = [name for name, limit in targets.items() if statistics.median(results[name]) >= limit]
    print("\ntargets: first page < 1 s; view switch, sort, search < 200 ms: " + ("MISSED " + ", ".join(missed)
                                                                                 if missed else "all met"))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
