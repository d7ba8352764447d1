"""The editor's actions on the main screen, the shared half: the one form loop, and what changed underneath.

Every change passes the version of the claim the editor was looking at, so a claim changed
underneath is never overwritten. Then what changed is said in words ("cli-bot added evidence from
TASS"), what the editor typed is kept, and the same change can be applied to the new state, taken
back to the form, or dropped (`ConflictDialog`). All forms run through one loop (`Flows.form_loop`).

The actions themselves: `tracker.tui.acts.claims` (add, evidence, assign, mine, edit),
`tracker.tui.acts.moves` (the triggers), `tracker.tui.acts.marks` (marked claims, through the bulk use case).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from textual.screen import Screen

from tracker.domain.errors import Conflict, InvalidInput, TrackerError
from tracker.domain.rules import RuleSettings
from tracker.service import reading
from tracker.service.context import Desk
from tracker.service.views import ClaimView
from tracker.tui import fmt, standing
from tracker.tui.changes import describe
from tracker.tui.dialogs.conflict import ConflictDialog
from tracker.tui.dialogs.form import Form, FormResult

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

    def words(self, text: str) -> str:
        """A message from the rules or the service as the TUI says it: its times on the desk's clock."""
        return fmt.local_times(text, self.settings.desk_tz)

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
