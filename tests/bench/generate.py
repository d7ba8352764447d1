"""Build benchmark databases of realistic shape: 10k, 100k or 1M claims.

The schema comes from tracker itself (`tracker.store.migrations.upgrade`, what
`tracker init` runs); the rows are written with raw sqlite3 `executemany` in big
transactions, with the secondary indexes dropped during the load and rebuilt after
(the same indexes, from the schema's own SQL). No ANALYZE is run: a user's database
has none either.

Shape (per claim, seeded and reproducible):

* status: 55% unconfirmed, 20% confirmed, 10% contradicted, 15% expired; every
  status is consistent with the evidence and the history (a confirmed claim has
  supporting evidence from >= 2 distinct outlets, a contradicted one a
  contradicting item, an expired one a deadline before its `expire` event);
* 0-6 evidence items with stances, outlets drawn from ~40 names (spelled two ways
  now and then: "The Guardian" / "the guardian");
* history: `add`, one `evidence` event per item, the transitions (some claims
  were confirmed or contradicted, reopened, and moved again); `version` counts
  every bump exactly as the service does;
* speakers from a few hundred names, 0-3 tags from ~30, 60% assigned to one of 12
  editors, created over the last 8 weeks (more of them recent);
* deadlines spread around the anchor time: most are created_at + 7 days, some
  explicit, 10% none; about a fifth of the unconfirmed claims are overdue (a desk
  whose sweep has not run for a while).

Use from other bench scripts (run as `python tests/bench/x.py`, this folder is on sys.path):

    from generate import ensure_db, copy_db, load_meta
    path = ensure_db(100_000)            # cached under tests/bench/data/, built if missing
    work = copy_db(100_000, tmp_dir)     # a private copy to mutate
    meta = load_meta(100_000)            # anchor time, counts, sample ids

Run directly: `python tests/bench/generate.py 10k 100k 1m [--force]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.domain.events import canonical_bytes, dumps

GENERATOR_VERSION = 2
"""Bump when the shape changes: cached databases are keyed by size and this version."""

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_AGE = timedelta(days=3)
"""A cached database older than this is rebuilt, so 'overdue' and 'recent' keep meaning what they meant."""

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
"""10m (~29 GB, ~50 min of CPU to build, by bulk.py) is for the scale runs only: `bench_10m.py`; never in CI."""
BULK_SIZES = frozenset({10_000_000})
"""Sizes built by the bulk path (bulk.py: the archive shape, generator version 3); `--bulk` for any size."""

FIRST = ("Olena Andriy Mykola Iryna Serhiy Yulia Dmytro Oksana Volodymyr Kateryna Donald Marco Kaja Mark Ursula "
         "Antonio Emmanuel Keir Olaf Friedrich Giorgia Pedro Viktor Robert Recep Sergei Maria Dmitry Lavrov Karine "
         "Jens Annalena Kaja Rishi Joe Kamala JD Pete Tulsi Marco Keith Steve Hakan Abdullah Mohammed Xi Wang "
         "Narendra Yoon Fumio Shigeru Anthony Lindsey Chuck Mike Hakeem Nancy Elise").split()
LAST = ("Zelenskyy Shmyhal Sybiha Umerov Yermak Klitschko Budanov Syrskyi Svyrydenko Stefanchuk Trump Rubio "
        "Vance Hegseth Witkoff Kellogg Putin Peskov Lavrov Zakharova Shoigu Medvedev Ushakov Dmitriev Macron "
        "Starmer Scholz Merz Meloni Sanchez Orban Fico Erdogan Fidan Rutte Stoltenberg Kallas Costa Leyen "
        "Tusk Duda Nauseda Karis Rinkevics Stubb Kristersson Store Frederiksen Schoof Borissov").split()
OUTLETS = ("Reuters", "AP", "AFP", "BBC", "The Guardian", "The New York Times", "The Washington Post", "Bloomberg",
           "Financial Times", "The Wall Street Journal", "Politico", "Axios", "CNN", "Sky News", "Al Jazeera",
           "Kyiv Independent", "Ukrainska Pravda", "Suspilne", "Ukrinform", "Hromadske", "Meduza", "TASS", "RIA",
           "Interfax", "Kommersant", "Der Spiegel", "Le Monde", "El Pais", "Corriere della Sera", "NHK", "Yonhap",
           "ISW", "ACLED", "Bellingcat", "Ministry of Defence", "General Staff", "Air Force of Ukraine",
           "Kremlin readout", "White House readout", "State Department")
TAGS = ("ukraine russia ceasefire energy strikes drones missiles diplomacy talks sanctions nato eu us kremlin "
        "white-house casualties refugees grain nuclear zaporizhzhia kharkiv odesa donbas crimea black-sea "
        "prisoners aid weapons elections economy").split()
EDITORS = ("anna.k", "bohdan.m", "chris.l", "daria.p", "emma.r", "felix.s", "galyna.t", "hugo.v", "ines.w",
           "jonas.b", "kira.d", "luca.f")
ZONES = ("Europe/Kyiv", "America/New_York", "Europe/Moscow", "Europe/Brussels", "Europe/London", "UTC")
VERBS = ("said", "claimed", "told reporters", "wrote", "announced", "insisted", "denied", "confirmed")
SUBJECTS = ("the pause on strikes on energy infrastructure", "a ceasefire along the front line",
            "talks in Istanbul next week", "the delivery of air-defence systems", "a prisoner exchange",
            "new sanctions on oil exports", "the attack on the power plant", "casualty figures in Kharkiv",
            "the grain corridor through the Black Sea", "troop movements near Zaporizhzhia",
            "a drone strike on Odesa port", "the meeting between the two presidents", "a minerals deal",
            "a frozen-assets loan", "the shelling of a hospital", "election dates")
CLAIMS = ("{s} {v} that {x} would begin on {d}.", "{s} {v} {x} had been agreed on {d}.",
          "According to {s}, {x} was never discussed ({d}).", "{s} {v} {n} people were affected by {x}.",
          "{s} {v} that {x} is off the table until {d}.", "{s} {v} {x} was violated {n} times overnight.")

STATUS_MIX = (("unconfirmed", 55), ("confirmed", 20), ("contradicted", 10), ("expired", 15))
OVERDUE_SHARE = 0.2
"""Share of unconfirmed claims whose deadline has passed."""


def version(size: int, bulk: bool | None = None) -> int:
    """The generator version that builds `size` claims: the bulk path's for `BULK_SIZES` (or `bulk=True`)."""
    from bulk import BULK_VERSION

    return BULK_VERSION if (size in BULK_SIZES if bulk is None else bulk) else GENERATOR_VERSION


