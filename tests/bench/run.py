"""Benchmark runner: every figure beside a floor measured in the same run; medians; a table.

    python tests/bench/run.py                    # 10k, 100k and 1M claims (~17 min on 2 cores, first build ~2 min)
    python tests/bench/run.py --quick            # 10k and 100k, fewer runs, smaller inputs (~4 min)
    python tests/bench/run.py --sizes 10k,1m     # pick sizes
    python tests/bench/run.py --no-write         # print only; do not rewrite docs/performance.md

Run it with the Python of the environment tracker is installed in: the `tracker` entry
point beside `sys.executable` is what gets timed.

What it measures (targets from issue 5):

* cold commands (`show`, `history`, `list --status unconfirmed --limit 50`, `confirm`) as
  subprocesses of the installed `tracker`, interleaved run by run with the import floor
  `python -c "import sqlmodel, transitions, dateutil.parser"`; target <= 1.3x the floor at
  every size. Each run uses another claim (spread over the id range); `confirm` runs on a
  private copy of the database.
* `apply` of N `add` lines and of M evidence/transition lines (target >= 5,000 lines/s),
  on a private copy of the apply database, beside raw sqlite3 doing the same reads and
  writes with the same transaction boundaries (workloads.py). Every line's result is
  checked: all adds land; exactly the lines the rules must refuse fail.
* then tests/bench/bench_report.py (report on 1M claims, sweep of 100k overdue claims) and
  tests/bench/bench_tui.py (TUI at 100k: first page, search keystroke), per the contract in
  README.md in this folder: they use generate.py's databases and print JSON rows, which
  land in the same table.

Children run without PYTHONDONTWRITEBYTECODE / PYTHONUNBUFFERED (a user's shell has neither),
and tracker's modules are byte-compiled first, as `pip install` leaves them.

Wall time is what the targets are about; CPU time (user+sys of the child) is printed too
because this machine is shared and noisy, and CPU time is what a fix changes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import peer  # noqa: E402
import workloads  # noqa: E402

ROOT = HERE.parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
FLOOR_CODE = "import sqlmodel, transitions, dateutil.parser"
"""Issue 5's import floor: what every command paid before the sqlite3 paths (its `<= 1.3x` target)."""
LEAN_FLOOR_CODE = "import click, transitions, dateutil.parser, sqlite3, json, uuid, hashlib"
"""The import floor of a cold command on SQLite now: the CLI framework, the rule machine, the time
grammar's parser and the standard modules a change needs; what tracker adds on top is its own code."""
EXTRA_SCRIPTS = ("bench_report.py", "bench_tui.py", "bench_search.py", "bench_events.py")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Timing:
    """One subprocess run: wall seconds, the child's CPU seconds and its peak resident memory (MB; this
    counts the pages the child shared with this runner before exec, ~35 MB here: see docs/performance.md
    for a command's own peak, measured from a bare parent)."""

    wall: float
    cpu: float
    rss_mb: float = 0.0


