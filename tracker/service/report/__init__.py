"""The daily stale-claim report: gathered by `build_report` (one read transaction), rendered as
text, markdown, JSON or a self-contained HTML page. See docs/report.md."""

from tracker.service.report.build import AGE_BUCKETS, DEFAULT_LIMIT, build_report, report_day
from tracker.service.report.data import Report
from tracker.service.report.render import FORMATS, render

__all__ = ["AGE_BUCKETS", "DEFAULT_LIMIT", "FORMATS", "Report", "build_report", "render", "report_day"]
