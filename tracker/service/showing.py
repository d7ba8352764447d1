"""Use cases that read one claim: `show` it, its `history`; and the claim view a write reads back.

Kept apart from the lists (tracker.service.reading) so a cold `show`, `history` or single change
loads none of the list, page and window machinery.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.domain.errors import NotFound
from tracker.service.context import Desk, unit
from tracker.service.views import ClaimView, EventView

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.store import lite

# On a plain SQLite file `show`, `history` and `list` read with sqlite3 alone (tracker.store.lite:
# the same queries, as text generated from their Core definitions), so a cold command imports no
# SQLAlchemy; everything else, and every other database, reads through the unit of work (Core).


def lite_claim(reader: lite.Reader, ref: int | str) -> ClaimView:
    """`claim_view` on a sqlite3 transaction (tracker.store.lite)."""
    row = reader.claim(ref)
    if row is None:
        raise NotFound(f"no claim {ref}")
    view = ClaimView.of(row, reader.tags_for([row.id])[row.id], reader.evidence_for([row.id])[row.id])
    return linked([view], reader.links_for([row.id]))[0]


def claim_view(session: Session, ref: int | str) -> ClaimView:
    """A claim with its tags and evidence, read in the caller's transaction."""
    from tracker.store import queries

    row = queries.find_claim(session, ref)
    if row is None or row.id is None:
        raise NotFound(f"no claim {ref}")
    view = ClaimView.of(
        row, queries.tags_for(session, [row.id])[row.id], queries.evidence_for(session, [row.id])[row.id]
    )
    return with_links(session, [view])[0]


def with_links(session: Session, views: list[ClaimView]) -> list[ClaimView]:
    """The views with their duplicate links (`duplicate_of`, `duplicates`), read in the caller's transaction."""
    from tracker.store import queries

    return linked(views, queries.links_for(session, [v.id for v in views]))


def linked(views: list[ClaimView], links: tuple[dict[int, int], dict[int, list[int]]]) -> list[ClaimView]:
    """The views with the links read beside them: (primary by claim, duplicates by claim)."""
    primary, duplicates = links
    if not primary and not duplicates:
        return views
    return [replace(v, duplicate_of=primary.get(v.id), duplicates=tuple(duplicates.get(v.id, ())))
            if v.id in primary or v.id in duplicates else v for v in views]


def show(desk: Desk, ref: int | str) -> ClaimView:
    """One claim, whole."""
    path = desk.lite_file()
    if path is not None:
        from tracker.store import lite

        with lite.read(path, desk.where) as reader:
            return lite_claim(reader, ref)
    with unit(desk, write=False) as session:
        return claim_view(session, ref)


def history(desk: Desk, ref: int | str) -> tuple[ClaimView, list[EventView]]:
    """A claim and its history, oldest event first."""
    path = desk.lite_file()
    if path is not None:
        from tracker.store import lite

        with lite.read(path, desk.where) as reader:
            claim = lite_claim(reader, ref)
            evidence_ids = {item.uuid: item.id for item in claim.evidence}
            return claim, [EventView.of(e, evidence_ids) for e in reader.events_for(claim.id)]
    from tracker.store import queries

    with unit(desk, write=False) as session:
        claim = claim_view(session, ref)
        evidence_ids = {item.uuid: item.id for item in claim.evidence}
        return claim, [EventView.of(e, evidence_ids) for e in queries.events_for(session, claim.id)]
