"""`tracker extract`: propose the claims in a news article (plain text or HTML; a file or - for stdin).

Needs no database. Prints a numbered table; `--jsonl` prints `add` lines for `tracker apply`;
`--json` one document with every field (docs/cli.md, docs/intake.md).
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from tracker.cli.app import CliState
from tracker.cli.output import clip, emit_json, emit_jsonl, one_line, table
from tracker.cli.params import json_flag, jsonl_flag, pass_state
from tracker.cli.progress import Progress
from tracker.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tracker.service.intake import Intake, Stamp


@click.command()
@click.argument("article", metavar="FILE|-")
@click.option("--published", metavar="WHEN",
              help="When the article was published (default: its dateline or 'Updated' line). A time without "
                   "a zone is read in the dateline's zone, else UTC.")
@click.option("--source", metavar="NAME", help="The outlet (default: the page's site name or credit line).")
@click.option("--url", help="Where the article is (default: the page's canonical URL).")
@jsonl_flag
@json_flag
@pass_state
def extract(state: CliState, article: str, published: str | None, source: str | None, url: str | None,
            as_jsonl: bool, as_json: bool) -> None:
    """Propose the attributed, checkable claims in a news article.

    \b
    tracker extract story.txt --published "2026-01-30 07:00 Kyiv time"
    tracker extract story.html --jsonl | tracker apply -
    """
    import os

    from tracker.service.intake import MAX_BYTES, add_line, extract_article, read_now

    if as_json and as_jsonl:
        raise click.UsageError("give --json or --jsonl, not both")
    data = _read(article, MAX_BYTES)
    name = "stdin" if article == "-" else article
    with Progress("extract", noun="paragraphs", streams_stdout=False) as progress:
        def advance(done: int, total: int) -> None:
            progress.total = total
            progress.set(done)

        intake = extract_article(data, name=name, published=published, source=source, url=url,
                                 now=read_now(state.now or os.environ.get("TRACKER_NOW")), progress=advance)
    for note in intake.notes:
        click.echo(f"tracker: note: {one_line(note)}", err=True)
    if as_json:
        emit_json(intake.to_json())
    elif as_jsonl:
        emit_jsonl(add_line(intake, p) for p in intake.proposals)
    elif not intake.proposals:
        click.echo("no claims found")
    else:
        click.echo(one_line(_header(intake)))  # the page's title is the article's text: shown inert
        rows = [[str(i), clip(p.speaker, 24), _when(p.said_at), _when(p.expires_at) if p.expires_at else "",
                 p.via or "", f"{p.confidence:.2f}", p.statement] for i, p in enumerate(intake.proposals, 1)]
        click.echo(table(["#", "speaker", "said", "until", "via", "conf", "statement"], rows, stretch=6))


def _read(article: str, limit: int) -> bytes:
    try:
        if article == "-":
            return sys.stdin.buffer.read(limit + 1)
        with open(article, "rb") as stream:
            return stream.read(limit + 1)
    except OSError as err:
        raise InvalidInput(f"cannot read {article}: {err.strerror or err}") from None


def _when(stamp: Stamp | None) -> str:
    if stamp is None:
        return ""
    try:
        local: datetime = stamp.at.astimezone(ZoneInfo(stamp.tz))
    except (KeyError, ValueError):
        local = stamp.at
    place = stamp.tz.rsplit("/", 1)[-1].replace("_", " ")
    if stamp.precision == "day":
        text = f"{local:%d %b}"
    elif stamp.precision == "part_of_day":
        text = f"{local:%d %b} ~{local:%H:%M}"
    else:
        text = f"{local:%d %b %H:%M}"
    return f"{text} {place}" + ("*" if stamp.inferred else "")


def _header(intake: Intake) -> str:
    article = intake.extraction.article
    parts = [article.title or "article"]
    if intake.published is not None:
        parts.append("published " + _when(intake.published).rstrip("*"))
    if intake.source:
        parts.append("source " + intake.source)
    parts.append(f"{len(intake.proposals)} claims (* said-time inferred from elsewhere in the article)")
    return " · ".join(parts)
