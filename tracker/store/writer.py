"""The one write path: apply `Change`s (events) to the database, projections and hash chain included.

`Writer` holds everything a change does, written once: the version compare-and-swap, the
event insert with its chained hash, the projection update (claim, tag, evidence or setting
rows) and the chain head. It runs SQL through an `Executor`, of which there are two, chosen
once per connection (`tracker.store.session.writer_for`):

- `tracker.store.sqlite_exec.SqliteExecutor`: a bare `sqlite3.Connection` (no SQLAlchemy);
- `tracker.store.core_exec.CoreExecutor`: a SQLAlchemy Connection (PostgreSQL, or any engine).

The SQL below is plain text with ``:name`` parameters, which both accept. This module imports
no SQLAlchemy, so a caller holding only a sqlite3 connection can write through it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from tracker.domain.errors import Conflict
from tracker.domain.events import (
    ADD_ACTION,
    CLAIM_FIELDS,
    LINK_ACTION,
    SETTING_ACTION,
    TIME_FIELDS,
    Change,
    Projection,
    project,
)
from tracker.domain.status import Stance, Status


class Executor(Protocol):
    """Runs the writer's SQL on one connection inside the transaction its caller began."""

    dialect: str

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run a SELECT; return its rows."""

    def run(self, sql: str, params: dict[str, Any]) -> int:
        """Run an INSERT/UPDATE/DELETE; return how many rows it changed."""

    def run_many(self, sql: str, rows: Sequence[dict[str, Any]]) -> int:
        """Run one INSERT/UPDATE once per parameter set (an executemany); return the rows changed in all."""

    def insert(self, sql: str, params: dict[str, Any]) -> int:
        """Run an INSERT into a table with an integer `id`; return the new id."""

    def savepoint(self) -> AbstractContextManager[None]:
        """A block that changes nothing if it raises."""

    def bind_time(self, at: datetime | None) -> Any:
        """An aware datetime in the form this connection stores."""

    def read_time(self, value: Any) -> datetime | None:
        """A stored time as an aware UTC datetime."""


class ClaimState(NamedTuple):
    """What a change needs to know about a claim, read without loading an ORM row."""

    id: int
    uuid: str
    status: Status
    version: int
    expires_at: datetime | None
    assignee: str | None
    last_activity_at: datetime
    duplicate_of: str | None = None
    """The uuid of the claim this one duplicates (its primary), or None."""


class EvidenceTally(NamedTuple):
    """What the guards need from a claim's evidence."""

    supporting_sources: tuple[str, ...]
    contradictions: int


STATE_COLUMNS = "id, uuid, status, version, expires_at, assignee, last_activity_at, duplicate_of"
_STATE_BY_ID = f"SELECT {STATE_COLUMNS} FROM claim WHERE id = :ref"
_STATE_BY_UUID = f"SELECT {STATE_COLUMNS} FROM claim WHERE uuid = :ref"
_FIELDS = f"SELECT {', '.join(CLAIM_FIELDS)} FROM claim WHERE id = :id"
_DUPLICATES = f"SELECT {STATE_COLUMNS} FROM claim WHERE duplicate_of = :uuid ORDER BY id"
_ANY_DUPLICATE = "SELECT 1 FROM claim WHERE duplicate_of IS NOT NULL LIMIT 1"
_TAGS = "SELECT tag FROM claim_tag WHERE claim_id = :id ORDER BY tag"
_TALLY = "SELECT stance, source FROM evidence WHERE claim_id = :id"
_EVENT_KNOWN = "SELECT 1 FROM event WHERE uuid = :uuid"
_HEAD = "SELECT seq, hash FROM event_head WHERE id = 1"
_NEW_HEAD = "INSERT INTO event_head (id, seq, hash) VALUES (1, 0, NULL)"
_SET_HEAD = "UPDATE event_head SET seq = :seq, hash = :hash WHERE id = 1"
_INSERT_CLAIM = (
    f"INSERT INTO claim (uuid, {', '.join(CLAIM_FIELDS)}, status, created_at, updated_at, last_activity_at, version)"
    f" VALUES (:uuid, {', '.join(':c_' + f for f in CLAIM_FIELDS)}, :status, :at, :at, :at, 1)"
)
_INSERT_TAG = "INSERT INTO claim_tag (claim_id, tag) VALUES (:id, :tag)"
_DELETE_TAG = "DELETE FROM claim_tag WHERE claim_id = :id AND tag = :tag"
_INSERT_EVIDENCE = (
    "INSERT INTO evidence (uuid, claim_id, stance, source, url, note, added_by, added_at)"
    " VALUES (:uuid, :id, :stance, :source, :url, :note, :actor, :at)"
)
_INSERT_EVENT = (
    "INSERT INTO event (uuid, claim_id, claim_uuid, at, actor, action, from_status, to_status, reason, override,"
    " payload, prev_hash, hash) VALUES (:uuid, :claim_id, :claim_uuid, :at, :actor, :action, :from_status,"
    " :to_status, :reason, :override, :payload, :prev_hash, :hash)"
)
_SET_SETTING = (
    "INSERT INTO setting (key, value, updated_at, updated_by) VALUES (:key, :value, :at, :actor)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by"
)
_DELETE_SETTING = "DELETE FROM setting WHERE key = :key"
_STATES_PER_READ = 500
"""Claims per `states` statement (bound parameters: SQLite allows 32,766, PostgreSQL 65,535)."""


