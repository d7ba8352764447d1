"""CSV: one row per claim for spreadsheets (out), and claims from a spreadsheet's rows (in).

Out: RFC 4180 (comma, CRLF, quotes doubled, newlines kept inside quotes), UTF-8 with a byte-order
mark so Excel reads it as UTF-8, every time twice (the desk zone's wall clock, and UTC). A cell
that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a carriage
return) is written with a leading apostrophe; `uncell` takes it off again on import, so a
round trip gives back the same text (docs/cli.md, "CSV").

In: `tracker.service.formats.csv_import`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from tracker.domain.rules import RuleSettings
from tracker.domain.status import Stance
from tracker.service.context import Desk
from tracker.service.formats.csv_cells import BOM, COLUMNS, cell, utc, wall
from tracker.service.formats.requests import ExportRequest, ImportRequest, RowResult
from tracker.service.selection import Selected, selected

def row_of(item: Selected, tz: str) -> list[str]:
    """One claim's cells, in COLUMNS order (not yet formula-guarded)."""
    c, verdict = item.claim, item.verdict
    counts = {s.value: c.stances.get(s.value, 0) for s in Stance}
    return [
        str(c.id), c.uuid, c.status.value, c.text, c.speaker, wall(c.said_at, tz), utc(c.said_at), c.said_tz or "",
        c.source or "", c.url or "", " ".join(c.tags), c.assignee or "", wall(c.expires_at, tz), utc(c.expires_at),
        str(counts["supports"]), str(counts["contradicts"]), str(counts["context"]),
        verdict.to_status.value if verdict and verdict.to_status else "",
        wall(verdict.at, tz) if verdict else "", utc(verdict.at) if verdict else "",
        verdict.actor if verdict else "", (verdict.reason or "") if verdict else "",
        wall(c.created_at, tz), utc(c.created_at), wall(c.last_activity_at, tz), utc(c.last_activity_at),
        str(c.version),
    ]


def lines(items: Iterable[Selected], settings: RuleSettings, *, bom: bool = True) -> Iterator[str]:
    """The CSV text, a header then one chunk per claim."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield (BOM if bom else "") + flush()
    for item in items:
        writer.writerow([cell(v) for v in row_of(item, settings.desk_tz)])
        yield flush()


def export(desk: Desk, request: ExportRequest) -> Iterator[str]:
    """The selected claims as CSV (every match, oldest id first; `list --csv` passes one page)."""
    from tracker.service.settings import rules

    return lines(selected(desk, request.selection), rules(desk), bom=request.bom)


def sniff(head: bytes) -> bool:
    """CSV: text whose first line is a header of known claim fields separated by `,` or `;`."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first or first.lstrip()[:1] in "{[<":
        return False
    names = {part.strip().strip('"').lower() for part in re.split(r"[,;\t]", first)}
    return bool(names & {"text", "speaker", "uuid"}) and len(names) > 1



def read(desk: Desk, data: bytes, request: ImportRequest) -> Iterator[RowResult]:
    """Claims from CSV rows (tracker.service.formats.csv_import)."""
    from tracker.service.formats.csv_import import import_rows

    return import_rows(desk, data, request)
