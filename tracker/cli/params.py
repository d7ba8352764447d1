"""Shared click parameters: claim references, output switches, the CLI state."""

from __future__ import annotations

import click

from tracker.cli.app import CliState
from tracker.domain.errors import InvalidInput
from tracker.domain.inputs import claim_ref

pass_state = click.make_pass_decorator(CliState)


class ClaimRefType(click.ParamType):
    """A claim id (positive integer) or uuid."""

    name = "ID"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        try:
            return claim_ref(value)
        except InvalidInput as err:
            self.fail(err.message, param, ctx)


CLAIM = ClaimRefType()

json_flag = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
jsonl_flag = click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per line.")
version_option = click.option(
    "--if-version", "expected_version", type=click.IntRange(min=1), metavar="N",
    help="Only act if the claim is still at version N (else exit 5).",
)
