"""`tracker export`: claims out in a registered format (jsonl, claimreview, csv; docs/cli.md, "Formats")."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_text
from tracker.cli.params import list_filters, pass_state
from tracker.cli.progress import Progress
from tracker.domain.errors import ExitCode, InvalidInput
from tracker.service.formats import get, names


def _warn(message: str) -> None:
    sys.stderr.write(f"tracker: {' '.join(message.split())}\n")


@click.command()
@click.option("--format", "fmt", type=click.Choice(names("export")), default="jsonl", show_default=True,
              help="Output format (docs/cli.md lists each with an example).")
@list_filters
@click.option("--jsonl", "as_jsonl", is_flag=True, help="claimreview: one review per line instead of one array.")
@click.option("--no-bom", is_flag=True, help="csv: leave out the UTF-8 byte-order mark Excel needs.")
@click.option("--check", is_flag=True,
              help="claimreview: validate every review against the shipped schema instead of printing it; "
                   "exit 1 listing each missing or invalid field.")
@pass_state
def export(state: CliState, fmt: str, filters: dict[str, Any], as_jsonl: bool, no_bom: bool, check: bool) -> int:
    """Write claims in a format: jsonl (default), claimreview or csv.

    \b
    jsonl        the whole database as `apply` lines, oldest first; replaying them with
                 `tracker apply` into an empty database rebuilds the same claims, evidence
                 and history (backup, or SQLite to PostgreSQL). Takes no filters.
    claimreview  schema.org ClaimReview JSON-LD for the confirmed and contradicted claims
                 the filters select: one JSON array, or one review a line with --jsonl.
    csv          one row per selected claim for spreadsheets (formula-safe cells).

    The list filters (--status, --tag, --assignee, --search, --stale, --due-soon) select
    the claims, as in `tracker list`; every match is written, oldest first.
    """
    from tracker.service.formats.requests import ExportRequest
    from tracker.service.reading import ListQuery
    from tracker.service.selection import Selection

    chosen = get(fmt, "export")
    if as_jsonl and fmt != "claimreview":
        raise InvalidInput("--jsonl goes with --format claimreview")
    if no_bom and fmt != "csv":
        raise InvalidInput("--no-bom goes with --format csv")
    if check and not chosen.checks:
        raise InvalidInput(f"--check goes with --format {' or '.join(f for f in names('export') if get(f, 'export').checks)}")
    request = ExportRequest(Selection(ListQuery(**filters)), lines=as_jsonl, bom=not no_bom, warn=_warn)
    module = chosen.load()
    desk = state.desk()
    if check:
        count, found = module.check(desk, request)
        for problem in found:
            click.echo(problem)
        if found:
            claims = len({p.split(":", 1)[0] for p in found})
            _warn(f"{len(found)} problem(s) in {claims} of {count} review(s): not ready to publish")
            return ExitCode.FAILURE
        click.echo(f"ok: {count} review(s) pass the {fmt} schema")
        return ExitCode.OK
    with Progress("export", noun="lines") as progress:
        emit_text(_counted(module.export(desk, request), progress))
    return ExitCode.OK


def _counted(chunks: Iterator[str], progress: Progress) -> Iterator[str]:
    for chunk in chunks:
        progress.advance(chunk.count("\n"))
        yield chunk
