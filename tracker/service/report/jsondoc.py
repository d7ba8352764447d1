"""The report as one JSON document: `Report.to_json` (documented in docs/report.md), indented, UTF-8."""

from __future__ import annotations

import json

from tracker.service.report.data import Report


def render(report: Report, *, colour: bool = False, width: int = 120) -> str:
    """The report's JSON document, ending with a newline (colour and width do not apply)."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
