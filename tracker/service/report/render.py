"""Render the report in a format taken from the format registry (tracker.service.formats).

This module picks; the formats (text, markdown, jsondoc, html) render, sharing the helpers in
`common`. No format imports this module, so there is no cycle.
"""

from __future__ import annotations

from tracker.service import formats
from tracker.service.report.data import Report

FORMATS: tuple[str, ...] = formats.names("report")
"""The formats `tracker report --format` accepts, from the registry."""


def render(report: Report, fmt: str, *, colour: bool = False, width: int | None = None) -> str:
    """The report in format `fmt` (one of FORMATS), ending with a newline; text is clipped to `width`
    columns when given (a terminal's), and kept whole when None (a pipe or a file)."""
    module = formats.get(fmt, "report").load()
    text: str = module.render(report, colour=colour, width=width)
    return text
