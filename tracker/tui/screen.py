"""The main screen: view bar, search, claims table, detail pane, footer; reading the rows on hand.

Every read goes through one `Loader` (a worker thread, newest request wins, one service call
each): the rows on hand, the view counts, the highlighted claim's detail. The table holds a few
hundred consecutive rows around the cursor (`tracker.tui.window`), never the whole list: a refresh
reads those rows again around the claim under the cursor, so it costs the same 100,000 rows down as
at the top, never blocks typing, and leaves the cursor on the claim it was on. The editor's
actions (the dialogs and the service calls) are in `tracker.tui.acts`; the detail pane's loading,
the change probe and others' changes in `tracker.tui.follow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Static

from tracker.domain.rules import RuleSettings, triggers_from
from tracker.service import reading
from tracker.service.context import Desk
from tracker.service.views import ClaimView, EventView
from tracker.tui import keys
from tracker.tui.follow import Detail, Following
from tracker.tui.detail import DetailPane
from tracker.tui.keybar import KeyBar
from tracker.tui.keys import Key
from tracker.tui.loader import Loader
from tracker.tui.table import HEADER_SORTS, ClaimTable
from tracker.tui.viewbar import ViewBar
from tracker.tui.viewdefs import SORT_CYCLE, SORT_LABELS, VIEWS, VIEWS_BY_NAME, View
from tracker.tui.window import KEEP, PAGE

@dataclass(frozen=True, slots=True)
class RowsRequest:
    """One read of rows: which list (`gen`), how the rows join the ones on hand, and where the cursor goes."""

    gen: int
    kind: str
    """replace (all rows), below or above (a page added at that end)."""
    query: reading.ListQuery
    anchor: reading.PageCursor | str | None
    before: int
    after: int
    keep_id: int | None = None
    """The claim the cursor goes to (else: the claim under the cursor when the rows arrive)."""
    last: bool = False
    """Put the cursor on the last row (End)."""
    first: bool = False
    """Put the cursor on the first row (Home)."""


class MainScreen(Following):
    """Views, search, table and detail of one database."""

    BINDINGS = keys.bindings("main")

    DEFAULT_CSS = """
    MainScreen { layout: vertical; }
    #searchbar { height: 1; width: 1fr; }
    #search { width: 1fr; border: none; height: 1; padding: 0 1; }
    #search:focus { background: $boost; }
    #sortinfo { width: auto; padding: 0 1; color: $text-muted; }
    ClaimTable { height: 1fr; min-height: 6; }
    DetailPane { height: 1fr; }
    """

    def __init__(self, desk: Desk, *, poll_interval: float = 1.0, page_size: int = PAGE) -> None:
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
        self.newest_first = False
        self.counts: reading.ViewCounts | None = None
        self.gen = 0
        self.last_event: int | None = None
        self._offered: object = ()
        self._keep_id: int | None = None
        self._replacing = False
        """A read of all rows is asked for or under way (pages asked meanwhile are not needed)."""
        """The claim the cursor must land on when the pending rows arrive (a claim just added, say)."""
        self.rows_loader: Loader[RowsRequest, tuple[reading.Window, datetime]] = Loader(
            self, "rows", self._read_rows, self._show_rows, self._failed)
        self.counts_loader: Loader[reading.ListQuery, reading.ViewCounts] = Loader(
            self, "counts", lambda q: reading.tally_views(self.desk, q), self._show_counts, self._failed)
        self.detail_loader: Loader[int, Detail] = Loader(
            self, "detail", self._read_detail, self._show_detail, self._failed)

    @property
    def loads(self) -> int:
        """Row reads put on screen so far (tests and the benchmark wait on it)."""
        return self.rows_loader.done

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield ViewBar()
        with Horizontal(id="searchbar"):
            yield Input(placeholder=f"{keys.key_of('list.search')} search claim text or speaker", id="search",
                        compact=True)
            yield Static("", id="sortinfo")
        yield ClaimTable(id="claims")
        yield DetailPane(id="detail")
        yield KeyBar(self.offered)

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

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
        self.table.fit()

    # ------------------------------------------------------------------ what is highlighted, what is offered

    def target(self) -> ClaimView | None:
        """The highlighted claim, as fresh as it was loaded (the detail pane's copy when it is there)."""
        row = self.table.highlighted() if self.is_mounted else None
        if row is None:
            return None
        if self.current is not None and self.current.id == row.id:
            return self.current
        return row

    def offered(self, key: Key) -> bool:
        name, params = keys.parse(key.action)
        return self.check_action(name, params) is True

    def _sync_bindings(self) -> None:
        """Redraw the footer's keys when what is offered changes."""
        claim = self.target()
        offered = (claim.status if claim is not None else None, bool(self.marked))
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()
            self.query_one(KeyBar).update_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the highlighted claim allows: the triggers its status allows under the rules."""
        if action == "trigger":
            if self.marked:
                return True
            claim = self.target()
            return claim is not None and parameters[0] in triggers_from(claim.status)
        if action in ("add_evidence", "edit_claim"):
            return self.target() is not None and not self.marked
        if action in ("assign", "take", "mark"):
            return self.target() is not None or bool(self.marked)
        if action == "unmark_all":
            return bool(self.marked)
        return True

    # ------------------------------------------------------------------ loading rows

    def base_query(self) -> reading.ListQuery:
        return self.view.query(reading.ListQuery(
            search=self.search_text or None, sort=self.sort, descending=self.descending, limit=self.page_size))

    def reload(self, *, keep_id: int | None = None, fresh: bool = False) -> None:
        """Read the rows on hand again (all of the list's top when `fresh`: a new view, search or sort),
        keeping the cursor on `keep_id` or on the claim it is on; and the counts."""
        table = self.table
        rows = table.on_hand
        if fresh:
            self.gen += 1
            request = RowsRequest(self.gen, "replace", self.base_query(), None, 0, self.page_size, keep_id)
        else:
            claim = table.highlighted()
            cursor = max(table.cursor_row, 0)
            if claim is None:
                request = RowsRequest(self.gen, "replace", self.base_query(), None, 0, self.page_size, keep_id)
            else:
                before, after = rows.around(cursor)
                before = min(before + (self.page_size if rows.at_top else 0), KEEP)
                request = RowsRequest(self.gen, "replace", self.base_query(),
                                      reading.cursor_of(claim, self.sort), before, after, keep_id)
        self._want_rows(request)
        self.counts_loader.want(self.base_query())

    def go_to(self, claim: ClaimView) -> None:
        """Read the rows around `claim` and put the cursor on it (a claim just added or edited)."""
        self._want_rows(RowsRequest(self.gen, "replace", self.base_query(), reading.cursor_of(claim, self.sort),
                                    self.page_size // 2, self.page_size, claim.id))
        self.counts_loader.want(self.base_query())

    def _want_rows(self, request: RowsRequest) -> None:
        if request.kind != "replace" and self._replacing:
            return  # the rows are being read whole anyway
        self._replacing = self._replacing or request.kind == "replace"
        if request.keep_id is not None:
            self._keep_id = request.keep_id  # kept until rows holding it arrive, even if this read is overtaken
        self.rows_loader.want(request)

    def _read_rows(self, request: RowsRequest) -> tuple[reading.Window, datetime]:
        got = reading.window(self.desk, request.query, request.anchor, before=request.before, after=request.after,
                             since=self.last_event)
        return got, self.desk.now()

    def _show_rows(self, request: RowsRequest, result: tuple[reading.Window, datetime]) -> None:
        got, now = result
        if request.kind == "replace":
            self._replacing = False
        if request.gen != self.gen:
            return
        table = self.table
        rows = table.on_hand
        table.now, table.due_soon, table.need = now, got.settings.due_soon, got.settings.confirm_sources
        self.settings = got.settings
        cursor = max(table.cursor_row, 0)
        if request.kind == "below":
            if not rows.rows or reading.cursor_of(rows.rows[-1], self.sort) != request.anchor:
                return
            cursor = rows.extend(got, cursor)
        elif request.kind == "above":
            if not rows.rows or reading.cursor_of(rows.rows[0], self.sort) != request.anchor:
                return
            cursor = rows.prepend(got, cursor)
        else:
            here = table.highlighted()
            rows.replace(got)
            wanted = self._keep_id if self._keep_id is not None else (here.id if here else None)
            found = rows.index_of(wanted)
            if found is not None or request.keep_id == self._keep_id:
                self._keep_id = None
            if request.last:
                cursor = len(rows.rows) - 1
            elif request.first:
                cursor = 0
            elif found is not None:
                cursor = found
            elif got.anchor_index is not None or request.anchor is not None:
                cursor = got.anchor_index if got.anchor_index is not None else min(request.before, cursor)
            else:
                cursor = 0
        table.draw(cursor)
        self._changes(got)
        if not rows.rows:
            self.current, self.events = None, []
            self.detail.show_message(self._empty_message())
            self._sync_bindings()
        else:
            self._want_detail(immediate=True)

    def _more(self, where: str) -> None:
        rows = self.table.on_hand
        if not rows.rows:
            return
        if where == "below":
            anchor = reading.cursor_of(rows.rows[-1], self.sort)
            self._want_rows(RowsRequest(self.gen, "below", self.base_query(), anchor, 0, self.page_size + 1))
        else:
            anchor = reading.cursor_of(rows.rows[0], self.sort)
            self._want_rows(RowsRequest(self.gen, "above", self.base_query(), anchor, self.page_size, 0))

    @on(ClaimTable.Jump)
    def _jump(self, event: ClaimTable.Jump) -> None:
        query = self.base_query()
        if event.where == "end":
            self._want_rows(RowsRequest(self.gen, "replace", query, reading.END, self.page_size, 0, last=True))
        else:
            self._want_rows(RowsRequest(self.gen, "replace", query, None, 0, self.page_size, first=True))

    def _failed(self, request: object, message: str) -> None:
        if isinstance(request, RowsRequest) and request.kind == "replace":
            self._replacing = False
        self._error(message)

    def _empty_message(self) -> str:
        if self.search_text:
            return (f"No claims in {self.view.label} match “{self.search_text}”. "
                    f"{keys.key_of('list.clear_search')} clears the search.")
        if self.view is VIEWS[0]:
            return f"No claims yet. Press {keys.key_of('claim.add')} to log one."
        return f"No claims in the {self.view.label} view."

    def _show_counts(self, query: reading.ListQuery, counts: reading.ViewCounts) -> None:
        if query == self.base_query():
            self.counts = counts
            self.query_one(ViewBar).set_counts(counts)

    @on(DataTable.RowHighlighted, "#claims")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.current is not None and str(self.current.id) != event.row_key.value:
            self.current = None
        self._sync_bindings()
        self._want_detail()
        more = self.table.on_hand.wants_more(self.table.cursor_row)  # where it is now, not when posted
        if more is not None:
            self._more(more)

    @on(DataTable.HeaderSelected, "#claims")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        sort = HEADER_SORTS.get(str(event.column_key.value))
        if sort is None:
            return
        if sort == self.sort:
            self.action_reverse_sort()
        else:
            self.sort_index = next(i for i, (key, _, _) in enumerate(SORT_CYCLE) if key == sort)
            self._set_sort(sort, SORT_CYCLE[self.sort_index][1])

    # ------------------------------------------------------------------ views, search, sort

    def action_view(self, name: str) -> None:
        view = VIEWS_BY_NAME[name]
        if view is self.view:
            return
        self.view = view
        self.query_one(ViewBar).set_active(view)
        self.reload(fresh=True)

    @on(ViewBar.Chosen)
    def _view_clicked(self, event: ViewBar.Chosen) -> None:
        self.action_view(event.view.name)

    def action_search(self) -> None:
        # Focus now (`Widget.focus` waits a loop turn): the keys typed after "/" in the same burst, already
        # sent to the list, are then typed into the box by TriageApp._on_key instead of running as keys.
        self.set_focus(self.query_one("#search", Input))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text != self.search_text:
            self.search_text = text
            self.reload(fresh=True)

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
        self._set_sort(SORT_CYCLE[self.sort_index][0], SORT_CYCLE[self.sort_index][1])

    def action_reverse_sort(self) -> None:
        self._set_sort(self.sort, not self.descending)

    def _set_sort(self, sort: str, descending: bool) -> None:
        self.sort, self.descending = sort, descending
        self._show_sort()
        self.reload(fresh=True)

    def _show_sort(self) -> None:
        arrow = "▼" if self.descending else "▲"
        self.query_one("#sortinfo", Static).update(
            f"sorted by {SORT_LABELS[self.sort]} {arrow}  "
            f"({keys.key_of('list.sort')} next, {keys.key_of('list.reverse')} reverse)")
        self.table.set_sort(self.sort, self.descending)

    def action_help(self) -> None:
        from tracker.tui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen())

    # ------------------------------------------------------------------ messages

    def _error(self, message: str, title: str = "") -> None:
        self.notify(self.words(message), title=title, severity="error", timeout=10, markup=False)
