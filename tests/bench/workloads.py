"""`apply` workloads (JSON lines) and their raw-sqlite3 floors.

Two inputs, built reproducibly from a generated database:

* `add_lines(n)`: n `add` lines as an import script would write them (ISO times
  with offsets, tags, assignee, sometimes an explicit deadline or uuid);
* `move_lines(db, n)`: n lines of evidence and transitions on existing claims,
  interleaved claim by claim: evidence + evidence + confirm (with `version`),
  evidence + contradict, expire (overdue claims), reopen, and ~2% confirms the
  rules refuse (no support) - those lines must fail alone and change nothing.

The floors (`raw_adds`, `raw_moves`) do the same reads and writes with plain
sqlite3: the same chunks of 1000 lines per `BEGIN IMMEDIATE` transaction, a
SAVEPOINT per line (rolled back for a refused line), the same uuid check, CAS
version update, evidence tally and history insert. They skip what only the tool
does (input validation, the rule machine, result JSON) - that is the overhead the
ratio shows.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import uuid as uuidlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from generate import EDITORS, OUTLETS, SUBJECTS, TAGS

CHUNK = 1000
"""Lines per transaction, as tracker.service.batch.CHUNK_LINES."""
KYIV = ZoneInfo("Europe/Kyiv")


def add_lines(n: int, *, seed: int = 11) -> list[str]:
    """`n` add lines."""
    rnd = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    lines = []
    for i in range(n):
        said = (now - timedelta(minutes=rnd.randrange(60 * 24 * 3))).astimezone(KYIV)
        record: dict = {
            "action": "add",
            "text": f"Speaker {i % 397} said {rnd.choice(SUBJECTS)} would happen (import {i}).",
            "speaker": f"Speaker {i % 397}",
            "said_at": said.isoformat(),
            "source": rnd.choice(OUTLETS),
        }
        if rnd.random() < 0.7:
            record["url"] = f"https://news.example/import/{i}"
        if rnd.random() < 0.8:
            record["tags"] = rnd.sample(TAGS, rnd.randrange(1, 4))
        if rnd.random() < 0.5:
            record["assignee"] = rnd.choice(EDITORS)
        if rnd.random() < 0.2:
            record["expires_at"] = rnd.choice(("+3d", "+36h", (now + timedelta(days=5)).isoformat()))
        if rnd.random() < 0.3:
            record["uuid"] = str(uuidlib.UUID(int=rnd.getrandbits(128), version=4))
        if rnd.random() < 0.1:
            record["actor"] = "ingest-bot"
        lines.append(json.dumps(record))
    return lines


def move_lines(db: Path, n: int, *, seed: int = 13) -> tuple[list[str], int]:
    """`n` evidence/transition lines on claims of `db`; returns (lines, how many must fail)."""
    rnd = random.Random(seed)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    support = {cid: (count or 0) for cid, count in con.execute(
        "SELECT claim_id, count(*) FROM evidence WHERE stance = 'supports' GROUP BY claim_id")}
    open_rows = con.execute(
        "SELECT id, version, expires_at FROM claim WHERE status = 'unconfirmed'").fetchall()
    closed = [cid for (cid,) in con.execute("SELECT id FROM claim WHERE status != 'unconfirmed'")]
    con.close()
    overdue = [(cid, v) for cid, v, exp in open_rows if exp is not None and exp < now]
    fresh = [(cid, v) for cid, v, exp in open_rows if exp is None or exp >= now]
    bare = [(cid, v) for cid, v in fresh if support.get(cid, 0) == 0]
    bare_ids = {cid for cid, _ in bare[: max(1, n // 50)]}
    fresh = [(cid, v) for cid, v in fresh if cid not in bare_ids]
    for pool in (overdue, fresh, closed):
        rnd.shuffle(pool)
    groups: list[list[dict]] = []
    failing = 0
    for cid in bare_ids:
        groups.append([{"action": "confirm", "id": cid, "reason": "two sources agree"}])
        failing += 1
    for cid, _ in overdue[: n // 8]:
        groups.append([{"action": "expire", "id": cid, "reason": "deadline passed, nothing found",
                        "actor": "sweep-script"}])
    for cid in closed[: n // 8]:
        groups.append([{"action": "reopen", "id": cid, "reason": "new statement changes the picture"}])
    lines_so_far = sum(len(g) for g in groups)
    fresh_iter = iter(fresh)
    while lines_so_far < n:
        cid, version = next(fresh_iter)
        a, b = rnd.sample(OUTLETS, 2)
        if rnd.random() < 0.6:
            group = [
                {"action": "evidence", "id": cid, "stance": "supports", "source": a,
                 "url": f"https://news.example/ev/{cid}/a"},
                {"action": "evidence", "id": cid, "stance": "supports", "source": b, "note": "matches the readout"},
                {"action": "confirm", "id": cid, "version": version + 2, "reason": "two independent sources"},
            ]
        else:
            group = [
                {"action": "evidence", "id": cid, "stance": "contradicts", "source": a,
                 "note": "footage shows otherwise"},
                {"action": "contradict", "id": cid, "reason": "contradicted by footage"},
            ]
        if rnd.random() < 0.3:
            for line in group:
                line["actor"] = rnd.choice(EDITORS)
        groups.append(group)
        lines_so_far += len(group)
    # Interleave: claims progress side by side, each claim's lines stay in order.
    order = [i for i, g in enumerate(groups) for _ in g]
    rnd.shuffle(order)
    cursors = [0] * len(groups)
    lines: list[str] = []
    for i in order:
        lines.append(json.dumps(groups[i][cursors[i]]))
        cursors[i] += 1
    lines = lines[:n]
    return lines, failing


# --- raw sqlite3 floors ------------------------------------------------------------------------

def _connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 10000")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class _Chain:
    """The hash chain head, as the floor keeps it: the same event columns and hash tracker writes."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.seq, self.prev = con.execute("SELECT seq, hash FROM event_head WHERE id = 1").fetchone()

    def event(self, cid: int, claim_uuid: str, stamp: str, actor: str, action: str, frm: str | None,
              to: str | None, reason: str | None, payload: dict) -> None:
        event_uuid = str(uuidlib.uuid4())
        at = f"{stamp[:10]}T{stamp[11:]}+00:00"
        body = {"uuid": event_uuid, "claim": claim_uuid, "at": at, "actor": actor, "action": action, "from": frm,
                "to": to, "reason": reason, "override": False, "payload": payload, "prev": self.prev}
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                           ensure_ascii=False).encode()).hexdigest()
        self.con.execute("INSERT INTO event (uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status,"
                         " reason, override, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         (event_uuid, cid, claim_uuid, stamp, actor, action, frm, to, reason, 0,
                          json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
                          self.prev, digest))
        self.seq += 1
        self.prev = digest
        self.con.execute("UPDATE event_head SET seq = ?, hash = ? WHERE id = 1", (self.seq, digest))


