"""Actions on one claim: add, evidence, assign (a form, or "mine" in one key), edit, link as a duplicate, intake."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from textual import work

from tracker.domain.similarity import Similar
from tracker.domain.errors import InvalidInput, TrackerError
from tracker.service import claims, duplicates, similar
from tracker.service.views import ClaimView
from tracker.tui.acts.base import Flows, Seen
from tracker.tui.dialogs.assign_form import AssignForm
from tracker.tui.dialogs.claim_form import ClaimForm, split_tags
from tracker.tui.dialogs.edit_form import EditForm, edit_of, edit_values
from tracker.tui.dialogs.evidence_form import EvidenceForm
from tracker.tui.dialogs.form import FormResult
from tracker.tui.dialogs.link_form import LinkForm

T = TypeVar("T")


class ClaimActs(Flows):
    """Add, evidence, assign, mine, edit, link, intake."""

    current: ClaimView | None
    """The claim in the detail pane (the screen keeps it: tracker/tui/follow.py)."""
    similar: tuple[Similar, ...] | None
    """The claims that read like it, as the detail pane read them (None: not read)."""

    def action_add_claim(self) -> None:
        self._add_claim_flow(self.open_now(ClaimForm(lookup=self.look_alikes)))

    @work(group="act", exclusive=True)
    async def _add_claim_flow(self, opened: asyncio.Future[FormResult | None]) -> None:
        async def save(result: FormResult, version: int | None) -> ClaimView:
            v = result.values
            draft = claims.ClaimDraft(
                text=v.get("text", ""), speaker=v.get("speaker", ""), said_at=v.get("said_at"),
                source=v.get("source"), url=v.get("url"), expires_at=v.get("expires_at"),
                tags=split_tags(v.get("tags", "")), assignee=v.get("assignee"))
            return await self._db(claims.add_claim, self.desk, draft)

        added = await self.form_loop(lambda v, e: ClaimForm(v, error=e, lookup=self.look_alikes), save, seen=None,
                                     what="add", opened=opened)
        if added is None:
            return
        shown = self.view_holds(added)
        hint = "" if shown else " (not in this view: press 1 for All to see it)"
        self.notify(f"Claim #{added.id} added{hint}", markup=False)
        if shown:
            self.go_to(added)
        else:
            self.reload()

    def look_alikes(self, text: str) -> tuple[Similar, ...]:
        """The claims a claim with `text` would be warned about (the add form shows them as it is typed)."""
        return similar.similar_to_text(self.desk, text)

    def action_link(self) -> None:
        """Link the highlighted claim as a duplicate: the form starts on the best claim that reads like it."""
        claim = self.target()
        if claim is None:
            return
        best = self._best_look_alike(claim) if claim.duplicate_of is None else None
        start = {"primary": str(claim.duplicate_of or (best.id if best else ""))}
        self._link_flow(Seen(claim, claim.version), start, self.open_now(LinkForm(start, subject=claim)))

    def _best_look_alike(self, claim: ClaimView) -> Similar | None:
        """The best claim that reads like `claim`: the detail pane's list when it is this claim's (read off
        the UI thread already), else read now; None when there is none or it cannot be read."""
        if self.current is not None and self.current.id == claim.id and self.similar is not None:
            return next(iter(self.similar), None)
        try:
            return next(iter(similar.similar_to_claim(self.desk, claim.id, limit=1)), None)
        except TrackerError:  # a candidate is a convenience: the form opens empty without one
            return None

    @work(group="act", exclusive=True)
    async def _link_flow(self, seen: Seen, start: dict[str, str], opened: asyncio.Future[FormResult | None]) -> None:
        claim = seen.claim

        async def save(result: FormResult, version: int | None) -> ClaimView:
            primary = result.values.get("primary", "").strip().lstrip("#")
            if not primary.isdigit():
                raise InvalidInput(f"primary: give the id of the claim this one duplicates, not {primary!r}")
            return await self._db(duplicates.link_duplicate, self.desk, claim.id, int(primary),
                                  result.values.get("reason", ""), expected_version=version)

        done = await self.form_loop(lambda v, e: LinkForm(v, error=e, subject=seen.claim), save, seen=seen,
                                    what="link", values=start, opened=opened)
        if done is not None:
            self.notify(f"Claim #{done.id} is a duplicate of #{done.duplicate_of}", markup=False)
            self.reload(keep_id=done.id)

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
        claim = self.target()
        if claim is not None:
            start = {"assignee": claim.assignee} if claim.assignee else {}
            self._assign_flow(Seen(claim, claim.version), None, self.open_now(AssignForm(start, subject=claim)))

    def action_take(self) -> None:
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

    def action_edit_claim(self) -> None:
        claim = self.target()
        if claim is None:
            return
        before = edit_values(claim, self.settings.desk_tz)
        seen = Seen(claim, claim.version)
        self._edit_flow(seen, before, self.open_now(EditForm(before, claim_id=claim.id)))

    @work(group="act", exclusive=True)
    async def _edit_flow(self, seen: Seen, before: dict[str, str],
                         opened: asyncio.Future[FormResult | None]) -> None:
        """The claim's fields, prefilled; what the editor changed is saved as one `edit` event, at the version
        they saw (a conflict shows what changed and offers the same edit on the new state)."""
        claim_id = seen.claim.id

        async def save(result: FormResult, version: int | None) -> ClaimView | None:
            edit = edit_of(before, result.values)
            if edit is None:
                self.notify(f"Claim #{claim_id}: nothing was changed.", markup=False)
                return None
            return await self._db(claims.edit_claim, self.desk, claim_id, edit, result.values.get("reason", ""),
                                  expected_version=version)

        done = await self.form_loop(lambda v, e: EditForm(v, claim_id=claim_id, error=e), save, seen=seen,
                                    what="edit", values=before, opened=opened)
        if done is None:
            return
        if not done.changed:
            self.notify(done.notice or f"Claim #{claim_id}: nothing was changed.", markup=False)
            return
        self.notify(f"Claim #{done.id} edited", markup=False)
        self.go_to(done)
