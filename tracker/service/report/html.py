"""The report as one self-contained HTML page for email: inline CSS, an inline SVG bar chart of
open claims by age, no scripts, no external assets; every stored text HTML-escaped."""

from __future__ import annotations

from html import escape

from tracker.service.report.common import (
    day_span,
    day_title,
    one_line,
    summary,
    template_parts,
    wall,
)
from tracker.service.report.data import AgeBucket, Report
from tracker.service.report.layout import Table, oldest_line, status_line, tables

_CSS = """
body{font:14px/1.45 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d2330;margin:0;
background:#f4f5f7}
main{max-width:1100px;margin:0 auto;padding:20px 24px;background:#fff}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:26px 0 4px;border-bottom:2px solid #d9dde4;
padding-bottom:3px}h3{font-size:15px;margin:18px 0 2px}
p.meta{margin:2px 0;color:#4a5263}p.note{margin:0 0 6px;color:#5b6475;font-size:13px}
.verdict{display:inline-block;margin:10px 0 4px;padding:6px 10px;border-radius:4px;font-weight:600}
.ok{background:#e3f4e8;color:#17622f}.bad{background:#fde7e7;color:#9b1c1c}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e6e8ec}
th{background:#f0f2f5;font-weight:600;white-space:nowrap}td.n{white-space:nowrap}
tr:nth-child(even) td{background:#fafbfc}
.more{color:#5b6475;font-style:italic}.empty{color:#5b6475}
.s-unconfirmed{color:#8a5a00}.s-confirmed{color:#17622f}.s-contradicted{color:#9b1c1c}.s-expired{color:#6b7280}
footer{margin-top:28px;color:#8a91a0;font-size:12px}
"""

_STATUS_COLUMNS = {"status", "now", "verdict"}


def _cell(header: str, value: str) -> str:
    text = escape(value)
    if header in _STATUS_COLUMNS and value in {"unconfirmed", "confirmed", "contradicted", "expired"}:
        return f'<td class="s-{value}">{text}</td>'
    if header in {"text", "reason"}:
        return f"<td>{text}</td>"
    return f'<td class="n">{text}</td>'


def _note(note: str) -> str:
    """A template note with its backtick spans as <code>, everything escaped."""
    return "".join(f"<code>{escape(text)}</code>" if code else escape(text) for code, text in template_parts(note))


def _table(table: Table) -> list[str]:
    out = [f'<section id="{escape(table.key)}">', f"<h3>{escape(table.title)}</h3>",
           f'<p class="note">{_note(table.note)}</p>']
    if not table.rows:
        out += [f'<p class="empty">{escape(table.empty)}</p>', "</section>"]
        return out
    out.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in table.headers) + "</tr></thead><tbody>")
    for row in table.rows:
        attr = f' data-claim-id="{row.claim_id}"' if row.claim_id is not None else ""
        out.append(f"<tr{attr}>" + "".join(_cell(h, c) for h, c in zip(table.headers, row.cells, strict=True)) + "</tr>")
    out.append("</tbody></table>")
    if table.more:
        out.append(f'<p class="more">{escape(table.more)}</p>')
    out.append("</section>")
    return out


def age_chart(buckets: tuple[AgeBucket, ...]) -> str:
    """An inline SVG bar chart: one bar per age bucket, its count above it."""
    bar, gap, height, top, bottom, left = 64, 28, 150, 22, 26, 10
    width = left * 2 + len(buckets) * bar + (len(buckets) - 1) * gap
    biggest = max((b.count for b in buckets), default=0)
    total = sum(b.count for b in buckets)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + bottom}" '
        f'viewBox="0 0 {width} {top + height + bottom}" role="img" '
        f'aria-label="Open claims by age: {escape(", ".join(f"{b.label} {b.count}" for b in buckets))}">',
        f"<title>Open (unconfirmed) claims by age, {total} in all</title>",
        f'<line x1="0" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#9aa1ae" stroke-width="1"/>',
    ]
    for i, b in enumerate(buckets):
        x = left + i * (bar + gap)
        h = 0 if biggest == 0 else max(round(b.count / biggest * height), 1 if b.count else 0)
        y = top + height - h
        parts.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="#3b6fb6" rx="2">'
                     f"<title>{escape(b.label)}: {b.count}</title></rect>")
        parts.append(f'<text x="{x + bar / 2:g}" y="{y - 5}" text-anchor="middle" font-size="12" '
                     f'fill="#1d2330">{b.count}</text>')
        parts.append(f'<text x="{x + bar / 2:g}" y="{top + height + 17}" text-anchor="middle" font-size="12" '
                     f'fill="#4a5263">{escape(b.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _oldest_attr(report: Report) -> str:
    return "" if report.oldest_open is None else f' data-claim-id="{report.oldest_open.id}"'


def render(report: Report, *, colour: bool = False, width: int | None = None) -> str:
    """The whole report as one HTML5 page (colour and width do not apply)."""
    title = f"Daily report: {day_title(report)}"
    complete = "" if report.complete else " (day in progress)"
    now = wall(report, report.now)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{escape(title + complete)}</h1>",
        f'<p class="meta">Desk zone {escape(report.desk_tz)}. Day: {escape(day_span(report))}.</p>',
        f'<p class="meta">As of {escape(now)}: stale, overdue, due soon and counts are as of this time.</p>',
        *([f'<p class="meta">Only claims matching: {escape(one_line(report.search))}</p>']
          if report.search is not None else []),
        f'<div class="verdict {"ok" if report.ok else "bad"}">{escape(summary(report))}</div>',
    ]
    group = None
    for table in tables(report):
        if table.group != group:
            group = table.group
            heading = f"During {report.day.isoformat()}" if group == "day" else f"As of {wall(report, report.now)}"
            out.append(f"<h2>{escape(heading)}</h2>")
        out += _table(table)
    out += [
        '<section id="counts"><h2>Counts</h2>',
        f'<p>{escape(status_line(report))}</p>',
        f"<p{_oldest_attr(report)}>{escape(oldest_line(report))}</p>",
        "<h3>Open (unconfirmed) claims by age</h3>",
        age_chart(report.age_buckets),
        "</section>",
        f"<footer>{escape(report.history_line())}<br>tracker report · generated for {escape(now)} · "
        f"lists show at most {report.limit} rows per section; totals count everything.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(out) + "\n"