def _chunks(lines: list[str]):  # type: ignore[no-untyped-def]
    for start in range(0, len(lines), CHUNK):
        yield lines[start:start + CHUNK]


def raw_adds(db: Path, lines: list[str]) -> int:
    """The add lines as plain sqlite3 inserts; returns how many landed."""
    con = _connect(db)
    landed = 0
    for chunk in _chunks(lines):
        con.execute("BEGIN IMMEDIATE")
        chain = _Chain(con)
        for text in chunk:
            rec = json.loads(text)
            now = datetime.now(UTC)
            stamp = _stamp(now)
            con.execute("SAVEPOINT line")
            uid = rec.get("uuid") or str(uuidlib.uuid4())
            if con.execute("SELECT id FROM claim WHERE uuid = ?", (uid,)).fetchone() is None:
                said = datetime.fromisoformat(rec["said_at"])
                expires = rec.get("expires_at")
                expires_at = now + timedelta(days=7) if not expires or expires.startswith("+") else \
                    datetime.fromisoformat(expires)
                cur = con.execute(
                    "INSERT INTO claim (uuid, text, speaker, said_at, said_tz, said_precision, said_phrase, source,"
                    " url, status, assignee, expires_at, created_at, updated_at, last_activity_at, version) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (uid, rec["text"], rec["speaker"], _stamp(said), "UTC", None, None, rec.get("source"),
                     rec.get("url"), "unconfirmed", rec.get("assignee"), _stamp(expires_at), stamp, stamp, stamp, 1))
                cid = cur.lastrowid
                tags = rec.get("tags") or []
                if tags:
                    con.executemany("INSERT INTO claim_tag (claim_id, tag) VALUES (?, ?)", [(cid, t) for t in tags])
                iso = lambda t: f"{t[:10]}T{t[11:]}+00:00"  # noqa: E731
                chain.event(cid, uid, stamp, rec.get("actor", "bench"), "add", None, "unconfirmed", None, {"claim": {
                    "text": rec["text"], "speaker": rec["speaker"], "said_at": iso(_stamp(said)), "said_tz": "UTC",
                    "said_precision": None, "said_phrase": None, "source": rec.get("source"), "url": rec.get("url"),
                    "expires_at": iso(_stamp(expires_at)), "assignee": rec.get("assignee"), "tags": sorted(tags)}})
                con.execute("RELEASE line")
                landed += 1
            else:
                con.execute("ROLLBACK TO line")
                con.execute("RELEASE line")
        con.execute("COMMIT")
    con.close()
    return landed