def timed(argv: list[str], *, stdin: Path | None = None, stdout: Path | None = None,
          ok_codes: tuple[int, ...] = (0,), env: dict | None = None) -> Timing:
    """Run argv, return its wall and CPU time and peak memory (os.wait4: this child's own rusage);
    fail loudly on an unexpected exit code."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    inp = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=inp, stdout=out, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]
        if stdin:
            inp.close()  # type: ignore[union-attr]
    if proc.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(map(str, argv))} exited {proc.returncode}: {err.decode()[-500:]}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Row:
    """One line of the result table."""

    section: str
    what: str
    size: str
    value: str
    floor: str
    ratio: str
    target: str
    ok: bool | None
    note: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    extra_text: dict[str, str] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        mark = {True: "ok", False: "MISS", None: ""}[row.ok]
        log(f"  {row.section:<8} {row.what:<44} {row.size:>5}  {row.value:>14}  floor {row.floor:>14}  "
            f"x{row.ratio:<6} {row.target:<12} {mark} {row.note}")


def tracker_argv() -> list[str]:
    exe = Path(sys.executable).parent / "tracker"
    if not exe.exists():
        raise SystemExit(f"no tracker entry point beside {sys.executable}; pip install -e . in this environment")
    return [str(exe)]


CHILD_ENV_DROPPED = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE")
"""Interpreter switches a user's shell does not set. PYTHONDONTWRITEBYTECODE (set in some sandboxes)
made every cold `tracker` recompile its own ~40 modules from source: ~70 ms of CPU a command, the
whole gap between 1.1x and 1.4x of the floor; PYTHONUNBUFFERED makes every output line a syscall."""


def bench_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_") and k not in CHILD_ENV_DROPPED}
    env["TRACKER_ACTOR"] = "bench"
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "120"
    return env


# --- cold commands -------------------------------------------------------------------------------

PEER_SIZES = ("10k", "100k")
"""Sizes Taskwarrior is loaded at (built once, cached). At 1M its `task import` alone is ~10 min of CPU,
which this shared machine did not spare; `--peer-1m` adds it (run `python tests/bench/peer.py 1m` first)."""

PEER_1M = False

PAIRS = (("show", "task UUID info"), ("list --limit 50", "task list limit:50"),
         ("confirm", "task UUID modify +confirmed"))
"""tracker's command beside Taskwarrior's, run on the same claim (by uuid) in the same run."""


def bench_cold(results: Results, size_name: str, size: int, runs: int, work: Path) -> None:
    db = generate.ensure_db(size)
    meta = generate.load_meta(size)
    log(f"cold commands at {size_name} ({runs} runs each, interleaved with the floor)")
    copy = generate.copy_db(size, work, f"cold-{size}.db")
    tracker, env = tracker_argv(), bench_env()
    with_peer = peer.available() and (size_name in PEER_SIZES or (size_name == "1m" and PEER_1M))
    if with_peer:
        task_data = peer.ensure(size)
        task_copy = peer.copy(task_data, work / f"task-{size}")
        task_env = peer.env(task_data)
        task_copy_env = peer.env(task_copy)
    uuids: dict[int, str] = {}
    busy = meta["ids"]["busy"] or meta["ids"]["unconfirmed"]
    confirmable = meta["ids"]["confirmable"]
    rnd = random.Random(size)
    picks = rnd.sample(busy, min(len(busy), runs + 1))
    confirm_picks = rnd.sample(confirmable, min(len(confirmable), runs + 1))
    if len(confirm_picks) < runs + 1:
        raise SystemExit(f"only {len(confirm_picks)} confirmable claims at {size_name}")
    uuids.update(_uuids(db, [*picks, *confirm_picks]))

    def commands(i: int) -> dict[str, list[str]]:
        claim = str(picks[i % len(picks)])
        return {
            "floor": [sys.executable, "-c", FLOOR_CODE],
            "lean floor": [sys.executable, "-c", LEAN_FLOOR_CODE],
            "bare python": [sys.executable, "-c", "pass"],
            "show": tracker + ["--db", str(db), "show", claim],
            "history": tracker + ["--db", str(db), "history", claim],
            "list --status unconfirmed --limit 50": tracker + ["--db", str(db), "list", "--status", "unconfirmed",
                                                               "--limit", "50"],
            "confirm": tracker + ["--db", str(copy), "confirm", str(confirm_picks[i]), "--reason",
                                  "two sources agree"],
            "list --stale": tracker + ["--db", str(db), "--now", meta["anchor"], "list", "--stale"],
            "list --due-soon": tracker + ["--db", str(db), "--now", meta["anchor"], "list", "--due-soon"],
            "list --limit 50": tracker + ["--db", str(db), "list", "--limit", "50"],
        }

    def peer_commands(i: int) -> dict[str, tuple[list[str], dict]]:
        claim = uuids[picks[i % len(picks)]]
        changed = uuids[confirm_picks[i]]
        return {
            "task UUID info": (peer.argv(claim, "info"), task_env),
            "task list limit:50": (peer.argv("list", "limit:50"), task_env),
            "task UUID modify +confirmed": (peer.argv(changed, "modify", "+confirmed"), task_copy_env),
        }

    samples: dict[str, list[Timing]] = {}
    for i in range(runs + 1):
        batch = [(name, argv, env) for name, argv in commands(i).items()]
        if with_peer:
            batch += [(name, argv, e) for name, (argv, e) in peer_commands(i).items()]
        rnd.shuffle(batch)
        for name, argv, e in batch:
            timing = timed(argv, env=e)
            if i > 0:  # run 0 warms the page cache and the bytecode cache
                samples.setdefault(name, []).append(timing)
    floor_wall = median([t.wall for t in samples["floor"]])
    floor_cpu = median([t.cpu for t in samples["floor"]])
    lean_wall = median([t.wall for t in samples["lean floor"]])
    lean_cpu = median([t.cpu for t in samples["lean floor"]])
    bare_wall = median([t.wall for t in samples["bare python"]])
    results.add(Row("cold", "bare python (`python -c pass`)", size_name, f"{bare_wall * 1000:.0f} ms", "-", "-", "",
                    None, f"cpu {median([t.cpu for t in samples['bare python']]) * 1000:.0f} ms"))
    results.add(Row("cold", "import floor now (click, transitions, dateutil, sqlite3)", size_name,
                    f"{lean_wall * 1000:.0f} ms", "-", "1.00", "", None, f"cpu {lean_cpu * 1000:.0f} ms"))
    results.add(Row("cold", "issue 5 floor (sqlmodel, transitions, dateutil)", size_name,
                    f"{floor_wall * 1000:.0f} ms", f"{lean_wall * 1000:.0f} ms", f"{floor_wall / lean_wall:.2f}", "",
                    None, f"cpu {floor_cpu * 1000:.0f} ms: what SQLAlchemy, pydantic and sqlmodel alone cost"))
    for name in ("show", "history", "list --status unconfirmed --limit 50", "list --limit 50", "confirm",
                 "list --stale", "list --due-soon"):
        wall = median([t.wall for t in samples[name]])
        cpu = median([t.cpu for t in samples[name]])
        ratio = wall / lean_wall
        results.add(Row("cold", name, size_name, f"{wall * 1000:.0f} ms", f"{lean_wall * 1000:.0f} ms",
                        f"{ratio:.2f}", "<= 1.3x issue-5 floor", wall <= 1.3 * floor_wall,
                        f"cpu {cpu * 1000:.0f} ms = x{cpu / lean_cpu:.2f} of the floor now; "
                        f"x{wall / floor_wall:.2f} of issue 5's"))
    if size_name == "10k":
        bench_imports(results, copy, confirm_picks[-1], env)
    for mine, theirs in PAIRS:
        if not with_peer:
            why = ("Taskwarrior (`task`) is not installed" if not peer.available()
                   else "Taskwarrior not loaded at this size (see PEER_SIZES; `--peer-1m`)")
            results.add(Row("peer", f"{mine} vs `{theirs}`", size_name, "-", "-", "-", "faster", None,
                            f"{why}: no pair measured"))
            continue
        wall = median([t.wall for t in samples[mine]])
        theirs_wall = median([t.wall for t in samples[theirs]])
        cpu, theirs_cpu = median([t.cpu for t in samples[mine]]), median([t.cpu for t in samples[theirs]])
        ratio = wall / theirs_wall
        results.add(Row("peer", f"{mine} vs `{theirs}`", size_name, f"{wall * 1000:.0f} ms",
                        f"{theirs_wall * 1000:.0f} ms (Taskwarrior)", f"{ratio:.2f}", "< 1 (faster)", ratio < 1,
                        f"cpu {cpu * 1000:.0f} vs {theirs_cpu * 1000:.0f} ms; {peer.version()}"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)


def import_times(argv_tail: list[str], env: dict) -> dict[str, float]:
    """`python -X importtime` of one cold tracker command: self time (ms) per top-level package."""
    code = f"import sys; from tracker.cli.main import main; sys.exit(main({argv_tail!r}))"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True)
    if done.returncode not in (0, 4, 5):
        raise SystemExit(f"importtime run exited {done.returncode}: {done.stderr[-500:]}")
    found: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
        top = name.split(".")[0]
        if name.startswith("tracker."):
            top = ".".join(name.split(".")[:2])
        found[top] = found.get(top, 0.0) + int(self_us) / 1000
    return found


def bench_imports(results: Results, db: Path, claim: int, env: dict, runs: int = 5) -> None:
    """Where a cold `confirm` spends its import time (`python -X importtime`), median of `runs`: the top
    packages by self time, and the total, beside the floor's own imports."""
    per: dict[str, list[float]] = {}
    totals: list[float] = []
    for i in range(runs):
        trigger = "confirm" if i % 2 == 0 else "reopen"
        found = import_times(["--db", str(db), trigger, str(claim), "--reason", "bench", "--override"], env)
        totals.append(sum(found.values()))
        for name, ms in found.items():
            per.setdefault(name, []).append(ms)
    total = median(totals)
    top = sorted(per.items(), key=lambda kv: -median(kv[1]))[:12]
    heavy = [name for name in ("sqlalchemy", "sqlmodel", "pydantic") if name in per]
    results.add(Row("imports", "cold `confirm`: all imports (-X importtime, self times summed)", "10k",
                    f"{total:.0f} ms", "-", "-", "no SQLAlchemy/pydantic", not heavy,
                    "loaded: " + (", ".join(heavy) if heavy else "none of sqlalchemy, sqlmodel, pydantic")))
    for name, values in top:
        results.add(Row("imports", f"  {name}", "10k", f"{median(values):.1f} ms", "-", "-", "", None,
                        f"{median(values) / total:.0%} of the imports"))


