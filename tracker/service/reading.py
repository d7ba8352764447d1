"""Use cases that read lists: list claims, pages and windows of a view, count views.

One claim (`show`, `history`, `claim_view`) is tracker.service.showing, re-exported here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.domain.inputs import clean_name, clean_text
from tracker.domain.rules import RuleSettings
from tracker.domain.status import WORKFLOW_RANK, Status
from tracker.service.context import Desk, settings, unit
from tracker.service.showing import claim_view as claim_view  # re-exported: callers read one claim from here too
from tracker.service.showing import history as history
from tracker.service.showing import lite_claim as lite_claim
from tracker.service.showing import linked, with_links
from tracker.service.showing import show as show
from tracker.service.views import ClaimView, EventView
from tracker.store.listing import ClaimFilter

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.store import queries
    from tracker.store.tables import Claim

@dataclass(frozen=True, slots=True)
class ListQuery:
    """A list request: what to show, in which order, which page."""

    statuses: tuple[Status, ...] = ()
    tag: str | None = None
    assignee: str | None = None
    search: str | None = None
    stale: bool = False
    due_soon: bool = False
    sort: str = "id"
    descending: bool = True
    limit: int = 50
    offset: int = 0
    hide_duplicates: bool = False
    """Leave out claims linked as duplicates of another (`list` does unless --with-duplicates)."""


def default_order(*, stale: bool = False, due_soon: bool = False) -> tuple[str, bool]:
    """(sort key, descending) of a list when none is asked for: due-soon claims earliest deadline
    first, stale claims least recently active first, any other list newest first.

    These are also the orders the indexes serve without sorting: the first page of `--stale` or
    `--due-soon` costs the same at 10k claims as at 1M (docs/performance.md)."""
    if due_soon:
        return "expires", False
    if stale:
        return "activity", False
    return "id", True


def _filter(session: Session, desk: Desk, query: ListQuery, rules: RuleSettings | None = None) -> ClaimFilter:
    return filter_for(session, query, now=desk.now(), rules=rules)


def filter_for(session: Session, query: ListQuery, *, now: datetime, rules: RuleSettings | None = None) -> ClaimFilter:
    """The SQL filter of a list request, with stale and due-soon judged at `now`."""
    return _filter_by(lambda: settings(session), query, now=now, rules=rules)


def _filter_by(load_rules: Callable[[], RuleSettings], query: ListQuery, *, now: datetime,
               rules: RuleSettings | None = None) -> ClaimFilter:
    if rules is None and (query.stale or query.due_soon):
        rules = load_rules()
    return ClaimFilter(
        statuses=query.statuses,
        tag=clean_name("tag", query.tag, required=False),
        assignee=clean_name("assignee", query.assignee, required=False),
        search=query.search if clean_text("search", query.search, required=False) else None,  # a trailing space matters
        stale_before=now - rules.stale_after if rules and query.stale else None,
        due_before=now + rules.due_soon if rules and query.due_soon else None,
        hide_duplicates=query.hide_duplicates,
    )


def rows_in(session: Session, flt: ClaimFilter, query: ListQuery) -> list[ClaimView]:
    """List rows (tags and evidence counts, no evidence items) inside an open transaction."""
    from tracker.store import queries

    rows = queries.list_claims(
        session, flt, sort=query.sort, descending=query.descending, limit=query.limit, offset=query.offset
    )
    ids = [row.id for row in rows if row.id is not None]
    tags = queries.tags_for(session, ids)
    stances = queries.stance_counts(session, ids)
    return with_links(session, _list_views(rows, tags, stances))


def _list_views(rows: Sequence[Claim], tags: dict[int, list[str]], stances: dict[int, dict[str, int]]) -> list[ClaimView]:
    """List views of stored rows, with the tags and stance counts read beside them."""
    views = []
    for row in rows:
        assert row.id is not None  # a stored row has its id
        views.append(ClaimView.of(row, tags.get(row.id, []), stances=stances.get(row.id, {})))
    return views


def list_claims(desk: Desk, query: ListQuery) -> list[ClaimView]:
    """One page of claims, filtered and sorted in SQL."""
    # A search is a full-text match that differs by database (tracker.store.search): it reads through Core.
    path = desk.lite_file() if query.search is None and query.sort in SORT_ATTRS else None
    if path is not None:
        from tracker.store import lite

        with lite.read(path, desk.where) as reader:
            flt = _filter_by(lambda: RuleSettings.from_text(reader.settings()), query, now=desk.now())
            rows = reader.list_claims(flt, sort=query.sort, descending=query.descending, limit=query.limit,
                                      offset=query.offset)
            ids = [row.id for row in rows]
            tags, stances = reader.tags_for(ids), reader.stance_counts(ids)
            return linked([ClaimView.of(row, tags.get(row.id, []), stances=stances.get(row.id, {})) for row in rows],
                          reader.links_for(ids))
    with unit(desk, write=False) as session:
        return rows_in(session, _filter(session, desk, query), query)


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of `list`, and whether more claims match beyond it."""

    rows: list[ClaimView]
    more: bool
    """True when at least one more claim matches after this page (`offset + limit` onwards)."""


