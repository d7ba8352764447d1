"""`apply`: batch changes from JSON lines, each line atomic on its own.

Lines run in chunks, each chunk one transaction (so an editor's write never waits long)
and each line inside it a savepoint: a bad line rolls back to its savepoint and the lines
around it still land. A line's result is reported only once its chunk has committed.

A line is one of: a use case record (`tracker.service.usecases`: hand-written or from a
script), an exported event (it has a `payload`: replayed verbatim, tracker.service.importing),
or an export's header. Any line whose `event` uuid is already stored is reported as already
applied and changes nothing, so an export (or a run killed part way) can be applied again.
Whatever goes wrong on one line - bad input, a refusal, a database refusal, an internal
error - is that line's result, and never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from tracker.domain.errors import ExitCode, InvalidInput, TrackerError
from tracker.domain.events import SETTING_ACTION
from tracker.domain.inputs import clean_uuid
from tracker.domain.lifecycle import bound
from tracker.service.context import Desk, settings, unit
from tracker.service.importing import HEADER_KEY, Already, check_header, plan_event
from tracker.service.step import NoChange, Step
from tracker.service.usecases import USE_CASES, target
from tracker.service.views import ClaimStamp
from tracker.store.writer import ClaimState

CHUNK_LINES = 1000
"""Lines per transaction."""

MAX_LINE_BYTES = 64 * 1024

FIELDS: dict[str, frozenset[str]] = {action: case.fields for action, case in USE_CASES.items()}
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
    note: str | None = None
    """`already_applied` (the line's event is stored) or `unchanged` (it would change nothing)."""

    def to_json(self) -> dict[str, Any]:
        """The documented result object (docs/cli.md)."""
        data: dict[str, Any] = {"line": self.line, "ok": self.ok}
        if self.action:
            data["action"] = self.action
        if self.claim is not None:
            data.update(id=self.claim.id, uuid=self.claim.uuid, status=self.claim.status.value,
                        version=self.claim.version)
        if self.note is not None:
            data[self.note] = True
        if self.claim is not None and self.claim.similar is not None:
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
                        if result.ok and result.action == SETTING_ACTION and result.note is None:
                            base = replace(base, settings=settings(session))
                    if len(results) >= CHUNK_LINES:
                        break
        yield from results
        if len(results) < CHUNK_LINES:
            return


def _apply_one(base: Step, number: int, raw: bytes | str, clock: Callable[[], datetime]) -> LineResult | None:
    action = None
    try:
        record = _parse(raw)
        if record is None:
            return None
        if HEADER_KEY in record:
            check_header(record)
            return LineResult(number, True, "header")
        action = _action(record)
        with base.writer.savepoint():
            step = replace(base, now=clock())
            if "payload" in record:
                planned = plan_event(step, record)
            else:
                _check_fields(action, record)
                step = step.acting(record.get("actor"), record.get("at"))
                if record.get("event") is not None and step.writer.knows_event(clean_uuid(record["event"])):
                    planned = Already(_claim_of(step, record))
                else:
                    planned = USE_CASES[action].plan(step, record)
                    if not isinstance(planned, NoChange) and record.get("event") is not None:
                        planned = replace(planned, uuid=clean_uuid(record["event"]))
            if isinstance(planned, Already):
                state = planned.claim
                stamp = ClaimStamp(state.id, state.uuid, state.status, state.version) if state else None
                return LineResult(number, True, action, stamp, note="already_applied")
            claim = step.write(planned)
        note = "unchanged" if isinstance(planned, NoChange) else None
        return LineResult(number, True, action, claim, note=note)
    except TrackerError as err:
        return LineResult(number, False, action, error=err.message, code=int(err.exit_code))
    except (ValueError, OverflowError, RecursionError) as err:
        message = " ".join(str(err).split())[:200] or type(err).__name__
        return LineResult(number, False, action, error=f"cannot use this line: {message}", code=int(ExitCode.USAGE))
    except Exception as err:
        message = " ".join(str(err).split())[:200]
        return LineResult(number, False, action, error=f"internal error: {type(err).__name__}: {message}",
                          code=int(ExitCode.FAILURE))


def _claim_of(step: Step, record: dict[str, Any]) -> ClaimState | None:
    """The claim an already applied hand-written line names, if it still exists."""
    try:
        return step.writer.state(target(record))
    except InvalidInput:
        return None


JSON_SPACE = " \t\r\n"
"""The whitespace JSON allows around a value (RFC 8259); a line of only these is blank and skipped."""


def _parse(raw: bytes | str) -> dict[str, Any] | None:
    if isinstance(raw, bytes):
        if len(raw) > MAX_LINE_BYTES:
            raise InvalidInput(f"line is longer than {MAX_LINE_BYTES} bytes")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("line is not valid UTF-8") from None
    text = raw.strip(JSON_SPACE)
    if not text:
        return None  # blank: JSON's own whitespace only (a line of other controls is a bad line)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidInput(f"not valid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise InvalidInput("JSON is nested too deeply") from None
    except ValueError as err:  # an integer literal longer than Python's limit, among others
        if "integer string conversion" in str(err):
            raise InvalidInput("a number in the line has over 4,300 digits") from None
        raise InvalidInput(f"not usable JSON ({' '.join(str(err).split())[:120]})") from None
    if not isinstance(record, dict):
        raise InvalidInput("a line must be one JSON object")
    return record


def _action(record: dict[str, Any]) -> str:
    action = record.get("action")
    known = [*FIELDS, SETTING_ACTION] if "payload" in record else list(FIELDS)
    if not isinstance(action, str) or action not in known:
        shown = action if isinstance(action, str) else json.dumps(action)[:40]
        raise InvalidInput(f"action must be one of {', '.join(FIELDS)}, not {str(shown)[:40]!r}")
    return action


def _check_fields(action: str, record: dict[str, Any]) -> None:
    unknown = sorted(set(record) - FIELDS[action])
    if unknown:
        raise InvalidInput(f"unknown field(s) for {action}: {', '.join(unknown)}")


def exit_code(results: Iterable[LineResult]) -> ExitCode:
    """0 when every line landed, 1 when any failed."""
    return ExitCode.OK if all(r.ok for r in results) else ExitCode.FAILURE
