"""Following the list as it changes: the highlighted claim's detail, and what others change meanwhile.

The detail pane reads the highlighted claim whole (evidence, history) a moment after the cursor
stops on it. A change probe (a cheap check of the database file) runs every `poll_interval`
seconds; when anyone commits, or `CLOCK_REFRESH` seconds pass, the rows on hand are read again
(`MainScreen.reload`), and each change someone else made since is a notice ("cli-bot confirmed
#16") with its row highlighted for `FLASH_SECONDS`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.timer import Timer

from tracker.domain.errors import TrackerError
from tracker.domain.similarity import Similar
from tracker.service import reading, similar
from tracker.service.views import ClaimView, EventView
from tracker.tui.acts import Acts
from tracker.tui.changes import describe
from tracker.tui.detail import DetailPane, render_detail
from tracker.tui.loader import Loader

Detail = tuple[ClaimView, list[EventView], datetime, "tuple[Similar, ...] | None"]
"""What the detail pane reads for a claim: the claim, its history, the time read, the claims like it."""
SIMILAR_SHOWN = 5
"""Similar claims listed in the detail pane."""

CLOCK_REFRESH = 60.0
"""Seconds between refreshes with no change seen, so ages, deadlines and the stale/due views stay true."""
FLASH_SECONDS = 3.0
"""How long a row someone else changed stays highlighted."""


class Following(Acts):
    """The detail of the highlighted claim, the change probe, and others' changes flashed and named."""

    poll_interval: float
    current: ClaimView | None
    events: list[EventView]
    newest_first: bool
    last_event: int | None
    detail_loader: Loader[int, Detail]
    similar: tuple[Similar, ...] | None = None
    """The claims that read like the one in the detail pane (None: not read)."""

    def __init__(self) -> None:
        super().__init__()
        self._probe: Any = None
        self._token: object = None
        self._since_refresh = 0.0
        self._detail_timer: Timer | None = None

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    # ------------------------------------------------------------------ changes made by others

    def _changes(self, got: reading.Window) -> None:
        """Notices and a brief highlight for what others changed since the last read."""
        first = self.last_event is None
        self.last_event = got.last_event
        if first:
            return
        theirs = [e for e in got.changes if e.actor != self.desk.actor]
        if not theirs:
            return
        for event in theirs[-3:]:
            self.notify(describe(event), timeout=6, markup=False)
        if len(theirs) > 3:
            self.notify(f"and {len(theirs) - 3} more changes by others", timeout=6, markup=False)
        table = self.table
        ids = {e.claim_id for e in theirs if e.claim_id is not None} & set(table.on_hand.ids())
        if ids:
            table.flashing |= ids
            table.redraw_rows(ids)
            self.set_timer(FLASH_SECONDS, lambda: self._unflash(ids))

    def _unflash(self, ids: set[int]) -> None:
        table = self.table
        table.flashing -= ids
        table.redraw_rows(ids)

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
        if row is not None:
            self.detail_loader.want(row.id)

    def _read_detail(self, claim_id: int) -> Detail:
        claim, events = reading.history(self.desk, claim_id)
        try:
            like: tuple[Similar, ...] | None = similar.similar_to_claim(self.desk, claim_id, limit=SIMILAR_SHOWN)
        except TrackerError:  # the similar look-up is extra: the detail shows without it
            like = None
        return claim, events, self.desk.now(), like

    def _show_detail(self, claim_id: int, result: Detail) -> None:
        claim, events, now, like = result
        row = self.table.highlighted()
        if row is None or row.id != claim.id:
            return
        self.current, self.events, self.similar = claim, events, like
        self.render_current(now)
        self._sync_bindings()

    def render_current(self, now: datetime | None = None) -> None:
        if self.current is not None:
            self.detail.show(render_detail(self.current, self.events, now=now or self.desk.now(),
                                           settings=self.settings, newest_first=self.newest_first,
                                           similar=self.similar), self.current.id)

    def action_history_order(self) -> None:
        self.newest_first = not self.newest_first
        self.render_current()
        self.notify("History: newest first" if self.newest_first else "History: oldest first", timeout=3)

    # ------------------------------------------------------------------ live refresh

    def _poll(self) -> None:
        self._since_refresh += self.poll_interval
        self.run_worker(self._probe_once, thread=True, group="probe", exclusive=True, exit_on_error=False)

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
