"""`tracker link ID --duplicate-of OTHER` and `tracker unlink ID`: duplicate claims (docs/cli.md, "Duplicates")."""

from __future__ import annotations

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, note, status_word
from tracker.cli.params import CLAIM, json_flag, pass_state, version_option


@click.command()
@click.argument("claim", type=CLAIM)
@click.option("--duplicate-of", "primary", required=True, type=CLAIM, metavar="OTHER",
              help="The claim CLAIM duplicates (its primary); a duplicate's primary stands for it.")
@click.option("--reason", required=True, metavar="TEXT", help="Why (recorded in history).")
@version_option
@json_flag
@pass_state
def link(state: CliState, claim: int | str, primary: int | str, reason: str, expected_version: int | None,
         as_json: bool) -> None:
    """Record that CLAIM is a duplicate of OTHER: it then follows OTHER's confirm, contradict, expire and
    reopen, and catches up with a verdict OTHER already has. Linking to a duplicate links to its primary."""
    from tracker.service.duplicates import link_duplicate

    view = link_duplicate(state.desk(), claim, primary, reason, expected_version=expected_version)
    if as_json:
        emit_json(view.to_json())
        return
    if not view.changed and view.notice:
        note(view.notice)
    click.echo(f"claim {view.id}: duplicate of #{view.duplicate_of}, {status_word(view.status.value)}")


@click.command()
@click.argument("claim", type=CLAIM)
@click.option("--reason", required=True, metavar="TEXT", help="Why (recorded in history).")
@version_option
@json_flag
@pass_state
def unlink(state: CliState, claim: int | str, reason: str, expected_version: int | None, as_json: bool) -> None:
    """End CLAIM's duplicate link; it keeps its status and moves on its own again."""
    from tracker.service.duplicates import unlink_duplicate

    view = unlink_duplicate(state.desk(), claim, reason, expected_version=expected_version)
    if as_json:
        emit_json(view.to_json())
        return
    if not view.changed and view.notice:
        note(view.notice)
    click.echo(f"claim {view.id}: no duplicate link, {status_word(view.status.value)}")
