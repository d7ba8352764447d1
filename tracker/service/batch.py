"""`apply`: batch changes from JSON lines, each line atomic on its own.

Lines run in chunks, each chunk one transaction (so an editor's write never waits
long) and each line inside it a savepoint: a bad line rolls back to its savepoint
and the lines around it still land. A line's result is reported only once its
chunk has committed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from tracker.domain.errors import ExitCode, InvalidInput, TrackerError
from tracker.domain.inputs import claim_ref, clean_uuid
from tracker.domain.lifecycle import bound
from tracker.domain.rules import TRIGGERS
from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim_stamp, add_evidence_stamp, assign_stamp
from tracker.service.context import Desk, unit
from tracker.service.moves import apply_trigger_stamp
from tracker.service.step import Step
from tracker.service.views import ClaimStamp
from tracker.store.fast import savepoint

CHUNK_LINES = 1000
"""Lines per transaction."""

MAX_LINE_BYTES = 64 * 1024

_COMMON = {"action", "actor", "at"}
_TARGET = {"id", "uuid", "version"}
FIELDS: dict[str, set[str]] = {
    "add": _COMMON | {"uuid", "text", "speaker", "said_at", "source", "url", "expires_at", "tags", "assignee",
                      "unique"},
    "evidence": _COMMON | _TARGET | {"stance", "source", "url", "note"},
    "assign": _COMMON | _TARGET | {"assignee"},
    **{trigger: _COMMON | _TARGET | {"reason", "override"} for trigger in TRIGGERS},
    "reopen": _COMMON | _TARGET | {"reason", "override", "expires_at"},
}
"""The keys each action's line may carry; any other key is an error (it is probably a typo)."""


@dataclass(frozen=True, slots=True)
class LineResult:
    """The outcome of one input line."""

    line: int
    ok: bool
    action: str | None = None
    claim: ClaimStamp | None = None
    """The claim's id, uuid, status and version after the line (not re-read: a batch needs no more)."""
    error: str | None = None
    code: int = 0

    def to_json(self) -> dict[str, Any]:
        """The documented result object (docs/cli.md)."""
        data: dict[str, Any] = {"line": self.line, "ok": self.ok}
        if self.action:
            data["action"] = self.action
        if self.claim is not None:
            data.update(id=self.claim.id, uuid=self.claim.uuid, status=self.claim.status.value,
                        version=self.claim.version)
            if self.action == "add":
                data["similar"] = [s.to_json() for s in self.claim.similar]
        if self.error is not None:
            data.update(error=self.error, code=self.code)
        return data


def apply_lines(desk: Desk, lines: Iterable[bytes | str], *, shift: timedelta = timedelta(0)) -> Iterator[LineResult]:
    """Apply each non-blank line; yield one result per line, in order, after its chunk commits."""
    numbered = iter(enumerate(lines, 1))
    while True:
        results: list[LineResult] = []
        with unit(desk, write=True) as session:
            step = Step.open(session, desk)
            # One binding of the shared Machine per chunk: binding per line (add_model/remove_model)
            # cost ~40 us of a transition line's ~200.
            with bound(step.settings) as machine:
                base = replace(step, shift=shift, machine=machine)
                for number, raw in numbered:
                    result = _apply_one(base, number, raw, desk.now)
                    if result is not None:
                        results.append(result)
                    if len(results) >= CHUNK_LINES:
                        break
        yield from results
        if len(results) < CHUNK_LINES:
            return


def _apply_one(base: Step, number: int, raw: bytes | str, clock: Callable) -> LineResult | None:
    action = None
    try:
        record = _parse(raw)
        if record is None:
            return None
        action = record["action"]
        _check_fields(action, record)
        step = replace(base, now=clock()).acting(record.get("actor"), record.get("at"))
        # A savepoint on the session's connection, not the ORM session's (session.begin_nested
        # cost ~100 us a line in bookkeeping). Safe because every write in a line is a Core or
        # prepared statement and find_claim refreshes any row the session holds.
        with savepoint(base.session):
            claim = _dispatch(step, action, record)
        return LineResult(number, True, action, claim)
    except TrackerError as err:
        return LineResult(number, False, action, error=err.message, code=int(err.exit_code))
    except sa.exc.IntegrityError as err:
        reason = str(err.orig).strip().splitlines()[0]
        return LineResult(number, False, action, error=f"the database refused it: {reason}", code=int(ExitCode.FAILURE))


def _parse(raw: bytes | str) -> dict[str, Any] | None:
    if isinstance(raw, bytes):
        if len(raw) > MAX_LINE_BYTES:
            raise InvalidInput(f"line is longer than {MAX_LINE_BYTES} bytes")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("line is not valid UTF-8") from None
    text = raw.strip()
    if not text:
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidInput(f"not valid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise InvalidInput("JSON is nested too deeply") from None
    if not isinstance(record, dict):
        raise InvalidInput("a line must be one JSON object")
    action = record.get("action")
    if action not in FIELDS:
        raise InvalidInput(f"action must be one of {', '.join(FIELDS)}, not {str(action)[:40]!r}")
    return record


def _check_fields(action: str, record: dict[str, Any]) -> None:
    unknown = sorted(set(record) - FIELDS[action])
    if unknown:
        raise InvalidInput(f"unknown field(s) for {action}: {', '.join(unknown)}")


def _target(record: dict[str, Any]) -> int | str:
    if "id" in record and record["id"] is not None:
        return claim_ref(record["id"])
    if "uuid" in record and record["uuid"] is not None:
        return clean_uuid(record["uuid"])
    raise InvalidInput(f"{record['action']} needs the claim's id or uuid")


def _version(record: dict[str, Any]) -> int | None:
    version = record.get("version")
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidInput("version must be a positive whole number")
    return version


def _flag(record: dict[str, Any], key: str) -> bool:
    value = record.get(key, False)
    if not isinstance(value, bool):
        raise InvalidInput(f"{key} must be true or false")
    return value


def _dispatch(step: Step, action: str, record: dict[str, Any]) -> ClaimStamp:
    if action == "add":
        draft = ClaimDraft(
            text=record.get("text"), speaker=record.get("speaker"),  # type: ignore[arg-type]
            said_at=record.get("said_at"), source=record.get("source"), url=record.get("url"),
            expires_at=record.get("expires_at"), tags=record.get("tags") or [],
            assignee=record.get("assignee"), uuid=record.get("uuid"), unique=_flag(record, "unique"),
        )
        return add_claim_stamp(step, draft)
    ref, version = _target(record), _version(record)
    if action == "evidence":
        draft_e = EvidenceDraft(record.get("stance"), record.get("source"), record.get("url"), record.get("note"))  # type: ignore[arg-type]
        return add_evidence_stamp(step, ref, draft_e, expected_version=version)
    if action == "assign":
        return assign_stamp(step, ref, record.get("assignee"), expected_version=version)
    override = record.get("override", False)
    if not isinstance(override, bool):
        raise InvalidInput("override must be true or false")
    return apply_trigger_stamp(step, ref, action, record.get("reason"), override=override,
                               expected_version=version, expires=record.get("expires_at"))


def exit_code(results: Iterable[LineResult]) -> ExitCode:
    """0 when every line landed, 1 when any failed."""
    return ExitCode.OK if all(r.ok for r in results) else ExitCode.FAILURE
