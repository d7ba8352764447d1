"""The small helpers every report format shares (pure formatting; imports no format)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tracker.domain.when import format_duration
from tracker.domain.when.show import plain_stamp
from tracker.service.report.data import Report, Section

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: object) -> str:
    """Text on one line: whitespace runs folded to a space, control characters shown as \\x.. codes."""
    folded = " ".join(("" if text is None else str(text)).split())
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", folded)


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` characters, marking the cut with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def wall(report: Report, at: datetime | None) -> str:
    """A time on the desk zone's wall clock, with the weekday and the zone's abbreviation:
    ``Sun 2026-03-29 23:59 EEST``."""
    return plain_stamp(at, report.desk_tz)


def day_title(report: Report) -> str:
    """``Sunday 29 March 2026``."""
    return f"{report.day:%A} {report.day.day} {report.day:%B %Y}"


def day_span(report: Report) -> str:
    """``00:00 EET to 00:00 EEST next day, 23 h`` style description of the day's bounds."""
    hours = report.hours
    length = f"{hours:g} h"
    if hours != 24:
        length += " (DST change)"
    return f"{wall(report, report.start)} to {wall(report, report.end)}, {length}"


def ago(report: Report, at: datetime) -> str:
    """``3d 4h`` from `at` to the report's now."""
    return format_duration(report.now - at)


def until(report: Report, at: datetime | None) -> str:
    """``in 3h`` / ``2h ago`` relative to the report's now."""
    if at is None:
        return "-"
    delta = at - report.now
    return f"in {format_duration(delta)}" if delta.total_seconds() > 0 else f"{format_duration(-delta)} ago"


def more_line(section: Section[Any], noun: str = "more") -> str | None:
    """``… and 12 more (50 of 62 listed; raise --limit to list more)`` when a section was capped."""
    if section.more <= 0:
        return None
    return f"… and {section.more} {noun} ({len(section.items)} of {section.total} listed; raise --limit to see more)"


def summary(report: Report) -> str:
    """The one-line verdict `--check` acts on."""
    if report.ok:
        return "OK: no stale and no overdue claims"
    return f"ATTENTION: {report.stale.total} stale, {report.overdue.total} overdue"
