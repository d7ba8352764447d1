"""The claims table: the rows on hand (`tracker.tui.window`), in columns sized from the data and the width.

Widths come from what is shown: the id column is as wide as the largest id in the database
(an id is never cut), the speaker column as wide as the longest speaker on hand (up to a share of
the terminal), the sources column as its widest cell; the claim text takes what is left. On a
narrow terminal statuses are abbreviated and the time column appears only when the list is
sorted by a time, so the column of every sort key is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tracker.domain.status import Status
from tracker.service.views import ClaimView
from tracker.tui import fmt, keys
from tracker.tui.safe import clip
from tracker.tui.window import Rows

NARROW = 100
"""Below this many cells: abbreviated statuses, no time column unless sorted by a time."""
MIN_TEXT = 16
TIME_SORTS = {"activity": "active", "said": "said", "created": "age", "id": "age"}
"""The time column's header under each sort (it shows the sorted time, as time ago)."""
HEADER_SORTS: dict[str, str] = {"id": "id", "status": "status", "speaker": "speaker", "expires": "expires",
                                "time": "activity"}
"""Clicking these headers sorts by the given sort key (the time column sorts by what it shows)."""
SHORT_STATUS = {Status.UNCONFIRMED: "unconf", Status.CONFIRMED: "conf", Status.CONTRADICTED: "contra",
                Status.EXPIRED: "exp"}
