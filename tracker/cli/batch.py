"""`tracker apply`: batch changes from JSON lines (a file, or - for stdin)."""

from __future__ import annotations

import sys

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_jsonl
from tracker.cli.params import pass_state
from tracker.domain.errors import ExitCode, InvalidInput


@click.command()
@click.argument("source", default="-", metavar="[FILE|-]")
@pass_state
def apply(state: CliState, source: str) -> None:
    """Apply one JSON object per line; print one result object per line.

    Each line is atomic on its own: a bad line changes nothing and never stops or undoes
    the others. Exit 0 when every line landed, 1 when any failed.
    """
    from tracker.service.batch import apply_lines

    desk = state.desk()
    failed = False
    if source == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as err:
            raise InvalidInput(f"cannot read {source}: {err.strerror}") from None
    try:
        for result in apply_lines(desk, stream):
            failed = failed or not result.ok
            emit_jsonl([result.to_json()])
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if failed:
        raise click.exceptions.Exit(ExitCode.FAILURE)
