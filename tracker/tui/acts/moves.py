"""The lifecycle triggers on the highlighted claim: refusal (when the rules would refuse), reason, the move."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from textual import work

from tracker.domain.errors import Refused, TrackerError
from tracker.domain.rules import triggers_from
from tracker.service import moves
from tracker.service.views import ClaimView
from tracker.tui.acts.base import Seen
from tracker.tui.acts.claims import ClaimActs
from tracker.tui.changes import PAST
from tracker.tui.dialogs.form import Form, FormResult
from tracker.tui.dialogs.reason import ReasonDialog
from tracker.tui.dialogs.refusal import EVIDENCE_HELPS, RefusalDialog


class MoveActs(ClaimActs):
    """confirm, contradict, expire, reopen (marked claims: `tracker.tui.acts.marks`)."""

    def action_trigger(self, trigger: str) -> None:
        claim = self.target()
        if claim is None or trigger not in triggers_from(claim.status):
            return
        refusal = self.refusal_now(claim, trigger)
        first = RefusalDialog(trigger, claim, self.words(refusal)) if refusal else ReasonDialog(trigger, claim)
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
                override = self.words(refusal)
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
                override = self.words(override_or_ok) if isinstance(override_or_ok, str) else None
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
                choice = await self.app.push_screen_wait(RefusalDialog(trigger, seen.claim, self.words(err.message)))
                if choice != "override":
                    return
                override = self.words(err.message)
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
            choice = await self.app.push_screen_wait(RefusalDialog(trigger, seen.claim, self.words(refusal)))
            if choice == "override":
                return refusal
            if choice != "evidence":
                return False
            updated = await self._add_evidence(seen, EVIDENCE_HELPS[trigger])
            if updated is None:
                return False
            seen.claim, seen.events = updated, updated.version


def _impossible(trigger: str, claim: ClaimView) -> str | None:
    """Why `trigger` cannot apply to the claim as it is now (its status), or None."""
    if trigger in triggers_from(claim.status):
        return None
    return f"{trigger} is not possible now: the claim is {claim.status.value}."
