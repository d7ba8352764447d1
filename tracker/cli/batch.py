"""`tracker apply`: batch changes from JSON lines (a file, or - for stdin)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_jsonl
from tracker.cli.params import pass_state
from tracker.cli.progress import Progress
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
    progress = Progress("apply", noun="lines", total=_size(stream))
    try:
        for result in apply_lines(desk, _counted(stream, progress)):
            failed = failed or not result.ok
            progress.clear()
            emit_jsonl([result.to_json()])
    finally:
        progress.clear()
        if stream is not sys.stdin.buffer:
            stream.close()
    if failed:
        raise click.exceptions.Exit(ExitCode.FAILURE)


def _size(stream: BinaryIO) -> int | None:
    """The input's size in bytes when it is a regular file (a file argument, or `< file`), for a percentage."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    import stat

    return info.st_size if stat.S_ISREG(info.st_mode) and info.st_size > 0 else None


def _counted(stream: BinaryIO, progress: Progress) -> Iterator[bytes]:
    for line in stream:
        progress.advance(size=len(line))
        yield line