def _uuids(db: Path, ids: list[int]) -> dict[int, str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(con.execute(f"SELECT id, uuid FROM claim WHERE id IN ({','.join(map(str, ids))})"))
    finally:
        con.close()


# --- the same time at every size ----------------------------------------------------------------

FLAT_LISTS = {"list --stale": {"stale": True}, "list --due-soon": {"due_soon": True}}


def bench_flat(results: Results, sizes: list[str], runs: int = 25) -> None:
    """`list --stale` and `list --due-soon` (their default orders, first page of 50) in-process at
    each size: the target is the same time at every size, so the floor is the smallest size's."""
    from tracker.service.context import Desk
    from tracker.service.reading import ListQuery, default_order, list_claims
    from tracker.store.engine import make_engine

    base: dict[str, float] = {}
    for size_name in sorted(sizes, key=lambda s: generate.SIZES[s]):
        size = generate.SIZES[size_name]
        db = generate.ensure_db(size)
        anchor = datetime.fromisoformat(generate.load_meta(size)["anchor"])
        desk = Desk(make_engine(f"sqlite:///{db}"), "bench", clock=lambda anchor=anchor: anchor, where=str(db))
        for name, flags in FLAT_LISTS.items():
            sort, descending = default_order(**flags)
            query = ListQuery(sort=sort, descending=descending, limit=50, **flags)
            list_claims(desk, query)  # warm
            walls, cpus = [], []
            for _ in range(runs):
                start, cpu = time.perf_counter(), time.process_time()
                rows = list_claims(desk, query)
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)
            wall, cpu = median(walls), median(cpus)
            base.setdefault(name, wall)
            ratio = wall / base[name]
            results.add(Row("list", f"{name} (first 50, in-process)", size_name, f"{wall * 1000:.2f} ms",
                            f"{base[name] * 1000:.2f} ms (smallest size)", f"{ratio:.2f}", "<= 2x smallest",
                            ratio <= 2.0, f"cpu {cpu * 1000:.2f} ms; {len(rows)} rows; median of {runs}"))
        desk.engine.dispose()


