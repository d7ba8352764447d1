"""The report as plain text: aligned tables, free text clipped to a terminal's width (never in a
pipe or a file), ANSI colour only when the caller asks (the CLI asks on a terminal without NO_COLOR)."""

from __future__ import annotations

from tracker.service.report.common import (
    clip,
    day_span,
    day_title,
    one_line,
    summary,
    wall,
)
from tracker.service.report.data import Report
from tracker.service.report.layout import Table, oldest_line, status_line, tables

_BOLD, _DIM, _RED, _GREEN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[0m"


def _style(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _table(table: Table, width: int | None) -> list[str]:
    headers = list(table.headers)
    cells = [list(row.cells) for row in table.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if width is None:  # not a terminal: every character is kept
        return ["  " + "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()] + [
            "  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    longs = [i for i in table.long_columns if i < len(widths)]
    fixed = sum(w for i, w in enumerate(widths) if i not in longs) + 2 * (len(widths) - 1) + 2
    left = max(width - fixed, 10 * len(longs))
    ordered = sorted(longs, key=lambda i: widths[i])
    for k, i in enumerate(ordered):  # narrowest first: each takes what it needs up to a fair share
        widths[i] = max(min(widths[i], left // (len(ordered) - k)), len(headers[i]))
        left -= widths[i]
    lines = ["  " + "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    for row in cells:
        lines.append("  " + "  ".join(clip(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)).rstrip())
    return lines


def _bar(count: int, biggest: int, room: int = 40) -> str:
    if count == 0 or biggest == 0:
        return ""
    return "█" * max(1, round(count / biggest * room))


def render(report: Report, *, colour: bool = False, width: int | None = None) -> str:
    """The whole report as text; free text is clipped to `width` columns (a terminal's), or kept whole (None)."""
    out: list[str] = []
    complete = "" if report.complete else " (day in progress)"
    out.append(_style(f"Daily report for {day_title(report)}{complete}, desk zone {report.desk_tz}", _BOLD, colour))
    out.append(f"Day: {day_span(report)}")
    if report.search is not None:
        out.append(f"Only claims matching: {one_line(report.search)}")
    out.append(f"Now: {wall(report, report.now)} "
               "(stale, overdue, due soon and counts are as of now)")
    verdict = summary(report)
    out.append(_style(verdict, _GREEN if report.ok else _RED, colour))
    group = None
    for table in tables(report):
        if table.group != group:
            group = table.group
            heading = f"During {report.day.isoformat()}" if group == "day" else f"As of {wall(report, report.now)}"
            out += ["", _style(f"== {heading} ==", _BOLD, colour)]
        out += ["", _style(table.title, _BOLD, colour), _style(table.note, _DIM, colour)]
        if not table.rows:
            out.append(f"  {table.empty}")
            continue
        out += _table(table, width)
        if table.more:
            out.append(f"  {table.more}")
    out += ["", _style("Counts", _BOLD, colour), f"  {status_line(report)}", f"  {oldest_line(report)}"]
    out += ["", _style("Open (unconfirmed) claims by age", _BOLD, colour)]
    biggest = max((b.count for b in report.age_buckets), default=0)
    label_width = max(len(b.label) for b in report.age_buckets)
    count_width = max(len(str(b.count)) for b in report.age_buckets)
    for bucket in report.age_buckets:
        out.append(f"  {bucket.label.ljust(label_width)}  {str(bucket.count).rjust(count_width)}  "
                   f"{_bar(bucket.count, biggest)}".rstrip())
    out += ["", report.history_line()]
    return "\n".join(out) + "\n"
