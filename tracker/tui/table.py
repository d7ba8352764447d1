"""The claims table: one page of rows at a time from SQL, more appended as the cursor nears the end."""

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
    ("evidence", "evidence", 9),
)
"""(key, header, width); the claim text takes the width left over."""

HEADER_SORTS: dict[str, str] = {"id": "id", "status": "status", "speaker": "speaker", "expires": "expires"}
"""Clicking these headers sorts by the given sort key."""

MIN_TEXT = 20


def text_width(total: int) -> int:
    """Cells left for the claim text when the table is `total` cells wide."""
    fixed = sum(width for _, _, width in COLUMNS if width) + 2 * len(COLUMNS) + 2
    return max(MIN_TEXT, total - fixed)


class ClaimTable(DataTable):
    """Rows keyed by claim id; the App fills it from pages it loads in workers."""

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

    def on_mount(self) -> None:
        self.text_cells = text_width(self.size.width or self.app.size.width)
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width or self.text_cells)

    def set_sort_marker(self, sort: str, descending: bool) -> None:
        """Show ▼/▲ on the header of the column the list is sorted by."""
        arrow = " ▼" if descending else " ▲"
        for key, label, _ in COLUMNS:
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.label = Text(label + (arrow if HEADER_SORTS.get(key) == sort else ""))
        self.refresh()

    def cells(self, claim: ClaimView, now: datetime, due_soon: timedelta) -> list[Text]:
        return [
            Text(str(claim.id), style="dim"),
            fmt.status(claim.status),
            clip(claim.text, self.text_cells),
            clip(claim.speaker, 18),
            fmt.age(claim, now),
            fmt.time_left(claim, now, due_soon),
            fmt.stance_counts(claim),
        ]

    def fill(self, rows: list[ClaimView], now: datetime, due_soon: timedelta, *, keep_id: int | None,
             keep_index: int) -> None:
        """Replace all rows; put the cursor back on claim `keep_id` if it is still listed, else near `keep_index`."""
        scroll_y = self.scroll_y
        self.clear()
        self.rows_shown = list(rows)
        for claim in rows:
            self.add_row(*self.cells(claim, now, due_soon), key=str(claim.id))
        if not rows:
            return
        index = next((i for i, c in enumerate(rows) if c.id == keep_id), None)
        if index is None:
            index = min(max(keep_index, 0), len(rows) - 1)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        self.move_cursor(row=index, animate=False)

    def append(self, rows: list[ClaimView], now: datetime, due_soon: timedelta) -> None:
        """Add a page below the rows already shown (rows already listed are skipped)."""
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
        """Fit the claim column to a new width; True when the rows had to be redrawn."""
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
