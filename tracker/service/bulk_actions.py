"""The bulk actions beyond the lifecycle triggers, and how each becomes a record of the batch use-case table.

Kept apart from `tracker.service.bulk` so the CLI can list the actions without loading the database layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain.rules import RULES, Rule

if TYPE_CHECKING:
    from tracker.service.selection import Selected

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class BulkAction:
    """One action `bulk` offers: what value it takes, and the batch record it becomes for one claim."""

    name: str
    takes: str | None
    """``to`` (an editor's name), ``tag``, or None."""
    summary: str
    record: Callable[[str | None, str], Record]
    """(value, reason) -> the record's action-specific keys."""
    unchanged: Callable[[Selected, str | None], str | None]
    """Why this claim would not change (already so), or None."""


def trigger_action(rule: Rule) -> BulkAction:
    """The bulk action of one rule-table trigger."""
    trigger = rule.trigger
    return BulkAction(trigger, None, f"move to {rule.dest.value} ({rule.summary})",
                      lambda value, reason: {"action": trigger, "reason": reason}, lambda item, value: None)


def _assign(value: str | None, reason: str) -> Record:
    return {"action": "assign", "assignee": value}


def _tag(value: str | None, reason: str) -> Record:
    return {"action": "edit", "tags": [value], "reason": reason}


def _untag(value: str | None, reason: str) -> Record:
    return {"action": "edit", "untags": [value], "reason": reason}


ACTIONS: tuple[BulkAction, ...] = (
    BulkAction("assign", "to", "give the claims to an editor (--to NAME; --to '' unassigns)", _assign,
               lambda item, value: f"already assigned to {value}" if item.claim.assignee == value and value
               else ("already unassigned" if not value and item.claim.assignee is None else None)),
    BulkAction("tag", "tag", "add a tag (--tag T)", _tag,
               lambda item, value: f"already tagged {value}" if value in item.claim.tags else None),
    BulkAction("untag", "tag", "remove a tag (--tag T)", _untag,
               lambda item, value: f"not tagged {value}" if value not in item.claim.tags else None),
)
"""The bulk actions that are not lifecycle triggers (those come from the rule table)."""


def names() -> tuple[str, ...]:
    """Every bulk action's name: the rule table's triggers, then `ACTIONS`."""
    return (*(rule.trigger for rule in RULES), *(action.name for action in ACTIONS))
