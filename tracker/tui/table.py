"""The claims table: one page of rows at a time from SQL, more appended as the cursor nears the end.

The columns fit the terminal: below `NARROW` cells the age column is left out and the
speaker narrowed, so an 80-column terminal still shows the deadline and the sources.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tracker.service.views import ClaimView
from tracker.tui import fmt
from tracker.tui.safe import clip

COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("id", "#", 5),
    ("status", "status", 12),
    ("text", "claim", None),
    ("speaker", "speaker", 18),
    ("age", "age", 6),
    ("expires", "deadline", 11),
    ("evidence", "sources", 10),
)
"""(key, header, width) on a wide terminal; the claim text takes the width left over."""

NARROW = 110
"""Below this many cells: no age column, a narrower speaker column."""
NARROW_COLUMNS: tuple[tuple[str, str, int | None], ...] = tuple(
    (key, label, 10 if key == "speaker" else width) for key, label, width in COLUMNS if key != "age"
)

HEADER_SORTS: dict[str, str] = {"id": "id", "status": "status", "speaker": "speaker", "expires": "expires"}
"""Clicking these headers sorts by the given sort key."""

MIN_TEXT = 16


def columns_for(total: int) -> tuple[tuple[str, str, int | None], ...]:
    """The columns shown when the table is `total` cells wide."""
    return NARROW_COLUMNS if total < NARROW else COLUMNS


def text_width(total: int) -> int:
    """Cells left for the claim text when the table is `total` cells wide."""
    columns = columns_for(total)
    fixed = sum(width for _, _, width in columns if width) + 2 * len(columns) + 2
    return max(MIN_TEXT, total - fixed)


class ClaimTable(DataTable):
    """Rows keyed by claim id; the screen fills it from pages it loads in workers."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "scroll_top", "First row", show=False),
        Binding("G,end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.rows_shown: list[ClaimView] = []
        self.text_cells = 40
        self.layout_columns = COLUMNS
        self.need = 2
        """Distinct supporting sources the two-source rule asks for (the `confirm_sources` rule)."""
        self.sources: dict[int, int] = {}
        """Distinct supporting sources of each listed claim."""
        self._sort: tuple[str, bool] | None = None

    def on_mount(self) -> None:
        self._build_columns(self.size.width or self.app.size.width)

    def _build_columns(self, total: int) -> None:
        self.layout_columns = columns_for(total)
        self.text_cells = text_width(total)
        for key, label, width in self.layout_columns:
            self.add_column(label, key=key, width=width or self.text_cells)
        if self._sort is not None:
            self.set_sort_marker(*self._sort)

    def set_sort_marker(self, sort: str, descending: bool) -> None:
        """Show ▼/▲ on the header of the column the list is sorted by."""
        self._sort = (sort, descending)
        arrow = " ▼" if descending else " ▲"
        for key, label, _ in self.layout_columns:
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.label = Text(label + (arrow if HEADER_SORTS.get(key) == sort else ""))
        self.refresh()

    def cells(self, claim: ClaimView, now: datetime, due_soon: timedelta) -> list[Text]:
        values = {
            "id": Text(str(claim.id), style="dim"),
            "status": fmt.status(claim.status),
            "text": clip(claim.text, self.text_cells),
            "speaker": clip(claim.speaker, dict((k, w) for k, _, w in self.layout_columns)["speaker"] or 18),
            "age": fmt.age(claim, now),
            "expires": fmt.time_left(claim, now, due_soon),
            "evidence": fmt.support(claim, self.sources.get(claim.id, 0), self.need),
        }
        return [values[key] for key, _, _ in self.layout_columns]

    def fill(self, rows: list[ClaimView], now: datetime, due_soon: timedelta, *, keep_id: int | None,
             keep_index: int, sources: dict[int, int] | None = None) -> None:
        """Replace all rows; put the cursor back on claim `keep_id` if it is still listed, else near `keep_index`."""
        scroll_y = self.scroll_y
        self.clear()
        self.rows_shown = list(rows)
        self.sources = dict(sources or {})
        for claim in rows:
            self.add_row(*self.cells(claim, now, due_soon), key=str(claim.id))
        if not rows:
            return
        index = next((i for i, c in enumerate(rows) if c.id == keep_id), None)
        if index is None:
            index = min(max(keep_index, 0), len(rows) - 1)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        self.move_cursor(row=index, animate=False)

    def append(self, rows: list[ClaimView], now: datetime, due_soon: timedelta,
               sources: dict[int, int] | None = None) -> None:
        """Add a page below the rows already shown (rows already listed are skipped)."""
        self.sources.update(sources or {})
        known = {c.id for c in self.rows_shown}
        for claim in rows:
            if claim.id not in known:
                self.rows_shown.append(claim)
                self.add_row(*self.cells(claim, now, due_soon), key=str(claim.id))

    def highlighted(self) -> ClaimView | None:
        """The claim under the cursor."""
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def resize_text(self, total: int, now: datetime, due_soon: timedelta) -> bool:
        """Fit the columns to a new width; True when the rows had to be redrawn."""
        if columns_for(total) is not self.layout_columns:
            cursor = self.cursor_row
            self.clear(columns=True)
            self._build_columns(total)
            for claim in self.rows_shown:
                self.add_row(*self.cells(claim, now, due_soon), key=str(claim.id))
            if self.rows_shown:
                self.move_cursor(row=min(max(cursor, 0), len(self.rows_shown) - 1), animate=False)
            return True
        cells = text_width(total)
        if cells == self.text_cells:
            return False
        self.text_cells = cells
        column = self.columns.get("text")  # type: ignore[call-overload]
        if column is not None:
            column.width = cells
        for claim in self.rows_shown:
            self.update_cell(str(claim.id), "text", clip(claim.text, cells))
        self._require_update_dimensions = True
        self.refresh()
        return True
