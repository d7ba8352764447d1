"""`Step`: everything one change inside an open transaction needs (session, rules, clock, actor)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session

from tracker.domain.errors import Conflict, InvalidInput, NotFound
from tracker.domain.inputs import clean_name
from tracker.domain.rules import RuleSettings
from tracker.domain.when import When, check_field, read_field, to_zone
from tracker.service.context import Desk, settings
from tracker.store import queries
from tracker.store.tables import Claim

if TYPE_CHECKING:
    from tracker.domain.lifecycle import Bound


@dataclass(frozen=True, slots=True)
class Step:
    """The context of one change: batch lines share a session, each with its own actor and time."""

    session: Session
    settings: RuleSettings
    now: datetime
    actor: str
    shift: timedelta = timedelta(0)
    """Added to every time read from input (the demo uses it to make old seeds look recent)."""
    machine: Bound | None = None
    """The shared Machine bound once for many changes (a batch chunk); None: each move binds its own."""

    @classmethod
    def open(cls, session: Session, desk: Desk) -> Step:
        """A step at the desk's current time, by the desk's actor."""
        return cls(session, settings(session), desk.now(), desk.actor)

    def acting(self, actor: object = None, at: object = None) -> Step:
        """This step with another actor and/or time, as a batch line may give them."""
        step = self
        if actor is not None:
            step = replace(step, actor=clean_name("actor", actor) or self.actor)
        if at is not None:
            when = self.when("at", at)
            assert when is not None
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

    def state(self, ref: int | str, *, lock: bool = False) -> queries.ClaimState:
        """What a change needs to know about the claim `ref` names (no ORM row is loaded), or NotFound."""
        state = queries.claim_state(self.session, ref, lock=lock)
        if state is None:
            raise NotFound(f"no claim {ref}")
        return state

    def claim(self, ref: int | str, *, lock: bool = False) -> Claim:
        """The claim `ref` names, or NotFound."""
        row = queries.find_claim(self.session, ref, lock=lock)
        if row is None:
            raise NotFound(f"no claim {ref}")
        return row


def expect_version(claim: Claim | queries.ClaimState, expected: int | None) -> None:
    """Raise Conflict when the caller acted on a version of the claim that is no longer current."""
    if expected is not None and claim.version != expected:
        raise Conflict(
            f"claim {claim.id} changed since you loaded it (version {expected}, now {claim.version}); "
            "nothing was changed, reload it"
        )