def list_page(desk: Desk, query: ListQuery) -> ListPage:
    """`list_claims`, telling whether the page was cut short (one extra row is read to know)."""
    rows = list_claims(desk, replace(query, limit=query.limit + 1))
    return ListPage(rows[: query.limit], len(rows) > query.limit)


@dataclass(frozen=True, slots=True)
class ViewCounts:
    """How many claims each standard view holds (under the same search/tag/assignee filter)."""

    all: int
    by_status: dict[Status, int]
    stale: int
    due_soon: int


def view_counts(desk: Desk, query: ListQuery) -> ViewCounts:
    """Counts for the All / per-status / Stale / Due soon views, in one transaction."""
    from tracker.store import queries

    with unit(desk, write=False) as session:
        base = _filter(session, desk, replace(query, statuses=(), stale=False, due_soon=False))
        by_status = queries.status_counts(session, base)
        stale = _filter(session, desk, replace(query, statuses=(), stale=True, due_soon=False))
        due = _filter(session, desk, replace(query, statuses=(), stale=False, due_soon=True))
        return ViewCounts(
            sum(by_status.values()), by_status, queries.count_claims(session, stale), queries.count_claims(session, due)
        )


# ------------------------------------------------------------------- keyset pages and change probes (the TUI)

SORT_ATTRS: dict[str, str] = {
    "id": "id",
    "activity": "last_activity_at",
    "created": "created_at",
    "said": "said_at",
    "expires": "expires_at",
    "speaker": "speaker",
    "status": "status",
}
"""The ClaimView attribute that holds each sort key's value (the keyset cursor is read from it)."""

PageCursor = tuple[object, int]
"""Where a page ends: (value of the sort column, id) of its last row."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of list rows, read in one transaction with what shows beside them."""

    rows: list[ClaimView]
    after: PageCursor | None
    """The cursor of the page after this one (None when there is none)."""
    sources: dict[int, int]
    """Distinct supporting sources per row's claim, judged as the two-source rule judges them
    (rows carry stance counts, and two items from one outlet count as one source)."""
    settings: RuleSettings
    """The desk's rule settings as they were when the page was read."""


def page(desk: Desk, query: ListQuery, after: PageCursor | None = None) -> Page:
    """`query.limit` rows following `after` (keyset paging: as fast deep in the list as at its top).

    `query.offset` is ignored; filters and order are those of `list_claims`.
    """
    from tracker.store import queries

    with unit(desk, write=False) as session:
        rules = settings(session)
        flt = _filter(session, desk, query, rules)
        found = queries.list_claims_after(
            session, flt, sort=query.sort, descending=query.descending, after=after, limit=query.limit + 1
        )
        rows = found[: query.limit]
        ids = [row.id for row in rows if row.id is not None]
        tags = queries.tags_for(session, ids)
        stances = queries.stance_counts(session, ids)
        views = with_links(session, _list_views(rows, tags, stances))
        sources = _distinct_supporting(session, ids)
    cursor = None
    if len(found) > query.limit and views:
        last = views[-1]
        cursor = cursor_of(last, query.sort)
    return Page(views, cursor, sources, rules)


def sort_value(claim: ClaimView, sort: str) -> object:
    """The value a keyset cursor holds for `claim` under `sort` (statuses by their workflow rank)."""
    value = getattr(claim, SORT_ATTRS[sort])
    return WORKFLOW_RANK.get(str(value)) if sort == "status" else value


def cursor_of(claim: ClaimView, sort: str) -> PageCursor:
    """Where `claim` sits in a list sorted by `sort`: the keyset cursor of its row."""
    return (sort_value(claim, sort), claim.id)


END = "end"
"""`window`'s anchor for the last rows of the list."""