# --- apply ---------------------------------------------------------------------------------------

def bench_apply(results: Results, size_name: str, size: int, n_adds: int, n_moves: int, runs: int,
                work: Path) -> None:
    generate.ensure_db(size)
    tracker, env = tracker_argv(), bench_env()
    adds = work / "adds.jsonl"
    adds.write_text("\n".join(workloads.add_lines(n_adds)) + "\n")
    move_list, must_fail = workloads.move_lines(generate.db_path(size), n_moves)
    moves = work / "moves.jsonl"
    moves.write_text("\n".join(move_list) + "\n")
    out = work / "apply.out"
    for label, path, lines, failing, floor in (
        (f"apply {n_adds:,} add lines", adds, adds.read_text().splitlines(), 0, workloads.raw_adds),
        (f"apply {n_moves:,} evidence/transition lines", moves, move_list, must_fail, workloads.raw_moves),
    ):
        log(f"{label} at {size_name} ({runs} runs, each on a fresh copy, beside raw sqlite3)")
        tool: list[Timing] = []
        raw: list[float] = []
        for _ in range(runs):
            db = generate.copy_db(size, work, "apply.db")
            timing = timed(tracker + ["--db", str(db), "apply", str(path)], stdout=out, env=env,
                           ok_codes=(0, 1))
            _check_apply(out, len(lines), failing)
            tool.append(timing)
            db = generate.copy_db(size, work, "apply.db")
            start = time.perf_counter()
            landed = floor(db, lines)
            raw.append(time.perf_counter() - start)
            if landed != len(lines) - failing:
                raise SystemExit(f"raw floor landed {landed} of {len(lines)} lines, expected {len(lines) - failing}")
        if floor is workloads.raw_moves:
            bare = []
            for _ in range(runs):
                db = generate.copy_db(size, work, "apply.db")
                start = time.perf_counter()
                workloads.raw_moves(db, lines, savepoints=False)
                bare.append(time.perf_counter() - start)
            results.add(Row("apply", "raw sqlite3 only, same lines, no savepoint per line", size_name,
                            f"{len(lines) / median(bare):,.0f} lines/s", "-", "-", "", None,
                            "for the issue's ~40,000/s figure: not atomic per line"))
        wall, cpu, raw_s = median([t.wall for t in tool]), median([t.cpu for t in tool]), median(raw)
        rate, raw_rate = len(lines) / wall, len(lines) / raw_s
        results.add(Row("apply", label, size_name, f"{rate:,.0f} lines/s", f"{raw_rate:,.0f} lines/s",
                        f"{wall / raw_s:.1f}", ">= 5,000/s", rate >= 5000,
                        f"{wall:.1f} s wall, {cpu:.1f} s cpu ({len(lines) / cpu:,.0f} lines/cpu-s); "
                        f"raw sqlite3 {raw_s:.2f} s"))
    for name in ("apply.db", "apply.db-wal", "apply.db-shm"):
        (work / name).unlink(missing_ok=True)


