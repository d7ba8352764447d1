"""What a list of claims asks for, as plain data: the filter, and the shape of its query.

Pure Python (no SQLAlchemy), so the sqlite3 read path (tracker.store.lite) and the Core path
(tracker.store.queries) decide the same thing the same way. `list_shape` says which statuses
a list covers, whether it is one SELECT per status merged in order, and which named conditions
(with their parameters) it applies. Each condition kind is defined once, as Core, in
`tracker.store.queries.CONDITIONS`; its SQL text is generated from there into
`tracker.store.sqltext` (tracker/store/gen_sqltext.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.domain.rules import DEADLINE_STATUSES
from tracker.domain.status import Status


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims a list or a view shows; every condition is applied in SQL."""

    statuses: tuple[Status, ...] = ()
    tag: str | None = None
    assignee: str | None = None
    search: str | None = None
    stale_before: datetime | None = None
    """Only unconfirmed claims whose last activity is before this instant."""
    due_before: datetime | None = None
    """Only open claims (unconfirmed or confirmed) with a deadline before this instant."""
    unchanged_since: datetime | None = None
    """Only claims with no change after this instant (as-of views: their rows are what they were then)."""
    ids: tuple[int, ...] | None = None
    """Only these claims (None: no such condition; empty: none at all)."""
    hide_duplicates: bool = False
    """Leave out claims linked as duplicates of another (`list` without --with-duplicates)."""


SORT_COLUMNS: dict[str, str] = {
    "id": "id",
    "activity": "last_activity_at",
    "created": "created_at",
    "said": "said_at",
    "expires": "expires_at",
    "speaker": "speaker",
    "status": "status",
}
"""Sort keys a list accepts -> the claim column; ties always break on id."""

STATUS_INDEXED_SORTS = frozenset({"id", "activity", "created", "expires"})
"""Sort keys with an index claim(status, key): a list over several statuses in one of these orders
is one ordered index walk per status, merged (no sort of every match)."""

OPEN_STATUSES = tuple(s.value for s in DEADLINE_STATUSES)


def filter_statuses(flt: ClaimFilter) -> tuple[str, ...] | None:
    """The statuses a filter lets through (None: any), in `Status` order: the statuses asked
    for, narrowed to unconfirmed by `stale_before` and to the open ones by `due_before`."""
    allowed = {s.value for s in flt.statuses} if flt.statuses else None
    if flt.stale_before is not None:
        allowed = {Status.UNCONFIRMED.value} & allowed if allowed is not None else {Status.UNCONFIRMED.value}
    if flt.due_before is not None:
        allowed = set(OPEN_STATUSES) & allowed if allowed is not None else set(OPEN_STATUSES)
    return None if allowed is None else tuple(s.value for s in Status if s.value in allowed)


Condition = tuple[str, dict[str, Any]]
"""A condition kind (a key of `tracker.store.queries.CONDITIONS`) and its parameters by name."""


def conditions(flt: ClaimFilter) -> list[Condition]:
    """The conditions of a filter other than its statuses and its search, in order (the search is
    a full-text match that differs by database: tracker.store.queries.search_condition). A kind
    that repeats has its parameters numbered: ``name_0``, ``name_1``, ..."""
    found: list[Condition] = []
    if flt.unchanged_since is not None:
        found.append(("unchanged", {"unchanged_since": flt.unchanged_since}))
    if flt.ids is not None:
        found.append(("ids", {"ids": list(flt.ids)}) if flt.ids else ("nothing", {}))
    if flt.tag:
        found.append(("tag", {"tag": flt.tag.lower()}))
    if flt.assignee:
        found.append(("assignee", {"assignee": flt.assignee}))
    if flt.stale_before is not None:
        found.append(("stale", {"stale_before": flt.stale_before}))
    if flt.due_before is not None:
        found.append(("due", {"due_before": flt.due_before}))
    if flt.hide_duplicates:
        found.append(("primary", {}))
    return found


def status_condition(statuses: tuple[str, ...]) -> Condition:
    """The condition that keeps `statuses` (none: keeps nothing)."""
    if not statuses:
        return ("nothing", {})
    if len(statuses) == 1:
        return ("status", {"status": statuses[0]})
    return ("statuses", {"statuses": list(statuses)})


@dataclass(frozen=True, slots=True)
class ListShape:
    """How a list page is queried: its conditions, and whether it is merged per status."""

    conditions: tuple[Condition, ...]
    """Applied to every part (the status condition first, unless merged)."""
    merged: tuple[str, ...]
    """Statuses of the parts when the list is one SELECT per status merged in order; else empty."""
    sort: str
    descending: bool


def list_shape(flt: ClaimFilter, sort: str, descending: bool) -> ListShape:
    """The query shape of a list page for `flt` in `sort` order."""
    if sort not in SORT_COLUMNS:
        raise ValueError(f"unknown sort key {sort!r}")
    statuses = filter_statuses(flt)
    conds = conditions(flt)
    if statuses is not None and len(statuses) > 1 and sort in STATUS_INDEXED_SORTS:
        return ListShape(tuple(conds), statuses, sort, descending)
    if statuses is not None:
        conds.insert(0, status_condition(statuses))
    return ListShape(tuple(conds), (), sort, descending)


def base_kind(kind: str) -> str:
    """The condition kind without its number (``word_3`` -> ``word``)."""
    head, _, tail = kind.rpartition("_")
    return head if head and tail.isdigit() else kind
