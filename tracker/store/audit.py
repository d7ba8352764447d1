"""Reads for `tracker verify` and the as-of views: events, claims, tags and evidence in bounded pages.

Every function takes the write path's `Executor` (tracker/store/writer.py), so the same SQL runs
on a bare sqlite3 connection or through SQLAlchemy, and times come back as aware UTC datetimes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from tracker.domain.events import CLAIM_FIELDS, TIME_FIELDS, Change
from tracker.store.writer import Executor


class StoredEvent(NamedTuple):
    """One event row: its local ids, the change it records, and its stored hashes."""

    id: int
    claim_id: int | None
    change: Change
    prev_hash: str | None
    hash: str


_EVENT_COLUMNS = ("id, uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status, reason, override,"
                  " payload, prev_hash, hash")
_CHAIN_PAGE = f"SELECT {_EVENT_COLUMNS} FROM event WHERE id > :after ORDER BY id LIMIT :n"
_CLAIM_EVENTS = f"SELECT {_EVENT_COLUMNS} FROM event WHERE claim_id BETWEEN :lo AND :hi ORDER BY claim_id, id"
_CLAIM_EVENTS_UNTIL = (f"SELECT {_EVENT_COLUMNS} FROM event WHERE claim_id BETWEEN :lo AND :hi AND at <= :until"
                       " ORDER BY claim_id, id")
_BY_HASH = "SELECT id, uuid FROM event WHERE hash = :hash ORDER BY id LIMIT 1"
_CLAIMS = (f"SELECT id, uuid, status, version, created_at, updated_at, last_activity_at, {', '.join(CLAIM_FIELDS)}"
           " FROM claim WHERE id BETWEEN :lo AND :hi ORDER BY id")
_TAGS = "SELECT claim_id, tag FROM claim_tag WHERE claim_id BETWEEN :lo AND :hi ORDER BY claim_id, tag"
_EVIDENCE = ("SELECT claim_id, uuid, stance, source, url, note, added_by, added_at FROM evidence"
             " WHERE claim_id BETWEEN :lo AND :hi ORDER BY claim_id, id")
_TOP = "SELECT coalesce(max(id), 0) FROM claim"
_TOP_EVENT_CLAIM = "SELECT coalesce(max(claim_id), 0) FROM event"
_ORPHANS = "SELECT id, uuid FROM event WHERE claim_id IS NULL AND action <> :rules ORDER BY id"
_SETTINGS = "SELECT key, value FROM setting ORDER BY key"
_HEAD = "SELECT seq, hash FROM event_head WHERE id = 1"


def _event(executor: Executor, row: tuple[Any, ...]) -> StoredEvent:
    (eid, uuid, claim_id, claim_uuid, at, actor, action, before, after, reason, override, payload, prev,
     digest) = row
    when = executor.read_time(at)
    assert when is not None
    change = Change(uuid, action, when, actor, claim_uuid, before, after, reason, bool(override),
                    json.loads(payload), claim_id)
    return StoredEvent(eid, claim_id, change, prev, digest)


def chain(executor: Executor, *, page: int = 5000) -> Iterator[StoredEvent]:
    """Every event, in id (chain) order."""
    after = 0
    while True:
        rows = executor.rows(_CHAIN_PAGE, {"after": after, "n": page})
        if not rows:
            return
        for row in rows:
            yield _event(executor, row)
        after = rows[-1][0]


def event_after(executor: Executor, event_id: int) -> StoredEvent | None:
    """The event that follows `event_id` in chain order, if any."""
    rows = executor.rows(_CHAIN_PAGE, {"after": event_id, "n": 1})
    return _event(executor, rows[0]) if rows else None


def event_with_hash(executor: Executor, digest: str) -> tuple[int, str] | None:
    """The (id, uuid) of the event whose stored hash is `digest`, if any."""
    rows = executor.rows(_BY_HASH, {"hash": digest})
    return (rows[0][0], rows[0][1]) if rows else None


def top_claim_id(executor: Executor) -> int:
    """The highest claim id in the claim rows or named by an event."""
    return max(int(executor.rows(_TOP, {})[0][0]), int(executor.rows(_TOP_EVENT_CLAIM, {})[0][0]))


def events_by_claim(executor: Executor, lo: int, hi: int,
                    until: datetime | None = None) -> dict[int, list[StoredEvent]]:
    """The events of the claims with ids in [lo, hi], each claim's oldest first (only those at or
    before `until`, when given)."""
    found: dict[int, list[StoredEvent]] = defaultdict(list)
    if until is None:
        rows = executor.rows(_CLAIM_EVENTS, {"lo": lo, "hi": hi})
    else:
        rows = executor.rows(_CLAIM_EVENTS_UNTIL, {"lo": lo, "hi": hi, "until": executor.bind_time(until)})
    for row in rows:
        event = _event(executor, row)
        assert event.claim_id is not None
        found[event.claim_id].append(event)
    return found


def events_of(executor: Executor, claim_ids: list[int], until: datetime) -> dict[int, list[StoredEvent]]:
    """The events at or before `until` of these claims, each claim's oldest first."""
    found: dict[int, list[StoredEvent]] = defaultdict(list)
    for start in range(0, len(claim_ids), 500):
        part = claim_ids[start:start + 500]
        marks = ", ".join(f":c{i}" for i in range(len(part)))
        params: dict[str, Any] = {f"c{i}": cid for i, cid in enumerate(part)}
        params["until"] = executor.bind_time(until)
        sql = f"SELECT {_EVENT_COLUMNS} FROM event WHERE claim_id IN ({marks}) AND at <= :until ORDER BY claim_id, id"
        for row in executor.rows(sql, params):
            event = _event(executor, row)
            assert event.claim_id is not None
            found[event.claim_id].append(event)
    return found


