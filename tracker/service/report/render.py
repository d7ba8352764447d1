"""Pick a renderer by format name, and the small helpers every renderer shares (pure formatting)."""

from __future__ import annotations

import json
import re
from datetime import datetime

from tracker.domain.when import format_duration
from tracker.domain.when.show import plain_stamp
from tracker.service.report.data import Report, Section

FORMATS = ("text", "markdown", "json", "html")
"""The formats `tracker report --format` accepts."""

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


def more_line(section: Section, noun: str = "more") -> str | None:
    """``… and 12 more (50 of 62 listed; raise --limit to list more)`` when a section was capped."""
    if section.more <= 0:
        return None
    return f"… and {section.more} {noun} ({len(section.items)} of {section.total} listed; raise --limit to see more)"


def summary(report: Report) -> str:
    """The one-line verdict `--check` acts on."""
    if report.ok:
        return "OK: no stale and no overdue claims"
    return f"ATTENTION: {report.stale.total} stale, {report.overdue.total} overdue"


def render(report: Report, fmt: str, *, colour: bool = False, width: int = 120) -> str:
    """The report in format `fmt` (one of FORMATS), ending with a newline."""
    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        from tracker.service.report.text import render_text

        return render_text(report, colour=colour, width=width)
    if fmt == "markdown":
        from tracker.service.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from tracker.service.report.html import render_html

        return render_html(report)
    raise ValueError(f"unknown report format {fmt!r}")
