"""`tracker report`: the daily stale-claim report in text, markdown, JSON or HTML (docs/report.md)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from tracker.cli.app import CliState
from tracker.cli.output import colour_on
from tracker.cli.params import pass_state
from tracker.domain.errors import ExitCode, TrackerError
from tracker.service.formats import names


@click.command()
@click.option("--day", metavar="DATE",
              help="Calendar day in the desk zone: 2026-03-29, 'yesterday', 'today', '-2d' [default: yesterday].")
@click.option("--now", metavar="WHEN", help="Report as if it were this time (same as the global --now).")
@click.option("--format", "fmt", type=click.Choice(names("report")), default="text", show_default=True,
              help="Output format.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="Rows listed per section (totals always count everything).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), metavar="FILE",
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--search", metavar="TEXT",
              help="Only claims this search matches, in every section and count (one story; as list --search).")
@click.option("--check", is_flag=True, help="Exit 1 when any claim is stale or overdue (after printing the report).")
@pass_state
def report(state: CliState, day: str | None, now: str | None, fmt: str, limit: int, output: Path | None,
           search: str | None, check: bool) -> int:
    """The daily report: the day's expiries and verdicts, and stale, overdue and due claims as of now.

    The day is a calendar day in the desk zone (rule desk_tz), 23 or 25 hours on a DST change;
    stale, overdue, due-soon and counts are as of now. Reads only: run `tracker sweep` first.
    Exit codes: 0 ok, 1 with --check when something is stale or overdue, 2 bad input.
    """
    from tracker.service.report import build_report, render

    if now is not None:
        state.now = now
    data = build_report(state.desk(), day=day, limit=limit, search=search)
    if output is None:
        width = shutil.get_terminal_size((120, 24)).columns
        sys.stdout.write(render(data, fmt, colour=fmt == "text" and colour_on(), width=width))
        sys.stdout.flush()
    else:
        _write_atomically(output, render(data, fmt, width=120))
    if check and not data.ok:
        return ExitCode.FAILURE
    return ExitCode.OK


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so readers never see half a report."""
    folder = path.expanduser().absolute().parent
    if not folder.is_dir():
        raise TrackerError(f"cannot write {path}: folder {folder} does not exist")
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as err:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise TrackerError(f"cannot write {path}: {err.strerror or err}") from None