def _check_apply(out: Path, expected_lines: int, expected_failures: int) -> None:
    results = [json.loads(line) for line in out.read_text().splitlines()]
    failed = [r for r in results if not r["ok"]]
    if len(results) != expected_lines or len(failed) != expected_failures:
        sample = failed[:3]
        raise SystemExit(f"apply gave {len(results)} results with {len(failed)} failures; expected "
                         f"{expected_lines} with {expected_failures}: {sample}")
    if any(r["code"] != 4 for r in failed):
        others = [r for r in failed if r["code"] != 4][:3]
        raise SystemExit(f"a line failed for another reason than the rules: {others}")


# --- scripts written with the TUI and the report -------------------------------------------------

def bench_extra(results: Results, sizes: list[str], quick: bool) -> None:
    for name in EXTRA_SCRIPTS:
        script = HERE / name
        if not script.exists():
            log(f"{name}: not present, skipped")
            results.extra_text[name] = "not present in this checkout"
            continue
        log(f"running {name}")
        env = bench_env()
        env["BENCH_SIZES"] = ",".join(sizes)
        env["BENCH_QUICK"] = "1" if quick else ""
        env["BENCH_DATA"] = str(generate.DATA_DIR)
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                                  timeout=900, cwd=ROOT)
        except subprocess.TimeoutExpired:
            results.extra_text[name] = "timed out after 900 s"
            continue
        took = time.perf_counter() - start
        text = "\n".join(line for line in proc.stdout.strip().splitlines() if not line.startswith("{"))
        if proc.returncode not in (0, 1):  # 1: a target missed (the rows say which)
            text += f"\n(exit {proc.returncode}) {proc.stderr.strip()[-800:]}"
        results.extra_text[name] = f"{text.strip()}\n({took:.0f} s)"
        for line in proc.stdout.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict) and "what" in item and "value" in item:
                if "ok" in item and not isinstance(item["ok"], bool):
                    item["ok"] = None
                results.add(Row(item.get("section", name.removesuffix(".py").removeprefix("bench_")),
                                str(item["what"]), str(item.get("size", "")), str(item["value"]),
                                str(item.get("floor", "-")), str(item.get("ratio", "-")),
                                str(item.get("target", "")), item.get("ok"), str(item.get("note", ""))))


