"""`tracker show`, `tracker history`, `tracker list`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, emit_jsonl, note, one_line, safe, status_word, table
from tracker.cli.params import CLAIM, MAX_ROWS, WholeNumber, json_flag, jsonl_flag, list_filters, one_format, pass_state

if TYPE_CHECKING:
    from tracker.service.views import ClaimView


def _clock(state: CliState) -> tuple[str, datetime]:
    """The desk zone and now: text outputs show times on the desk's clock."""
    from tracker.service.settings import rules

    desk = state.desk()
    return rules(desk).desk_tz, desk.now()


as_of_option = click.option("--as-of", "as_of", metavar="WHEN",
                            help="As it stood at WHEN ('2026-01-30 14:00', 'yesterday 18:00'), from the history.")


@click.command()
@click.argument("claim", type=CLAIM)
@as_of_option
@json_flag
@pass_state
def show(state: CliState, claim: int | str, as_of: str | None, as_json: bool) -> None:
    """Show one claim with its evidence (--as-of: as it stood then)."""
    if as_of is not None:
        from tracker.service.asof import show_as_of

        view = show_as_of(state.desk(), claim, as_of)
    else:
        from tracker.service.showing import show as load

        view = load(state.desk(), claim)
    if as_json:
        emit_json(view.to_json())
        return
    from tracker.domain.when.show import desk_stamp, said_stamp

    tz, now = _clock(state)
    said = said_stamp(view.said_at, view.said_tz, tz, precision=getattr(view, "said_precision", None),
                      phrase=getattr(view, "said_phrase", None), ref=now)
    click.echo(f"#{view.id}  {status_word(view.status.value)}  v{view.version}  {one_line(view.uuid)}")
    click.echo(safe(view.text))
    click.echo(f"  speaker:   {one_line(view.speaker)}")
    click.echo(f"  said:      {one_line(said)}")
    click.echo(f"  source:    {one_line(view.source or '-')}  {one_line(view.url or '')}".rstrip())
    click.echo(f"  expires:   {desk_stamp(view.expires_at, tz, ref=now)}")
    click.echo(f"  assignee:  {one_line(view.assignee or '-')}")
    click.echo(f"  tags:      {one_line(', '.join(view.tags) or '-')}")
    click.echo(f"  activity:  {desk_stamp(view.last_activity_at, tz, ref=now)}")
    if view.duplicate_of is not None:
        click.echo(f"  duplicate of #{view.duplicate_of}")
    if view.duplicates:
        noun = "duplicate" if len(view.duplicates) == 1 else "duplicates"
        click.echo(f"  {len(view.duplicates)} {noun}: {', '.join(f'#{d}' for d in view.duplicates)}")
    if view.evidence:
        click.echo("evidence:")
        for item in view.evidence:
            click.echo(f"  [{item.id}] {item.stance.value:<11} {one_line(item.source)}"
                       f"{'  ' + one_line(item.url) if item.url else ''}")
            if item.note:
                click.echo(f"      {one_line(item.note)}")


@click.command()
@click.argument("claim", type=CLAIM)
@as_of_option
@json_flag
@jsonl_flag
@pass_state
def history(state: CliState, claim: int | str, as_of: str | None, as_json: bool, as_jsonl: bool) -> None:
    """Show a claim's history, oldest first (--as-of: up to then)."""
    one_format(("--json", as_json), ("--jsonl", as_jsonl))
    if as_of is not None:
        from tracker.service.asof import history_as_of

        _, events = history_as_of(state.desk(), claim, as_of)
    else:
        from tracker.service.showing import history as load

        _, events = load(state.desk(), claim)
    if as_json:
        emit_json([e.to_json() for e in events])
    elif as_jsonl:
        emit_jsonl(e.to_json() for e in events)
    else:
        from tracker.domain.when.show import plain_stamp

        tz, _ = _clock(state)
        rows = []
        for e in events:
            move = f"{e.from_status.value if e.from_status else ''}→{e.to_status.value}" if e.to_status else ""
            extra = ", ".join(f"{k}={v}" for k, v in e.detail.items())
            reason = (e.reason or "") + (f" [{extra}]" if extra else "") + (" (override)" if e.override else "")
            rows.append([plain_stamp(e.at, tz), e.actor, e.action, move, reason])
        click.echo(table([f"at ({tz})", "actor", "action", "move", "reason"], rows, stretch=4))


