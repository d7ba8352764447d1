"""As-of views: a claim, its history, or a list, as they stood at an instant ("what did we believe at 14:00").

Everything is computed from the events at or before the instant (`tracker.domain.replay.replay`).
A claim with no event after the instant is, by construction, exactly its current row, so a list
reads those rows in SQL (filtered, sorted, paged) and replays only the claims that changed since:
the cost grows with what happened after the instant, not with the size of the desk.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.replay import ClaimImage, replay
from tracker.domain.search_text import search_terms
from tracker.domain.status import Stance, Status
from tracker.service.context import Desk, settings, unit
from tracker.service.reading import ListPage, ListQuery, filter_for, rows_in
from tracker.service.views import ClaimView, EventView, EvidenceView
from tracker.store import audit, links, queries, search
from tracker.store.core_exec import writer_for


def _image(session: Session, claim_id: int, at: datetime) -> tuple[ClaimImage, list[audit.StoredEvent]] | None:
    events = audit.events_of(writer_for(session).executor, [claim_id], at).get(claim_id, [])
    image: ClaimImage | None = None
    for event in events:
        image = replay(image, event.change)
    return (image, events) if image is not None else None


def _view(claim_id: int, image: ClaimImage, evidence_ids: dict[str, int]) -> ClaimView:
    f = image.fields
    items = tuple(EvidenceView(evidence_ids.get(e.uuid, 0), Stance(e.stance), e.source, e.url, e.note, e.added_by,
                               e.added_at, e.uuid) for e in image.evidence)
    stances: dict[str, int] = {}
    for item in items:
        stances[item.stance.value] = stances.get(item.stance.value, 0) + 1
    return ClaimView(claim_id, image.uuid, f["text"], f["speaker"], f["said_at"], f["said_tz"], f["source"], f["url"],
                     Status(image.status), tuple(image.tags), f["assignee"], f["expires_at"], image.created_at,
                     image.updated_at, image.last_activity_at, image.version, items, stances, f["said_precision"],
                     f["said_phrase"])


class _LinksThen:
    """Who duplicated whom at an instant, rebuilt from the link and unlink events up to it."""

    def __init__(self, session: Session, at: datetime) -> None:
        self.primary: dict[str, str] = {}
        for claim_uuid, payload in links.link_events_until(session, at):
            to = payload.get("changes", {}).get("duplicate_of", {}).get("to")
            if to is None:
                self.primary.pop(claim_uuid, None)
            else:
                self.primary[claim_uuid] = to
        writer = writer_for(session)
        self.ids: dict[str, int] = {}
        for uuid in {*self.primary, *self.primary.values()}:
            state = writer.state(uuid)
            if state is not None:
                self.ids[uuid] = state.id

    def apply(self, view: ClaimView) -> ClaimView:
        """The view with its links as they were then."""
        primary = self.primary.get(view.uuid)
        duplicates = tuple(sorted(self.ids[u] for u, p in self.primary.items() if p == view.uuid and u in self.ids))
        return replace(view, duplicate_of=self.ids.get(primary) if primary else None, duplicates=duplicates)


def instant(session: Session, desk: Desk, when: str | datetime) -> datetime:
    """The instant an as-of view is for: an aware datetime, or text in any form `--now` takes
    (a time without a zone is read in the desk zone)."""
    if isinstance(when, datetime):
        return when
    from tracker.domain.when import parse_when

    try:
        return parse_when(when, now=desk.now(), desk_tz=settings(session).desk_tz).at
    except InvalidInput as err:
        raise InvalidInput(f"--as-of: {err.message}") from None


def _claim_id(session: Session, ref: int | str) -> int:
    state = writer_for(session).state(ref)
    if state is None:
        raise NotFound(f"no claim {ref}")
    return state.id


def _not_yet(ref: int | str, at: datetime) -> NotFound:
    return NotFound(f"claim {ref} did not exist yet at {at.isoformat()}")


def show_as_of(desk: Desk, ref: int | str, when: str | datetime) -> ClaimView:
    """The claim as it stood at `when`."""
    return history_as_of(desk, ref, when)[0]


def history_as_of(desk: Desk, ref: int | str, when: str | datetime) -> tuple[ClaimView, list[EventView]]:
    """The claim as it stood at `when`, and its history up to then."""
    with unit(desk, write=False) as session:
        at = instant(session, desk, when)
        claim_id = _claim_id(session, ref)
        found = _image(session, claim_id, at)
        if found is None:
            raise _not_yet(ref, at)
        image, _ = found
        evidence_ids = queries.evidence_ids(session, [claim_id])
        events = [EventView.of(e, evidence_ids) for e in queries.events_for(session, claim_id) if e.at <= at]
        return _LinksThen(session, at).apply(_view(claim_id, image, evidence_ids)), events


def _matches(view: ClaimView, query: ListQuery, flt: queries.ClaimFilter) -> bool:
    if flt.statuses and view.status not in flt.statuses:
        return False
    if flt.tag and flt.tag.lower() not in view.tags:
        return False
    if flt.assignee and view.assignee != flt.assignee:
        return False
    if flt.hide_duplicates and view.duplicate_of is not None:
        return False
    if flt.stale_before is not None and not (view.status == Status.UNCONFIRMED
                                             and view.last_activity_at < flt.stale_before):
        return False
    open_states = (Status.UNCONFIRMED, Status.CONFIRMED)
    return flt.due_before is None or (view.status in open_states and view.expires_at is not None
                                      and view.expires_at < flt.due_before)


def _searched(session: Session, views: list[ClaimView], typed: str) -> list[ClaimView]:
    """The views a search matches as the claims stood: their text, speaker, tags, source and evidence read
    by the database's own full-text folding (the index's tokenizer and stemmer, on these texts)."""
    terms = search_terms(typed)
    documents = [(v.id, v.text, v.speaker, " ".join(v.tags), v.source or "",
                  " ".join(e.source + (f" {e.note}" if e.note else "") for e in v.evidence)) for v in views]
    found = search.matching_documents(writer_for(session).executor, documents, terms)
    return [v for v in views if v.id in found]


_ATTRS = {"id": "id", "activity": "last_activity_at", "created": "created_at", "said": "said_at",
          "expires": "expires_at", "speaker": "speaker", "status": "status"}


def _ordered(views: list[ClaimView], query: ListQuery) -> list[ClaimView]:
    """`list` order: by the sort key, empty values last, ties broken by id in the same direction."""
    attr = _ATTRS.get(query.sort, "id")  # relevance: history keeps no rank, so newest first
    present = [v for v in views if getattr(v, attr) is not None]
    empty = [v for v in views if getattr(v, attr) is None]
    present.sort(key=lambda v: (getattr(v, attr), v.id), reverse=query.descending)
    empty.sort(key=lambda v: v.id, reverse=query.descending)
    return present + empty


def list_as_of(desk: Desk, query: ListQuery, when: str | datetime) -> ListPage:
    """One page of claims as they stood at `when`, filtered and sorted as `list` does (stale and due
    soon judged at that instant; a search is ordered by id, as relevance is not kept in history)."""
    with unit(desk, write=False) as session:
        at = instant(session, desk, when)
        flt = filter_for(session, query, now=at, rules=settings(session))
        page_end = query.offset + query.limit
        unchanged = rows_in(session, replace(flt, unchanged_since=at), replace(query, offset=0, limit=page_end + 1))
        changed_ids = queries.changed_since(session, at)
        images = audit.events_of(writer_for(session).executor, changed_ids, at)
        evidence_ids = queries.evidence_ids(session, list(images)) if images else {}
        then = _LinksThen(session, at)
        replayed = []
        for claim_id, events in images.items():
            image: ClaimImage | None = None
            for event in events:
                image = replay(image, event.change)
            if image is not None:
                view = then.apply(_view(claim_id, image, evidence_ids))
                if _matches(view, query, flt):
                    replayed.append(view)
        if flt.search:
            replayed = _searched(session, replayed, flt.search)
        replayed = [replace(view, evidence=()) for view in replayed]
        ordered = _ordered([then.apply(v) for v in unchanged] + replayed, query)
        return ListPage(ordered[query.offset:page_end], len(ordered) > page_end)