def db_path(size: int, bulk: bool | None = None) -> Path:
    """Where the cached database of `size` claims lives (keyed by generator and schema version)."""
    from tracker.store.migrations import LATEST

    return DATA_DIR / f"claims-{size}-g{version(size, bulk)}-s{LATEST}.db"


def meta_path(size: int, bulk: bool | None = None) -> Path:
    return db_path(size, bulk).with_suffix(".json")


def load_meta(size: int, bulk: bool | None = None) -> dict:
    """What the generator recorded about a cached database (anchor, counts, sample ids)."""
    return json.loads(meta_path(size, bulk).read_text())


def ensure_db(size: int, *, force: bool = False, quiet: bool = False, bulk: bool | None = None) -> Path:
    """The cached database of `size` claims, built first when missing, stale or forced (by the bulk path
    for `BULK_SIZES`, or when `bulk` says so)."""
    path, meta = db_path(size, bulk), meta_path(size, bulk)
    use_bulk = version(size, bulk) != GENERATOR_VERSION
    if not force and path.exists() and meta.exists():
        anchor = datetime.fromisoformat(json.loads(meta.read_text())["anchor"])
        if datetime.now(UTC) - anchor < MAX_AGE:
            return path
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    info = None if force else _upgrade_older(size, tmp, version(size, bulk))
    if info is None and use_bulk:
        import bulk as bulk_path

        info = bulk_path.build(tmp, size, log=None if quiet else lambda m: print(m, file=sys.stderr, flush=True))
    elif info is None:
        info = generate(tmp, size)
    tmp.rename(path)
    info["build_seconds"] = round(time.perf_counter() - started, 1)
    info["bytes"] = path.stat().st_size
    meta.write_text(json.dumps(info, indent=1))
    if not quiet:
        print(f"generated {path.name}: {size:,} claims, {info['counts']['event']:,} events, "
              f"{info['bytes'] / 1e6:.0f} MB in {info['build_seconds']} s", file=sys.stderr)
    return path


BIG_FILE = 8 * 2**30
"""Bytes above which an older cache is upgraded in place rather than copied."""


