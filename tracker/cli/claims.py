"""`tracker add`, `tracker evidence`, `tracker assign`, `tracker edit`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, note, one_line
from tracker.cli.params import CLAIM, json_flag, pass_state, version_option

if TYPE_CHECKING:
    from tracker.service.views import ClaimView


@click.command()
@click.argument("text")
@click.option("--speaker", required=True, help="Who made the claim.")
@click.option("--said-at", metavar="WHEN", help="When it was said: ISO 8601, '2026-01-29 11:30 Washington time', 'yesterday'...")
@click.option("--source", metavar="NAME", help="The outlet that reported it.")
@click.option("--url", help="Where it was reported (http/https).")
@click.option("--expires", metavar="WHEN", help="Verification deadline or end of the claim's window ('+7d', 'never'); default: the default_expiry rule.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@click.option("--assignee", metavar="NAME", help="The editor who owns it.")
@click.option("--unique", is_flag=True, help="Add nothing (exit 5) if it reads like an open or recent claim.")
@json_flag
@pass_state
def add(state: CliState, text: str, speaker: str, said_at: str | None, source: str | None, url: str | None,
        expires: str | None, tags: tuple[str, ...], assignee: str | None, unique: bool, as_json: bool) -> None:
    """Log a new claim (unconfirmed); prints its id (the whole claim with --json).

    Warns on stderr of open or recent claims it reads like (docs/similarity.md); never refuses
    unless --unique is given."""
    from tracker.service.claims import ClaimDraft, add_claim

    draft = ClaimDraft(text=text, speaker=speaker, said_at=said_at, source=source, url=url,
                       expires_at=expires, tags=list(tags), assignee=assignee, unique=unique)
    claim = add_claim(state.desk(), draft)
    if as_json:
        emit_json({**claim.to_json(), "similar": [s.to_json() for s in claim.similar]})
    else:
        for match in claim.similar:
            click.echo(f'tracker: looks like #{match.id} "{one_line(match.quote())}" ({match.score:.2f})', err=True)
        click.echo(claim.id)


@click.command()
@click.argument("claim", type=CLAIM)
@click.option("--stance", required=True, type=click.Choice(["supports", "contradicts", "context"]),
              help="How the item bears on the claim.")
@click.option("--source", required=True, metavar="NAME", help="Where the evidence comes from.")
@click.option("--url", help="Link to it (http/https).")
@click.option("--note", metavar="TEXT", help="What it says.")
@version_option
@json_flag
@pass_state
def evidence(state: CliState, claim: int | str, stance: str, source: str, url: str | None, note: str | None,
             expected_version: int | None, as_json: bool) -> None:
    """Add an evidence item to a claim."""
    from tracker.service.claims import EvidenceDraft, add_evidence

    view = add_evidence(state.desk(), claim, EvidenceDraft(stance, source, url, note), expected_version=expected_version)
    if as_json:
        emit_json(view.to_json())
    else:
        item = view.evidence[-1]
        click.echo(f"claim {view.id}: evidence {item.id} added ({item.stance.value}, {one_line(item.source)})")


@click.command()
@click.argument("claim", type=CLAIM)
@click.argument("assignee", required=False)
@version_option
@json_flag
@pass_state
def assign(state: CliState, claim: int | str, assignee: str | None, expected_version: int | None, as_json: bool) -> None:
    """Give a claim to an editor (no name: unassign it)."""
    from tracker.service.claims import assign as run

    view = run(state.desk(), claim, assignee, expected_version=expected_version)
    unchanged(view)
    if as_json:
        emit_json(view.to_json())
    else:
        click.echo(f"claim {view.id}: assigned to {one_line(view.assignee)}" if view.assignee
                   else f"claim {view.id}: unassigned")


def unchanged(view: ClaimView) -> None:
    """Say on stderr that a change changed nothing (exit 0: the claim already is as asked)."""
    if not view.changed and view.notice:
        note(view.notice)  # inert: the notice quotes what was typed (a name with a bidi override)


@click.command()
@click.argument("claim", type=CLAIM)
@click.option("--text", help="The claim's new text.")
@click.option("--speaker", help="Who made the claim.")
@click.option("--said-at", metavar="WHEN", help="When it was said (empty: not known).")
@click.option("--source", metavar="NAME", help="The outlet that reported it (empty: none).")
@click.option("--url", help="Where it was reported (empty: none).")
@click.option("--expires", metavar="WHEN|never", help="New deadline ('+3d', '2026-02-05 18:00', 'never').")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Add a tag (repeatable).")
@click.option("--untag", "untags", multiple=True, metavar="TAG", help="Remove a tag (repeatable).")
@click.option("--reason", required=True, metavar="TEXT", help="Why (recorded in history).")
@version_option
@json_flag
@pass_state
def edit(state: CliState, claim: int | str, text: str | None, speaker: str | None, said_at: str | None,
         source: str | None, url: str | None, expires: str | None, tags: tuple[str, ...], untags: tuple[str, ...],
         reason: str, expected_version: int | None, as_json: bool) -> None:
    """Change a claim's text, speaker, said time, source, url, deadline or tags.

    History records each changed field before and after. Values equal to the current
    ones change nothing: nothing is recorded, the version stays, stderr says so (exit 0).
    """
    from tracker.service.claims import UNSET, ClaimEdit, edit_claim

    def given(value: str | None) -> object:
        return UNSET if value is None else value

    change = ClaimEdit(text=given(text), speaker=given(speaker), said_at=given(said_at), source=given(source),
                       url=given(url), expires_at=given(expires), add_tags=tags, remove_tags=untags)
    view = edit_claim(state.desk(), claim, change, reason, expected_version=expected_version)
    unchanged(view)
    if as_json:
        emit_json(view.to_json())
    elif view.changed:
        click.echo(f"claim {view.id}: edited (v{view.version})")
