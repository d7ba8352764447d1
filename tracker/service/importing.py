"""Replaying exported events verbatim (`tracker apply` of a `tracker export`).

An exported event line carries the event whole: its uuid, the claim's uuid, actor, time,
action, from/to status, reason, override and payload. Replaying it appends the same event
(same uuid, same payload, so the same hash when the chain before it is the same) and updates
the projections through the one write path. The rules are not judged again - they were judged
when the change happened, against the evidence and settings of that moment - but the event
must fit: the claim exists (or, for an `add`, does not), it stands in the event's from-status,
and the event is not dated before the claim's latest one. An event already stored (by uuid)
is reported as already applied and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.domain.errors import Conflict, InvalidInput
from tracker.domain.events import ADD_ACTION, LINK_ACTION, SETTING_ACTION, Change, parse_iso, project
from tracker.domain.inputs import clean_name, clean_text, clean_uuid
from tracker.domain.status import Status
from tracker.service.step import Planned, Step, in_order
from tracker.store.writer import ClaimState

HEADER_KEY = "tracker_export"
"""The key that marks an export's first line; its value is the export format version."""
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Already:
    """A line whose event is already stored: it changes nothing."""

    claim: ClaimState | None


def check_header(record: dict[str, Any]) -> None:
    """Accept an export header this version can read."""
    if record.get(HEADER_KEY) != FORMAT:
        raise InvalidInput(f"export format {record.get(HEADER_KEY)!r} is not one this tracker reads ({FORMAT})")


def _status(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    try:
        return Status(value).value
    except ValueError:
        raise InvalidInput(f"{key} must be a status, not {str(value)[:40]!r}") from None


def plan_event(step: Step, record: dict[str, Any]) -> Planned | Already:
    """The stored form of an exported event line, checked to fit the claim as it stands."""
    event_uuid = clean_uuid(record.get("event"))
    action = str(record["action"])
    claim_uuid = clean_uuid(record["uuid"]) if record.get("uuid") is not None else None
    existing = step.writer.state(claim_uuid) if claim_uuid else None
    if step.writer.knows_event(event_uuid):
        return Already(existing)
    at_text = record.get("at")
    if not isinstance(at_text, str):
        raise InvalidInput("at must be an ISO 8601 time with an offset")
    at = parse_iso(at_text)
    assert at is not None
    payload = record.get("payload")
    override = record.get("override", False)
    if not isinstance(payload, dict) or not isinstance(override, bool):
        raise InvalidInput("payload must be a JSON object and override true or false")
    change = Change(
        uuid=event_uuid, action=action, at=at, actor=clean_name("actor", record.get("actor")) or step.actor,
        claim_uuid=claim_uuid, from_status=_status(record, "from"), to_status=_status(record, "to"),
        reason=clean_text("reason", record.get("reason"), required=False), override=override, payload=payload,
    )
    if action == SETTING_ACTION:
        setting = payload.get("setting")
        if not isinstance(setting, dict) or not isinstance(setting.get("key"), str):
            raise InvalidInput("a rules event's payload needs its setting")
        if setting.get("to") is not None:
            step.settings.updated(setting["key"], str(setting["to"]))  # a value this tracker can read
        return change
    if claim_uuid is None:
        raise InvalidInput(f"{action} event needs the claim's uuid")
    _fits(change)
    if action == LINK_ACTION:
        primary = payload.get("changes", {}).get("duplicate_of", {}).get("to")
        if not isinstance(primary, str) or step.writer.state(primary) is None:
            raise InvalidInput(f"link event {event_uuid} names a primary claim that is not here ({str(primary)[:40]})")
    if action == ADD_ACTION:
        if existing is not None:
            raise Conflict(f"a claim with uuid {claim_uuid} already exists")
        return change
    if existing is None:
        raise InvalidInput(f"event {event_uuid} changes claim {claim_uuid}, which is not here (its add comes first)")
    in_order(existing, at)
    if change.from_status is not None and change.from_status != existing.status.value:
        raise Conflict(f"event {event_uuid} moves claim {existing.id} from {change.from_status}, "
                       f"but it is {existing.status.value}")
    return Change(change.uuid, change.action, change.at, change.actor, change.claim_uuid, change.from_status,
                  change.to_status, change.reason, change.override, change.payload, existing.id, existing.version,
                  existing.status.value)


def _fits(change: Change) -> None:
    """The payload has the shape its action needs (the projection can read it)."""
    try:
        project(change)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise InvalidInput(f"payload of {change.action} event {change.uuid} cannot be read ({err})") from None