def _upgrade_older(size: int, dest: Path, generator: int = GENERATOR_VERSION) -> dict | None:
    """A cached database of the same size and generator at an older schema, copied to `dest` and
    upgraded by tracker's own migrations (as `tracker init` upgrades a desk's file); its meta, or None.

    A schema change that only adds an index then costs seconds instead of a rebuild (1M: ~2 min). A file
    over `BIG_FILE` is moved, not copied (the older cache is gone after), so the disk never holds it twice."""
    from tracker.store.engine import make_engine
    from tracker.store.migrations import LATEST, upgrade

    for schema in range(LATEST - 1, 0, -1):
        old = DATA_DIR / f"claims-{size}-g{generator}-s{schema}.db"
        old_meta = old.with_suffix(".json")
        if not (old.exists() and old_meta.exists()):
            continue
        info = json.loads(old_meta.read_text())
        if datetime.now(UTC) - datetime.fromisoformat(info["anchor"]) >= MAX_AGE:
            return None
        if old.stat().st_size > BIG_FILE:  # a 10M desk is ~30 GB: upgrade it in place, never twice on disk
            Path(f"{old}-shm").unlink(missing_ok=True)
            if Path(f"{old}-wal").exists():  # committed pages not yet checkpointed go with the file
                Path(f"{old}-wal").rename(f"{dest}-wal")
            old.rename(dest)
            old_meta.unlink()
        else:
            shutil.copyfile(old, dest)
        engine = make_engine(f"sqlite:///{dest}")
        upgrade(engine)
        engine.dispose()
        info["upgraded_from_schema"] = schema
        return info
    return None


def copy_db(size: int, dest_dir: Path, name: str | None = None) -> Path:
    """A private copy of the cached database (for benchmarks that write)."""
    src = ensure_db(size)
    dest = Path(dest_dir) / (name or src.name)
    for stale in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest


def _create_schema(path: Path) -> None:
    """The schema exactly as `tracker init` creates it."""
    from tracker.store.engine import make_engine
    from tracker.store.migrations import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()


CLAIM_COLUMNS = ("id, uuid, text, speaker, said_at, said_tz, said_precision, said_phrase, source, url, status,"
                 " assignee, expires_at, created_at, updated_at, last_activity_at, version")


class _Clock:
    """Fast 'YYYY-MM-DD HH:MM:SS.ffffff' strings (the way UTCDateTime stores them) for integer seconds."""

    def __init__(self, anchor: datetime) -> None:
        self.anchor = int(anchor.timestamp())
        self._minutes: dict[int, str] = {}
        self._secs = [f"{s:02d}.000000" for s in range(60)]

    def text(self, offset_s: int) -> str:
        t = self.anchor + offset_s
        minute, sec = divmod(t, 60)
        prefix = self._minutes.get(minute)
        if prefix is None:
            prefix = datetime.fromtimestamp(minute * 60, UTC).strftime("%Y-%m-%d %H:%M:")
            self._minutes[minute] = prefix
        return prefix + self._secs[sec]