_TARGETS = {"confirm": ("unconfirmed",), "contradict": ("unconfirmed", "confirmed"),
            "expire": ("unconfirmed", "confirmed"), "reopen": ("confirmed", "contradicted", "expired")}
_DEST = {"confirm": "confirmed", "contradict": "contradicted", "expire": "expired", "reopen": "unconfirmed"}


def raw_moves(db: Path, lines: list[str], *, savepoints: bool = True) -> int:
    """The evidence/transition lines as plain sqlite3 reads and writes; returns how many landed.

    `savepoints=False` drops the per-line savepoint (a refused line is simply not written):
    the figure the issue's "about 40,000 transitions a second" refers to."""
    con = _connect(db)
    landed = 0
    for chunk in _chunks(lines):
        con.execute("BEGIN IMMEDIATE")
        chain = _Chain(con)
        for text in chunk:
            rec = json.loads(text)
            stamp = _stamp(datetime.now(UTC))
            actor = rec.get("actor", "bench")
            if savepoints:
                con.execute("SAVEPOINT line")
            cid, claim_uuid, status, version, expires_at = con.execute(
                "SELECT id, uuid, status, version, expires_at FROM claim WHERE id = ?", (rec["id"],)).fetchone()
            ok = True
            if rec["action"] == "evidence":
                item = {"uuid": str(uuidlib.uuid4()), "stance": rec["stance"], "source": rec["source"],
                        "url": rec.get("url"), "note": rec.get("note")}
                con.execute("INSERT INTO evidence (uuid, claim_id, stance, source, url, note, added_by, added_at) "
                            "VALUES (?,?,?,?,?,?,?,?)",
                            (item["uuid"], cid, rec["stance"], rec["source"], rec.get("url"), rec.get("note"), actor,
                             stamp))
                con.execute("UPDATE claim SET version = ?, updated_at = ?, last_activity_at = ? "
                            "WHERE id = ? AND version = ?", (version + 1, stamp, stamp, cid, version))
                chain.event(cid, claim_uuid, stamp, actor, "evidence", None, None, rec.get("note"), {"evidence": item})
            else:
                trigger = rec["action"]
                rows = con.execute("SELECT stance, source FROM evidence WHERE claim_id = ?", (cid,)).fetchall()
                if status not in _TARGETS[trigger] or ("version" in rec and rec["version"] != version):
                    ok = False
                elif trigger == "confirm":
                    ok = len({s.casefold() for st, s in rows if st == "supports"}) >= 2
                elif trigger == "contradict":
                    ok = any(st == "contradicts" for st, _ in rows)
                elif trigger == "expire":
                    ok = expires_at is not None and expires_at <= stamp
                if ok:
                    con.execute("UPDATE claim SET status = ?, version = ?, updated_at = ?, last_activity_at = ? "
                                "WHERE id = ? AND version = ?",
                                (_DEST[trigger], version + 1, stamp, stamp, cid, version))
                    chain.event(cid, claim_uuid, stamp, actor, trigger, status, _DEST[trigger], rec["reason"], {})
            if ok:
                landed += 1
            if savepoints:
                if not ok:
                    chain.seq, chain.prev = con.execute("SELECT seq, hash FROM event_head WHERE id = 1").fetchone()
                con.execute("RELEASE line" if ok else "ROLLBACK TO line")
                if not ok:
                    con.execute("RELEASE line")
        con.execute("COMMIT")
    con.close()
    return landed
