"""`tracker export`: the whole database as `apply` lines (backup, or moving from SQLite to PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_jsonl
from tracker.cli.params import pass_state
from tracker.cli.progress import Progress


@click.command()
@pass_state
def export(state: CliState) -> None:
    """Print every claim, evidence item and change as `apply` lines, oldest first.

    `tracker --db old.db export | tracker --db postgresql://... apply -` rebuilds the same
    claims, evidence and history (uuids, actors and times kept) in an empty database.
    """
    from tracker.service.export import export_lines

    with Progress("export", noun="lines") as progress:
        emit_jsonl(_counted(export_lines(state.desk()), progress))


def _counted(lines: Iterator[dict[str, Any]], progress: Progress) -> Iterator[dict[str, Any]]:
    for line in lines:
        progress.advance()
        yield line
