"""The small helpers every report format shares (pure formatting; imports no format)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.domain.display import visible_line
from tracker.domain.when import format_duration
from tracker.domain.when.show import plain_stamp
from tracker.service.report.data import Report, Section


def one_line(text: object) -> str:
    """Text on one line: whitespace runs folded to a space; control, bidi and invisible characters
    shown as visible codes (tracker.domain.display), in every format."""
    return visible_line(text)


def template_parts(note: str) -> list[tuple[bool, str]]:
    """A section note split into (is_code, text) parts: the report's own wording marks code with backticks
    (`` `now` ``, `` `tracker sweep` ``); Markdown shows them as code spans, HTML as ``<code>``.

    Only template text (notes written here, with durations and times filled in) goes through this;
    stored text never does, so a claim cannot open a code span.
    """
    pieces = note.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: no code at all
        return [(False, note)]
    return [(i % 2 == 1, piece) for i, piece in enumerate(pieces) if piece]


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
