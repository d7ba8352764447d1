"""JSON lines: the whole history out (a header, then every event verbatim), and `apply` lines in.

A thin seam: the export itself is `tracker.service.export.export_text` and the import is
`tracker.service.batch.apply_lines` (both belong to the event write path); this module only
registers them as the `jsonl` format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from tracker.domain.errors import InvalidInput
from tracker.service.context import Desk
from tracker.service.formats.requests import ExportRequest, ImportRequest, RowResult


def export(desk: Desk, request: ExportRequest) -> Iterator[str]:
    """A header line, then every event verbatim, oldest first (the whole database), in chunks of lines."""
    from tracker.service.export import export_text

    if request.selection.filtered or request.selection.refs is not None:
        raise InvalidInput("the jsonl export is the whole database; list filters apply to csv and claimreview")
    lines: list[str] = []
    for line in export_text(desk):
        lines.append(line)
        if len(lines) >= 2000:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def sniff(head: bytes) -> bool:
    """JSON lines: the first non-blank line is a whole JSON object with an ``action`` (or a header)."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and ("action" in record or "schema" in record or "tracker_export" in record) \
        and "@context" not in record


def read(desk: Desk, data: bytes, request: ImportRequest) -> Iterator[RowResult]:
    """Apply each line (`tracker apply`): one result per non-blank line."""
    from tracker.service.batch import apply_lines

    for result in apply_lines(desk, data.split(b"\n")):  # numbered as `apply` numbers them (LF only)
        claim = result.claim
        yield RowResult(
            row=result.line, ok=result.ok, action=result.action or "?",
            id=claim.id if claim else None, uuid=claim.uuid if claim else None,
            status=claim.status.value if claim else None, error=result.error, code=result.code,
        )
