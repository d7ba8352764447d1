"""`bulk`: one action on many claims, each claim's change atomic on its own (`tracker bulk`, the TUI's mark and act).

The use case in two steps, so a person can look before anything changes:

1. `plan_bulk(desk, selection, action, value=..., reason=...)` reads the selected claims (the list
   filters, or the ids the TUI marked) and says, per claim, what would happen: the change, nothing
   (already so), or the rules' refusal. It changes nothing (`--dry-run` stops here).
2. `apply_bulk(desk, plan)` applies each planned change as one change of the event write path, each
   claim atomic on its own (its own savepoint) and at the version the plan saw: a claim changed in
   between is a conflict, not a surprise. One `BulkResult` per claim, in the plan's order.

`bulk(desk, selection, action, ...)` does both, for callers that have already asked (the TUI).

The actions are the rule table's triggers (`confirm`, `contradict`, ...) plus `ACTIONS` below
(assign, tag, untag); each becomes a record of the batch use-case table, so no trigger is named here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.errors import ExitCode, InvalidInput
from tracker.domain.inputs import clean_name, clean_tags, clean_text
from tracker.domain.rules import RULES
from tracker.service.bulk_actions import ACTIONS, BulkAction, trigger_action
from tracker.service.context import Desk
from tracker.service.selection import Selection, selected


def _batch_actions() -> frozenset[str]:
    """The record actions the batch use-case table accepts (an action needing another is not offered)."""
    from tracker.service.batch import FIELDS

    return frozenset(FIELDS)


def actions() -> dict[str, BulkAction]:
    """Every bulk action, by name: the rule table's triggers, then `ACTIONS` the write path supports."""
    known = _batch_actions()
    found = {rule.trigger: trigger_action(rule) for rule in RULES}
    for action in ACTIONS:
        if action.record(None, "")["action"] in known:
            found[action.name] = action
    return found


@dataclass(frozen=True, slots=True)
class Planned:
    """What would happen to one claim."""

    id: int
    uuid: str
    text: str
    status: str
    version: int
    outcome: str
    """``change``, ``unchanged`` (already so: nothing to do) or ``refused`` (the rules say no)."""
    reason: str | None = None
    """Why it would not change, or the rules' refusal."""


@dataclass(frozen=True, slots=True)
class BulkPlan:
    """A bulk change, planned: the action, its value and reason, and each selected claim's outcome."""

    action: str
    value: str | None
    reason: str
    claims: tuple[Planned, ...] = field(default_factory=tuple)

    @property
    def changing(self) -> tuple[Planned, ...]:
        """The claims that would change."""
        return tuple(p for p in self.claims if p.outcome == "change")

    def to_json(self) -> dict[str, Any]:
        """The documented dry-run object (docs/cli.md, `tracker bulk`)."""
        return {"action": self.action, "value": self.value, "reason": self.reason, "selected": len(self.claims),
                "would_change": len(self.changing),
                "claims": [{"id": p.id, "uuid": p.uuid, "status": p.status, "version": p.version,
                            "outcome": p.outcome, "why": p.reason} for p in self.claims]}


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What happened to one claim."""

    id: int
    uuid: str
    ok: bool
    outcome: str
    """``changed``, ``unchanged``, ``refused`` (exit 4), ``conflict`` (changed since planned, exit 5), ``failed``."""
    status: str | None = None
    version: int | None = None
    error: str | None = None
    code: int = 0

    def to_json(self) -> dict[str, Any]:
        """The documented result object (docs/cli.md, `tracker bulk`)."""
        data: dict[str, Any] = {"id": self.id, "uuid": self.uuid, "ok": self.ok, "outcome": self.outcome}
        if self.status is not None:
            data.update(status=self.status, version=self.version)
        if self.error is not None:
            data.update(error=self.error, code=self.code)
        return data


def _value(action: BulkAction, value: str | None) -> str | None:
    if action.takes is None:
        if value:
            raise InvalidInput(f"{action.name} takes no --to or --tag")
        return None
    if action.takes == "tag":
        (tag,) = clean_tags([value]) if value else [None]
        if tag is None:
            raise InvalidInput(f"{action.name} needs --tag T")
        return tag
    if value is None:
        raise InvalidInput(f"{action.name} needs --to NAME (--to '' unassigns)")
    return clean_name("assignee", value, required=False)


def plan_bulk(desk: Desk, selection: Selection, action: str, *, value: str | None = None,
              reason: object = None) -> BulkPlan:
    """What `action` would do to each selected claim, oldest id first; changes nothing."""
    from tracker.service.moves import refusal

    offered = actions()
    if action not in offered:
        raise InvalidInput(f"bulk action must be one of {', '.join(offered)}, not {action!r}")
    chosen = offered[action]
    why = clean_text("reason", reason)
    assert why is not None
    wanted = _value(chosen, value)
    claims = []
    for item in selected(desk, selection):
        c = item.claim
        outcome, note = "change", chosen.unchanged(item, wanted)
        if note is not None:
            outcome = "unchanged"
        elif chosen.takes is None and (note := refusal(desk, c.id, action)) is not None:
            outcome = "refused"
        claims.append(Planned(c.id, c.uuid, c.text, c.status.value, c.version, outcome, note))
    return BulkPlan(action, wanted, why, tuple(claims))


def apply_bulk(desk: Desk, plan: BulkPlan) -> Iterator[BulkResult]:
    """Apply `plan`: each claim that would change, changed atomically at the version planned; one result per claim.

    Claims the plan found unchanged give an ``unchanged`` result; refused ones are still tried
    (their evidence may have arrived since) and give the rules' refusal, exit code 4.
    """
    from tracker.service.batch import apply_lines

    chosen = actions()[plan.action]
    tried = [p for p in plan.claims if p.outcome != "unchanged"]
    lines = (json.dumps({**chosen.record(plan.value, plan.reason), "id": p.id, "version": p.version})
             for p in tried)
    outcomes = {line.line: line for line in apply_lines(desk, lines)}
    numbers = {p.id: n for n, p in enumerate(tried, 1)}
    for p in plan.claims:
        if p.outcome == "unchanged":
            yield BulkResult(p.id, p.uuid, True, "unchanged", p.status, p.version)
            continue
        line = outcomes[numbers[p.id]]
        if line.ok and line.claim is not None:
            yield BulkResult(p.id, p.uuid, True, "changed", line.claim.status.value, line.claim.version)
        else:
            kind = {ExitCode.REFUSED: "refused", ExitCode.CONFLICT: "conflict"}.get(ExitCode(line.code), "failed")
            yield BulkResult(p.id, p.uuid, False, kind, error=line.error, code=line.code)


def bulk(desk: Desk, selection: Selection, action: str, *, value: str | None = None,
         reason: object = None) -> list[BulkResult]:
    """Plan and apply in one call (the TUI's mark and act: `Selection(refs=marked_ids)`)."""
    return list(apply_bulk(desk, plan_bulk(desk, selection, action, value=value, reason=reason)))


def refused(results: Sequence[BulkResult]) -> list[BulkResult]:
    """The results that did not land."""
    return [r for r in results if not r.ok]