def claims_between(executor: Executor, lo: int, hi: int) -> dict[int, dict[str, Any]]:
    """The claim rows with ids in [lo, hi], with their tags and evidence, times as aware datetimes."""
    read = executor.read_time
    claims: dict[int, dict[str, Any]] = {}
    for row in executor.rows(_CLAIMS, {"lo": lo, "hi": hi}):
        cid, uuid, status, version, created, updated, last = row[:7]
        fields = {name: read(value) if name in TIME_FIELDS else value for name, value in zip(CLAIM_FIELDS, row[7:], strict=True)}
        claims[cid] = {"uuid": uuid, "status": status, "version": version, "created_at": read(created),
                       "updated_at": read(updated), "last_activity_at": read(last), "fields": fields,
                       "tags": [], "evidence": []}
    for cid, tag in executor.rows(_TAGS, {"lo": lo, "hi": hi}):
        claims.setdefault(cid, {"missing": True, "tags": [], "evidence": []})["tags"].append(tag)
    for cid, uuid, stance, source, url, note, by, at in executor.rows(_EVIDENCE, {"lo": lo, "hi": hi}):
        claims.setdefault(cid, {"missing": True, "tags": [], "evidence": []})["evidence"].append(
            (uuid, stance, source, url, note, by, read(at)))
    return claims


def orphan_events(executor: Executor, rules_action: str) -> list[tuple[int, str]]:
    """Events that name no claim but are not rule-setting changes."""
    return [(r[0], r[1]) for r in executor.rows(_ORPHANS, {"rules": rules_action})]


def settings(executor: Executor) -> dict[str, str]:
    """The stored rule settings."""
    return {key: value for key, value in executor.rows(_SETTINGS, {})}


def head(executor: Executor) -> tuple[int, str | None] | None:
    """The stored chain head (count, last hash), or None when the row is gone."""
    rows = executor.rows(_HEAD, {})
    return (int(rows[0][0]), rows[0][1]) if rows else None
