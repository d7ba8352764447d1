"""Schema v6: every change is an event (uuid, claim uuid, payload, hash chain); said precision; evidence uuids.

What a v5 database knew is carried over so that it exports and replays exactly from then on:

- each evidence item gets a uuid; each claim `said_precision` / `said_phrase` (NULL: unknown);
- each old event gets a uuid, its claim's uuid and a payload built from its `detail` and the
  rows (an `add` gets the claim's text, speaker, said time, source, url and tags, which v3 could
  not change, the assignee it recorded, and the first deadline: the one before the first reopen
  that moved it, else the current one; an `evidence` event gets its item; an `assign` its
  before/after; a trigger its override and deadline change);
- each stored rule setting becomes a `rules` event at the time it was set;
- the events are chained (tracker.domain.events) and the chain head is stored.

The step is frozen: it names the v4 columns itself instead of using the current tables.
SQLite cannot drop NOT NULL from `event.claim_id`, so there the table is rebuilt; PostgreSQL
alters it in place.
"""

from __future__ import annotations

import json
import uuid as _uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.domain.events import Change, utc_iso

_STATUS_CHECK = "IN ('unconfirmed', 'confirmed', 'contradicted', 'expired')"
_SQLITE_EVENT = f"""
CREATE TABLE event (
    id INTEGER NOT NULL,
    uuid VARCHAR(36) NOT NULL,
    claim_id INTEGER,
    claim_uuid VARCHAR(36),
    at DATETIME NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    from_status VARCHAR(16),
    to_status VARCHAR(16),
    reason VARCHAR,
    override BOOLEAN NOT NULL,
    payload TEXT NOT NULL,
    prev_hash VARCHAR(64),
    hash VARCHAR(64) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (uuid),
    FOREIGN KEY(claim_id) REFERENCES claim (id),
    CONSTRAINT event_from CHECK (from_status {_STATUS_CHECK}),
    CONSTRAINT event_to CHECK (to_status {_STATUS_CHECK})
)"""
_INDEXES = (
    "CREATE INDEX ix_event_claim ON event (claim_id, id)",
    "CREATE INDEX ix_event_action_at ON event (action, at)",
    "CREATE INDEX ix_event_at ON event (at)",
)
_HEAD = "CREATE TABLE event_head (id INTEGER NOT NULL, seq INTEGER NOT NULL, hash VARCHAR(64), PRIMARY KEY (id))"
_COLUMNS = ("id", "uuid", "claim_id", "claim_uuid", "at", "actor", "action", "from_status", "to_status", "reason",
            "override", "payload", "prev_hash", "hash")


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso(value: Any) -> str | None:
    at = _time(value)
    return None if at is None else utc_iso(at)


def _detail_time(text: object) -> str | None:
    """A v3 detail deadline (ISO to the second, or 'never') as a payload time."""
    if text in (None, "never"):
        return None
    assert isinstance(text, str)
    return utc_iso(datetime.fromisoformat(text))


def _guards_off(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("DROP TRIGGER IF EXISTS event_no_update"))
        conn.execute(sa.text("DROP TRIGGER IF EXISTS event_no_delete"))
    else:
        conn.execute(sa.text("DROP TRIGGER IF EXISTS event_append_only ON event"))


def _add_columns(conn: Connection) -> None:
    for statement in (
        "ALTER TABLE claim ADD COLUMN said_precision VARCHAR",
        "ALTER TABLE claim ADD COLUMN said_phrase VARCHAR",
        "ALTER TABLE evidence ADD COLUMN uuid VARCHAR(36)",
    ):
        conn.execute(sa.text(statement))
    ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM evidence ORDER BY id"))]
    if ids:
        conn.execute(sa.text("UPDATE evidence SET uuid = :uuid WHERE id = :id"),
                     [{"uuid": str(_uuid.uuid4()), "id": i} for i in ids])
    conn.execute(sa.text("CREATE UNIQUE INDEX ix_evidence_uuid ON evidence (uuid)"))


