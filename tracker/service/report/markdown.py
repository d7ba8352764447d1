"""The report as Markdown to paste into chat or email: headings, pipe tables, every stored
text escaped so a claim can never add formatting, links or HTML of its own."""

from __future__ import annotations

import re

from tracker.service.report.common import (
    clip,
    day_span,
    day_title,
    one_line,
    summary,
    template_parts,
    wall,
)
from tracker.service.report.data import Report
from tracker.service.report.layout import oldest_line, status_line, tables

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
MAX_CELL = 200
"""Free text longer than this is cut in a Markdown cell (the JSON and HTML keep it whole)."""


def md(text: str) -> str:
    """Escape what makes inline Markdown (emphasis, code, links, tables, HTML, entities) in one line of text.

    Block syntax (``#``, ``-``, ``1.``) needs no escape: every escaped text sits mid-line.
    """
    return _SPECIAL.sub(r"\\\1", text)


def md_note(note: str) -> str:
    """A template note: its backtick spans as Markdown code, the rest escaped."""
    return "".join(f"`{text}`" if code else md(text) for code, text in template_parts(note))


def render(report: Report, *, colour: bool = False, width: int | None = None) -> str:
    """The whole report as GitHub-flavoured Markdown (colour and width do not apply)."""
    out: list[str] = []
    complete = "" if report.complete else " (day in progress)"
    out.append(f"# Daily report: {md(day_title(report))}{complete}")
    out.append("")
    out.append(f"- **Desk zone:** {md(report.desk_tz)}")
    out.append(f"- **Day:** {md(day_span(report))}")
    if report.search is not None:
        out.append(f"- **Only claims matching:** {md(one_line(report.search))}")
    out.append(f"- **As of:** {md(wall(report, report.now))} "
               "(stale, overdue, due soon and counts are as of this time)")
    out.append(f"- **Check:** {md(summary(report))}")
    group = None
    for table in tables(report):
        if table.group != group:
            group = table.group
            heading = f"During {report.day.isoformat()}" if group == "day" else f"As of {wall(report, report.now)}"
            out += ["", f"## {md(heading)}"]
        out += ["", f"### {md(table.title)}", "", f"_{md_note(table.note)}_", ""]
        if not table.rows:
            out.append(md(table.empty))
            continue
        out.append("| " + " | ".join(md(h) for h in table.headers) + " |")
        out.append("|" + "|".join("---" for _ in table.headers) + "|")
        for row in table.rows:
            out.append("| " + " | ".join(md(clip(cell, MAX_CELL)) for cell in row.cells) + " |")
        if table.more:
            out += ["", md(table.more)]
    out += ["", "## Counts", "", md(status_line(report)), "", md(oldest_line(report)), ""]
    out += ["| age (open claims) | count |", "|---|---:|"]
    out += [f"| {md(b.label)} | {b.count} |" for b in report.age_buckets]
    out += ["", md(report.history_line())]
    return "\n".join(out) + "\n"
