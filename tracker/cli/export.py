"""`tracker export`: the whole history as JSON lines (backup, or moving from SQLite to PostgreSQL)."""

from __future__ import annotations

import sys

import click

from tracker.cli.app import CliState
from tracker.cli.params import pass_state


@click.command()
@pass_state
def export(state: CliState) -> None:
    """Print a header line, then every event verbatim, oldest first, one JSON object a line.

    `tracker --db old.db export | tracker --db postgresql://... apply -` rebuilds the same
    claims, evidence, tags, history, settings and hash chain in an empty database; applying
    it again changes nothing.
    """
    from tracker.service.export import export_text

    write = sys.stdout.write
    lines = []
    for line in export_text(state.desk()):
        lines.append(line)
        if len(lines) >= 2000:
            write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        write("\n".join(lines) + "\n")