FLASH = "on #5f5f00"
"""The background of a row someone else just changed."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int


def plan(total: int, rows: Rows, sort: str, texts: dict[int, str]) -> tuple[Column, ...]:
    """The columns for a table `total` cells wide showing `rows` sorted by `sort`."""
    narrow = total < NARROW
    speakers = max((len(c.speaker) for c in rows.rows), default=7)
    support = max((len(t) for t in texts.values()), default=7)
    columns = [
        Column("flag", "", 2),
        Column("id", "#", max(len(str(rows.max_id)), max((len(str(c.id)) for c in rows.rows), default=1), 1)),
        Column("status", "status", 6 if narrow else 12),
        Column("text", "claim", 0),
        Column("speaker", "speaker", max(7, min(speakers, max(10, total * 22 // 100)))),
    ]
    if not narrow or sort in ("activity", "said"):
        columns.append(Column("time", TIME_SORTS.get(sort, "age"), 6))
    columns += [Column("expires", "deadline", 8), Column("evidence", "sources", max(7, support))]
    fixed = sum(c.width for c in columns) + 2 * len(columns) + 2
    text = max(MIN_TEXT, total - fixed)
    return tuple(Column(c.key, c.label, text) if c.key == "text" else c for c in columns)


def _seen(cell: Text) -> tuple[str, str]:
    return cell.plain, str(cell.style) + "".join(str(span) for span in cell.spans)


class ClaimTable(DataTable[Text]):
    """Rows keyed by claim id; the screen gives it the rows on hand, it lays them out."""

    BINDINGS = keys.bindings("table")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.on_hand = Rows()
        self.columns_now: tuple[Column, ...] = ()
        self.need = 2
        """Distinct supporting sources the two-source rule asks for (the `confirm_sources` rule)."""
        self.sort_key = "id"
        self.descending = True
        self.marked: set[int] = set()
        self.flashing: set[int] = set()
        self.now: datetime | None = None
        self.due_soon = timedelta(hours=6)
        self._drawn: dict[int, list[tuple[str, str]]] = {}
        """What each row's cells show now (text and style), to draw again only what a refresh changed."""
        self._drawn_ids: list[int] = []

    @property
    def rows_shown(self) -> list[ClaimView]:
        return self.on_hand.rows

    def highlighted(self) -> ClaimView | None:
        """The claim under the cursor."""
        rows = self.on_hand.rows
        if not rows or not 0 <= self.cursor_row < len(rows):
            return None
        return rows[self.cursor_row]

    # ------------------------------------------------------------------ cells

    def _support(self, claim: ClaimView) -> Text:
        return fmt.support(claim, self.on_hand.sources.get(claim.id, 0), self.need)

    def cells(self, claim: ClaimView) -> list[Text]:
        now = self.now or claim.created_at
        widths = {c.key: c.width for c in self.columns_now}
        flag = Text("●" if claim.id in self.marked else " ", style="bold magenta")
        flag.append("!" if claim.id in self.on_hand.overridden else " ", style="bold red")
        status = fmt.status(claim.status)
        if widths.get("status", 12) < 12:
            status = Text(SHORT_STATUS[claim.status], style=status.style)
        values = {
            "flag": flag,
            "id": Text(str(claim.id), style="dim"),
            "status": status,
            "text": clip(claim.text, widths.get("text", 40)),
            "speaker": clip(claim.speaker, widths.get("speaker", 18)),
            "time": fmt.ago(claim, self.sort_key, now),
            "expires": fmt.time_left(claim, now, self.due_soon),
            "evidence": self._support(claim),
        }
        shown = [values[c.key] for c in self.columns_now]
        if claim.id in self.flashing:
            for cell in shown:
                cell.stylize(FLASH)
        return shown

    # ------------------------------------------------------------------ drawing

    def _columns_for(self, width: int) -> tuple[Column, ...]:
        texts = {c.id: self._support(c).plain for c in self.on_hand.rows}
        return plan(width, self.on_hand, self.sort_key, texts)

    def draw(self, cursor: int | None = None) -> None:
        """Lay out the rows on hand again, the cursor on row `cursor` (kept where it is on the screen)."""
        rows = self.on_hand.rows
        old_cursor, old_scroll = self.cursor_row, self.scroll_y
        on_screen = old_cursor - old_scroll if self.row_count else 0
        wanted = self._columns_for(self.size.width or self.app.size.width)
        if wanted == self.columns_now and [c.id for c in rows] == self._drawn_ids:
            self._update_changed()  # the same rows (a refresh): only the cells that changed are drawn again
        else:
            if wanted != self.columns_now:
                self.columns_now = wanted
                self.clear(columns=True)
                for column in wanted:
                    self.add_column(self._label(column), key=column.key, width=column.width)
            else:
                self.clear()
            self._drawn = {}
            for claim in rows:
                cells = self.cells(claim)
                self._drawn[claim.id] = [_seen(cell) for cell in cells]
                self.add_row(*cells, key=str(claim.id))
            self._drawn_ids = [c.id for c in rows]
        if not rows:
            return
        index = min(max(cursor if cursor is not None else old_cursor, 0), len(rows) - 1)
        self.move_cursor(row=index, animate=False, scroll=False)
        self.scroll_to(y=max(index - max(on_screen, 0), 0), animate=False, immediate=True)
        if not self._cursor_visible(index):
            self.move_cursor(row=index, animate=False, scroll=True)

    def _update_changed(self) -> None:
        for claim in self.on_hand.rows:
            drawn = self._drawn.get(claim.id, [])
            cells = self.cells(claim)
            for i, (column, cell) in enumerate(zip(self.columns_now, cells, strict=True)):
                seen = _seen(cell)
                if i >= len(drawn) or drawn[i] != seen:
                    self.update_cell(str(claim.id), column.key, cell)
            self._drawn[claim.id] = [_seen(cell) for cell in cells]

    def _cursor_visible(self, index: int) -> bool:
        height = max(self.size.height - 1, 1)
        return self.scroll_y <= index < self.scroll_y + height

    def redraw_rows(self, ids: set[int]) -> None:
        """Draw the cells of these rows again (a mark, a highlight that ends)."""
        for claim in self.on_hand.rows:
            if claim.id in ids:
                cells = self.cells(claim)
                for column, cell in zip(self.columns_now, cells, strict=True):
                    self.update_cell(str(claim.id), column.key, cell)
                self._drawn[claim.id] = [_seen(cell) for cell in cells]

    def _label(self, column: Column) -> Text:
        arrow = (" ▼" if self.descending else " ▲") if HEADER_SORTS.get(column.key) == self.sort_key or (
            column.key == "time" and self.sort_key in ("said", "activity")) else ""
        return Text(column.label + arrow)

    def set_sort(self, sort: str, descending: bool) -> None:
        """The sort the rows come in (its header gets ▼/▲; the time column follows a time sort)."""
        self.sort_key, self.descending = sort, descending
        for column in self.columns_now:
            found = self.columns.get(ColumnKey(column.key))
            if found is not None:
                found.label = self._label(column)
        self.refresh()

    def fit(self) -> None:
        """Lay the columns out again for a new width, if they change."""
        if self.columns_now and self._columns_for(self.size.width) != self.columns_now:
            self.draw()

    class Jump(Message):
        """Home or End: the screen reads the list's first or last rows."""

        def __init__(self, where: str) -> None:
            super().__init__()
            self.where = where

    def action_first(self) -> None:
        self.post_message(self.Jump("top"))

    def action_last(self) -> None:
        self.post_message(self.Jump("end"))

    # DataTable's own Home/End and Ctrl+Home/End go to the ends of the list, not of the rows on hand
    action_scroll_top = action_scroll_home = action_first
    action_scroll_bottom = action_scroll_end = action_last