MAX_LIST = 100_000
"""The most rows one `list` prints."""

SORT_KEYS = ["id", "activity", "created", "said", "expires", "speaker", "status"]


@click.command(name="list")
@list_filters
@click.option("--sort", type=click.Choice(SORT_KEYS + [f"-{k}" for k in SORT_KEYS] + ["relevance"]), default=None,
              help="Sort key; a leading - sorts descending. Default: -id; with --search: relevance; with --stale: "
                   "activity (least recently active first); with --due-soon: expires (earliest deadline first).")
@click.option("--limit", type=WholeNumber(1, MAX_LIST), default=50, show_default=True,
              help=f"Rows to show (up to {MAX_LIST:,}); stderr says when more match.")
@click.option("--offset", type=WholeNumber(0, MAX_ROWS), default=0, help="Skip this many rows first (the next page).")
@click.option("--with-duplicates", is_flag=True,
              help="Also list claims linked as duplicates of another (hidden by default: their primary stands for them).")
@as_of_option
@json_flag
@jsonl_flag
@click.option("--csv", "as_csv", is_flag=True,
              help="Print CSV for a spreadsheet (the columns of `export --format csv`).")
@pass_state
def list_(state: CliState, filters: dict[str, Any], sort: str | None, limit: int, offset: int,
          with_duplicates: bool, as_of: str | None, as_json: bool, as_jsonl: bool, as_csv: bool) -> None:
    """List claims, filtered and sorted in the database (--as-of: as they stood then).

    Claims linked as duplicates of another are left out unless --with-duplicates is given. When more
    claims match than were shown, a note on stderr says how to see them.
    """
    from tracker.service.reading import ListQuery, default_order, list_page

    one_format(("--json", as_json), ("--jsonl", as_jsonl), ("--csv", as_csv))
    if sort:
        key, descending = sort.lstrip("-"), sort.startswith("-")
    elif filters["search"] and not (filters["stale"] or filters["due_soon"]):
        key, descending = "relevance", True
    else:
        key, descending = default_order(stale=filters["stale"], due_soon=filters["due_soon"])
    query = ListQuery(**filters, sort=key, descending=descending, limit=limit, offset=offset,
                      hide_duplicates=not with_duplicates)
    if as_csv:
        if as_of is not None:
            raise click.UsageError("--csv does not take --as-of")
        from tracker.cli.output import emit_text
        from tracker.service.formats import get
        from tracker.service.formats.requests import ExportRequest
        from tracker.service.selection import Selection

        request = ExportRequest(Selection(query, paged=True))
        emit_text(get("csv", "export").load().export(state.desk(), request))
        return
    if as_of is not None:
        from tracker.service.asof import list_as_of

        found = list_as_of(state.desk(), query, as_of)
    else:
        found = list_page(state.desk(), query)
    rows = found.rows
    if as_json:
        emit_json([r.to_json(with_evidence=False) for r in rows])
    elif as_jsonl:
        emit_jsonl(r.to_json(with_evidence=False) for r in rows)
    else:
        _list_table(state, rows)
    if found.more:
        first, last = offset + 1, offset + len(rows)
        note(f"showing claims {first}-{last}; more match: --offset {last} shows the next page, "
             f"--limit N shows up to N at once (at most {MAX_LIST:,}), or narrow the filters")


def _list_table(state: CliState, rows: list[ClaimView]) -> None:
    from tracker.domain.when.show import desk_stamp

    tz, now = _clock(state)
    click.echo(table(
        ["id", "status", "speaker", "claim", "expires", "+/-"],
        [[str(r.id), r.status.value, r.speaker, r.text, desk_stamp(r.expires_at, tz, ref=now),
          f"{r.stances.get('supports', 0)}/{r.stances.get('contradicts', 0)}"] for r in rows],
        stretch=3,
    ))
