"""The table of use cases that change a claim: each action's fields and its planner from a record.

`tracker apply` dispatches on it, and anything else that takes changes as data (import,
bulk) can too. The trigger entries come from the rule table, so a new rule is a new action
here with no other edit. A record is a dict as a JSON line gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tracker.domain.errors import InvalidInput
from tracker.domain.inputs import claim_ref, clean_uuid
from tracker.domain.rules import RULES
from tracker.service.claims import (
    UNSET,
    ClaimDraft,
    ClaimEdit,
    EvidenceDraft,
    plan_add,
    plan_assign,
    plan_edit,
    plan_evidence,
)
from tracker.service.duplicates import plan_link, plan_unlink
from tracker.service.moves import plan_trigger
from tracker.service.step import Planned, Step

COMMON = frozenset({"action", "actor", "at", "event"})
"""Keys any line may carry: `event` is the event's uuid (a line whose event is stored is skipped)."""
TARGET = frozenset({"id", "uuid", "version"})
EDIT_FIELDS = ("text", "speaker", "said_at", "source", "url", "expires_at")


@dataclass(frozen=True, slots=True)
class UseCase:
    """One kind of change: the keys its record may carry and how it is planned from one."""

    action: str
    fields: frozenset[str]
    plan: Callable[[Step, dict[str, Any]], Planned]


def target(record: dict[str, Any]) -> int | str:
    """The claim a record names (`id` or `uuid`)."""
    if record.get("id") is not None:
        return claim_ref(record["id"])
    if record.get("uuid") is not None:
        return clean_uuid(record["uuid"])
    raise InvalidInput(f"{record['action']} needs the claim's id or uuid")


def version(record: dict[str, Any]) -> int | None:
    """The version a record expects the claim to be at, if it gives one."""
    value = record.get("version")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput("version must be a positive whole number")
    return value


def _words(record: dict[str, Any], key: str) -> tuple[str, ...]:
    value = record.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidInput(f"{key} must be a list of tags")
    return tuple(value)


def _add(step: Step, r: dict[str, Any]) -> Planned:
    draft = ClaimDraft(text=r.get("text", ""), speaker=r.get("speaker", ""), said_at=r.get("said_at"),
                       source=r.get("source"), url=r.get("url"), expires_at=r.get("expires_at"),
                       tags=r.get("tags") or [], assignee=r.get("assignee"), uuid=r.get("uuid"),
                       unique=_flag(r, "unique"))
    return plan_add(step, draft)


def _flag(record: dict[str, Any], key: str) -> bool:
    value = record.get(key, False)
    if not isinstance(value, bool):
        raise InvalidInput(f"{key} must be true or false")
    return value


def _evidence(step: Step, r: dict[str, Any]) -> Planned:
    draft = EvidenceDraft(r.get("stance", ""), r.get("source", ""), r.get("url"), r.get("note"))
    return plan_evidence(step, target(r), draft, expected_version=version(r))


def _assign(step: Step, r: dict[str, Any]) -> Planned:
    return plan_assign(step, target(r), r.get("assignee"), expected_version=version(r))


def _edit(step: Step, r: dict[str, Any]) -> Planned:
    given = {name: r.get(name, UNSET) for name in EDIT_FIELDS}
    edit = ClaimEdit(**given, add_tags=_words(r, "tags"), remove_tags=_words(r, "untags"))
    return plan_edit(step, target(r), edit, r.get("reason"), expected_version=version(r))


def _link(step: Step, r: dict[str, Any]) -> Planned:
    primary = r.get("duplicate_of")
    if primary is None:
        raise InvalidInput("link needs duplicate_of: the id or uuid of the claim it duplicates")
    return plan_link(step, target(r), claim_ref(primary), r.get("reason"), expected_version=version(r))


def _unlink(step: Step, r: dict[str, Any]) -> Planned:
    return plan_unlink(step, target(r), r.get("reason"), expected_version=version(r))


def _trigger(trigger: str) -> Callable[[Step, dict[str, Any]], Planned]:
    def plan(step: Step, r: dict[str, Any]) -> Planned:
        override = r.get("override", False)
        if not isinstance(override, bool):
            raise InvalidInput("override must be true or false")
        return plan_trigger(step, target(r), trigger, r.get("reason"), override=override,
                            expected_version=version(r), expires=r.get("expires_at"))

    return plan


USE_CASES: dict[str, UseCase] = {
    case.action: case for case in (
        UseCase("add", COMMON | {"uuid", "text", "speaker", "said_at", "source", "url", "expires_at", "tags",
                                 "assignee", "unique"}, _add),
        UseCase("edit", COMMON | TARGET | set(EDIT_FIELDS) | {"tags", "untags", "reason"}, _edit),
        UseCase("evidence", COMMON | TARGET | {"stance", "source", "url", "note"}, _evidence),
        UseCase("assign", COMMON | TARGET | {"assignee"}, _assign),
        UseCase("link", COMMON | TARGET | {"duplicate_of", "reason"}, _link),
        UseCase("unlink", COMMON | TARGET | {"reason"}, _unlink),
        *(UseCase(rule.trigger, COMMON | TARGET | {"reason", "override"}
                  | ({"expires_at"} if rule.renews_deadline else set()), _trigger(rule.trigger))
          for rule in RULES),
    )
}
"""Every action a batch line may name, in the order `tracker apply --help` lists them."""
