"""A local PostgreSQL server for the benchmarks, holding the same rows as the generated SQLite databases.

    python tests/bench/pg_load.py start            # the cluster (initdb once), left running
    python tests/bench/pg_load.py load 10k 100k 1m  # each size into its own database (cached)
    python tests/bench/pg_load.py stop

The cluster lives in `tests/bench/data/pg/` (gitignored; `BENCH_PG_DIR` to move it), on port
`BENCH_PG_PORT` (54330), listening on 127.0.0.1 only; as root it runs as the `postgres` user
(initdb refuses root), as the tests' throwaway cluster does (tests/support/postgres.py). Server
settings are PostgreSQL 15's defaults except memory sized for a 1M-claim desk on a small machine
(`shared_buffers` 1 GB, `work_mem` 16 MB, `maintenance_work_mem` 512 MB) and a larger WAL between
checkpoints (4 GB) for the load; `fsync` and `synchronous_commit` stay on, as a desk's server has them.

How a size is loaded (`ensure_loaded`), from the generator's SQLite file (tests/bench/generate.py;
read only, never changed; `BENCH_DATA` names the folder that holds it):

1. a new database `tracker_<size>` gets tracker's own schema: `tracker.store.migrations.upgrade` on
   its `postgresql://` URL, what `tracker init` runs (tables, indexes, the append-only guard, the
   search table `claim_search` with its functions and triggers);
2. the indexes that back no constraint are dropped (their definitions kept), triggers are off for
   the session (`session_replication_role = replica`: the search and history triggers and the
   foreign-key checks; the rows come from a database that already satisfied them);
3. every row of every table of the SQLite file (`claim`, `claim_tag`, `evidence`, `event`,
   `event_head`, `setting`, ...) is copied with COPY (psycopg's copy API), column by column by
   name, except the schema version and what tracker derives from the rows (`SKIPPED`); times are
   stored by SQLite as UTC text and read as UTC (`TimeZone = UTC` for the load);
4. the search table is filled by tracker's own rebuild statement (`search.rebuild_statements`, the
   same SQL as schema v5's migration), then the dropped indexes are created again from their
   definitions, the id sequences moved past the largest id, and the whole committed; any other
   derived table is rebuilt by its own module (`REBUILT`: `tracker.store.tally`, when present);
5. `VACUUM (ANALYZE)` (what autovacuum would do after such a load: statistics and the visibility
   map the count queries' index-only scans use), then `tracker --db URL verify` must pass: the
   hash chain and every projection replayed from the events.

The database carries a comment naming the SQLite file and its anchor; a database whose comment
matches is reused as it is (`load` again costs a second). Benchmarks that write use a copy made
by the server (`copy_database`: `CREATE DATABASE ... TEMPLATE`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PORT = int(os.environ.get("BENCH_PG_PORT", "54330"))
ROOT = Path(os.environ.get("BENCH_PG_DIR") or HERE / "data" / "pg")
SETTINGS = ("-c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=16MB -c maintenance_work_mem=512MB "
            "-c max_wal_size=4GB -c checkpoint_timeout=15min -c max_connections=50")
SKIPPED = ("tracker_schema", "claim_tally")
"""Tables not copied: the schema version (the migration writes it) and what tracker derives from the
claims and rebuilds itself (`REBUILT`). SQLite's own tables and the FTS5 index are not copied either."""
REBUILT = ("search", "tally")
"""tracker.store modules whose `rebuild(connection)` fills a derived table from the copied rows, when present."""
SEQUENCES = (("claim", "id"), ("evidence", "id"), ("event", "id"))


generate.DATA_DIR = Path(os.environ.get("BENCH_DATA") or generate.DATA_DIR)
"""Where the generated SQLite databases are (BENCH_DATA, else tests/bench/data/), for every user of generate."""


def source_db(size: int) -> Path:
    """The generated SQLite database of `size` claims (never rebuilt here: generate.py builds it)."""
    path = generate.db_path(size)
    if not path.exists() or not generate.meta_path(size).exists():
        raise SystemExit(f"{path} is missing: build it with `python tests/bench/generate.py` (or set BENCH_DATA)")
    return path


# ------------------------------------------------------------------ the cluster

def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise SystemExit(f"PostgreSQL's {name} is not installed")


def _owner() -> str | None:
    return "postgres" if os.geteuid() == 0 else None


