"""The main screen: view bar, search, claims table, detail pane, and every editor action.

Reads run in thread workers (`@work(thread=True, exclusive=True)`), one unit of work
each through `tracker.service`, and hand their results to widgets with
`call_from_thread`; a generation number drops results a newer request made stale.
Actions run in async workers: they await the dialogs, run the service call in a
thread, and always pass the version the editor saw, so a claim changed underneath
is reported as a conflict and never overwritten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from tracker.domain.errors import Conflict, InvalidInput, NotFound, Refused, TrackerError
from tracker.domain.rules import RULES_BY_TRIGGER, RuleSettings, triggers_from
from tracker.service import claims, moves, reading
from tracker.service.context import Desk
from tracker.service.views import ClaimView, EventView
from tracker.tui.detail import DetailPane, render_detail
from tracker.tui.modals import EVIDENCE_HELPS, AssignForm, ClaimForm, EvidenceForm, ReasonModal, RefusalModal
from tracker.tui import standing
from tracker.tui.table import HEADER_SORTS, ClaimTable
from tracker.tui.viewbar import ViewBar
from tracker.tui.viewdefs import SORT_CYCLE, SORT_LABELS, VIEWS, VIEWS_BY_NAME, View

T = TypeVar("T")

LOOKAHEAD = 20
"""Load the next page when the cursor is this close to the last loaded row."""
MAX_KEEP = 2000
"""A refresh reloads at most this many rows (the rows already scrolled through, so the cursor stays put)."""
CLOCK_REFRESH = 60.0
"""Seconds between refreshes with no change seen, so ages, deadlines and the stale/due views stay true."""

TRIGGER_HELP: dict[str, str] = {
    rule.trigger: f"{rule.trigger}: {' or '.join(s.value for s in rule.sources)} → {rule.dest.value}; "
                  f"guard: {rule.summary}"
    for rule in RULES_BY_TRIGGER.values()
}

VIEW_GROUP = Binding.Group("Views", compact=True)

PAST: dict[str, str] = {"confirm": "confirmed", "contradict": "contradicted", "expire": "expired",
                        "reopen": "reopened"}


@dataclass(frozen=True, slots=True)
class _PageRequest:
    gen: int
    query: reading.ListQuery
    keep_id: int | None
    keep_index: int


def split_tags(text: str) -> list[str]:
    """Tags as typed in the form: separated by spaces and/or commas."""
    return [part for part in text.replace(",", " ").split() if part]


class MainScreen(Screen):
    """Views, search, table and detail of one database."""

    BINDINGS = [
        Binding("slash", "search", "Search", tooltip="Filter by claim text or speaker", id="list.search"),
        Binding("c", "trigger('confirm')", "Confirm", tooltip=TRIGGER_HELP["confirm"], id="claim.confirm"),
        Binding("x", "trigger('contradict')", "Contradict", tooltip=TRIGGER_HELP["contradict"],
                id="claim.contradict"),
        Binding("e", "trigger('expire')", "Expire", tooltip=TRIGGER_HELP["expire"], id="claim.expire"),
        Binding("r", "trigger('reopen')", "Reopen", tooltip=TRIGGER_HELP["reopen"], id="claim.reopen"),
        Binding("v", "add_evidence", "Evidence", tooltip="Add an evidence item to the highlighted claim",
                id="claim.evidence"),
        Binding("s", "assign", "Assign", tooltip="Give the highlighted claim to an editor", id="claim.assign"),
        Binding("a", "add_claim", "Add", tooltip="Log a new claim", id="claim.add"),
        Binding("i", "intake", "Intake from article…", show=False, tooltip="Propose claims from a news article "
                "(a file or pasted text), review them and add the accepted ones", id="claim.intake"),
        Binding("o", "sort", "Sort", show=False, tooltip="Cycle the sort order (shown beside the search box)",
                id="list.sort"),
        *(
            Binding(view.key, f"view('{view.name}')", view.label, tooltip=f"Show the {view.label} view",
                    id=f"view.{view.name}", group=VIEW_GROUP)
            for view in VIEWS
        ),
        Binding("escape", "clear_search", "Clear search", show=False, id="list.clear_search"),
        Binding("f5,ctrl+r", "refresh", "Refresh", show=False, tooltip="Reload now", id="list.refresh"),
        Binding("question_mark", "app.toggle_keys", "Keys", tooltip="Show or hide every key and what it does",
                id="app.keys"),
        Binding("q", "app.quit", "Quit", tooltip="Leave tracker", id="app.quit"),
    ]

    DEFAULT_CSS = """
    MainScreen { layout: vertical; }
    #searchbar { height: 1; width: 1fr; }
    #search { width: 1fr; border: none; height: 1; padding: 0 1; }
    #search:focus { background: $boost; }
    #sortinfo { width: auto; padding: 0 1; color: $text-muted; }
    ClaimTable { height: 1fr; min-height: 6; }
    DetailPane { height: 1fr; }
    """

    def __init__(self, desk: Desk, *, poll_interval: float = 1.0, page_size: int = 100) -> None:
        super().__init__()
        self.desk = desk
        self.poll_interval = poll_interval
        self.page_size = page_size
        self.view: View = VIEWS[0]
        self.search_text = ""
        self.sort_index = 0
        self.sort, self.descending = SORT_CYCLE[0][0], SORT_CYCLE[0][1]
        self.settings = RuleSettings()
        self.current: ClaimView | None = None
        """The highlighted claim as last loaded whole (evidence and history), if loaded."""
        self.events: list[EventView] = []
        self.after: reading.PageCursor | None = None
        self.counts: reading.ViewCounts | None = None
        self.loads = 0
        """Pages put on screen so far (tests and the benchmark wait on it)."""
        self._gen = 0
        self._page_request: _PageRequest | None = None
        self._page_busy = False
        self._more_busy = False
        self._counts_query: reading.ListQuery | None = None
        self._counts_busy = False
        self._probe: Any = None
        self._token: object = None
        self._since_refresh = 0.0
        self._detail_timer: Timer | None = None
        self._offered: object = ()
        self._keep_id: int | None = None
        """The claim the cursor must land on when the pending reload arrives (None: where it is)."""

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield ViewBar()
        with Horizontal(id="searchbar"):
            yield Input(placeholder="/ search claim text or speaker", id="search", compact=True)
            yield Static("", id="sortinfo")
        yield ClaimTable(id="claims")
        yield DetailPane(id="detail")
        yield Footer()

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        where = self.desk.where
        self.app.sub_title = f"{where if '://' in where else Path(where).name} · {self.desk.actor}"
        self.query_one(ViewBar).set_active(self.view)
        self._show_sort()
        self.table.focus()
        self.reload()
        if self.poll_interval > 0:
            self.set_interval(self.poll_interval, self._poll)

    def on_unmount(self) -> None:
        if self._probe is not None:
            self._probe.close()

    def on_resize(self) -> None:
        table = self.table
        if table.columns and table.resize_text(self.size.width, self.desk.now(), self.settings.due_soon):
            table.refresh()

    # ------------------------------------------------------------------ what is highlighted

    def target(self) -> ClaimView | None:
        """The highlighted claim, as fresh as it was loaded (the detail pane's copy when it is there)."""
        row = self.table.highlighted() if self.is_mounted else None
        if row is None:
            return None
        if self.current is not None and self.current.id == row.id:
            return self.current
        return row

    def _sync_bindings(self) -> None:
        """Redraw the footer's keys when what is offered changes (redrawing it costs a recompose)."""
        claim = self.target()
        offered = claim.status if claim is not None else None
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the highlighted claim allows: the triggers its status allows under the rules."""
        if action == "trigger":
            claim = self.target()
            return claim is not None and parameters[0] in triggers_from(claim.status)
        if action in ("add_evidence", "assign"):
            return self.target() is not None
        return True

    # ------------------------------------------------------------------ loading

    def base_query(self, limit: int) -> reading.ListQuery:
        return self.view.query(reading.ListQuery(
            search=self.search_text or None, sort=self.sort, descending=self.descending, limit=limit
        ))

    def reload(self, *, keep_id: int | None = None, keep_all: bool = True) -> None:
        """Reload counts and the page (as many rows as are loaded now), keeping the cursor on `keep_id`."""
        self._gen += 1
        table = self.table
        if keep_id is None:
            # a reload asked for before an earlier one landed keeps that one's claim (say, the claim just added)
            keep_id = self._keep_id
        if keep_id is None:
            claim = self.target()
            keep_id = claim.id if claim else None
        else:
            self._keep_id = keep_id
        limit = min(max(self.page_size, len(table.rows_shown) if keep_all else 0), MAX_KEEP)
        query = self.base_query(limit)
        self._page_request = _PageRequest(self._gen, query, keep_id, max(table.cursor_row, 0))
        if not self._page_busy:
            self._next_page_load()
        self._counts_query = query
        if not self._counts_busy:
            self._next_counts_load()

    def _next_page_load(self) -> None:
        request, self._page_request = self._page_request, None
        if request is None:
            return
        self._page_busy = True
        self._load_page(request)

    @work(thread=True, exclusive=True, group="page")
    def _load_page(self, request: _PageRequest) -> None:
        try:
            page = reading.page(self.desk, request.query)  # rows, sources and settings: one transaction
            now = self.desk.now()
        except TrackerError as err:
            self.app.call_from_thread(self._page_failed, err.message)
            return
        self.app.call_from_thread(self._show_page, request, page.settings, page, page.sources, now)

    def _page_failed(self, message: str) -> None:
        self._page_busy = False
        self._error(message)
        self._next_page_load()

    def _show_page(self, request: _PageRequest, settings: RuleSettings, page: reading.Page,
                   sources: dict[int, int], now: datetime) -> None:
        self._page_busy = False
        if request.gen == self._gen:
            self._keep_id = None
            self.settings = settings
            self.after = page.after
            self.table.need = settings.confirm_sources
            self.table.fill(page.rows, now, settings.due_soon, keep_id=request.keep_id,
                            keep_index=request.keep_index, sources=sources)
            self.loads += 1
            if not page.rows:
                self.current = None
                self.events = []
                self.detail.show_message(self._empty_message())
                self._sync_bindings()
            else:
                self._want_detail(immediate=True)
        self._next_page_load()

    def _empty_message(self) -> str:
        if self.search_text:
            return f"No claims in {self.view.label} match “{self.search_text}”. Esc clears the search."
        if self.view is VIEWS[0]:
            return "No claims yet. Press a to log one."
        return f"No claims in the {self.view.label} view."

    def _load_more(self) -> None:
        if self._more_busy or self.after is None or self._page_busy:
            return
        self._more_busy = True
        self._fetch_more(self._gen, self.base_query(self.page_size), self.after)

    @work(thread=True, exclusive=True, group="more")
    def _fetch_more(self, gen: int, query: reading.ListQuery, after: reading.PageCursor) -> None:
        try:
            page = reading.page(self.desk, query, after)
            now = self.desk.now()
        except TrackerError as err:
            self.app.call_from_thread(self._more_failed, err.message)
            return
        self.app.call_from_thread(self._append_page, gen, page, page.sources, now)

    def _more_failed(self, message: str) -> None:
        self._more_busy = False
        self._error(message)

    def _append_page(self, gen: int, page: reading.Page, sources: dict[int, int], now: datetime) -> None:
        self._more_busy = False
        if gen != self._gen:
            return
        self.after = page.after
        self.table.append(page.rows, now, self.settings.due_soon, sources)

    def _next_counts_load(self) -> None:
        query, self._counts_query = self._counts_query, None
        if query is None:
            return
        self._counts_busy = True
        self._load_counts(query)

    @work(thread=True, exclusive=True, group="counts")
    def _load_counts(self, query: reading.ListQuery) -> None:
        try:
            counts = reading.tally_views(self.desk, query)
        except TrackerError as err:
            self.app.call_from_thread(self._counts_done, None, err.message)
            return
        self.app.call_from_thread(self._counts_done, counts, None)

    def _counts_done(self, counts: reading.ViewCounts | None, error: str | None) -> None:
        self._counts_busy = False
        if counts is not None and self._counts_query is None:
            self.counts = counts
            self.query_one(ViewBar).set_counts(counts)
        if error:
            self._error(error)
        self._next_counts_load()

    # ------------------------------------------------------------------ detail

    def _want_detail(self, immediate: bool = False) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if immediate:
            self._fetch_detail()
        else:
            self._detail_timer = self.set_timer(0.05, self._fetch_detail)

    def _fetch_detail(self) -> None:
        row = self.table.highlighted()
        if row is None:
            return
        self._load_detail(row.id)

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, claim_id: int) -> None:
        try:
            claim, events = reading.history(self.desk, claim_id)
            now = self.desk.now()
        except NotFound:
            self.app.call_from_thread(self.reload)
            return
        except TrackerError as err:
            self.app.call_from_thread(self._error, err.message)
            return
        self.app.call_from_thread(self._show_detail, claim, events, now)

    def _show_detail(self, claim: ClaimView, events: list[EventView], now: datetime) -> None:
        row = self.table.highlighted()
        if row is None or row.id != claim.id:
            return
        self.current = claim
        self.events = events
        self.detail.show(render_detail(claim, events, now=now, settings=self.settings), claim.id)
        self._sync_bindings()

    @on(DataTable.RowHighlighted, "#claims")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.current is not None and str(self.current.id) != event.row_key.value:
            self.current = None
        self._sync_bindings()
        self._want_detail()
        if event.cursor_row >= len(self.table.rows_shown) - LOOKAHEAD:
            self._load_more()

    @on(DataTable.HeaderSelected, "#claims")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        sort = HEADER_SORTS.get(str(event.column_key.value))
        if sort is None:
            return
        if sort == self.sort:
            self.descending = not self.descending
        else:
            self.sort_index = next(i for i, (key, _, _) in enumerate(SORT_CYCLE) if key == sort)
            self.sort, self.descending = sort, SORT_CYCLE[self.sort_index][1]
        self._show_sort()
        self.reload(keep_all=False)

    def _show_sort(self) -> None:
        arrow = "▼" if self.descending else "▲"
        self.query_one("#sortinfo", Static).update(f"sorted by {SORT_LABELS[self.sort]} {arrow}  (o)")
        table = self.table
        if table.columns:
            table.set_sort_marker(self.sort, self.descending)

    # ------------------------------------------------------------------ live refresh

    def _poll(self) -> None:
        self._since_refresh += self.poll_interval
        self._probe_once()

    @work(thread=True, exclusive=True, group="probe")
    def _probe_once(self) -> None:
        try:
            if self._probe is None:
                self._probe = reading.change_probe(self.desk)
            token = self._probe.token()
        except Exception:  # a probe that cannot read now is retried on the next tick
            return
        if self._token is None:
            self._token = token
            return
        if token != self._token or self._since_refresh >= CLOCK_REFRESH:
            self._token = token
            self.app.call_from_thread(self._changed_outside)

    def _changed_outside(self) -> None:
        self._since_refresh = 0.0
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ views, search, sort

    def action_view(self, name: str) -> None:
        view = VIEWS_BY_NAME[name]
        if view is self.view:
            return
        self.view = view
        self.query_one(ViewBar).set_active(view)
        self.reload(keep_all=False)

    @on(ViewBar.Chosen)
    def _view_clicked(self, event: ViewBar.Chosen) -> None:
        self.action_view(event.view.name)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text != self.search_text:
            self.search_text = text
            self.reload(keep_all=False)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.table.focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORT_CYCLE)
        self.sort, self.descending = SORT_CYCLE[self.sort_index][0], SORT_CYCLE[self.sort_index][1]
        self._show_sort()
        self.reload(keep_all=False)

    # ------------------------------------------------------------------ messages

    def _error(self, message: str, title: str = "") -> None:
        self.notify(message, title=title, severity="error", timeout=10, markup=False)

    def _conflict(self, claim_id: int, message: str) -> None:
        self.notify(
            f"Claim #{claim_id} was changed by someone else while you were working on it. "
            f"Nothing was overwritten; its new state is shown. ({message})",
            title="Conflict", severity="warning", timeout=12, markup=False,
        )
        self.reload(keep_id=claim_id)

    async def _db(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run one service call (its own unit of work) off the event loop."""
        return await asyncio.to_thread(partial(fn, *args, **kwargs))

    # ------------------------------------------------------------------ actions

    def action_trigger(self, trigger: str) -> None:
        claim = self.target()
        if claim is not None and trigger in triggers_from(claim.status):
            self._trigger_flow(trigger, claim)

    @work(group="act", exclusive=True)
    async def _trigger_flow(self, trigger: str, claim: ClaimView) -> None:
        seen = claim.version
        override: str | None = None
        while True:  # until the rules let it through, the editor overrides, or gives up
            try:
                fresh = await self._db(reading.show, self.desk, claim.id)
                if fresh.version != seen:
                    self._conflict(claim.id, f"version {seen} was shown, it is now at version {fresh.version}")
                    return
                refusal = await self._db(moves.refusal, self.desk, claim.id, trigger)
            except TrackerError as err:
                self._error(err.message)
                self.reload()
                return
            if refusal is None:
                break
            choice = await self.app.push_screen_wait(RefusalModal(trigger, fresh, refusal))
            if choice == "override":
                override = refusal
                break
            if choice != "evidence":
                return
            updated = await self._add_evidence(fresh, EVIDENCE_HELPS[trigger])
            if updated is None:
                return
            seen = updated.version
        reason = ""
        while True:
            answer = await self.app.push_screen_wait(ReasonModal(trigger, fresh, overriding=override, reason=reason))
            if answer is None:
                return
            reason = answer
            try:
                moved = await self._db(moves.apply_trigger, self.desk, claim.id, trigger, reason,
                                       override=override is not None, expected_version=seen)
            except Refused as err:
                if err.overridable and override is None:
                    choice = await self.app.push_screen_wait(RefusalModal(trigger, fresh, err.message))
                    if choice == "override":
                        override = err.message
                        continue
                    if choice == "evidence":
                        self.reload(keep_id=claim.id)
                        self._trigger_flow(trigger, fresh)
                    return
                self._error(err.message, title="Refused")
                self.reload()
                return
            except Conflict as err:
                self._conflict(claim.id, err.message)
                return
            except TrackerError as err:
                self._error(err.message)
                return
            break
        done = f"Claim #{moved.id} {PAST[trigger]}"
        if PAST[trigger] != moved.status.value:
            done += f" (now {moved.status.value})"
        if override is not None:
            done += " (override recorded)"
        self.notify(done, markup=False)
        self.reload(keep_id=moved.id)

    def action_add_claim(self) -> None:
        self._add_claim_flow()

    @work(group="act", exclusive=True)
    async def _add_claim_flow(self) -> None:
        values: dict[str, str] = {}
        error: str | None = None
        while True:
            result = await self.app.push_screen_wait(ClaimForm(values, error=error))
            if result is None:
                return
            values = result.values
            draft = claims.ClaimDraft(
                text=values.get("text", ""), speaker=values.get("speaker", ""), said_at=values.get("said_at"),
                source=values.get("source"), url=values.get("url"), expires_at=values.get("expires_at"),
                tags=split_tags(values.get("tags", "")), assignee=values.get("assignee"),
            )
            try:
                added = await self._db(claims.add_claim, self.desk, draft)
            except InvalidInput as err:
                error = err.message
                continue
            except TrackerError as err:
                self._error(err.message)
                return
            break
        shown = not self.view.statuses or added.status in self.view.statuses
        hint = "" if shown and not self.view.stale else " (press 1 for All to see it)"
        self.notify(f"Claim #{added.id} added{hint}", markup=False)
        self.reload(keep_id=added.id)

    def action_intake(self) -> None:
        """Open the intake screen; when it adds claims, show the first of them."""
        from tracker.tui.intake import IntakeScreen

        def added(ids: list[int] | None) -> None:
            if ids:
                self.reload(keep_id=ids[0])

        self.app.push_screen(IntakeScreen(self.desk), added)

    def action_add_evidence(self) -> None:
        claim = self.target()
        if claim is not None:
            self._evidence_flow(claim)

    @work(group="act", exclusive=True)
    async def _evidence_flow(self, claim: ClaimView) -> None:
        await self._add_evidence(claim)

    async def _add_evidence(self, claim: ClaimView, stance: str = "supports") -> ClaimView | None:
        """The evidence form for `claim` until it is saved (the claim after) or cancelled (None)."""
        seen = claim.version
        values: dict[str, str] = {"stance": stance}
        error: str | None = None
        while True:
            result = await self.app.push_screen_wait(EvidenceForm(values, error=error, subject=claim))
            if result is None:
                return None
            values = {**result.values, "stance": result.choice or "supports"}
            draft = claims.EvidenceDraft(values["stance"], values.get("source", ""), values.get("url"),
                                         values.get("note"))
            try:
                updated = await self._db(claims.add_evidence, self.desk, claim.id, draft, expected_version=seen)
            except InvalidInput as err:
                error = err.message
                continue
            except Conflict as err:
                self._conflict(claim.id, err.message)
                return None
            except TrackerError as err:
                self._error(err.message)
                return None
            break
        item = updated.evidence[-1]
        self.notify(f"Claim #{updated.id}: evidence added ({item.stance.value}, {item.source})", markup=False)
        self.reload(keep_id=updated.id)
        return updated

    def action_assign(self) -> None:
        claim = self.target()
        if claim is not None:
            self._assign_flow(claim)

    @work(group="act", exclusive=True)
    async def _assign_flow(self, claim: ClaimView) -> None:
        seen = claim.version
        values = {"assignee": claim.assignee} if claim.assignee else {}
        error: str | None = None
        while True:
            result = await self.app.push_screen_wait(AssignForm(values, error=error, subject=claim))
            if result is None:
                return
            values = result.values
            name = values.get("assignee")
            if name == claim.assignee:
                self.notify(f"Claim #{claim.id} is already {'assigned to ' + name if name else 'unassigned'}.",
                            markup=False)
                return
            try:
                updated = await self._db(claims.assign, self.desk, claim.id, name, expected_version=seen)
            except InvalidInput as err:
                error = err.message
                continue
            except Conflict as err:
                self._conflict(claim.id, err.message)
                return
            except TrackerError as err:
                self._error(err.message)
                return
            break
        who = f"assigned to {updated.assignee}" if updated.assignee else "unassigned"
        self.notify(f"Claim #{updated.id} {who}", markup=False)
        self.reload(keep_id=updated.id)

    # ------------------------------------------------------------------ command palette

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's entries for this screen ("claim: confirm", "view: stale", ...), as the keys allow."""
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            action, _, arg = binding.action.partition("(")
            params: tuple[object, ...] = (arg.rstrip(")").strip("'"),) if arg else ()
            if action.startswith("app.") or self.check_action(action, params) is not True:
                continue
            namespace = (binding.id or "").split(".")[0] or "claim"
            title = f"{namespace}: {binding.description.lower()}"
            key = binding.key.split(",")[0].replace("slash", "/").replace("question_mark", "?")
            help_text = f"{binding.tooltip} (key {key})"
            claim = self.current
            if action == "trigger" and claim is not None and claim.id == getattr(self.target(), "id", None):
                judged = standing.move(claim, self.settings, self.desk.now(), str(params[0]))
                if judged.refusal:
                    help_text = f"#{claim.id}: refused now ({judged.refusal}); override possible (key {key})"
                else:
                    help_text = f"#{claim.id}: allowed now. {help_text}"
            yield SystemCommand(title, help_text, partial(self.run_action, binding.action))
