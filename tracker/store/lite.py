"""SQLite with sqlite3 alone: the reads of a cold `show`, `history` or `list`, and the transaction of a
single change (`change`: confirm, evidence, assign, edit, add...), no SQLAlchemy.

The SQL is not written here: it is the text tracker/store/gen_sqltext.py generates from the
Core queries in tracker.store.queries (tracker.store.sqltext). This module opens the file the way
the engine does (the same pragmas, a deferred `BEGIN`, the same schema check and messages), runs
that text, and turns rows into named tuples with the attribute names and value types the ORM
rows have (aware UTC datetimes, booleans), so `tracker.service.views` builds the same views from
either. tests/test_sqltext.py runs both paths on random databases and compares what they return.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict, namedtuple
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tracker.domain.errors import TrackerError
from tracker.store import errors as store_errors
from tracker.store import sqltext
from tracker.store.errors import foreign_database, from_driver, not_a_tracker_database, schema_mismatch
from tracker.store.location import BUSY_TIMEOUT_MS, configure, sqlite_uri
from tracker.store.sqlite_exec import SqliteExecutor
from tracker.store.writer import Writer

if TYPE_CHECKING:
    from tracker.store.listing import ClaimFilter, Condition


def _row_type(table: str) -> Any:
    """A named tuple type with the table's column names (rows read like ORM rows: `row.status`)."""
    return namedtuple(f"{table.title().replace('_', '')}Row", sqltext.COLUMNS[table])


ClaimRow = _row_type("claim")
EvidenceRow = _row_type("evidence")
EventRow = _row_type("event")


def _converter(table: str) -> Any:
    names = sqltext.COLUMNS[table]
    times = [names.index(c) for c in sqltext.TIMES[table]]
    flags = [names.index(c) for c in sqltext.FLAGS[table]]
    make = {"claim": ClaimRow, "evidence": EvidenceRow, "event": EventRow}[table]

    def convert(row: tuple[Any, ...]) -> Any:
        values = list(row)
        for i in times:
            if values[i] is not None:
                values[i] = datetime.fromisoformat(values[i]).replace(tzinfo=UTC)
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        return make(*values)

    return convert


_CLAIM, _EVIDENCE, _EVENT = _converter("claim"), _converter("evidence"), _converter("event")
_EXPANDING = re.compile(r"__\[POSTCOMPILE_(\w+)\]")
_NUMBERED = re.compile(r":(\w+)_N\b")


