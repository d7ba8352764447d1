"""The bulk build path: a generated desk of 10M claims in well under an hour, at ~2.8 KB a claim.

`generate.py` builds 10k-1M claims with its classic shape (generator version 2: 2.8 evidence items
and 4.3 events a claim, 4.6 KB a claim with the event model); at 10M that is ~46 GB and ~8 hours of
a loaded core. This module builds the `10m` size (and any size, on request) with:

* **the desk of a 10M-claim archive** (`SHAPE`): the same status mix, speakers, outlets, editors,
  tags, texts, deadlines and overdue share as version 2, but the evidence of a desk that size: most
  of an archive's claims came in through intake and were never worked (70% of the unconfirmed and
  expired claims have no evidence), a confirmed claim has the two supporting outlets the rules ask
  for and sometimes more, a contradicted one its contradicting item and sometimes more. 0.94 items
  and 2.5 events a claim (version 2: 2.8 and 4.3);
* **the same rows tracker writes**: every claim with its `add` event (the payload `tracker add`
  writes), one `evidence` event per item, the transitions (confirm, contradict, expire by the
  sweep, expire and reopen), each event with its uuid and the SHA-256 chained to the one before, the
  chain head stored: `tracker verify` passes. The full-text index is filled by tracker's own rebuild
  (`search.rebuild_statements`, what the migration runs), which stores exactly what the row
  triggers store (tests/test_bench_bulk.py builds a desk both ways and compares every table);
* **speed**: JSON built from pre-encoded parts (checked against `events.dumps` as it goes), uuids
  cut from one block of random bytes, times from a table of minutes, distinct outlets and tag sets
  drawn from pre-shuffled pools, rows written by `executemany` in big batches with journal and sync
  off, the two indexes that only ever grow at their end (`ix_event_claim`, `ix_evidence_claim`) kept
  during the load and every other secondary index dropped and built after (the schema's own SQL);
  the search triggers dropped and the index filled once at the end.

Used by `generate.ensure_db` for the sizes in `BULK_SIZES` (and `generate.py --bulk` for any size).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import queue
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.domain.events import canonical_bytes, dumps

BULK_VERSION = 3
"""Cache key of databases built here (`generate.py`'s classic path is version 2)."""

SHAPE = {
    # evidence items a claim has, by where it ended up (a draw from the tuple, plus the minimum)
    "unconfirmed": (0, (0, 0, 0, 0, 0, 0, 0, 0, 1, 3)),
    "expired": (0, (0, 0, 0, 0, 0, 0, 0, 0, 1, 3)),
    "confirmed": (2, (0, 0, 0, 0, 1, 2)),
    "contradicted": (1, (0, 0, 0, 1, 2)),
}
"""(minimum, extra) evidence items per final status: 0.94 items a claim over the status mix."""

BATCH = 100_000
"""Claims per executemany round."""

KEEP_INDEXES = ("ix_event_claim", "ix_evidence_claim")
"""Secondary indexes kept during the load: their keys arrive in order, so each insert is an append."""


def _encoder() -> Callable[[Any], str]:
    return json.JSONEncoder(ensure_ascii=False).encode


def build(path: Path, size: int, *, seed: int = 5, anchor: datetime | None = None, bulk: bool = True,
          log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Build a desk of `size` claims at `path` (schema from tracker's migrations); return its meta.

    `bulk=False` writes the same rows with every index and search trigger live (the slow path, for the
    test that the bulk load stores exactly what tracker's triggers store)."""
    import generate as g
    from tracker.store import search

    say = log or (lambda message: None)
    started = time.perf_counter()
    anchor = (anchor or datetime.now(UTC)).replace(microsecond=0)
    g._create_schema(path)
    rnd = random.Random(seed)
    r = rnd.random
    enc = _encoder()
    q = {s: enc(s) for s in (*g.EDITORS, "ingest-bot", "sweep", *g.ZONES, *g.TAGS,
                             *(o for pair in g.OUTLETS for o in (pair, pair.lower())))}

    # --- times: 'YYYY-MM-DD HH:MM:SS.000000' from a table of minutes (offsets from the anchor, seconds)
    base = int(anchor.timestamp())
    lo, hi = -12 * 7 * 86400, 4 * 7 * 86400
    first_minute = (base + lo) // 60
    minutes = [datetime.fromtimestamp(m * 60, UTC).strftime("%Y-%m-%d %H:%M:")
               for m in range(first_minute, (base + hi) // 60 + 2)]
    secs = [f"{s:02d}.000000" for s in range(60)]

    def when(offset: int) -> str:
        m, s = divmod(base + offset, 60)
        return minutes[m - first_minute] + secs[s]

    def iso(text: str) -> str:
        return f"{text[:10]}T{text[11:]}+00:00"

    # --- uuid4 strings cut from blocks of random bytes (version and variant set as uuid.uuid4 sets them)
    pool: list[str] = []
    variant = "89ab"

    def refill() -> None:
        block = rnd.randbytes(16 * 200_000).hex()
        pool.extend(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"
                    for h in (block[i:i + 32] for i in range(0, len(block), 32)))
        pool.reverse()

    def uuid4() -> str:
        if not pool:
            refill()
        return pool.pop()

    speakers = [f"{first} {last}" for first in g.FIRST for last in g.LAST]
    rnd.shuffle(speakers)
    speakers = speakers[:400]
    q.update({s: enc(s) for s in speakers})
    spellings = [(o, o.lower() if o.startswith("The ") else o) for o in g.OUTLETS]
    slugs = {o: o.lower().replace(" ", "-") for o in g.OUTLETS}
    outlet_orders = []
    for _ in range(4096):
        order = list(range(len(spellings)))
        rnd.shuffle(order)
        outlet_orders.append(order[:8])
    tag_sets = [sorted(rnd.sample(g.TAGS, (0, 1, 1, 2, 2, 3)[int(r() * 6)])) for _ in range(8192)]
    tag_json = [enc(t).replace(", ", ",") for t in tag_sets]
    statuses = [s for s, w in g.STATUS_MIX for _ in range(w)]
    week = 7 * 86400
    ids: dict[str, list[int]] = {"confirmable": [], "overdue": [], "unconfirmed": [], "confirmed": [],
                                 "contradicted": [], "expired": [], "busy": []}

    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -1500000")
    indexes: list[str] = []
    triggers: list[str] = []
    if bulk:
        for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                     ).fetchall():
            if name not in KEEP_INDEXES:
                indexes.append(sql)
                con.execute(f"DROP INDEX {name}")
        for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall():
            if name in search.SQLITE_TRIGGERS:
                triggers.append(sql)
                con.execute(f"DROP TRIGGER {name}")
    con.execute("BEGIN")
    con.execute("INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('desk_tz', 'Europe/Kyiv', ?, ?)",
                (when(-9 * week), "chris.l"))
    sha = hashlib.sha256
    prev = "null"  # JSON of the previous event's hash
    prev_hex: str | None = None

    claims: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    evidence: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    counts = {"claim": 0, "claim_tag": 0, "evidence": 0, "event": 0}
    status_counts = {s: 0 for s, _ in g.STATUS_MIX}
    ev_id = 0

    def event(cid: int | None, cuuid: str | None, at: str, actor: str, action: str, frm: str | None,
              to: str | None, reason: str | None, payload: str) -> None:
        nonlocal prev, prev_hex
        eu = uuid4()
        body = (f'{{"action":"{action}","actor":{q[actor]},"at":"{iso(at)}","claim":'
                f'{"null" if cuuid is None else chr(34) + cuuid + chr(34)},'
                f'"from":{"null" if frm is None else chr(34) + frm + chr(34)},"override":false,'
                f'"payload":{payload},"prev":{prev},"reason":{"null" if reason is None else enc(reason)},'
                f'"to":{"null" if to is None else chr(34) + to + chr(34)},"uuid":"{eu}"}}')
        if len(events) < 50 and counts["event"] == 0:
            form = {"uuid": eu, "claim": cuuid, "at": iso(at), "actor": actor, "action": action, "from": frm,
                    "to": to, "reason": reason, "override": False, "payload": json.loads(payload), "prev": prev_hex}
            if canonical_bytes(form) != body.encode():
                raise AssertionError(f"canonical form differs:\n{canonical_bytes(form)!r}\n{body!r}")
        digest = sha(body.encode()).hexdigest()
        events.append((eu, cid, cuuid, at, actor, action, frm, to, reason, 0, payload, prev_hex, digest))
        prev, prev_hex = f'"{digest}"', digest

    def check(payload_obj: dict[str, Any], text: str) -> None:
        """The pre-encoded JSON equals what tracker's `dumps` writes (the first events of each kind)."""
        if dumps(payload_obj) != text:
            raise AssertionError(f"payload JSON differs:\n{dumps(payload_obj)}\n{text}")

    inserts = (
        f"INSERT INTO claim ({g.CLAIM_COLUMNS}) VALUES ({','.join('?' * 17)})",
        "INSERT INTO claim_tag VALUES (?,?)",
        "INSERT INTO evidence (id, uuid, claim_id, stance, source, url, note, added_by, added_at)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        "INSERT INTO event (uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status,"
        " reason, override, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
    )
    # The rows go to SQLite on a second thread (sqlite3 lets go of the GIL while a statement runs), in
    # the order they were made: one writer, one connection, the same file as a single thread writes.
    todo: queue.Queue[tuple[list[tuple[Any, ...]], ...] | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def writer() -> None:
        try:
            while (batch := todo.get()) is not None:
                for sql, rows in zip(inserts, batch, strict=True):
                    con.executemany(sql, rows)
        except BaseException as exc:  # handed to the main thread, which raises it
            failed.append(exc)
            while todo.get() is not None:
                pass

    thread = threading.Thread(target=writer, name="bulk-writer")
    thread.start()

    def flush() -> None:
        nonlocal claims, tags, evidence, events
        if failed:
            raise failed[0]
        counts["claim"] += len(claims)
        counts["claim_tag"] += len(tags)
        counts["evidence"] += len(evidence)
        counts["event"] += len(events)
        todo.put((claims, tags, evidence, events))
        claims, tags, evidence, events = [], [], [], []

    span = 8 * week
    ingest = "ingest-bot"
    for cid in range(1, size + 1):
        frac = cid / size
        created = -int(span * (1 - frac)) - int(r() * 3600)
        status = statuses[int(r() * 100)]
        kind = "overdue" if status == "unconfirmed" and r() < g.OVERDUE_SHARE else status
        if kind in ("overdue", "expired"):
            created = min(created, -2 * 86400 - int(r() * 4 * week))
            due = created + (week if r() < 0.7 else 86400 * (1 + int(r() * 6)))
            expires: int | None = min(due, -3600 - int(r() * 86400))
        elif kind == "unconfirmed":
            created = max(created, -6 * 86400 + int(r() * 3600))
            roll = r()
            expires = None if roll < 0.1 else created + (week if roll < 0.8 else 86400 * (2 + int(r() * 13)))
            if expires is not None and expires <= 0:
                expires = 3600 + int(r() * 3 * 86400)
        else:
            expires = None if r() < 0.3 else created + week + int(r() * 2 * week)
        actor = g.EDITORS[int(r() * 12)] if r() < 0.8 else ingest
        claim_uuid = uuid4()
        # The claim's fields, then its add event (first in its history).
        speaker = speakers[int(r() * 400)]
        said_tz = g.ZONES[int(r() * 6)] if r() < 0.8 else None
        text = g.CLAIMS[int(r() * 6)].format(s=speaker, v=g.VERBS[int(r() * 8)], x=g.SUBJECTS[int(r() * 16)],
                                             n=2 + int(r() * 900), d=f"claim {cid}")
        source = g.OUTLETS[int(r() * 40)]
        url = f"https://news.example/{slugs[source]}/c{cid}" if r() < 0.7 else None
        assignee = g.EDITORS[int(r() * 12)] if r() < 0.6 else None
        said_at = when(created - int(r() * 86400)) if said_tz else None
        deadline = when(expires) if expires is not None else None
        ts = int(r() * 8192)
        chosen = tag_sets[ts]
        created_at = when(created)
        add_json = (f'{{"claim":{{"assignee":{"null" if assignee is None else q[assignee]},'
                    f'"expires_at":{"null" if deadline is None else chr(34) + iso(deadline) + chr(34)},'
                    f'"said_at":{"null" if said_at is None else chr(34) + iso(said_at) + chr(34)},'
                    f'"said_phrase":null,"said_precision":null,"said_tz":{"null" if said_tz is None else q[said_tz]},'
                    f'"source":{q[source]},"speaker":{q[speaker]},"tags":{tag_json[ts]},"text":{enc(text)},'
                    f'"url":{"null" if url is None else chr(34) + url + chr(34)}}}}}')
        if cid <= 200:
            check({"claim": {"text": text, "speaker": speaker, "said_at": said_at and iso(said_at),
                             "said_tz": said_tz, "said_precision": None, "said_phrase": None, "source": source,
                             "url": url, "expires_at": deadline and iso(deadline), "assignee": assignee,
                             "tags": chosen}}, add_json)
        event(cid, claim_uuid, created_at, actor, "add", None, "unconfirmed", None, add_json)
        version = 1
        t = created
        # Evidence, consistent with where the claim ends up.
        least, extra = SHAPE[status]
        n_ev = least + extra[int(r() * len(extra))]
        if status == "confirmed":
            stances = ["supports", "supports"] + [("supports", "context", "supports")[int(r() * 3)]
                                                  for _ in range(n_ev - 2)]
        elif status == "contradicted":
            stances = ["contradicts"] + [("contradicts", "context", "supports")[int(r() * 3)]
                                         for _ in range(n_ev - 1)]
        else:
            stances = [("supports", "supports", "context", "contradicts")[int(r() * 4)] for _ in range(n_ev)]
        order = outlet_orders[int(r() * 4096)]
        support_keys = set()
        for k, stance in enumerate(stances):
            outlet, alt = spellings[order[k]]
            t = min(t + 60 + int(r() * 6 * 3600), -120)
            ev_id += 1
            who = g.EDITORS[int(r() * 12)]
            name = alt if r() < 0.1 else outlet
            eurl = None if r() < 0.2 else f"https://news.example/{slugs[outlet]}/{ev_id}"
            note = None if r() < 0.6 else f"{stance} per {outlet} report"
            item_uuid = uuid4()
            at = when(t)
            evidence.append((ev_id, item_uuid, cid, stance, name, eurl, note, who, at))
            ev_json = (f'{{"evidence":{{"note":{"null" if note is None else enc(note)},"source":{q[name]},'
                       f'"stance":"{stance}","url":{"null" if eurl is None else chr(34) + eurl + chr(34)},'
                       f'"uuid":"{item_uuid}"}}}}')
            if cid <= 200:
                check({"evidence": {"uuid": item_uuid, "stance": stance, "source": name, "url": eurl,
                                    "note": note}}, ev_json)
            event(cid, claim_uuid, at, who, "evidence", None, None, note, ev_json)
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
            t += 60 + int(r() * 12 * 3600)
            if trigger == "expire":
                t = max(t, (expires or t) + int(r() * 7200))
            t = min(t, -60)
            who = "sweep" if trigger == "expire" else g.EDITORS[int(r() * 12)]
            reason = "deadline passed" if trigger == "expire" else f"{trigger} after checking sources"
            event(cid, claim_uuid, when(t), who, trigger, frm, to, reason, "{}")
            version += 1
        t = min(t, -1)
        last = when(t)
        claims.append((cid, claim_uuid, text, speaker, said_at, said_tz, None, None, source, url, status, assignee,
                       deadline, created_at, last, last, version))
        for tag in chosen:
            tags.append((cid, tag))
        status_counts[status] += 1
        if kind == "overdue":
            ids["overdue"].append(cid)
        elif status == "unconfirmed" and len(support_keys) >= 2:
            ids["confirmable"].append(cid)
        if status in ids:
            ids[status].append(cid)
        if len(stances) >= 3 and len(moves) >= 1:
            ids["busy"].append(cid)
        if len(claims) >= BATCH:
            flush()
            if cid % 1_000_000 == 0:
                say(f"  {cid:,} claims, {counts['event']:,} events: {time.perf_counter() - started:.0f} s")
    flush()
    setting = '{"setting":{"from":null,"key":"desk_tz","to":"Europe/Kyiv"}}'
    check({"setting": {"key": "desk_tz", "from": None, "to": "Europe/Kyiv"}}, setting)
    event(None, None, when(-9 * week), "chris.l", "rules", None, None, None, setting)
    flush()
    todo.put(None)
    thread.join()
    if failed:
        raise failed[0]
    con.execute("UPDATE event_head SET seq = ?, hash = ? WHERE id = 1", (counts["event"], prev_hex))
    con.execute("COMMIT")
    timings = {"rows": round(time.perf_counter() - started, 1)}
    say(f"  rows written: {timings['rows']} s")
    for sql in indexes:
        mark = time.perf_counter()
        con.execute(sql)
        timings[sql.split()[2]] = round(time.perf_counter() - mark, 1)
    say(f"  indexes built: {time.perf_counter() - started:.0f} s")
    if bulk:
        mark = time.perf_counter()
        con.execute("BEGIN")
        for sql in search.rebuild_statements("sqlite"):
            con.execute(sql)
        for sql in triggers:
            con.execute(sql)
        con.execute("COMMIT")
        timings["search index"] = round(time.perf_counter() - mark, 1)
        say(f"  search index: {timings['search index']} s")
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    return {
        "size": size,
        "generator_version": BULK_VERSION,
        "shape": "archive (bulk.py SHAPE)",
        "seed": seed,
        "anchor": anchor.isoformat(),
        "counts": counts,
        "statuses": status_counts,
        "overdue": len(ids["overdue"]),
        "phases": timings,
        "ids": {k: g._spread(v, 2000) for k, v in ids.items()},
    }


if __name__ == "__main__":
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    info = build(Path(sys.argv[1]), size, log=lambda m: print(m, file=sys.stderr, flush=True))
    info.pop("ids")
    print(json.dumps(info, indent=1))
