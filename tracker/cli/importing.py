"""`tracker import`: claims in from a file in a registered format, recognised by its content or name."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, emit_jsonl, one_line
from tracker.cli.params import json_flag, jsonl_flag, one_format, pass_state
from tracker.cli.progress import Progress
from tracker.domain.errors import ExitCode, InvalidInput
from tracker.service.formats import get, names

MAX_BYTES = 256 * 1024 * 1024
SNIFF_BYTES = 256 * 1024


def _warn(message: str) -> None:
    sys.stderr.write(f"tracker: {' '.join(message.split())}\n")


def _read(source: str) -> bytes:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as err:
            raise InvalidInput(f"cannot read {source}: {err.strerror or err}") from None
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def _mapping(pairs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found = []
    for pair in pairs:
        column, eq, field = pair.partition("=")
        if not eq or not column.strip() or not field.strip():
            raise InvalidInput(f"--map takes COLUMN=FIELD, not {pair!r}")
        found.append((column.strip(), field.strip()))
    return tuple(found)


@click.command(name="import")
@click.argument("source", metavar="FILE|-")
@click.option("--format", "fmt", type=click.Choice(names("import")),
              help="The file's format [default: recognised from its content, then its name].")
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="csv: read COLUMN as the claim field FIELD (repeatable), e.g. --map Quote=text.")
@json_flag
@jsonl_flag
@pass_state
def import_(state: CliState, source: str, fmt: str | None, mapping: tuple[str, ...], as_json: bool,
            as_jsonl: bool) -> int:
    """Import claims from FILE (or - for stdin): one result per row, each row atomic on its own.

    \b
    jsonl        `apply` lines (the same as `tracker apply FILE`)
    csv          one claim per row; the header names claim fields (--map for others)
    claimreview  other fact-checkers' ClaimReview JSON-LD (an object, an array, or an
                 HTML page that embeds it): each review adds its claim with the review
                 as evidence; importing the same review again changes nothing

    Exit codes: 0 every row imported (or was already there), 1 any row failed, 2 bad usage.
    """
    from tracker.service.formats import sniff
    from tracker.service.formats.requests import ImportRequest

    one_format(("--json", as_json), ("--jsonl", as_jsonl))
    data = _read(source)
    chosen = get(fmt, "import") if fmt else sniff(source, data[:SNIFF_BYTES])
    if mapping and chosen.name != "csv":
        raise InvalidInput("--map goes with csv files")
    request = ImportRequest(name=source, mapping=_mapping(mapping), warn=_warn)
    results = []
    failed = 0
    with Progress("import", noun="rows") as progress:
        for result in chosen.load().read(state.desk(), data, request):
            failed += not result.ok
            progress.advance()
            if as_json:
                results.append(result.to_json())
                continue
            progress.clear()
            if as_jsonl:
                emit_jsonl([result.to_json()])
            else:
                click.echo(one_line(result.text()))
    if as_json:
        emit_json(results)
    if failed:
        _warn(f"{failed} row(s) of {source} were not imported (see above)")
        return ExitCode.FAILURE
    return ExitCode.OK
