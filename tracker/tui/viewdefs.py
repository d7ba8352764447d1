"""The seven standard views of the main screen and how each maps to a list query (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tracker.domain.status import Status
from tracker.service.reading import ListQuery, ViewCounts


@dataclass(frozen=True, slots=True)
class View:
    """One view: its key, its label, and the filter it applies."""

    key: str
    name: str
    label: str
    statuses: tuple[Status, ...] = ()
    stale: bool = False
    due_soon: bool = False
    short: str = ""
    """The label on a narrow terminal."""

    def query(self, base: ListQuery) -> ListQuery:
        """`base` (search, sort, page size) narrowed to this view."""
        return replace(base, statuses=self.statuses, stale=self.stale, due_soon=self.due_soon)

    def count(self, counts: ViewCounts) -> int:
        """How many claims this view holds, from one set of counts."""
        if self.stale:
            return counts.stale
        if self.due_soon:
            return counts.due_soon
        if self.statuses:
            return sum(counts.by_status.get(s, 0) for s in self.statuses)
        return counts.all


VIEWS: tuple[View, ...] = (
    View("1", "all", "All", short="All"),
    View("2", "unconfirmed", "Unconfirmed", (Status.UNCONFIRMED,), short="Unconf"),
    View("3", "stale", "Stale", stale=True, short="Stale"),
    View("4", "due", "Due soon", due_soon=True, short="Due"),
    View("5", "confirmed", "Confirmed", (Status.CONFIRMED,), short="Conf"),
    View("6", "contradicted", "Contradicted", (Status.CONTRADICTED,), short="Contra"),
    View("7", "expired", "Expired", (Status.EXPIRED,), short="Exp"),
)
"""In key order; the key switches to the view."""

VIEWS_BY_NAME: dict[str, View] = {view.name: view for view in VIEWS}

SORT_CYCLE: tuple[tuple[str, bool, str], ...] = (
    ("id", True, "logged"),
    ("activity", True, "last activity"),
    ("expires", False, "deadline"),
    ("said", True, "said"),
    ("speaker", False, "speaker"),
    ("status", False, "status"),
)
"""What `o` cycles through: (sort key, descending by default, label)."""

SORT_LABELS: dict[str, str] = {key: label for key, _, label in SORT_CYCLE}