# --- output --------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    import sqlalchemy
    import sqlite3

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, nproc {os.cpu_count()}",
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "os": f"{platform.system()} {platform.release()}",
    }


def table(results: Results) -> str:
    head = "| section | what | size | median | floor | ratio | target | met | notes |"
    lines = [head, "| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |"]
    for r in results.rows:
        met = {True: "yes", False: "**no**", None: ""}[r.ok]
        lines.append(f"| {r.section} | {r.what} | {r.size} | {r.value} | {r.floor} | {r.ratio} | {r.target} | "
                     f"{met} | {r.note} |")
    return "\n".join(lines)


def report(results: Results, info: dict[str, str], command: str, took: float) -> str:
    parts = [
        BEGIN,
        f"Latest run: `{command}` on {info['date']}, {took / 60:.1f} min.",
        "",
        f"Machine: {info['cpu']}; load average at the end {info['load']}; {info['os']}; Python {info['python']}, "
        f"SQLite {info['sqlite']}, SQLAlchemy {info['sqlalchemy']}.",
        "",
        table(results),
    ]
    for name, text in results.extra_text.items():
        parts += ["", f"`{name}` output:", "", "```", text, "```"]
    parts.append(END)
    return "\n".join(parts)


def write_doc(block: str) -> None:
    if DOC.exists():
        text = DOC.read_text()
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            DOC.write_text(head + block + tail)
            return
        DOC.write_text(text.rstrip() + "\n\n" + block + "\n")
        return
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("# Performance\n\n" + block + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tracker benchmarks (issue 5)")
    parser.add_argument("--sizes", default=None, help="comma-separated: 10k,100k,1m (default all; --quick: 10k,100k)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller apply inputs")
    parser.add_argument("--runs", type=int, default=None, help="runs per cold command (default 9; --quick 5)")
    parser.add_argument("--apply-size", default=None, help="database the apply runs on (default 100k; --quick 10k)")
    parser.add_argument("--only", default="cold,apply,extra", help="sections to run (cold,apply,extra)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    parser.add_argument("--peer-1m", action="store_true", help="pair Taskwarrior at 1M too (slow to load)")
    args = parser.parse_args(argv)
    global PEER_1M
    PEER_1M = args.peer_1m
    sizes = [s.strip().lower() for s in (args.sizes or ("10k,100k" if args.quick else "10k,100k,1m")).split(",")]
    for s in sizes:
        if s not in generate.SIZES:
            parser.error(f"unknown size {s!r} (10k, 100k, 1m)")
    runs = args.runs or (5 if args.quick else 9)
    apply_size = (args.apply_size or ("10k" if args.quick else "100k")).lower()
    n_adds, n_moves = (20_000, 10_000) if args.quick else (100_000, 10_000)
    apply_runs = 3
    sections = set(args.only.split(","))
    started = time.perf_counter()
    results = Results()
    # As after `pip install`: tracker's modules byte-compiled, so a cold command loads .pyc files.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tracker")], check=True,
                   env=bench_env(), stdout=subprocess.DEVNULL)
    for s in sizes if "cold" in sections else ():
        generate.ensure_db(generate.SIZES[s])
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        if "cold" in sections:
            for s in sizes:
                bench_cold(results, s, generate.SIZES[s], runs, work)
        if "cold" in sections:
            bench_flat(results, sizes)
        if "apply" in sections:
            bench_apply(results, apply_size, generate.SIZES[apply_size], n_adds, n_moves, apply_runs, work)
        if "extra" in sections:
            bench_extra(results, sizes, args.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    command = "python tests/bench/run.py" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    block = report(results, machine(), command, took)
    print(block)
    if not args.no_write:
        write_doc(block)
        log(f"wrote {DOC.relative_to(ROOT)}")
    return 0 if all(r.ok is not False for r in results.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
