"""What the daily report holds: plain frozen dataclasses, and their documented JSON form (docs/report.md).

Every time in the JSON is ISO 8601 on the desk zone's wall clock with its offset at that
instant (``2026-03-29T23:59:59+03:00``); every duration is given twice, in whole seconds
(``idle_seconds``) and in the compact human form (``idle``: ``3d 4h``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from tracker.domain.rules import RuleSettings
from tracker.domain.status import Status
from tracker.domain.when import format_duration, to_zone

SCHEMA = 1
"""Version of the report's JSON layout; bumped on any incompatible change."""

T = TypeVar("T")


def local_iso(at: datetime | None, tz: str) -> str | None:
    """ISO 8601 in the desk zone with its offset, to the second."""
    return None if at is None else to_zone(at, tz).isoformat(timespec="seconds")


def seconds(td: timedelta) -> int:
    """Whole seconds of a duration (rounded towards negative infinity)."""
    return int(td.total_seconds() // 1)


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One claim as the report lists it."""

    id: int
    uuid: str
    text: str
    speaker: str
    status: Status
    assignee: str | None
    expires_at: datetime | None
    created_at: datetime
    last_activity_at: datetime

    def age(self, now: datetime) -> timedelta:
        """How long ago the claim was logged."""
        return now - self.created_at

    def idle(self, now: datetime) -> timedelta:
        """How long since anything happened to the claim."""
        return now - self.last_activity_at

    def to_json(self, now: datetime, tz: str) -> dict[str, Any]:
        """The documented JSON object (docs/report.md, "claim")."""
        data: dict[str, Any] = {
            "id": self.id,
            "uuid": self.uuid,
            "text": self.text,
            "speaker": self.speaker,
            "status": self.status.value,
            "assignee": self.assignee,
            "created_at": local_iso(self.created_at, tz),
            "last_activity_at": local_iso(self.last_activity_at, tz),
            "expires_at": local_iso(self.expires_at, tz),
            "age_seconds": seconds(self.age(now)),
            "age": format_duration(self.age(now)),
            "idle_seconds": seconds(self.idle(now)),
            "idle": format_duration(self.idle(now)),
            "due_in_seconds": None if self.expires_at is None else seconds(self.expires_at - now),
        }
        return data


@dataclass(frozen=True, slots=True)
class EventLine:
    """One history event of the day (an expiry or a verdict), with the claim it moved as it is now."""

    event_id: int
    at: datetime
    actor: str
    action: str
    from_status: Status | None
    to_status: Status | None
    reason: str | None
    override: bool
    claim: ClaimLine

    def to_json(self, now: datetime, tz: str) -> dict[str, Any]:
        """The documented JSON object (docs/report.md, "event")."""
        return {
            "event_id": self.event_id,
            "at": local_iso(self.at, tz),
            "actor": self.actor,
            "action": self.action,
            "from": self.from_status.value if self.from_status else None,
            "to": self.to_status.value if self.to_status else None,
            "reason": self.reason,
            "override": self.override,
            "claim": self.claim.to_json(now, tz),
        }


@dataclass(frozen=True, slots=True)
class Section(Generic[T]):
    """A listed section: the first `limit` items and the total count (counted in SQL)."""

    total: int
    items: tuple[T, ...]

    @property
    def more(self) -> int:
        """How many were counted but not listed."""
        return self.total - len(self.items)


@dataclass(frozen=True, slots=True)
class AssigneeCount:
    """Stale claims of one assignee; `assignee` None is the "unassigned" bucket."""

    assignee: str | None
    count: int

    @property
    def label(self) -> str:
        """The name to show."""
        return self.assignee if self.assignee is not None else "unassigned"


@dataclass(frozen=True, slots=True)
class AgeBucket:
    """Unconfirmed claims whose age (since logged) is in ``[min_age, max_age)``; `max_age` None is open-ended."""

    label: str
    min_age: timedelta
    max_age: timedelta | None
    count: int


@dataclass(frozen=True, slots=True)
class Report:
    """The daily report: one calendar day in the desk zone, and the desk's state as of `now`."""

    now: datetime
    """The instant the point-in-time sections are as of (the clock, or --now)."""
    desk_tz: str
    day: date
    start: datetime
    end: datetime
    settings: RuleSettings
    limit: int
    expired: Section[EventLine]
    resolved: Section[EventLine]
    resolved_counts: dict[str, int]
    """Events in `resolved` by action: confirm, contradict."""
    stale: Section[ClaimLine]
    due_soon: Section[ClaimLine]
    overdue: Section[ClaimLine]
    by_status: dict[Status, int]
    oldest_open: ClaimLine | None
    age_buckets: tuple[AgeBucket, ...]
    stale_by_assignee: Section[AssigneeCount]
    search: str | None = None
    """The search every section is scoped to (`report --search`: one story), or None for the whole desk."""
    history_events: int = 0
    """Events in the history when the report was made (the hash chain's length)."""
    history_head: str | None = None
    """The hash of the newest event then: keep it, and `tracker verify` proves later that nothing before it changed."""

    def history_line(self) -> str:
        """One line naming the chain head, for every format."""
        return f"History: {self.history_events} events, head {self.history_head or '-'} (check with tracker verify)"

    @property
    def complete(self) -> bool:
        """True when the day had ended at `now` (a report on today is partial)."""
        return self.end <= self.now

    @property
    def hours(self) -> int | float:
        """Length of the day in hours: the integer 24, or 23 / 25 on a DST-change day; a fraction
        only where the clock shifts by part of an hour (24.5 on Lord Howe Island)."""
        hours = (self.end - self.start).total_seconds() / 3600
        return int(hours) if hours.is_integer() else hours

    @property
    def ok(self) -> bool:
        """No stale and no overdue claim: what `--check` tests."""
        return self.stale.total == 0 and self.overdue.total == 0

    def local(self, at: datetime) -> datetime:
        """`at` on the desk zone's wall clock."""
        return to_zone(at, self.desk_tz)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON document (docs/report.md, "JSON")."""
        tz, now = self.desk_tz, self.now

        def listed(section: Section[Any]) -> dict[str, Any]:
            return {
                "total": section.total,
                "listed": len(section.items),
                "more": section.more,
                "items": [item.to_json(now, tz) for item in section.items],
            }

        oldest = self.oldest_open
        return {
            "schema": SCHEMA,
            "generated_at": local_iso(now, tz),
            "desk_tz": tz,
            "day": {
                "date": self.day.isoformat(),
                "start": local_iso(self.start, tz),
                "end": local_iso(self.end, tz),
                "hours": self.hours,
                "complete": self.complete,
            },
            "settings": {
                "stale_after": format_duration(self.settings.stale_after),
                "stale_after_seconds": seconds(self.settings.stale_after),
                "due_soon": format_duration(self.settings.due_soon),
                "due_soon_seconds": seconds(self.settings.due_soon),
            },
            "limit": self.limit,
            "search": self.search,
            "check": {"ok": self.ok, "stale": self.stale.total, "overdue": self.overdue.total},
            "expired": listed(self.expired),
            "resolved": {**listed(self.resolved), "by_action": dict(self.resolved_counts)},
            "stale": listed(self.stale),
            "stale_by_assignee": {
                "total": self.stale_by_assignee.total,
                "listed": len(self.stale_by_assignee.items),
                "more": self.stale_by_assignee.more,
                "items": [{"assignee": a.assignee, "label": a.label, "count": a.count}
                          for a in self.stale_by_assignee.items],
            },
            "due_soon": listed(self.due_soon),
            "overdue": listed(self.overdue),
            "counts": {
                "by_status": {status.value: self.by_status.get(status, 0) for status in Status},
                "total": sum(self.by_status.values()),
                "open": self.by_status.get(Status.UNCONFIRMED, 0),
                "oldest_open": None if oldest is None else oldest.to_json(now, tz),
            },
            "history": {"events": self.history_events, "head": self.history_head},
            "age_buckets": [
                {
                    "label": b.label,
                    "min_seconds": seconds(b.min_age),
                    "max_seconds": None if b.max_age is None else seconds(b.max_age),
                    "count": b.count,
                }
                for b in self.age_buckets
            ],
        }
