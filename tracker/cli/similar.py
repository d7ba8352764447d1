"""`tracker similar ID`: the open or recent claims that read like a claim already logged."""

from __future__ import annotations

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, table
from tracker.cli.params import CLAIM, json_flag, pass_state


@click.command()
@click.argument("claim", type=CLAIM)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="At most this many.")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), metavar="SCORE",
              help="Lowest score listed [default: the similar_threshold rule].")
@json_flag
@pass_state
def similar(state: CliState, claim: int | str, limit: int, threshold: float | None, as_json: bool) -> None:
    """List the claims that read like CLAIM, best first (score: docs/similarity.md).

    Candidates are open claims and claims logged in the last 30 days. Exit 3 when there is no such claim."""
    from tracker.service.similar import similar_to_claim

    found = similar_to_claim(state.desk(), claim, limit=limit, threshold=threshold)
    if as_json:
        emit_json([match.to_json_full() for match in found])
        return
    if not found:
        click.echo("no similar claims")
        return
    click.echo(table(["id", "score", "status", "claim"],
                     [[str(m.id), f"{m.score:.2f}", m.status.value, m.text] for m in found], stretch=3))
