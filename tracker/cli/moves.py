"""One command per trigger of the rule table (`tracker confirm`, ...), built from the table."""

from __future__ import annotations

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, status_word
from tracker.cli.params import CLAIM, json_flag, pass_state, version_option
from tracker.domain.rules import RULES_BY_TRIGGER


def _trigger_command(trigger: str) -> click.Command:
    rule = RULES_BY_TRIGGER[trigger]
    sources = " or ".join(s.value for s in rule.sources)

    help_text = (
        f"Move a claim from {sources} to {rule.dest.value}. Guard: {rule.summary}. "
        "A reason is required; --override skips the guard (never the from-state rule) and is recorded."
    )
    if rule.renews_deadline:
        help_text += (f" A claim that passed its deadline gets a fresh one (now + default_expiry) on {trigger}"
                      " unless --expires gives another.")

    @click.command(name=trigger, help=help_text)
    @click.argument("claim", type=CLAIM)
    @click.option("--reason", required=True, metavar="TEXT", help="Why (recorded in history).")
    @click.option("--override", is_flag=True, help="Skip the guard; recorded in history.")
    @version_option
    @json_flag
    @pass_state
    def command(state: CliState, claim: int | str, reason: str, override: bool, expected_version: int | None,
                as_json: bool, expires: str | None = None) -> None:
        from tracker.service.moves import apply_trigger, apply_trigger_brief

        if as_json:
            view = apply_trigger(state.desk(), claim, trigger, reason, override=override,
                                 expected_version=expected_version, expires=expires)
            emit_json(view.to_json())
        else:  # text shows only where it now stands: nothing is read back
            stamp = apply_trigger_brief(state.desk(), claim, trigger, reason, override=override,
                                        expected_version=expected_version, expires=expires)
            click.echo(f"claim {stamp.id}: {status_word(stamp.status.value)}")

    if rule.renews_deadline:
        command = click.option("--expires", metavar="WHEN",
                               help=f"New deadline for the claim after {trigger} ('+3d', 'never').")(command)
    return command


def trigger_command(trigger: str) -> click.Command:
    """The command of one trigger (the CLI builds one per rule: tracker.cli.main)."""
    return _trigger_command(trigger)
