"""`tracker report`: the daily stale-claim report in text, markdown, JSON or HTML (docs/report.md)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import click

from tracker.cli.app import CliState
from tracker.cli.output import colour_on, terminal_width
from tracker.cli.params import WholeNumber, pass_state
from tracker.domain.errors import ExitCode, InvalidInput, TrackerError
from tracker.service.formats import names


@click.command()
@click.option("--day", metavar="DATE",
              help="Calendar day in the desk zone: 2026-03-29, 'yesterday', 'today', '-2d' [default: yesterday].")
@click.option("--now", metavar="WHEN", help="Report as if it were this time (same as the global --now).")
@click.option("--format", "fmt", type=click.Choice(names("report")), default="text", show_default=True,
              help="Output format.")
@click.option("--limit", type=WholeNumber(1, 10_000), default=50, show_default=True,
              help="Rows listed per section (totals always count everything).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), metavar="FILE",
              help="Write the report to FILE (atomically) instead of stdout; an existing file keeps its mode, "
                   "a symlink is followed.")
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
        sys.stdout.write(render(data, fmt, colour=fmt == "text" and colour_on(), width=terminal_width()))
        sys.stdout.flush()
    else:
        _write_atomically(output, render(data, fmt))
    if check and not data.ok:
        return ExitCode.FAILURE
    return ExitCode.OK


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so readers never see half a report.

    A new file gets the mode the umask allows (0666 & ~umask, like `>`); an existing file keeps its
    mode. A symlink is followed: the file it points to is replaced, and the link stays a link.
    """
    target = Path(os.path.realpath(path.expanduser()))
    folder = target.parent
    if not folder.is_dir():
        raise TrackerError(f"cannot write {path}: folder {folder} does not exist")
    if target.is_dir():
        raise InvalidInput(f"cannot write {path}: it is a folder; give a file name")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as err:
        raise TrackerError(f"cannot write {path}: {err.strerror or err}") from None
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as err:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise TrackerError(f"cannot write {path}: {err.strerror or err}") from None


def _umask() -> int:
    """The process umask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