def _bind(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    return value


def expand(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Expand each ``__[POSTCOMPILE_x]`` list parameter into one named parameter per item, and
    convert values as the column types would (aware datetimes to UTC text, booleans to 0/1)."""
    bound: dict[str, Any] = {}

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        items = list(params[name])
        for i, item in enumerate(items):
            bound[f"{name}_{i}"] = _bind(item)
        return ", ".join(f":{name}_{i}" for i in range(len(items))) or "NULL"

    sql = _EXPANDING.sub(one, sql)
    for key, value in params.items():
        if key not in bound and not isinstance(value, (list, tuple)):
            bound[key] = _bind(value)
    return sql, bound


def _fragment(kind: str) -> str:
    from tracker.store.listing import base_kind

    text = sqltext.CONDITIONS[base_kind(kind)]
    number = kind.rpartition("_")[2] if base_kind(kind) != kind else ""
    return _NUMBERED.sub(lambda m: f":{m.group(1)}_{number}", text) if number else text


def list_sql(flt: ClaimFilter, sort: str, descending: bool) -> tuple[str, dict[str, Any]]:
    """The text and parameters of a list page (``:limit``/``:offset`` still to be given), as the
    Core path would build them for the same filter (`tracker.store.queries.list_statement`).

    The list machinery loads here, on first use: a cold `show` or single change never needs it."""
    from tracker.store.listing import list_shape

    shape = list_shape(flt, sort, descending)
    conditions: list[Condition] = list(shape.conditions)
    key = f"{len(shape.merged)}:{sort}:{'desc' if descending else 'asc'}:{int(bool(conditions))}"
    sql = sqltext.LIST_SKELETONS[key]
    if conditions:
        sql = sql.replace("__CONDITIONS__", " AND ".join(_fragment(kind) for kind, _ in conditions))
    params: dict[str, Any] = {}
    for _, values in conditions:
        params.update(values)
    for i, status in enumerate(shape.merged):
        params[f"status_{i}"] = status
    return sql, params


class Reader:
    """One read transaction on a SQLite file (from `read`)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def _rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        text, bound = expand(sql, params)
        return self.con.execute(text, bound).fetchall()

    def settings(self) -> dict[str, str]:
        """Every rule setting stored, as text."""
        return {key: value for key, value in self._rows(sqltext.READS["settings"], {})}

    def setting_changes(self) -> dict[str, tuple[datetime, str]]:
        """Who last set each stored rule setting, and when: key -> (updated_at, updated_by)."""
        return {key: (datetime.fromisoformat(at).replace(tzinfo=UTC), by)
                for key, at, by in self._rows(sqltext.READS["setting_changes"], {})}

    def claim(self, ref: int | str) -> Any | None:
        """The claim with this id (int) or uuid (str), as a `ClaimRow`, or None."""
        name = "claim_by_id" if isinstance(ref, int) else "claim_by_uuid"
        rows = self._rows(sqltext.READS[name], {"ref": ref})
        return _CLAIM(rows[0]) if rows else None

    def tags_for(self, claim_ids: Sequence[int]) -> dict[int, list[str]]:
        """Tags of each claim, sorted."""
        found: dict[int, list[str]] = defaultdict(list)
        if claim_ids:
            for claim_id, tag in self._rows(sqltext.READS["tags_for"], {"claim_ids": list(claim_ids)}):
                found[claim_id].append(tag)
        return found

    def evidence_for(self, claim_ids: Sequence[int]) -> dict[int, list[Any]]:
        """Evidence of each claim (as `EvidenceRow`), oldest first."""
        found: dict[int, list[Any]] = defaultdict(list)
        if claim_ids:
            for row in self._rows(sqltext.READS["evidence_for"], {"claim_ids": list(claim_ids)}):
                item = _EVIDENCE(row)
                found[item.claim_id].append(item)
        return found

    def stance_counts(self, claim_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """How many supporting / contradicting / context items each claim has."""
        found: dict[int, dict[str, int]] = defaultdict(dict)
        if claim_ids:
            for claim_id, stance, count in self._rows(sqltext.READS["stance_counts"],
                                                      {"claim_ids": list(claim_ids)}):
                found[claim_id][stance] = count
        return found

    def links_for(self, claim_ids: Sequence[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
        """The duplicate links of these claims, as `tracker.store.queries.links_for` reads them."""
        primary: dict[int, int] = {}
        duplicates: dict[int, list[int]] = defaultdict(list)
        if claim_ids:
            ids = {"claim_ids": list(claim_ids)}
            primary = {c: p for c, p in self._rows(sqltext.READS["primaries_of"], ids)}
            for p, d in self._rows(sqltext.READS["duplicates_of"], ids):
                duplicates[p].append(d)
        return primary, duplicates

    def events_for(self, claim_id: int) -> list[Any]:
        """A claim's history (as `EventRow`), oldest first."""
        return [_EVENT(row) for row in self._rows(sqltext.READS["events_for"], {"claim_id": claim_id})]

    def chain_head(self) -> tuple[int, str | None]:
        """(number of events, hash of the last one), as stored in the chain head."""
        rows = self._rows(sqltext.READS["chain_head"], {})
        return (int(rows[0][0]), rows[0][1]) if rows else (0, None)

    def event_rows(self, *, batch: int = 5000) -> Iterator[list[tuple[Any, ...]]]:
        """Every event, oldest first, as `tracker.store.queries.event_rows` gives SQLite's: stored values."""
        cursor = self.con.execute(sqltext.READS["event_export"])
        while rows := cursor.fetchmany(batch):
            yield rows

    def list_claims(self, flt: ClaimFilter, *, sort: str, descending: bool, limit: int,
                    offset: int) -> list[Any]:
        """One page of claims (as `ClaimRow`), as `tracker.store.queries.list_claims` reads it."""
        sql, params = list_sql(flt, sort, descending)
        return [_CLAIM(row) for row in self._rows(sql, {**params, "limit": limit, "offset": offset})]


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _open(path: Path, where: str) -> tuple[sqlite3.Connection, bool]:
    """A configured connection to `path` and whether it is read-only.

    mode=rw: tracker never creates the file here (sqlite3's default would, empty); a file tracker
    cannot write is opened read-only, as the engine opens it (tracker.store.location.sqlite_uri)."""
    read_only = sqlite_uri(path)
    try:
        con = sqlite3.connect(read_only or f"file:{quote(str(path))}?mode=rw", uri=True,
                              timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.Error as err:
        raise TrackerError(f"cannot use {where}: {_first_line(err)}") from None
    return con, read_only is not None


@contextmanager
def _errors(where: str) -> Iterator[None]:
    """sqlite3 errors as the unit of work words them (tracker.store.errors.from_driver)."""
    try:
        yield
    except sqlite3.IntegrityError as err:
        raise TrackerError(f"the database refused the change: {_first_line(err)}") from None
    except sqlite3.OperationalError as err:
        raise from_driver(_first_line(err), where, operational=True) from None
    except sqlite3.DatabaseError as err:
        raise from_driver(_first_line(err), where, operational=False) from None


@contextmanager
def read(path: Path, where: str) -> Iterator[Reader]:
    """A read transaction on the tracker database at `path` (rolled back at the end).

    Errors leave as the unit of work's do: a missing or foreign schema is NotReady with the same
    message, a lock held too long is a Conflict, anything else one `cannot use` line."""
    con, read_only = _open(path, where)
    try:
        with _errors(where):
            configure(con, BUSY_TIMEOUT_MS, read_only=read_only)
            con.execute("BEGIN")
            _require_schema(con, where)
            yield Reader(con)
    finally:
        con.close()


@contextmanager
def change(path: Path, where: str) -> Iterator[tuple[Reader, Writer]]:
    """A write transaction on the tracker database at `path`, with sqlite3 alone: the one write path
    (tracker.store.writer) on a bare connection, under SQLite's write lock (`BEGIN IMMEDIATE`, the
    chain head read first), and a Reader on the same transaction. Committed (the chain head stored
    first) if the block ends normally; on any error nothing is written. Errors as `read`'s."""
    con, read_only = _open(path, where)
    try:
        with _errors(where):
            configure(con, BUSY_TIMEOUT_MS, read_only=read_only)
            if read_only:
                raise store_errors.read_only(where)
            con.execute("BEGIN IMMEDIATE")
            _require_schema(con, where)
            writer = Writer(SqliteExecutor(con))
            writer.lock()
            yield Reader(con), writer
            writer.flush()
            con.execute("COMMIT")
    finally:
        con.close()  # without COMMIT: rolled back


def _require_schema(con: sqlite3.Connection, where: str) -> None:
    try:
        row = con.execute(sqltext.READS["schema_version"]).fetchone()
    except sqlite3.DatabaseError:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                 if not n.startswith("sqlite_")]
        raise (foreign_database(where, names) if names else not_a_tracker_database(where)) from None
    problem = schema_mismatch(None if row is None else row[0], sqltext.SCHEMA_VERSION, where)
    if problem is not None:
        raise problem