def _claims(conn: Connection) -> dict[int, dict[str, Any]]:
    rows = conn.execute(sa.text(
        "SELECT id, uuid, text, speaker, said_at, said_tz, source, url, expires_at FROM claim"))
    claims = {r[0]: {"uuid": r[1], "text": r[2], "speaker": r[3], "said_at": _iso(r[4]), "said_tz": r[5],
                     "source": r[6], "url": r[7], "expires_at": _iso(r[8]), "tags": []} for r in rows}
    for claim_id, tag in conn.execute(sa.text("SELECT claim_id, tag FROM claim_tag ORDER BY claim_id, tag")):
        claims[claim_id]["tags"].append(tag)
    return claims


def _evidence(conn: Connection) -> dict[int, dict[str, Any]]:
    rows = conn.execute(sa.text("SELECT id, uuid, stance, source, url, note FROM evidence"))
    return {r[0]: {"uuid": r[1], "stance": r[2], "source": r[3], "url": r[4], "note": r[5]} for r in rows}


def _payloads(conn: Connection, events: list[dict[str, Any]]) -> None:
    """Fill each old event's payload (in place) from its detail and the rows."""
    claims, evidence = _claims(conn), _evidence(conn)
    first_deadline: dict[int, str | None] = {}
    for event in events:
        detail = json.loads(event["detail"]) if event["detail"] else {}
        if "previous_expires_at" in detail and event["claim_id"] not in first_deadline:
            first_deadline[event["claim_id"]] = _detail_time(detail["previous_expires_at"])
    for event in events:
        detail = json.loads(event.pop("detail") or "{}")
        claim = claims[event["claim_id"]]
        event["claim_uuid"] = claim["uuid"]
        action = event["action"]
        payload: dict[str, Any] = {}
        if action == "add":
            initial = {k: claim[k] for k in ("text", "speaker", "said_at", "said_tz", "source", "url", "tags")}
            initial.update(said_precision=None, said_phrase=None, assignee=detail.get("assignee"),
                           expires_at=first_deadline.get(event["claim_id"], claim["expires_at"]))
            payload = {"claim": initial}
        elif action == "evidence":
            payload = {"evidence": evidence[int(detail["evidence_id"])]}
        elif action == "assign":
            payload = {"changes": {"assignee": {"from": detail.get("previous"), "to": detail.get("assignee")}}}
        else:
            if "overridden" in detail:
                payload["overridden"] = detail["overridden"]
            if "expires_at" in detail:
                payload["changes"] = {"expires_at": {"from": _detail_time(detail.get("previous_expires_at")),
                                                     "to": _detail_time(detail["expires_at"])}}
        event["payload"] = payload
    _exact_last_deadlines(events, claims)


def _exact_last_deadlines(events: list[dict[str, Any]], claims: dict[int, dict[str, Any]]) -> None:
    """v3 details kept deadlines to the second; the row keeps them to the microsecond. The last
    deadline change of a claim set what the row holds, so it takes the row's exact value."""
    last: dict[int, dict[str, Any]] = {}
    for event in events:
        if "expires_at" in event["payload"].get("changes", {}):
            last[event["claim_id"]] = event["payload"]["changes"]["expires_at"]
    for claim_id, change in last.items():
        exact = claims[claim_id]["expires_at"]
        if change["to"] is not None and exact is not None and change["to"][:19] == exact[:19]:
            change["to"] = exact