def _run(argv: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    owner = _owner()
    if owner:
        argv = ["su", owner, "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in argv)]
    return subprocess.run(argv, capture_output=True, text=True, check=check)


def url(database: str = "postgres") -> str:
    return f"postgresql://postgres@127.0.0.1:{PORT}/{database}"


def running() -> bool:
    return (ROOT / "data").exists() and _run([_tool("pg_ctl"), "-D", str(ROOT / "data"), "status"],
                                             check=False).returncode == 0


def start() -> str:
    """Start the cluster (created on first use); return the URL of its `postgres` database."""
    data = ROOT / "data"
    if running():
        return url()
    ROOT.mkdir(parents=True, exist_ok=True)
    owner = _owner()
    if owner:
        shutil.chown(ROOT, owner)
    if not (data / "PG_VERSION").exists():
        _run([_tool("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale", "C.UTF-8"])
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"port {PORT} is taken; set BENCH_PG_PORT")
    _run([_tool("pg_ctl"), "-D", str(data), "-o", f"-k {ROOT} -p {PORT} {SETTINGS}", "-l", str(ROOT / "log"),
          "-w", "start"])
    return url()


def stop() -> None:
    if running():
        _run([_tool("pg_ctl"), "-D", str(ROOT / "data"), "-m", "fast", "stop"])


def postmaster_pid() -> int:
    """The server's main process (its children's CPU is summed in its /proc stat once they exit)."""
    return int((ROOT / "data" / "postmaster.pid").read_text().split()[0])


def server_cpu() -> float:
    """CPU seconds used so far by the whole server: the postmaster, the backends it has reaped and
    those still running (read from /proc; the clock tick is 100 Hz on Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    main = postmaster_pid()
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == main:
            total += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
        elif ppid == main:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _admin() -> psycopg.Connection[Any]:

    return psycopg.connect(url(), autocommit=True)


def database_name(size: int) -> str:
    return "tracker_" + {v: k for k, v in generate.SIZES.items()}[size]


def copy_database(size: int, name: str) -> str:
    """A private copy of the loaded database of `size` (server-side file copy); its URL."""
    source = database_name(size)
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return url(name)


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ------------------------------------------------------------------ the load

def _marker(src: Path) -> str:
    meta = json.loads(src.with_suffix(".json").read_text())
    return f"bench load of {src.name} anchor {meta['anchor']} counts {json.dumps(meta['counts'], sort_keys=True)}"


def _comment(name: str) -> str | None:
    with _admin() as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           (name,)).fetchone()
    return None if row is None else row[0]


def _drift(name: str, src: Path) -> str | None:
    """Why the database no longer holds exactly the SQLite file's rows (something wrote to it), or None."""
    lite = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        expected = lite.execute("SELECT seq, hash FROM event_head").fetchone()
    finally:
        lite.close()
    with psycopg.connect(url(name)) as conn:
        found = conn.execute("SELECT seq, hash FROM event_head").fetchone()
    if found is None or tuple(found) != tuple(expected):
        return f"its chain head is {found and found[0]} events, the file's {expected[0]}"
    return None


def ensure_loaded(size: int, *, verify: bool = True, quiet: bool = False) -> str:
    """The URL of a database holding exactly the rows of the generated SQLite database of `size`."""
    src = source_db(size)
    start()
    name, marker = database_name(size), _marker(src)
    if _comment(name) == marker:
        drift = _drift(name, src)
        if drift is None:
            return url(name)
        if os.environ.get("BENCH_PG_KEEP_DRIFT"):
            print(f"  {name}: {drift}; kept (BENCH_PG_KEEP_DRIFT)", file=sys.stderr)
            return url(name)
        print(f"  {name}: {drift}; loading it again", file=sys.stderr)
    took = load(size, src, name, quiet=quiet)
    if verify:
        started = time.perf_counter()
        tracker = Path(sys.executable).with_name("tracker")
        done = subprocess.run([str(tracker), "--db", url(name), "verify"], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"tracker verify failed on {name}: {done.stdout[-800:]}{done.stderr[-800:]}")
        took["verify"] = round(time.perf_counter() - started, 1)
        if not quiet:
            print(f"  verify: {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else 'ok'} "
                  f"({took['verify']} s)", file=sys.stderr)
    with _admin() as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")
    (ROOT / f"{name}.json").write_text(json.dumps({"source": src.name, "seconds": took}, indent=1))
    return url(name)


def load(size: int, src: Path, name: str, *, quiet: bool = False) -> dict[str, float]:
    """Create `name` with tracker's schema and copy every row of `src` into it; the seconds each step took."""
    import psycopg

    from tracker.store import search
    from tracker.store.engine import make_engine, resolve_url
    from tracker.store.migrations import LATEST, upgrade

    def say(text: str) -> None:
        if not quiet:
            print(f"  {name}: {text}", file=sys.stderr, flush=True)

    took: dict[str, float] = {}
    clock = time.perf_counter()
    drop_database(name)
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(resolve_url(url(name)))
    upgrade(engine)
    engine.dispose()
    lite = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    version = lite.execute("SELECT version FROM tracker_schema").fetchone()[0]
    if version != LATEST:
        raise SystemExit(f"{src.name} is at schema v{version}, this tracker at v{LATEST}")
    took["schema"] = round(time.perf_counter() - clock, 1)
    with psycopg.connect(url(name)) as pg:
        pg.execute("SET TimeZone = 'UTC'")
        pg.execute("SET session_replication_role = replica")
        pg.execute("SET maintenance_work_mem = '512MB'")
        indexes = pg.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes AS i WHERE i.schemaname = 'public' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint AS c WHERE c.conname = i.indexname)").fetchall()
        for index, _ in indexes:
            pg.execute(f'DROP INDEX "{index}"')
        tables = [name for (name,) in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                  if not name.startswith(("sqlite_", "claim_fts")) and name not in SKIPPED]
        for table in tables:
            pg.execute(f"DELETE FROM {table}")  # the migration's own rows (the chain head)
        for table in tables:
            clock = time.perf_counter()
            ours = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")]
            theirs = {r[0] for r in pg.execute("SELECT column_name FROM information_schema.columns "
                                               "WHERE table_name = %s", (table,))}
            if set(ours) != theirs:
                raise SystemExit(f"{table}: SQLite columns {sorted(ours)} differ from PostgreSQL's {sorted(theirs)}")
            columns = ", ".join(ours)
            rows = 0
            with pg.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                cursor = lite.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")
                while batch := cursor.fetchmany(5000):
                    for row in batch:
                        copy.write_row(row)
                    rows += len(batch)
            took[table] = round(time.perf_counter() - clock, 1)
            say(f"{table}: {rows:,} rows in {took[table]} s")
        clock = time.perf_counter()
        for statement in search.rebuild_statements("postgresql"):  # before its GIN indexes are built again
            pg.execute(statement)
        took["search index"] = round(time.perf_counter() - clock, 1)
        say(f"search index in {took['search index']} s")
        clock = time.perf_counter()
        for _, definition in indexes:
            pg.execute(definition)
        for table, column in SEQUENCES:
            pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                       f"(SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)")
        took["indexes"] = round(time.perf_counter() - clock, 1)
        say(f"{len(indexes)} indexes in {took['indexes']} s")
        pg.commit()
    lite.close()
    clock = time.perf_counter()
    engine = make_engine(resolve_url(url(name)))
    with engine.begin() as conn:
        for module in REBUILT[1:]:  # the search index is filled above, inside the load
            try:
                derived = importlib.import_module(f"tracker.store.{module}")
            except ModuleNotFoundError:
                continue
            derived.rebuild(conn)
            say(f"{module} rebuilt")
    engine.dispose()
    took["derived"] = round(time.perf_counter() - clock, 1)
    clock = time.perf_counter()
    with psycopg.connect(url(name), autocommit=True) as pg:
        pg.execute("VACUUM (ANALYZE)")
        found = pg.execute("SELECT pg_database_size(current_database())").fetchone()
        size_bytes = int(found[0]) if found else 0
    took["vacuum analyze"] = round(time.perf_counter() - clock, 1)
    took["bytes"] = size_bytes
    say(f"VACUUM (ANALYZE) in {took['vacuum analyze']} s; {size_bytes / 1e6:,.0f} MB")
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "load", "stop", "status"))
    parser.add_argument("sizes", nargs="*", default=[])
    parser.add_argument("--no-verify", action="store_true", help="skip `tracker verify` after a load")
    args = parser.parse_args(argv)
    if args.action == "start":
        print(start())
    elif args.action == "stop":
        stop()
    elif args.action == "status":
        print("running" if running() else "stopped", url())
    else:
        for size_name in args.sizes or ["10k"]:
            started = time.perf_counter()
            print(ensure_loaded(generate.SIZES[size_name], verify=not args.no_verify),
                  f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    if os.geteuid() == 0:
        pwd.getpwnam("postgres")
    sys.exit(main())
