"""`tracker sweep`: expire every open claim whose deadline has passed (for cron; docs/report.md)."""

from __future__ import annotations

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, one_line, table
from tracker.cli.params import MAX_ROWS, WholeNumber, json_flag, pass_state
from tracker.cli.progress import Progress


@click.command()
@click.option("--now", metavar="WHEN", help="Sweep as if it were this time (same as the global --now).")
@click.option("--dry-run", is_flag=True, help="Show what would expire; change nothing.")
@click.option("--limit", type=WholeNumber(0, MAX_ROWS), default=50, show_default=True,
              help="Rows shown per table in text output (0: all); --json always lists all.")
@json_flag
@pass_state
def sweep(state: CliState, now: str | None, dry_run: bool, limit: int, as_json: bool) -> None:
    """Fire `expire` on every unconfirmed or confirmed claim whose deadline has passed.

    Each claim goes through the lifecycle rules and gets a history event (actor `system`, reason
    naming the deadline). Safe while editors work: a claim changed since it was selected is skipped
    and reported, never overwritten. A second run changes nothing. Exit 0 even when claims were skipped.
    """
    from tracker.domain.when.show import plain_stamp
    from tracker.service.settings import rules
    from tracker.service.sweep import sweep as run

    if now is not None:
        state.now = now
    desk = state.desk()
    with Progress("sweep", noun="claims", streams_stdout=False) as progress:
        def step(done: int, total: int) -> None:
            progress.total = total
            progress.set(done)

        # Text shows `limit` rows: a dry run then reads only those and counts the rest in SQL.
        result = run(desk, dry_run=dry_run, preview=limit if dry_run and limit and not as_json else None,
                     on_progress=step)
    if as_json:
        emit_json(result.to_json())
        return
    tz = rules(desk).desk_tz
    verb = "would expire" if dry_run else "expired"
    stamp = plain_stamp(result.now, tz)
    click.echo(f"{verb} {result.count} claim{'' if result.count == 1 else 's'} "
               f"(deadline at or before {stamp}, {one_line(tz)})"
               + (f"; skipped {len(result.skipped)}" if result.skipped else ""))
    shown = result.expired if limit == 0 else result.expired[:limit]
    if shown:
        click.echo(table(
            ["id", "was", "deadline", "version"],
            [[str(e.id), e.from_status.value, plain_stamp(e.expires_at, tz), str(e.version)]
             for e in shown],
        ))
        if len(shown) < result.count:
            click.echo(f"… and {result.count - len(shown)} more (--limit 0 or --json lists all)")
    if result.skipped:
        click.echo("skipped (changed underneath or refused; left as the editor left them):")
        skipped = result.skipped if limit == 0 else result.skipped[:limit]
        click.echo(table(["id", "reason"], [[str(s.id), one_line(s.reason)] for s in skipped], stretch=1))
        if len(skipped) < len(result.skipped):
            click.echo(f"… and {len(result.skipped) - len(skipped)} more (--limit 0 or --json lists all)")
