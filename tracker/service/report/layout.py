"""The report's sections as titled tables of plain strings, laid out once for every human format.

Text, markdown and HTML differ only in how they draw a `Table`; what each section says,
its columns and its order are decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.status import Status
from tracker.domain.when import format_duration
from tracker.service.report.common import ago, more_line, one_line, until, wall
from tracker.service.report.data import ClaimLine, EventLine, Report


@dataclass(frozen=True, slots=True)
class Row:
    """One table row; `claim_id` ties it to a claim (HTML anchors it)."""

    claim_id: int | None
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """One section of the report."""

    key: str
    """A stable id (the JSON key of the section)."""
    group: str
    """"day" for the sections about the reported day, "now" for those as of the report's now."""
    title: str
    note: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    long_columns: tuple[int, ...]
    """Columns holding free text (clipped on a terminal)."""
    empty: str
    more: str | None
    total: int


def _who(name: str | None) -> str:
    return one_line(name) if name else "unassigned"


def _claim_cells(claim: ClaimLine) -> tuple[str, str]:
    return one_line(claim.speaker), one_line(claim.text)


def _event_rows(report: Report, events: tuple[EventLine, ...], verdict: bool) -> tuple[Row, ...]:
    rows = []
    for e in events:
        speaker, text = _claim_cells(e.claim)
        reason = one_line(e.reason or "") + (" (override)" if e.override else "")
        now = e.claim.status.value
        if verdict:
            move = e.to_status.value if e.to_status else e.action
            cells = (f"#{e.claim.id}", wall(report, e.at), move, one_line(e.actor), now, speaker, text, reason)
        else:
            cells = (f"#{e.claim.id}", wall(report, e.at), wall(report, e.claim.expires_at), one_line(e.actor),
                     now, speaker, text, reason)
        rows.append(Row(e.claim.id, cells))
    return tuple(rows)


def tables(report: Report) -> list[Table]:
    """Every section, in reading order."""
    stale_after = format_duration(report.settings.stale_after)
    due_soon = format_duration(report.settings.due_soon)
    now = wall(report, report.now)
    sections: list[Table] = []

    sections.append(Table(
        "expired", "day", f"Expired during the day ({report.expired.total})",
        "Expiries recorded in the history during the day, oldest first; `now` is the claim's status today.",
        ("claim", "expired at", "deadline", "by", "now", "speaker", "text", "reason"),
        _event_rows(report, report.expired.items, verdict=False),
        (5, 6, 7), "No claim expired during the day.", more_line(report.expired), report.expired.total,
    ))
    counts = report.resolved_counts
    sections.append(Table(
        "resolved", "day",
        f"Confirmed or contradicted during the day ({counts.get('confirm', 0)} confirmed, "
        f"{counts.get('contradict', 0)} contradicted)",
        "Verdicts recorded during the day, oldest first, with who gave them and why; "
        "`now` is the claim's status today.",
        ("claim", "at", "verdict", "by", "now", "speaker", "text", "reason"),
        _event_rows(report, report.resolved.items, verdict=True),
        (5, 6, 7), "No verdicts during the day.", more_line(report.resolved), report.resolved.total,
    ))
    sections.append(Table(
        "stale", "now", f"Stale claims ({report.stale.total})",
        f"Unconfirmed, no activity (evidence, edit or move) for more than {stale_after}, as of {now}; "
        "least recently active first.",
        ("claim", "idle", "age", "assignee", "last activity", "speaker", "text"),
        tuple(Row(c.id, (f"#{c.id}", ago(report, c.last_activity_at), ago(report, c.created_at), _who(c.assignee),
                         wall(report, c.last_activity_at), *_claim_cells(c))) for c in report.stale.items),
        (5, 6), "No stale claims.", more_line(report.stale), report.stale.total,
    ))
    sections.append(Table(
        "stale_by_assignee", "now", "Stale claims by assignee",
        "Who holds the stale claims; claims without an assignee count as unassigned.",
        ("assignee", "stale"),
        tuple(Row(None, (one_line(a.label), str(a.count))) for a in report.stale_by_assignee.items),
        (0,), "Nobody has stale claims.", more_line(report.stale_by_assignee, "more assignees"),
        report.stale_by_assignee.total,
    ))
    sections.append(Table(
        "overdue", "now", f"Overdue ({report.overdue.total})",
        f"Unconfirmed or confirmed, deadline passed at {now} but not yet expired: run `tracker sweep`.",
        ("claim", "deadline", "overdue by", "status", "assignee", "speaker", "text"),
        tuple(Row(c.id, (f"#{c.id}", wall(report, c.expires_at), until(report, c.expires_at).removesuffix(" ago"),
                         c.status.value, _who(c.assignee), *_claim_cells(c))) for c in report.overdue.items),
        (5, 6), "Nothing overdue.", more_line(report.overdue), report.overdue.total,
    ))
    sections.append(Table(
        "due_soon", "now", f"Due to expire within {due_soon} ({report.due_soon.total})",
        f"Unconfirmed or confirmed, deadline after {now} and within {due_soon}; earliest first.",
        ("claim", "deadline", "due", "status", "assignee", "speaker", "text"),
        tuple(Row(c.id, (f"#{c.id}", wall(report, c.expires_at), until(report, c.expires_at), c.status.value,
                         _who(c.assignee), *_claim_cells(c))) for c in report.due_soon.items),
        (5, 6), "Nothing due soon.", more_line(report.due_soon), report.due_soon.total,
    ))
    return sections


def status_line(report: Report) -> str:
    """``unconfirmed 12 · confirmed 30 · contradicted 4 · expired 9 · total 55``."""
    parts = [f"{status.value} {report.by_status.get(status, 0)}" for status in Status]
    return " · ".join(parts + [f"total {sum(report.by_status.values())}"])


def oldest_line(report: Report) -> str:
    """The age of the oldest open (unconfirmed) claim."""
    oldest = report.oldest_open
    if oldest is None:
        return "No open (unconfirmed) claims."
    return (
        f"Oldest open claim: #{oldest.id}, {ago(report, oldest.created_at)} old "
        f"(logged {wall(report, oldest.created_at)}; {_who(oldest.assignee)})"
    )
