"""`Step`: everything one change inside an open transaction needs, and the one way a change is written.

A use case is a *planner*: it reads what it needs through `step.writer`, checks the input
and the rules, and returns the `Change` (an event) it would make, or `NoChange`. `Step.write`
is the one write path: it checks the time order and hands the change to the store's
`Writer` (compare-and-swap, event, projection, hash chain; tracker/store/writer.py).
"""

from __future__ import annotations

import uuid as _uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tracker.domain.errors import Conflict, InvalidInput, NotFound
from tracker.domain.events import Change
from tracker.domain.inputs import clean_name
from tracker.domain.rules import RuleSettings
from tracker.domain.status import Status
from tracker.domain.when import (
    When,
    check_field,
    format_duration,
    isoformat,
    read_field,
    to_zone,
)
from tracker.service.context import Desk, settings
from tracker.service.stamp import ClaimStamp
from tracker.store.writer import ClaimState, Writer

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.domain.lifecycle import Bound


@dataclass(frozen=True, slots=True)
class NoChange:
    """A planner's answer when the change would change nothing (it records nothing)."""

    claim: ClaimState
    message: str


Planned = Change | NoChange


@dataclass(frozen=True, slots=True)
class Step:
    """The context of one change: batch lines share a writer, each with its own actor and time."""

    writer: Writer
    settings: RuleSettings
    now: datetime
    actor: str
    shift: timedelta = timedelta(0)
    """Added to every time read from input (the demo uses it to make old seeds look recent)."""
    machine: Bound | None = None
    """The shared Machine bound once for many changes (a batch chunk); None: each move binds its own."""

    @classmethod
    def open(cls, session: Session, desk: Desk, *, write: bool = True) -> Step:
        """A step by the desk's actor; a writer's clock is read after it holds the write lock."""
        from tracker.store.core_exec import writer_for

        writer = writer_for(session)
        if write:
            writer.lock()
        return cls(writer, settings(session), desk.now(), desk.actor)

    @classmethod
    def locked(cls, writer: Writer, rules: RuleSettings, desk: Desk) -> Step:
        """A step by the desk's actor on a writer that already holds the write lock (tracker.store.lite:
        a change on a plain SQLite file, no Session); the clock is read now, under that lock."""
        return cls(writer, rules, desk.now(), desk.actor)

    def acting(self, actor: object = None, at: object = None) -> Step:
        """This step with another actor and/or time, as a batch line may give them."""
        step = self
        if actor is not None:
            step = replace(step, actor=clean_name("actor", actor) or self.actor)
        if at is not None:
            when = self.when("at", at)
            if when is None:
                raise InvalidInput("at must not be empty (leave it out to act now)")
            step = replace(step, now=when.at)
        return step

    def when(self, field: str, value: object) -> When | None:
        """Read time field `field` given as text (any form `parse_when` takes) or an aware datetime,
        in the field's direction (`tracker.domain.when.FIELD_DIRECTIONS`); a said time after now is refused."""
        if value is None or value == "":
            return None
        desk_tz = self.settings.desk_tz
        if isinstance(value, datetime):
            if value.utcoffset() is None:
                raise InvalidInput(f"{field} has no time zone")
            try:
                given = When(value + self.shift, desk_tz)
            except (InvalidInput, OverflowError):
                raise InvalidInput(f"{field}: {value.isoformat()} is out of range") from None
            return check_field(field, given, now=self.now, desk_tz=desk_tz)
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be a date/time text, not {type(value).__name__}")
        when = read_field(field, value, now=self.now - self.shift, desk_tz=desk_tz)
        if not self.shift:
            return when
        # Whole weeks on the wall clock of the reported zone: "11:30 Washington time" stays 11:30
        # even when the shift crosses a DST change.
        return replace(when, at=(to_zone(when.at, when.tz) + self.shift).astimezone(UTC))

    def later(self, delta: timedelta) -> datetime:
        """`now + delta`, or InvalidInput when that is past the last representable time."""
        try:
            return self.now + delta
        except OverflowError:
            raise InvalidInput(f"{isoformat(self.now)} + {format_duration(delta)} is past the last time "
                               "tracker can store") from None

    def state(self, ref: int | str) -> ClaimState:
        """What a change needs to know about the claim `ref` names, or NotFound."""
        state = self.writer.state(ref)
        if state is None:
            raise NotFound(f"no claim {ref}")
        return state

    def target(self, ref: int | str, expected_version: int | None) -> ClaimState:
        """The claim a change applies to: it exists, is at `expected_version` (if given), and its
        latest event is not after this step's time."""
        state = self.state(ref)
        expect_version(state, expected_version)
        in_order(state, self.now)
        return state

    def change(self, action: str, claim: ClaimState | None, *, payload: dict[str, Any] | None = None,
               from_status: Status | None = None, to_status: Status | None = None, reason: str | None = None,
               override: bool = False, claim_uuid: str | None = None) -> Change:
        """A new event by this step's actor at this step's time."""
        return Change(
            uuid=str(_uuid.uuid4()), action=action, at=self.now, actor=self.actor,
            claim_uuid=claim.uuid if claim is not None else claim_uuid,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value if to_status else None,
            reason=reason, override=override, payload=payload or {},
            claim_id=claim.id if claim is not None else None,
            version=claim.version if claim is not None else None,
            status=claim.status.value if claim is not None else None,
        )

    def write(self, planned: Planned) -> ClaimStamp | None:
        """The one write path: append the change (or nothing, for a NoChange) and the changes that follow
        it (`Change.then`: its duplicates'); return where its claim stands (None for a change with no
        claim: a rule setting)."""
        if isinstance(planned, NoChange):
            state = planned.claim
            return ClaimStamp(state.id, state.uuid, state.status, state.version)
        claim_id = self.writer.apply(planned)
        for then in planned.then:
            self.writer.apply(then)
        if claim_id is None:
            return None
        assert planned.claim_uuid is not None
        status = planned.to_status or planned.status
        if status is None or any(then.claim_id == claim_id for then in planned.then):
            state = self.state(claim_id)
            return ClaimStamp(claim_id, state.uuid, state.status, state.version)
        return ClaimStamp(claim_id, planned.claim_uuid, Status(status), (planned.version or 0) + 1, planned.similar)


    def write_all(self, changes: list[Change]) -> list[ClaimStamp]:
        """The one write path for many changes to existing claims at once (the sweep's chunk): the same
        events and rows as `write` on each in order, in a few statements (`Writer.apply_many`); where
        each claim stands after (the changes that follow one, `Change.then`, are written right after it).
        All or nothing: a Conflict leaves the caller to undo the lot."""
        self.writer.apply_many([each for change in changes for each in (change, *change.then)])
        stamps = []
        for change in changes:
            assert change.claim_id is not None and change.claim_uuid is not None
            status = change.to_status or change.status
            assert status is not None
            stamps.append(ClaimStamp(change.claim_id, change.claim_uuid, Status(status), (change.version or 0) + 1))
        return stamps


def expect_version(claim: ClaimState, expected: int | None) -> None:
    """Raise Conflict when the caller acted on a version of the claim that is no longer current."""
    if expected is not None and claim.version != expected:
        raise Conflict(
            f"claim {claim.id} changed since you loaded it (version {expected}, now {claim.version}); "
            "nothing was changed, reload it"
        )


def in_order(claim: ClaimState, at: datetime) -> None:
    """Refuse (exit 2) a change dated before the claim's latest event: history stays in time order."""
    if at < claim.last_activity_at:
        raise InvalidInput(
            f"claim {claim.id} last changed at {claim.last_activity_at.isoformat()}; a change dated "
            f"{at.astimezone(UTC).isoformat()} would put its history out of time order"
        )