def _old_events(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(sa.text(
        "SELECT id, claim_id, at, actor, action, from_status, to_status, reason, override, detail"
        " FROM event ORDER BY id"))
    return [{"id": r[0], "claim_id": r[1], "at": _time(r[2]), "actor": r[3], "action": r[4], "from_status": r[5],
             "to_status": r[6], "reason": r[7], "override": bool(r[8]), "detail": r[9]} for r in rows]


def _setting_events(conn: Connection, next_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(sa.text("SELECT key, value, updated_at, updated_by FROM setting ORDER BY updated_at, key"))
    found = []
    for offset, (key, value, at, by) in enumerate(rows):
        found.append({"id": next_id + offset, "claim_id": None, "claim_uuid": None, "at": _time(at), "actor": by,
                      "action": "rules", "from_status": None, "to_status": None, "reason": None,
                      "override": False, "payload": {"setting": {"key": key, "from": None, "to": value}}})
    return found


def _chain(events: list[dict[str, Any]]) -> tuple[int, str | None]:
    prev: str | None = None
    for event in events:
        event["uuid"] = str(_uuid.uuid4())
        change = Change(event["uuid"], event["action"], event["at"], event["actor"], event["claim_uuid"],
                        event["from_status"], event["to_status"], event["reason"], event["override"],
                        event["payload"])
        event["prev_hash"], event["hash"] = prev, change.chain_hash(prev)
        event["payload"] = change.payload_json()
        prev = event["hash"]
    return len(events), prev


def _rows(conn: Connection, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sqlite = conn.dialect.name == "sqlite"
    out = []
    for event in events:
        row = {k: event[k] for k in _COLUMNS}
        if sqlite:
            row["at"] = row["at"].astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        out.append(row)
    return out


def upgrade(conn: Connection) -> None:
    """Carry v3 history into events with payloads and a hash chain."""
    _guards_off(conn)
    _add_columns(conn)
    events = _old_events(conn)
    _payloads(conn, events)
    events += _setting_events(conn, (events[-1]["id"] if events else 0) + 1)
    seq, head = _chain(events)
    insert = sa.text(f"INSERT INTO event ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)})")
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_event_claim"))
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_event_action_at"))
        conn.execute(sa.text("ALTER TABLE event RENAME TO event_v3"))
        conn.execute(sa.text(_SQLITE_EVENT))
        if events:
            conn.execute(insert, _rows(conn, events))
        conn.execute(sa.text("DROP TABLE event_v3"))
        for statement in _INDEXES:
            conn.execute(sa.text(statement))
    else:
        for statement in (
            "ALTER TABLE event ALTER COLUMN claim_id DROP NOT NULL",
            "ALTER TABLE event ADD COLUMN uuid VARCHAR(36)",
            "ALTER TABLE event ADD COLUMN claim_uuid VARCHAR(36)",
            "ALTER TABLE event ADD COLUMN payload TEXT",
            "ALTER TABLE event ADD COLUMN prev_hash VARCHAR(64)",
            "ALTER TABLE event ADD COLUMN hash VARCHAR(64)",
            "ALTER TABLE event DROP COLUMN detail",
        ):
            conn.execute(sa.text(statement))
        old = [e for e in events if e["action"] != "rules" or e["claim_id"] is not None]
        settings = [e for e in events if e not in old]
        if old:
            conn.execute(sa.text("UPDATE event SET uuid = :uuid, claim_uuid = :claim_uuid, payload = :payload,"
                                 " prev_hash = :prev_hash, hash = :hash WHERE id = :id"),
                         [{k: e[k] for k in ("id", "uuid", "claim_uuid", "payload", "prev_hash", "hash")}
                          for e in old])
        if settings:
            conn.execute(insert, _rows(conn, settings))
        for statement in (
            "ALTER TABLE event ALTER COLUMN uuid SET NOT NULL",
            "ALTER TABLE event ALTER COLUMN payload SET NOT NULL",
            "ALTER TABLE event ALTER COLUMN hash SET NOT NULL",
            "ALTER TABLE event ADD CONSTRAINT event_uuid_key UNIQUE (uuid)",
            "CREATE INDEX ix_event_at ON event (at)",
            ("SELECT setval(pg_get_serial_sequence('event', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM event),"
             " false)"),
        ):
            conn.execute(sa.text(statement))
    conn.execute(sa.text(_HEAD))
    conn.execute(sa.text("INSERT INTO event_head (id, seq, hash) VALUES (1, :seq, :hash)"),
                 {"seq": seq, "hash": head})
    from tracker.store.migrations.m001_initial import install_history_guards

    install_history_guards(conn)
