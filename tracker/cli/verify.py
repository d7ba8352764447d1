"""`tracker verify`: the hash chain is whole and every claim equals the replay of its events."""

from __future__ import annotations

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, one_line
from tracker.cli.params import json_flag, pass_state
from tracker.domain.errors import ExitCode


@click.command()
@json_flag
@pass_state
def verify(state: CliState, as_json: bool) -> None:
    """Walk the hash chain and replay every claim's events against its rows.

    Exit 0 with the event count and the head hash when all is well; exit 1 naming the first
    event changed, deleted, inserted or reordered, and every claim whose rows disagree with its
    events (edited behind the tool's back).
    """
    from tracker.service.verify import verify as run

    result = run(state.desk())
    if as_json:
        emit_json(result.to_json())
    elif result.ok:
        events = f"{result.events} event" + ("" if result.events == 1 else "s")
        claims = f"{result.claims} claim" + ("" if result.claims == 1 else "s")
        click.echo(f"ok: {events}, {claims}, head {result.head or '-'}")
    else:
        for problem in result.problems:
            click.echo(f"{problem.kind}: {one_line(problem.message)}")
        click.echo(f"{len(result.problems)} problem(s) in {result.events} events; head {result.head or '-'}")
    if not result.ok:
        raise click.exceptions.Exit(ExitCode.FAILURE)
