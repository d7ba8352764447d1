"""Shared click parameters: claim references, output switches, the list filters, the CLI state."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

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


FILTER_KEYS = ("statuses", "tag", "assignee", "search", "stale", "due_soon")
"""The `ListQuery` fields the shared list filters fill (tracker.service.reading.ListQuery)."""


def list_filters(command: Callable[..., Any] | None = None, *,
                 tag_option: str = "--tag") -> Callable[..., Any]:
    """The list filters (--status, --tag, --assignee, --search, --stale, --due-soon), declared once.

    `list`, `export` and `bulk` share them: the command receives one `filters` argument, a dict of
    `ListQuery` fields (`ListQuery(**filters)`), instead of six. `bulk`, whose `--tag` names the tag
    to add or remove, takes the tag filter as `--tagged` (``@list_filters(tag_option="--tagged")``).
    """
    if command is None:
        return functools.partial(list_filters, tag_option=tag_option)
    from tracker.domain.status import Status

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        filters = {key: kwargs.pop(key) for key in FILTER_KEYS}
        filters["statuses"] = tuple(Status(s) for s in filters["statuses"])
        return command(*args, filters=filters, **kwargs)

    options = [
        click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in Status]),
                     help="Only this status (repeatable)."),
        click.option(tag_option, "tag", help="Only claims with this tag."),
        click.option("--assignee", help="Only claims assigned to this editor."),
        click.option("--search", metavar="TEXT",
                     help="Only claims matching every word of TEXT (text, speaker, tags, source, evidence)."),
        click.option("--stale", is_flag=True,
                     help="Only stale claims (unconfirmed, no activity within stale_after)."),
        click.option("--due-soon", is_flag=True, help="Only open claims whose deadline is within due_soon (or past)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
