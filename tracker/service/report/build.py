"""`build_report`: gather the daily report in one read transaction, with SQL aggregates and indexed ranges.

Time rules (docs/report.md):

* The **day** is a calendar day on the desk zone's wall clock (`RuleSettings.desk_tz`):
  ``[00:00, next 00:00)`` local, 23 or 25 hours on a DST-change day (`local_day_bounds`).
  By default it is the day that ended most recently: yesterday in the desk zone at `now`.
* The **day sections** (expired; confirmed or contradicted) come from history events whose
  ``at`` is in ``[start, end)``.
* The **point-in-time sections** (stale, due soon, overdue, counts, age chart, stale by
  assignee) describe the desk as of `now`, whatever day is reported on: the morning report
  says what needs doing today.

Nothing here writes: the transaction is rolled back at the end.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tracker.domain.errors import InvalidInput
from tracker.domain.inputs import clean_text
from tracker.domain.status import Status
from tracker.domain.when import local_day_bounds, parse_day
from tracker.service.context import Desk, settings, unit
from tracker.service.report.data import AgeBucket, AssigneeCount, ClaimLine, EventLine, Report, Section
from tracker.store import digest, links, queries

DEFAULT_LIMIT = 50
"""Rows listed per section by default; totals are always counted in full."""
MAX_LIMIT = 10_000

AGE_BUCKETS: tuple[tuple[str, timedelta, timedelta | None], ...] = (
    ("<1d", timedelta(0), timedelta(days=1)),
    ("1-3d", timedelta(days=1), timedelta(days=3)),
    ("3-7d", timedelta(days=3), timedelta(days=7)),
    ("1-4w", timedelta(days=7), timedelta(weeks=4)),
    (">4w", timedelta(weeks=4), None),
)
"""The chart's age buckets of open (unconfirmed) claims: ``[min, max)`` since the claim was logged."""

VERDICTS = ("confirm", "contradict")


def report_day(text: str | None, *, now: datetime, desk_tz: str) -> date:
    """The day to report on: `text` read by `parse_day` in the desk zone, default yesterday there.

    A day that has not started yet at `now` is refused; today is allowed (a partial day).
    """
    try:
        day = parse_day("yesterday" if text is None else text, now=now, desk_tz=desk_tz)
    except InvalidInput as err:
        raise InvalidInput(f"--day: {err.message}") from None
    start, _ = local_day_bounds(day, desk_tz)
    if start > now:
        raise InvalidInput(f"--day: {day.isoformat()} has not started yet in {desk_tz}")
    return day


def build_report(desk: Desk, *, day: str | None = None, limit: int = DEFAULT_LIMIT,
                 search: str | None = None) -> Report:
    """The daily report for `day` (text as `parse_day` reads it; default yesterday in the desk zone);
    `search`: every section counts and lists only the claims that search matches (one story)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
    search = search if clean_text("search", search, required=False) else None
    now = desk.now()
    with unit(desk, write=False) as session:
        story = queries.search_ids(session, search) if search is not None else None
        # A story's claim counts once: claims linked as duplicates are left out (their primary counts).
        within = digest.Scope(story, links.duplicate_ids()) if links.has_duplicates(session) else story
        rules = settings(session)
        history = queries.chain_head(session)
        tz = rules.desk_tz
        the_day = report_day(day, now=now, desk_tz=tz)
        start, end = local_day_bounds(the_day, tz)

        expired_total = digest.event_counts(session, ["expire"], start, end, within=within)["expire"]
        expired = digest.day_events(session, ["expire"], start, end, limit, within=within)
        verdicts = digest.event_counts(session, VERDICTS, start, end, within=within)
        resolved = digest.day_events(session, VERDICTS, start, end, limit, within=within)

        stale_before = now - rules.stale_after
        by_assignee = digest.stale_by_assignee(session, stale_before, within=within)
        stale_total = sum(count for _, count in by_assignee)  # every stale claim is in one group
        stale = digest.stale_claims(session, stale_before, limit, within=within) if stale_total else []

        due_until = now + rules.due_soon
        due_total = digest.count_deadline(session, now, due_until, inclusive=False, within=within)
        due = (digest.deadline_claims(session, now, due_until, inclusive=False, limit=limit, within=within)
               if due_total else [])
        overdue_total = digest.count_deadline(session, None, now, inclusive=True, within=within)
        overdue = (digest.deadline_claims(session, None, now, inclusive=True, limit=limit, within=within)
                   if overdue_total else [])

        by_status = digest.counts_by_status(session, within=within)
        oldest = digest.oldest_unconfirmed(session, within=within) if by_status[Status.UNCONFIRMED] else None
        edges = [now - low for _, low, _ in AGE_BUCKETS[1:]]
        bucket_counts = (
            digest.unconfirmed_by_created(session, edges, within=within) if by_status[Status.UNCONFIRMED]
            else [0] * len(AGE_BUCKETS)
        )

    return Report(
        now=now,
        desk_tz=tz,
        day=the_day,
        start=start,
        end=end,
        settings=rules,
        limit=limit,
        expired=Section(expired_total, tuple(_event(row) for row in expired)),
        resolved=Section(sum(verdicts.values()), tuple(_event(row) for row in resolved)),
        resolved_counts=verdicts,
        stale=Section(stale_total, tuple(_claim(row) for row in stale)),
        due_soon=Section(due_total, tuple(_claim(row) for row in due)),
        overdue=Section(overdue_total, tuple(_claim(row) for row in overdue)),
        by_status=by_status,
        oldest_open=_claim(oldest) if oldest is not None else None,
        age_buckets=tuple(
            AgeBucket(label, low, high, count) for (label, low, high), count in zip(AGE_BUCKETS, bucket_counts, strict=True)
        ),
        search=search,
        stale_by_assignee=Section(
            len(by_assignee), tuple(AssigneeCount(name, count) for name, count in by_assignee[:limit])
        ),
        history_events=history[0],
        history_head=history[1],
    )


def _claim(row: sa.Row[Any], prefix: str = "") -> ClaimLine:
    m = row._mapping
    return ClaimLine(
        id=m[f"{prefix}id"],
        uuid=m[f"{prefix}uuid"],
        text=m[f"{prefix}text"],
        speaker=m[f"{prefix}speaker"],
        status=Status(m[f"{prefix}status"]),
        assignee=m[f"{prefix}assignee"],
        expires_at=m[f"{prefix}expires_at"],
        created_at=m[f"{prefix}created_at"],
        last_activity_at=m[f"{prefix}last_activity_at"],
    )


def _event(row: sa.Row[Any]) -> EventLine:
    m = row._mapping
    return EventLine(
        event_id=m["id"],
        at=m["at"],
        actor=m["actor"],
        action=m["action"],
        from_status=Status(m["from_status"]) if m["from_status"] else None,
        to_status=Status(m["to_status"]) if m["to_status"] else None,
        reason=m["reason"],
        override=bool(m["override"]),
        claim=_claim(row, "claim_"),
    )