def generate(path: Path, size: int, *, seed: int = 5, anchor: datetime | None = None) -> dict:
    """Build a database of `size` claims at `path`; return what the benchmarks need to know about it."""
    anchor = (anchor or datetime.now(UTC)).replace(microsecond=0)
    _create_schema(path)
    rnd = random.Random(seed)
    clock = _Clock(anchor)
    when = clock.text
    speakers = [f"{first} {last}" for first in FIRST for last in LAST]
    rnd.shuffle(speakers)
    speakers = speakers[:400]
    outlet_spellings = [(o, o.lower() if o.startswith("The ") else o) for o in OUTLETS]
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    week = 7 * 86400
    ids: dict[str, list[int]] = {"confirmable": [], "overdue": [], "unconfirmed": [], "confirmed": [],
                                 "contradicted": [], "expired": [], "busy": []}

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -400000")
    indexes = [sql for (sql,) in con.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall():
        con.execute(f"DROP INDEX {name}")
    # The search index's triggers would index row by row: drop them, index everything once at the end.
    from tracker.store import search

    triggers = [(name, sql) for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                if name in search.SQLITE_TRIGGERS]
    for name, _ in triggers:
        con.execute(f"DROP TRIGGER {name}")
    con.execute("BEGIN")
    con.execute("INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('desk_tz', 'Europe/Kyiv', ?, ?)",
                (when(-9 * week), "chris.l"))

    claims: list[tuple] = []
    tags: list[tuple] = []
    evidence: list[tuple] = []
    events: list[tuple] = []
    ev_id = 0
    batch = 50_000
    counts = {"claim": 0, "claim_tag": 0, "evidence": 0, "event": 0}
    status_counts = {s: 0 for s, _ in STATUS_MIX}
    r = rnd.random

    def randint(n: int) -> int:
        return int(r() * n)

    def choice(seq):  # type: ignore[no-untyped-def]
        return seq[int(r() * len(seq))]

    chain: list[str | None] = [None]

    bits = rnd.getrandbits

    def uuid4() -> str:
        """str(uuid.UUID(int=bits(128), version=4)), without building the UUID object (5x faster)."""
        n = (bits(128) & ~(0xC000 << 48) | (0x8000 << 48)) & ~(0xF000 << 64) | (4 << 76)
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def iso(text: str | None) -> str | None:
        return None if text is None else f"{text[:10]}T{text[11:]}+00:00"

    def hashed(rows: list[tuple]) -> list[tuple]:
        """Each event with its uuid, claim uuid, payload JSON and chained hash (tracker.domain.events)."""
        out = []
        prev = chain[0]
        for (cid, claim_uuid, at, actor, action, frm, to, reason, override, payload) in rows:
            event_uuid = uuid4()
            digest = hashlib.sha256(canonical_bytes({
                "uuid": event_uuid, "claim": claim_uuid, "at": iso(at), "actor": actor, "action": action,
                "from": frm, "to": to, "reason": reason, "override": bool(override), "payload": payload,
                "prev": prev})).hexdigest()
            out.append((event_uuid, cid, claim_uuid, at, actor, action, frm, to, reason, override,
                        dumps(payload), prev, digest))
            prev = digest
        chain[0] = prev
        return out

    def flush() -> None:
        con.executemany(f"INSERT INTO claim ({CLAIM_COLUMNS}) VALUES ({','.join('?' * 17)})", claims)
        con.executemany("INSERT INTO claim_tag VALUES (?,?)", tags)
        con.executemany("INSERT INTO evidence (id, uuid, claim_id, stance, source, url, note, added_by, added_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?)", evidence)
        con.executemany("INSERT INTO event (uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status,"
                        " reason, override, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        hashed(events))
        counts["claim"] += len(claims)
        counts["claim_tag"] += len(tags)
        counts["evidence"] += len(evidence)
        counts["event"] += len(events)
        claims.clear(), tags.clear(), evidence.clear(), events.clear()

    # Claims are created in id order over the last 8 weeks, denser towards now (a desk that grew).
    span = 8 * week
    for cid in range(1, size + 1):
        frac = cid / size
        created = -int(span * (1 - frac) ** 1.0) - randint(3600)
        status = choice(statuses)
        if status == "unconfirmed" and r() < OVERDUE_SHARE:
            kind = "overdue"
        else:
            kind = status
        # Deadline relative to creation; overdue/expired ones passed, open ones mostly still ahead.
        if kind in ("overdue", "expired"):
            created = min(created, -2 * 86400 - randint(4 * week))
            expires = created + (week if r() < 0.7 else 86400 * (1 + randint(6)))
            expires = min(expires, -3600 - randint(86400))
        elif kind == "unconfirmed":
            created = max(created, -6 * 86400 + randint(3600))
            roll = r()
            expires = None if roll < 0.1 else created + (week if roll < 0.8 else 86400 * (2 + randint(13)))
            if expires is not None and expires <= 0:
                expires = 3600 + randint(3 * 86400)
        else:
            expires = None if r() < 0.3 else created + week + randint(2 * week)
        actor = choice(EDITORS) if r() < 0.8 else "ingest-bot"
        t = created
        claim_uuid = uuid4()
        add_at = len(events)
        events.append(())  # the add event, filled in once the claim's fields are chosen (below)
        version = 1
        # Evidence, consistent with where the claim ends up.
        n_ev = (0, 0, 1, 1, 2, 2, 3, 4, 5, 6)[randint(10)]
        stances: list[str] = []
        if status == "confirmed":
            stances = ["supports", "supports"] + [choice(("supports", "context", "supports"))
                                                  for _ in range(randint(5))]
        elif status == "contradicted":
            stances = ["contradicts"] + [choice(("contradicts", "context", "supports")) for _ in range(randint(6))]
        else:
            stances = [choice(("supports", "supports", "context", "contradicts")) for _ in range(n_ev)]
        outlets = rnd.sample(outlet_spellings, len(stances))
        support_keys = set()
        for stance, (outlet, alt) in zip(stances, outlets, strict=True):
            t = min(t + 60 + randint(6 * 3600), -120)
            ev_id += 1
            who = choice(EDITORS)
            name = alt if r() < 0.1 else outlet
            url = None if r() < 0.2 else f"https://news.example/{outlet.lower().replace(' ', '-')}/{ev_id}"
            note = None if r() < 0.6 else f"{stance} per {outlet} report"
            item = {"uuid": uuid4(), "stance": stance, "source": name, "url": url, "note": note}
            evidence.append((ev_id, item["uuid"], cid, stance, name, url, note, who, when(t)))
            events.append((cid, claim_uuid, when(t), who, "evidence", None, None, note, 0, {"evidence": item}))
            version += 1
            if stance == "supports":
                support_keys.add(outlet.lower().removeprefix("the "))
        # Transitions; some claims went there and back.
        moves: list[tuple[str, str, str]] = []
        if status == "confirmed":
            moves = [("confirm", "unconfirmed", "confirmed")]
        elif status == "contradicted":
            moves = [("confirm", "unconfirmed", "confirmed")] if len(support_keys) >= 2 and r() < 0.5 else []
            moves.append(("contradict", moves[-1][2] if moves else "unconfirmed", "contradicted"))
        elif status == "expired":
            moves = [("expire", "unconfirmed", "expired")]
        elif r() < 0.05:
            moves = [("expire", "unconfirmed", "expired"), ("reopen", "expired", "unconfirmed")]
        for trigger, frm, to in moves:
            t += 60 + randint(12 * 3600)
            if trigger == "expire":
                t = max(t, (expires or t) + randint(7200))
            t = min(t, -60)
            who = "sweep" if trigger == "expire" else choice(EDITORS)
            reason = "deadline passed" if trigger == "expire" else f"{trigger} after checking sources"
            events.append((cid, claim_uuid, when(t), who, trigger, frm, to, reason, 0, {}))
            version += 1
        t = min(t, -1)
        speaker = choice(speakers)
        said_tz = choice(ZONES) if r() < 0.8 else None
        text = choice(CLAIMS).format(s=speaker, v=choice(VERBS), x=choice(SUBJECTS), n=2 + randint(900),
                                     d=f"claim {cid}")
        source, _ = choice(outlet_spellings)
        url = f"https://news.example/{source.lower().replace(' ', '-')}/c{cid}" if r() < 0.7 else None
        assignee = choice(EDITORS) if r() < 0.6 else None
        said_at = when(created - randint(86400)) if said_tz else None
        deadline = when(expires) if expires is not None else None
        claims.append((cid, claim_uuid, text, speaker, said_at, said_tz, None, None, source, url, status, assignee,
                       deadline, when(created), when(t), when(t), version))
        chosen = sorted(rnd.sample(TAGS, (0, 1, 1, 2, 2, 3)[randint(6)]))
        for tag in chosen:
            tags.append((cid, tag))
        events[add_at] = (cid, claim_uuid, when(created), actor, "add", None, "unconfirmed", None, 0, {"claim": {
            "text": text, "speaker": speaker, "said_at": iso(said_at), "said_tz": said_tz, "said_precision": None,
            "said_phrase": None, "source": source, "url": url, "expires_at": iso(deadline), "assignee": assignee,
            "tags": chosen}})
        status_counts[status] += 1
        if kind == "overdue":
            ids["overdue"].append(cid)
        elif status == "unconfirmed" and len(support_keys) >= 2:
            ids["confirmable"].append(cid)
        if status in ids:
            ids[status].append(cid)
        if len(stances) >= 5 and len(moves) >= 1:
            ids["busy"].append(cid)
        if len(claims) >= batch:
            flush()
    flush()
    settings_event = hashed([(None, None, when(-9 * week), "chris.l", "rules", None, None, None, 0,
                              {"setting": {"key": "desk_tz", "from": None, "to": "Europe/Kyiv"}})])
    con.executemany("INSERT INTO event (uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status,"
                    " reason, override, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", settings_event)
    counts["event"] += 1
    con.execute("UPDATE event_head SET seq = ?, hash = ? WHERE id = 1", (counts["event"], chain[0]))
    con.execute("COMMIT")
    for sql in indexes:
        con.execute(sql)
    con.execute("BEGIN")
    for sql in search.rebuild_statements("sqlite"):
        con.execute(sql)
    for _, sql in triggers:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    sample = {k: _spread(v, 2000) for k, v in ids.items()}
    return {
        "size": size,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "anchor": anchor.isoformat(),
        "counts": counts,
        "statuses": status_counts,
        "overdue": len(ids["overdue"]),
        "ids": sample,
    }


def _spread(values: list[int], n: int) -> list[int]:
    """Up to `n` values taken evenly across `values` (so samples cover old and new claims)."""
    if len(values) <= n:
        return list(values)
    step = len(values) / n
    return [values[int(i * step)] for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["10k"], help="10k, 100k, 1m, 10m (default 10k)")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    parser.add_argument("--bulk", action="store_true", help="build by the bulk path (bulk.py) whatever the size")
    args = parser.parse_args(argv)
    for name in args.sizes:
        ensure_db(SIZES[name.lower()], force=args.force, bulk=True if args.bulk else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
