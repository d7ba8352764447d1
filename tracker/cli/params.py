"""Shared click parameters: claim references, whole numbers, output switches, the list filters, the CLI state."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from tracker.cli.app import CliState
from tracker.domain.errors import InvalidInput
from tracker.domain.inputs import MAX_ID, claim_ref

pass_state = click.make_pass_decorator(CliState)


class ClaimRefType(click.ParamType[int | str, Any]):
    """A claim id (positive integer, `12` or `#12` as `show` prints it) or uuid."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        if isinstance(value, int):
            return value
        try:
            return claim_ref(value)
        except InvalidInput as err:
            self.fail(err.message, param, ctx)


class WholeNumber(click.ParamType[int, Any]):
    """A whole number in [low, high], refused in plain words (click's IntRange says "not a valid integer range").

    `prefix` is an optional letter the number may carry as it is printed elsewhere (`v3` for a version).
    """

    name = "N"

    def __init__(self, low: int, high: int, *, what: str = "a whole number", prefix: str = "") -> None:
        self.low, self.high, self.what, self.prefix = low, high, what, prefix

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high:
            return value
        text = str(value).strip()
        if self.prefix and text[:1].lower() == self.prefix:
            text = text[1:]
        if text.isascii() and text.isdigit() and len(text) <= 20 and self.low <= int(text) <= self.high:
            return int(text)
        shown = str(value)[:40]
        self.fail(f"{self.what} from {self.low} to {self.high} is needed, not {shown!r}", param, ctx)


CLAIM = ClaimRefType()

MAX_ROWS = 10**12
"""The largest --offset (any more would be no rows at all, and past what SQLite can count)."""

json_flag = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
jsonl_flag = click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per line.")
version_option = click.option(
    "--if-version", "expected_version", type=WholeNumber(1, MAX_ID, what="a claim version (v3 or 3)", prefix="v"),
    metavar="N", help="Only act if the claim is still at version N, as `show` prints it (else exit 5).",
)


def one_format(*switches: tuple[str, bool]) -> None:
    """Refuse two output switches at once (--json, --jsonl, --csv: each is a different document)."""
    given = [name for name, on in switches if on]
    if len(given) > 1:
        raise click.UsageError(f"{' and '.join(given)} do not go together; choose one")


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
