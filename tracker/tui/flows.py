"""The editor's actions on the main screen: each one a dialog or form, then one service call.

Every change passes the version of the claim the editor was looking at, so a claim changed
underneath is never overwritten. Then what changed is said in words ("cli-bot added evidence from
TASS"), what the editor typed is kept, and the same change can be applied to the new state, taken
back to the form, or dropped (`ConflictDialog`). All forms run through one loop (`form_loop`).

Marked claims (Space): the next trigger, assign or "mine" applies to each of them, with one reason,
one change per claim; what the rules or a concurrent change refused is listed, and stays marked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from textual import work
from textual.screen import Screen

from tracker.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    Refused,
    TrackerError,
)
from tracker.domain.rules import RuleSettings, triggers_from
from tracker.service import claims, moves, reading
from tracker.service.context import Desk
from tracker.service.views import ClaimView, EventView
from tracker.tui import standing
from tracker.tui.changes import PAST, describe
from tracker.tui.dialogs.assign_form import AssignForm
from tracker.tui.dialogs.claim_form import ClaimForm, split_tags
from tracker.tui.dialogs.conflict import ConflictDialog
from tracker.tui.dialogs.evidence_form import EvidenceForm
from tracker.tui.dialogs.form import Form, FormResult
from tracker.tui.dialogs.reason import ReasonDialog
from tracker.tui.dialogs.refusal import EVIDENCE_HELPS, RefusalDialog

T = TypeVar("T")


@dataclass(slots=True)
class Seen:
    """The claim as the editor saw it when they started a change (its version is sent with the change)."""

    claim: ClaimView
    events: int
    """How many history events it had then."""


class Flows(Screen[None]):
    """The action half of the main screen (the screen itself adds layout, loading and refresh)."""

    desk: Desk
    settings: RuleSettings

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[int] = set()
        """Claims marked with Space; the next action applies to each of them."""

    # the screen provides these
    def target(self) -> ClaimView | None:
        raise NotImplementedError

    def reload(self, *, keep_id: int | None = None, fresh: bool = False) -> None:
        raise NotImplementedError

    def go_to(self, claim: ClaimView) -> None:
        raise NotImplementedError

    def _error(self, message: str, title: str = "") -> None:
        raise NotImplementedError

    def _sync_bindings(self) -> None:
        raise NotImplementedError

    @property
    def table(self) -> Any:
        raise NotImplementedError

    async def _db(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run one service call (its own unit of work) off the event loop."""
        return await asyncio.to_thread(partial(fn, *args, **kwargs))

    # ------------------------------------------------------------------ the one form loop

    async def form_loop(self, make: Callable[[dict[str, str], str | None], Form],
                        save: Callable[[FormResult, int | None], Awaitable[T]], *, seen: Seen | None,
                        what: str, values: dict[str, str] | None = None,
                        still_possible: Callable[[ClaimView], str | None] | None = None,
                        first: FormResult | None = None,
                        opened: asyncio.Future[FormResult | None] | None = None) -> T | None:
        """Show the form until `save` accepts what was typed (its result) or the editor gives up (None).

        A refused value reopens the form with the message at the field; a conflict shows what changed
        and offers the same change on the new state (`save` again, with the new version), the form
        again, or cancel. Refusals by the rules are raised to the caller. `first`: save this without
        showing the form first (a one-key change). `opened`: the form is already open (`open_now`).
        """
        values = dict(values or {})
        error: str | None = None
        version = seen.claim.version if seen else None
        result: FormResult | None = first
        ask = first is None
        while True:
            if ask:
                if opened is not None:
                    result, opened = await opened, None
                else:
                    result = await self.app.push_screen_wait(make(values, error))
                if result is None:
                    return None
                values = {**result.values, **({"stance": result.choice} if result.choice else {})}
            assert result is not None
            ask = True
            try:
                return await save(result, version)
            except InvalidInput as err:
                error = err.message
            except Conflict as err:
                if seen is None:
                    self._error(err.message)
                    return None
                fresh, changes = await self._what_changed(seen)
                if fresh is None:
                    return None
                typed = "; ".join(v for k, v in values.items() if k != "stance")
                possible = still_possible(fresh) if still_possible else None
                choice = await self.app.push_screen_wait(
                    ConflictDialog(what, fresh, changes, kept=typed, possible=possible))
                self.reload(keep_id=fresh.id)
                if choice is None:
                    return None
                seen.claim, version, error = fresh, fresh.version, None
                ask = choice == "back"
            except TrackerError as err:
                self._error(err.message)
                return None

    def open_now(self, dialog: Any) -> asyncio.Future[Any]:
        """Open `dialog` at once, in the key's own handler (so the keys typed right after the one that opened
        it reach it, not the list), and return the future of its result, which a flow then awaits."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def done(result: Any) -> None:
            if not future.done():
                future.set_result(result)

        self.app.push_screen(dialog, callback=done)
        return future

    def refusal_now(self, claim: ClaimView, trigger: str) -> str | None:
        """What the rules would say to `trigger` on the claim as shown (its whole copy, when loaded), or None."""
        current = getattr(self, "current", None)
        if current is None or current.id != claim.id:
            return None
        return standing.move(current, self.settings, self.desk.now(), trigger).refusal

    async def _what_changed(self, seen: Seen) -> tuple[ClaimView | None, list[str]]:
        """The claim now, and what others did to it since `seen`, in words."""
        try:
            fresh, events = await self._db(reading.history, self.desk, seen.claim.id)
        except TrackerError as err:
            self._error(err.message)
            return None, []
        return fresh, [describe(e, with_id=False) for e in events[seen.events:]]

    # ------------------------------------------------------------------ triggers

    def action_trigger(self, trigger: str) -> None:
        if self.marked:
            rows = self._marked_rows()
            if rows:
                opened = self.open_now(ReasonDialog(trigger, rows[0], count=len(self.marked)))
                self._bulk_trigger(trigger, opened)
            return
        claim = self.target()
        if claim is None or trigger not in triggers_from(claim.status):
            return
        refusal = self.refusal_now(claim, trigger)
        first = RefusalDialog(trigger, claim, refusal) if refusal else ReasonDialog(trigger, claim)
        self._trigger_flow(trigger, Seen(claim, claim.version), self.open_now(first), refusal)

    @work(group="act", exclusive=True)
    async def _trigger_flow(self, trigger: str, seen: Seen, opened: asyncio.Future[Any], refusal: str | None) -> None:
        """Refusal (if the rules would refuse), reason, the move; a refusal found only when saving is shown
        then, and overriding it keeps the reason typed."""
        override: str | None = None
        values: dict[str, str] = {}
        if refusal is not None:
            choice = await opened
            if choice == "override":
                override = refusal
            elif choice == "evidence":
                updated = await self._add_evidence(seen, EVIDENCE_HELPS[trigger])
                if updated is None:
                    return
                seen.claim, seen.events = updated, updated.version
                try:
                    override_or_ok = await self._past_refusal(trigger, seen)
                except TrackerError as err:
                    self._error(err.message)
                    return
                if override_or_ok is False:
                    return
                override = override_or_ok if isinstance(override_or_ok, str) else None
            else:
                return
            opened = self.open_now(ReasonDialog(trigger, seen.claim, overriding=override))
        while True:
            overriding = override

            def make(v: dict[str, str], e: str | None, o: str | None = overriding) -> Form:
                return ReasonDialog(trigger, seen.claim, overriding=o, values=v, error=e)

            async def save(result: FormResult, version: int | None, o: str | None = overriding) -> ClaimView:
                values.update(result.values)
                return await self._db(moves.apply_trigger, self.desk, seen.claim.id, trigger,
                                      result.values["reason"], override=o is not None, expected_version=version,
                                      expires=result.values.get("expires"))

            try:
                moved = await self.form_loop(make, save, seen=seen, what=trigger, values=values, opened=opened,
                                             still_possible=partial(_impossible, trigger))
            except Refused as err:
                if not err.overridable or overriding is not None:
                    self._error(err.message, title="Refused")
                    return
                choice = await self.app.push_screen_wait(RefusalDialog(trigger, seen.claim, err.message))
                if choice != "override":
                    return
                override = err.message
                opened = self.open_now(ReasonDialog(trigger, seen.claim, overriding=override, values=values))
                continue
            break
        if moved is None:
            return
        done = f"Claim #{moved.id} {PAST[trigger]}"
        if PAST[trigger] != moved.status.value:
            done += f" (now {moved.status.value})"
        if overriding is not None:
            done += " (override recorded)"
        self.notify(done, markup=False)
        self.reload(keep_id=moved.id)

    async def _past_refusal(self, trigger: str, seen: Seen) -> str | bool:
        """After evidence was added from a refusal: True when the rules now let `trigger` through; the refusal
        text when the editor overrides it; False when they leave it."""
        while True:
            refusal = await self._db(moves.refusal, self.desk, seen.claim.id, trigger)
            if refusal is None:
                return True
            choice = await self.app.push_screen_wait(RefusalDialog(trigger, seen.claim, refusal))
            if choice == "override":
                return refusal
            if choice != "evidence":
                return False
            updated = await self._add_evidence(seen, EVIDENCE_HELPS[trigger])
            if updated is None:
                return False
            seen.claim, seen.events = updated, updated.version

    # ------------------------------------------------------------------ add, evidence, assign

    def action_add_claim(self) -> None:
        self._add_claim_flow(self.open_now(ClaimForm()))

    @work(group="act", exclusive=True)
    async def _add_claim_flow(self, opened: asyncio.Future[FormResult | None]) -> None:
        async def save(result: FormResult, version: int | None) -> ClaimView:
            v = result.values
            draft = claims.ClaimDraft(
                text=v.get("text", ""), speaker=v.get("speaker", ""), said_at=v.get("said_at"),
                source=v.get("source"), url=v.get("url"), expires_at=v.get("expires_at"),
                tags=split_tags(v.get("tags", "")), assignee=v.get("assignee"))
            return await self._db(claims.add_claim, self.desk, draft)

        added = await self.form_loop(lambda v, e: ClaimForm(v, error=e), save, seen=None, what="add", opened=opened)
        if added is None:
            return
        shown = self.view_holds(added)
        hint = "" if shown else " (not in this view: press 1 for All to see it)"
        self.notify(f"Claim #{added.id} added{hint}", markup=False)
        if shown:
            self.go_to(added)
        else:
            self.reload()

    def action_intake(self) -> None:
        """Open the intake screen; when it adds claims, show the first of them."""
        from tracker.tui.intake import IntakeScreen

        def added(ids: list[int] | None) -> None:
            if ids:
                self.reload(keep_id=ids[0])

        self.app.push_screen(IntakeScreen(self.desk), added)

    def view_holds(self, claim: ClaimView) -> bool:
        view = getattr(self, "view", None)
        return view is None or ((not view.statuses or claim.status in view.statuses) and not view.stale
                                and not view.due_soon and not getattr(self, "search_text", ""))

    def action_add_evidence(self) -> None:
        claim = self.target()
        if claim is not None:
            seen = Seen(claim, claim.version)
            self._evidence_flow(seen, self.open_now(EvidenceForm(subject=claim)))

    @work(group="act", exclusive=True)
    async def _evidence_flow(self, seen: Seen, opened: asyncio.Future[FormResult | None]) -> None:
        await self._add_evidence(seen, opened=opened)

    async def _add_evidence(self, seen: Seen, stance: str = "supports",
                            opened: asyncio.Future[FormResult | None] | None = None) -> ClaimView | None:
        """The evidence form for the claim until it is saved (the claim after) or cancelled (None)."""
        async def save(result: FormResult, version: int | None) -> ClaimView:
            v = result.values
            draft = claims.EvidenceDraft(result.choice or "supports", v.get("source", ""), v.get("url"), v.get("note"))
            return await self._db(claims.add_evidence, self.desk, seen.claim.id, draft, expected_version=version)

        updated = await self.form_loop(lambda v, e: EvidenceForm(v, error=e, subject=seen.claim), save, seen=seen,
                                       what="add evidence", values={"stance": stance}, opened=opened)
        if updated is not None:
            item = updated.evidence[-1]
            self.notify(f"Claim #{updated.id}: evidence added ({item.stance.value}, {item.source})", markup=False)
            self.reload(keep_id=updated.id)
        return updated

    def action_assign(self) -> None:
        if self.marked:
            rows = self._marked_rows()
            if rows:
                self._bulk_assign(None, self.open_now(AssignForm({}, subject=rows[0])))
            return
        claim = self.target()
        if claim is not None:
            start = {"assignee": claim.assignee} if claim.assignee else {}
            self._assign_flow(Seen(claim, claim.version), None, self.open_now(AssignForm(start, subject=claim)))

    def action_take(self) -> None:
        if self.marked:
            self._bulk_assign(self.desk.actor, None)
            return
        claim = self.target()
        if claim is not None:
            self._assign_flow(Seen(claim, claim.version), self.desk.actor, None)

    @work(group="act", exclusive=True)
    async def _assign_flow(self, seen: Seen, name: str | None, opened: asyncio.Future[FormResult | None] | None) -> None:
        """Assign to `name` at once ("mine"), or to whoever the form names."""
        claim = seen.claim

        async def save(result: FormResult, version: int | None) -> ClaimView | None:
            who = result.values.get("assignee")
            if who == seen.claim.assignee:
                self.notify(f"Claim #{claim.id} is already {'assigned to ' + who if who else 'unassigned'}.",
                            markup=False)
                return None
            return await self._db(claims.assign, self.desk, claim.id, who, expected_version=version)

        if name is not None:
            done = await self._direct(save, FormResult({"assignee": name}), seen, "assign")
        else:
            start = {"assignee": claim.assignee} if claim.assignee else {}
            done = await self.form_loop(lambda v, e: AssignForm(v, error=e, subject=seen.claim), save, seen=seen,
                                        what="assign", values=start, opened=opened)
        if done is not None:
            who = f"assigned to {done.assignee}" if done.assignee else "unassigned"
            self.notify(f"Claim #{done.id} {who}", markup=False)
            self.reload(keep_id=done.id)

    async def _direct(self, save: Callable[[FormResult, int | None], Awaitable[T]], result: FormResult, seen: Seen,
                      what: str) -> T | None:
        """A change with nothing to type (one key): the form loop without the form (a conflict still asks)."""
        return await self.form_loop(lambda v, e: AssignForm(v, error=e, subject=seen.claim), save, seen=seen,
                                    what=what, values=result.values, first=result)

    # ------------------------------------------------------------------ marks and actions on many

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

    def _marked_rows(self) -> list[ClaimView]:
        return [c for c in self.table.on_hand.rows if c.id in self.marked]

    @work(group="act", exclusive=True)
    async def _bulk_trigger(self, trigger: str, opened: asyncio.Future[FormResult | None]) -> None:
        ids = sorted(self.marked)
        result = await opened
        if result is None or not ids:
            return
        reason = result.values["reason"]
        await self._each(ids, trigger, lambda cid: self._db(
            moves.apply_trigger, self.desk, cid, trigger, reason, expected_version=self._version(cid),
            expires=result.values.get("expires")))

    @work(group="act", exclusive=True)
    async def _bulk_assign(self, name: str | None, opened: asyncio.Future[FormResult | None] | None) -> None:
        ids = sorted(self.marked)
        if opened is not None:
            form = await opened
            if form is None:
                return
            name = form.values.get("assignee")
        who = name
        await self._each(ids, "assign", lambda cid: self._db(
            claims.assign, self.desk, cid, who, expected_version=self._version(cid)))

    def _version(self, claim_id: int) -> int | None:
        row = next((c for c in self.table.on_hand.rows if c.id == claim_id), None)
        return row.version if row is not None else None

    async def _each(self, ids: list[int], what: str, change: Callable[[int], Awaitable[ClaimView]]) -> None:
        """Apply one change per marked claim (each its own transaction); say what was refused, keep those marked."""
        done: list[int] = []
        refused: list[str] = []
        for claim_id in ids:
            try:
                await change(claim_id)
                done.append(claim_id)
            except Conflict:
                refused.append(f"#{claim_id}: changed by someone else meanwhile")
            except (Refused, InvalidInput, NotFound) as err:
                refused.append(f"#{claim_id}: {err.message}")
            except TrackerError as err:
                refused.append(f"#{claim_id}: {err.message}")
        self.marked -= set(done)
        self.table.marked = self.marked
        verb = PAST.get(what, "assigned" if what == "assign" else what)
        summary = f"{verb.capitalize()} {len(done)} of {len(ids)} marked claims."
        if refused:
            summary += " Not changed (still marked): " + "; ".join(refused[:6])
            if len(refused) > 6:
                summary += f"; and {len(refused) - 6} more"
        self.notify(summary, severity="warning" if refused else "information", timeout=15, markup=False)
        self._sync_bindings()
        self.reload()


def _after_version(events: list[EventView], version: int) -> list[EventView]:
    """The events after the one that brought the claim to `version` (each change bumps it by one)."""
    return events[version:] if 0 < version <= len(events) else events[-1:]


def _impossible(trigger: str, claim: ClaimView) -> str | None:
    """Why `trigger` cannot apply to the claim as it is now (its status), or None."""
    if trigger in triggers_from(claim.status):
        return None
    return f"{trigger} is not possible now: the claim is {claim.status.value}."
