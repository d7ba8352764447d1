"""The rows on hand: a run of consecutive rows of the list, never the whole list (no Textual here).

The table shows one `Rows` at a time. It grows by pages as the cursor nears either end, and is
cut back to `KEEP` rows around the cursor, so a refresh reads and redraws a few hundred rows
however deep in 100,000 the editor is. `End` and `Home` replace it with the list's last or first
rows. Each change says where the cursor's claim went, so the cursor stays on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.service.reading import Window
from tracker.service.views import ClaimView

PAGE = 100
"""Rows read when the cursor nears an end of the rows on hand."""
KEEP = 500
"""At most this many rows on hand (the rest are read again when the cursor goes back to them)."""
LOOKAHEAD = 20
"""Read the next page when the cursor is this close to an end of the rows on hand."""


@dataclass(slots=True)
class Rows:
    """Consecutive list rows with what is shown beside them."""

    rows: list[ClaimView] = field(default_factory=list)
    at_top: bool = True
    at_bottom: bool = True
    sources: dict[int, int] = field(default_factory=dict)
    overridden: set[int] = field(default_factory=set)
    max_id: int = 0

    def ids(self) -> list[int]:
        return [claim.id for claim in self.rows]

    def index_of(self, claim_id: int | None) -> int | None:
        return next((i for i, claim in enumerate(self.rows) if claim.id == claim_id), None)

    def _take(self, got: Window) -> None:
        self.sources.update(got.sources)
        self.overridden -= {claim.id for claim in got.rows}
        self.overridden |= set(got.overridden)
        self.max_id = got.max_id

    def replace(self, got: Window) -> None:
        """All rows from one read."""
        self.rows = list(got.rows)
        self.at_top, self.at_bottom = got.at_top, got.at_bottom
        self.sources, self.overridden = {}, set()
        self._take(got)

    def extend(self, got: Window, cursor: int) -> int:
        """Rows read after the last one (the last one again, first, when it still matches): add the new ones,
        then cut rows off the top beyond `KEEP`. Returns the cursor's new index."""
        known = set(self.ids())
        self.rows += [claim for claim in got.rows if claim.id not in known]
        self.at_bottom = got.at_bottom
        self._take(got)
        return self._trim(cursor, from_top=True)

    def prepend(self, got: Window, cursor: int) -> int:
        """Rows read before the first one: add them, cut rows off the bottom beyond `KEEP`; the cursor's new index."""
        known = set(self.ids())
        new = [claim for claim in got.rows if claim.id not in known]
        self.rows = new + self.rows
        self.at_top = got.at_top
        self._take(got)
        return self._trim(cursor + len(new), from_top=False)

    def _trim(self, cursor: int, *, from_top: bool) -> int:
        extra = len(self.rows) - KEEP
        if extra <= 0:
            return cursor
        if from_top:
            cut = min(extra, max(cursor - LOOKAHEAD - PAGE, 0))
            if cut:
                self.rows = self.rows[cut:]
                self.at_top = False
            return cursor - cut
        cut = min(extra, max(len(self.rows) - cursor - LOOKAHEAD - PAGE, 0))
        if cut:
            self.rows = self.rows[:-cut]
            self.at_bottom = False
        return cursor

    def around(self, cursor: int) -> tuple[int, int]:
        """How many rows to read before and from the cursor's claim to read these rows again (a refresh)."""
        return cursor, max(len(self.rows) - cursor, PAGE)

    def wants_more(self, cursor: int) -> str | None:
        """"below" or "above" when the cursor is near an end that is not the list's end, else None."""
        if not self.at_bottom and cursor >= len(self.rows) - LOOKAHEAD:
            return "below"
        if not self.at_top and cursor < LOOKAHEAD:
            return "above"
        return None
