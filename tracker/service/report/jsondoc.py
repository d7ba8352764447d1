"""The report as one JSON document: `Report.to_json` (documented in docs/report.md), indented, UTF-8."""

from __future__ import annotations

from tracker.domain.display import inert_json
from tracker.service.report.data import Report


def render(report: Report, *, colour: bool = False, width: int | None = None) -> str:
    """The report's JSON document, ending with a newline (colour and width do not apply); C1 controls,
    bidi and invisible characters are written as \\u escapes (`inert_json`)."""
    return inert_json(report.to_json(), indent=2) + "\n"