@dataclass(frozen=True, slots=True)
class Window:
    """A run of consecutive list rows around an anchor, read in one transaction with what shows beside them."""

    rows: list[ClaimView]
    at_top: bool
    """No row comes before the first one."""
    at_bottom: bool
    """No row comes after the last one."""
    anchor_index: int | None
    """Where the anchor row is in `rows` (None when it is not listed: it left the view, or there is no anchor)."""
    sources: dict[int, int]
    """Distinct supporting sources per row, as the two-source rule counts them."""
    overridden: frozenset[int]
    """Rows whose current status was reached by overriding a rule."""
    settings: RuleSettings
    max_id: int
    """The largest claim id in the database (how wide an id can get)."""
    last_event: int
    """The newest history event id when it was read."""
    changes: list[EventView]
    """The events appended after `since` (when asked for), oldest first."""


def window(desk: Desk, query: ListQuery, anchor: PageCursor | str | None = None, *, before: int = 0,
           after: int = 100, since: int | None = None) -> Window:
    """Rows of the list around `anchor`: up to `before` rows before it and up to `after` rows from it on.

    `anchor` is a keyset cursor (the row at it is included when it still matches), None for the top of
    the list, or `END` for its bottom (then the last `before` rows). Keyset reads: as fast 100,000 rows
    down as at the top. `since`: also return the history events appended after that event id.
    """
    from tracker.store import queries

    with unit(desk, write=False) as session:
        rules = settings(session)
        flt = _filter(session, desk, query, rules)
        sort, desc = query.sort, query.descending
        mark: PageCursor | None = anchor if isinstance(anchor, tuple) else None
        above: list[Claim] = []
        below: list[Claim] = []
        at_top = anchor is None
        at_bottom = anchor == END
        if anchor is not None and before > 0:
            above = queries.list_claims_after(session, flt, sort=sort, descending=desc, after=mark,
                                              limit=before + 1, backward=True)
            at_top = len(above) <= before
            above = list(reversed(above[:before]))
        if anchor != END and after > 0:
            below = queries.list_claims_after(session, flt, sort=sort, descending=desc, after=mark,
                                              limit=after + 1, inclusive=True)
            at_bottom = len(below) <= after
            below = below[:after]
        found = above + below
        ids = [row.id for row in found if row.id is not None]
        tags = queries.tags_for(session, ids)
        stances = queries.stance_counts(session, ids)
        views = [ClaimView.of(row, tags.get(row.id or 0, []), stances=stances.get(row.id or 0, {})) for row in found]
        sources = _distinct_supporting(session, ids)
        overridden = frozenset(queries.overridden_now(session, ids))
        last_event = queries.last_event_id(session)
        changes = [EventView.of(e) for e in queries.events_after(session, since)] if since is not None else []
        max_id = queries.max_claim_id(session)
    index = None
    if mark is not None and len(views) > len(above) and views[len(above)].id == mark[1]:
        index = len(above)
    return Window(views, at_top, at_bottom, index, sources, overridden, rules, max_id, last_event, changes)


def change_probe(desk: Desk) -> queries.ChangeProbe:
    """A probe whose `token()` changes when anyone commits to the desk's database (call `close()` when done)."""
    from tracker.store import queries

    return queries.ChangeProbe(desk.engine)


def tally_views(desk: Desk, query: ListQuery) -> ViewCounts:
    """The same counts as `view_counts`; with a text search, counted in one pass over the matching rows."""
    from tracker.store import queries

    if not query.search:
        return view_counts(desk, query)
    with unit(desk, write=False) as session:
        rules = settings(session)
        now = desk.now()
        base = _filter(session, desk, replace(query, statuses=(), stale=False, due_soon=False))
        tally = queries.view_tally(session, base, stale_before=now - rules.stale_after,
                                   due_before=now + rules.due_soon)
        return ViewCounts(sum(tally.by_status.values()), tally.by_status, tally.stale, tally.due_soon)


def _distinct_supporting(session: Session, claim_ids: list[int]) -> dict[int, int]:
    """How many distinct supporting sources each claim has (`source_key`, as the rule counts)."""
    from tracker.domain.guards import source_key
    from tracker.store import queries

    found = queries.evidence_for(session, claim_ids)
    return {
        claim_id: len({source_key(item.source) for item in items if item.stance == "supports"})
        for claim_id, items in found.items()
    }

def claim_filter(session: Session, desk: Desk, query: ListQuery) -> ClaimFilter:
    """The store's filter for a list query's conditions (exports and bulk changes select with it)."""
    return _filter(session, desk, query)
