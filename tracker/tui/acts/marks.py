"""Marked claims (Space): the next trigger, assign or "mine" applies to every marked claim, with one reason.

Through the same use case as `tracker bulk` (`tracker.service.bulk`): each claim changes on its own,
at the version it has when the change is planned; what the rules or a concurrent change refused is
summed up afterwards, and those claims stay marked (so the editor can add evidence and try again).
"""

from __future__ import annotations

import asyncio

from textual import work

from tracker.domain.errors import TrackerError
from tracker.service import bulk
from tracker.service.selection import Selection
from tracker.service.views import ClaimView
from tracker.tui.acts.moves import MoveActs
from tracker.tui.changes import PAST
from tracker.tui.dialogs.assign_form import BulkAssignForm
from tracker.tui.dialogs.form import FormResult
from tracker.tui.dialogs.reason import ReasonDialog

SHOWN_REFUSALS = 6
"""Refused claims named in the summary (the rest are counted)."""


def summary(action: str, results: list[bulk.BulkResult]) -> str:
    """``Confirmed 3 of 5 marked claims. Not changed (still marked): #4: confirm needs …; #9: changed by …``"""
    verb = PAST.get(action, "assigned" if action == "assign" else action)
    changed = [r for r in results if r.outcome == "changed"]
    same = [r for r in results if r.outcome == "unchanged"]
    refused = bulk.refused(results)
    text = f"{verb.capitalize()} {len(changed)} of {len(results)} marked claims."
    if same:
        text += f" {len(same)} already so."
    if refused:
        words = [f"#{r.id}: " + ("changed by someone else meanwhile" if r.outcome == "conflict" else (r.error or
                 r.outcome)) for r in refused[:SHOWN_REFUSALS]]
        text += " Not changed (still marked): " + "; ".join(words)
        if len(refused) > SHOWN_REFUSALS:
            text += f"; and {len(refused) - SHOWN_REFUSALS} more"
    return text


class MarkActs(MoveActs):
    """Space marks; with claims marked, a trigger, `s` and `m` act on all of them."""

    def action_mark(self) -> None:
        claim = self.table.highlighted()
        if claim is None:
            return
        self.marked ^= {claim.id}
        self.table.marked = self.marked
        self.table.redraw_rows({claim.id})
        self._sync_bindings()
        self.table.action_cursor_down()

    def action_unmark_all(self) -> None:
        ids, self.marked = self.marked, set()
        self.table.marked = self.marked
        self.table.redraw_rows(ids)
        self._sync_bindings()

    def _first_marked(self) -> ClaimView | None:
        return next((c for c in self.table.on_hand.rows if c.id in self.marked), None) or self.target()

    def action_trigger(self, trigger: str) -> None:
        if not self.marked:
            super().action_trigger(trigger)
            return
        first = self._first_marked()
        if first is not None:
            opened = self.open_now(ReasonDialog(trigger, first, count=len(self.marked)))
            self._bulk(trigger, None, opened)

    def action_assign(self) -> None:
        if not self.marked:
            super().action_assign()
            return
        self._bulk("assign", None, self.open_now(BulkAssignForm(count=len(self.marked))))

    def action_take(self) -> None:
        if not self.marked:
            super().action_take()
            return
        self._bulk("assign", self.desk.actor, None)

    @work(group="act", exclusive=True)
    async def _bulk(self, action: str, value: str | None, opened: asyncio.Future[FormResult | None] | None) -> None:
        """The form (one reason for a trigger, the name for assign; none for "mine"), then the bulk use case
        on every marked claim; the summary says what was refused."""
        ids = tuple(sorted(self.marked))
        result = await opened if opened is not None else FormResult({"assignee": value or ""})
        if result is None or not ids:
            return
        if action == "assign":
            value = result.values.get("assignee", "")
        # The use case asks a reason of every action; an assignment records none (as `tracker assign`).
        reason = result.values.get("reason") or f"assigned by {self.desk.actor} (marked claims)"
        try:
            results = await self._db(bulk.bulk, self.desk, Selection(refs=ids), action, value=value, reason=reason)
        except TrackerError as err:
            self._error(err.message)
            return
        self.marked = {r.id for r in bulk.refused(results)}
        self.table.marked = self.marked
        refused = bool(self.marked)
        self.notify(self.words(summary(action, results)), severity="warning" if refused else "information",
                    timeout=15 if refused else 6, markup=False)
        self._sync_bindings()
        self.reload()


__all__ = ["MarkActs", "summary"]