class Writer:
    """Applies changes on one connection; `lock()` first (every unit of work that writes does)."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self._head: tuple[int, str | None] | None = None
        self._dirty = False
        self._updates: dict[tuple[str, ...], str] = {}
        self._linked: bool | None = None
        """Whether any claim is a duplicate (asked once per transaction; a link written here sets it)."""
        lock = " FOR UPDATE" if executor.dialect == "postgresql" else ""
        self._head_sql = _HEAD + lock

    # ----------------------------------------------------------------- reads a change is planned on

    def lock(self) -> tuple[int, str | None]:
        """Read the chain head under the write lock (PostgreSQL: a row lock every writer takes first)."""
        rows = self.executor.rows(self._head_sql, {})
        if not rows:
            self.executor.run(_NEW_HEAD, {})
            rows = self.executor.rows(self._head_sql, {})
        seq, digest = rows[0]
        self._head = (int(seq), digest)
        return self._head

    def head(self) -> tuple[int, str | None]:
        """(number of events, hash of the last one) as this transaction sees it."""
        return self._head if self._head is not None else self.lock()

    def state(self, ref: int | str) -> ClaimState | None:
        """The claim `ref` (id or uuid) names, or None."""
        rows = self.executor.rows(_STATE_BY_ID if isinstance(ref, int) else _STATE_BY_UUID, {"ref": ref})
        return self._state(rows[0]) if rows else None

    def duplicates(self, uuid: str) -> list[ClaimState]:
        """The claims linked as duplicates of the claim with this uuid, in id order (on a desk with no
        duplicate at all, no look-up per claim: a sweep of 100k claims asks once)."""
        if self._linked is None:
            self._linked = bool(self.executor.rows(_ANY_DUPLICATE, {}))
        if not self._linked:
            return []
        return [self._state(row) for row in self.executor.rows(_DUPLICATES, {"uuid": uuid})]

    def states(self, claim_ids: Sequence[int]) -> dict[int, ClaimState]:
        """The claims with these ids (missing ones are absent), read in a few statements."""
        found: dict[int, ClaimState] = {}
        for start in range(0, len(claim_ids), _STATES_PER_READ):
            part = {f"i{n}": claim_id for n, claim_id in enumerate(claim_ids[start:start + _STATES_PER_READ])}
            sql = f"SELECT {STATE_COLUMNS} FROM claim WHERE id IN ({', '.join(':' + name for name in part)})"
            for row in self.executor.rows(sql, part):
                found[int(row[0])] = self._state(row)
        return found

    def _state(self, row: Sequence[Any]) -> ClaimState:
        cid, uuid, status, version, expires_at, assignee, last, duplicate_of = row
        read = self.executor.read_time
        last_at = read(last)
        assert last_at is not None
        return ClaimState(cid, uuid, Status(status), version, read(expires_at), assignee, last_at, duplicate_of)

    def fields(self, claim_id: int) -> dict[str, Any]:
        """The claim's editable values (python form) and its `tags` (sorted tuple)."""
        row = self.executor.rows(_FIELDS, {"id": claim_id})[0]
        values = {name: self.executor.read_time(v) if name in TIME_FIELDS else v
                  for name, v in zip(CLAIM_FIELDS, row, strict=True)}
        values["tags"] = tuple(tag for (tag,) in self.executor.rows(_TAGS, {"id": claim_id}))
        return values

    def tally(self, claim_id: int) -> EvidenceTally:
        """Supporting sources and contradicting items of one claim."""
        rows = self.executor.rows(_TALLY, {"id": claim_id})
        return EvidenceTally(
            tuple(source for stance, source in rows if stance == Stance.SUPPORTS.value),
            sum(1 for stance, _ in rows if stance == Stance.CONTRADICTS.value),
        )

    def knows_event(self, uuid: str) -> bool:
        """True when an event with this uuid is already stored."""
        return bool(self.executor.rows(_EVENT_KNOWN, {"uuid": uuid}))

    # ----------------------------------------------------------------- the write

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Make a block atomic: on any error the rows and the chain head are as before it."""
        head = self._head
        try:
            with self.executor.savepoint():
                yield
        except BaseException:
            self._head = head
            raise

    def apply(self, change: Change) -> int | None:
        """Write one change: compare-and-swap, projection, event, chain head. Returns the claim's id.

        Raises Conflict when the claim's version is no longer `change.version`.
        """
        seq, prev = self.head()
        payload = change.payload_json()
        digest = change.chain_hash(prev, payload)
        at = self.executor.bind_time(change.at)
        claim_id = change.claim_id
        if change.action == SETTING_ACTION:
            self._setting(change, at)
        elif change.action == ADD_ACTION:
            claim_id = self._add(change, at)
        else:
            assert claim_id is not None and change.version is not None
            projection = project(change)
            sql, params = self._update(change, projection, at)
            if self.executor.run(sql, params) != 1:
                raise Conflict(f"claim {claim_id} changed underneath this {change.action}; nothing was changed, "
                               "try again")
            self._rows_beside(change, projection, claim_id, at)
        if change.action == LINK_ACTION:
            self._linked = True
        self.executor.run(_INSERT_EVENT, self._event(change, claim_id, at, payload, prev, digest))
        self._head = (seq + 1, digest)
        self._dirty = True
        return claim_id

    def apply_many(self, changes: Sequence[Change]) -> None:
        """Write many changes in order, exactly as `apply` would one by one (the same rows, events and
        chain), with one executemany per statement: the sweep's chunk. Changes that only set claim
        columns (a trigger, an assignment), each to another claim, are batched; any other list is
        written one by one. Raises Conflict when any claim is no longer at its version: the caller's
        savepoint (or transaction) then undoes the lot."""
        projections = [project(change) for change in changes]
        claims = {change.claim_id for change in changes}
        if len(claims) != len(changes) or any(
                change.action in (ADD_ACTION, SETTING_ACTION) or p.tags is not None or p.evidence is not None
                for change, p in zip(changes, projections, strict=True)):
            self.apply_all(changes)
            return
        seq, prev = self.head()
        updates: dict[str, list[dict[str, Any]]] = {}
        events: list[dict[str, Any]] = []
        for change, projection in zip(changes, projections, strict=True):
            assert change.claim_id is not None and change.version is not None
            payload = change.payload_json()
            digest = change.chain_hash(prev, payload)
            at = self.executor.bind_time(change.at)
            sql, params = self._update(change, projection, at)
            updates.setdefault(sql, []).append(params)
            events.append(self._event(change, change.claim_id, at, payload, prev, digest))
            prev = digest
        for sql, rows in updates.items():
            if self.executor.run_many(sql, rows) != len(rows):
                raise Conflict(f"a claim of these {len(changes)} changed underneath them; nothing was changed, "
                               "try again")
        self.executor.run_many(_INSERT_EVENT, events)
        if changes:
            self._head = (seq + len(changes), prev)
            self._dirty = True

    def flush(self) -> None:
        """Store the chain head (once per transaction, just before it commits: `unit` calls it)."""
        if self._dirty and self._head is not None:
            self.executor.run(_SET_HEAD, {"seq": self._head[0], "hash": self._head[1]})
            self._dirty = False

    def apply_all(self, changes: Sequence[Change]) -> list[int | None]:
        """Write several changes in order (one transaction: the caller's)."""
        return [self.apply(change) for change in changes]

    def _bind(self, name: str, value: Any) -> Any:
        return self.executor.bind_time(value) if name in TIME_FIELDS else value

    def _add(self, change: Change, at: Any) -> int:
        projection = project(change)
        params = {f"c_{name}": self._bind(name, projection.columns.get(name)) for name in CLAIM_FIELDS}
        params.update(uuid=change.claim_uuid, status=projection.columns["status"], at=at)
        claim_id = self.executor.insert(_INSERT_CLAIM, params)
        for tag in projection.tags or ():
            self.executor.run(_INSERT_TAG, {"id": claim_id, "tag": tag})
        return claim_id

    @staticmethod
    def _event(change: Change, claim_id: int | None, at: Any, payload: str, prev: str | None,
               digest: str) -> dict[str, Any]:
        return {
            "uuid": change.uuid, "claim_id": claim_id, "claim_uuid": change.claim_uuid, "at": at,
            "actor": change.actor, "action": change.action, "from_status": change.from_status,
            "to_status": change.to_status, "reason": change.reason, "override": bool(change.override),
            "payload": payload, "prev_hash": prev, "hash": digest,
        }

    def _update(self, change: Change, projection: Projection, at: Any) -> tuple[str, dict[str, Any]]:
        """The compare-and-swap UPDATE of a claim event and its parameters."""
        assert change.claim_id is not None and change.version is not None
        columns = tuple(projection.columns)
        sql = self._updates.get(columns)
        if sql is None:
            sets = "".join(f"{name} = :c_{name}, " for name in columns)
            sql = (f"UPDATE claim SET {sets}updated_at = :at, last_activity_at = :at, version = :next"
                   " WHERE id = :id AND version = :version")
            self._updates[columns] = sql
        params = {f"c_{name}": self._bind(name, value) for name, value in projection.columns.items()}
        params.update(at=at, next=change.version + 1, id=change.claim_id, version=change.version)
        return sql, params

    def _rows_beside(self, change: Change, projection: Projection, claim_id: int, at: Any) -> None:
        """The tag and evidence rows of a claim event."""
        if projection.tags is not None:
            before = {tag for (tag,) in self.executor.rows(_TAGS, {"id": claim_id})}
            after = set(projection.tags)
            for tag in sorted(before - after):
                self.executor.run(_DELETE_TAG, {"id": claim_id, "tag": tag})
            for tag in sorted(after - before):
                self.executor.run(_INSERT_TAG, {"id": claim_id, "tag": tag})
        item = projection.evidence
        if item is not None:
            self.executor.run(_INSERT_EVIDENCE, {
                "uuid": item["uuid"], "id": claim_id, "stance": item["stance"], "source": item["source"],
                "url": item.get("url"), "note": item.get("note"), "actor": change.actor, "at": at,
            })

    def _setting(self, change: Change, at: Any) -> None:
        setting = change.payload["setting"]
        if setting.get("to") is None:
            self.executor.run(_DELETE_SETTING, {"key": setting["key"]})
        else:
            self.executor.run(_SET_SETTING, {"key": setting["key"], "value": setting["to"], "at": at,
                                             "actor": change.actor})

