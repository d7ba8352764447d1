"""`tracker bulk ACTION [IDS]... [filters]`: one action on many claims, each claim's change atomic on its own."""

from __future__ import annotations

import sys
from typing import Any

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, emit_jsonl, one_line
from tracker.cli.params import CLAIM, json_flag, jsonl_flag, list_filters, pass_state
from tracker.domain.errors import ExitCode, InvalidInput
from tracker.service.bulk_actions import names


def _warn(message: str) -> None:
    sys.stderr.write(f"tracker: {' '.join(message.split())}\n")


def _clip(text: str, width: int = 60) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.argument("action", type=click.Choice(names()), metavar="ACTION")
@click.argument("claims", nargs=-1, type=CLAIM, metavar="[ID]...")
@list_filters(tag_option="--tagged")
@click.option("--to", "to", metavar="NAME", help="assign: the editor ('' unassigns).")
@click.option("--tag", "tag_value", metavar="T", help="tag / untag: the tag to add or remove.")
@click.option("--reason", required=True, metavar="TEXT", help="Why (recorded in history).")
@click.option("--all", "everything", is_flag=True, help="Act on every claim when no filter or ID is given.")
@click.option("--dry-run", is_flag=True, help="Only show how many would change, and which.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before acting on more than one claim.")
@json_flag
@jsonl_flag
@pass_state
def bulk(state: CliState, action: str, claims: tuple[int | str, ...], filters: dict[str, Any], to: str | None,
         tag_value: str | None, reason: str, everything: bool, dry_run: bool, yes: bool, as_json: bool,
         as_jsonl: bool) -> int:
    """Apply ACTION to every claim the filters (and IDs) select: confirm, contradict, expire, reopen, assign, tag, untag.

    Shows how many claims would change and which (--dry-run stops there), asks before acting on
    more than one claim when stdin is a terminal (unless --yes), then changes each claim on its
    own, through the lifecycle rules, at the version it had when selected. One result line per
    claim. Exit codes: 0 every claim changed (or was already so), 1 any was refused or failed
    (named on stderr), 2 bad usage, 3 an ID names no claim.
    """
    from tracker.service.bulk import apply_bulk, plan_bulk
    from tracker.service.reading import ListQuery
    from tracker.service.selection import Selection

    query = ListQuery(**filters)
    selection = Selection(query, refs=claims or None)
    if not claims and not selection.filtered and not everything:
        raise InvalidInput("select claims with IDs or list filters (--status, --tag, ...), or pass --all")
    value = _value(action, to, tag_value)
    desk = state.desk()
    plan = plan_bulk(desk, selection, action, value=value, reason=reason)
    changing = plan.changing
    if dry_run:
        if as_json:
            emit_json(plan.to_json())
        elif as_jsonl:
            emit_jsonl(plan.to_json()["claims"])
        else:
            _show_plan(plan, sys.stdout.write)
        return ExitCode.OK
    if len(changing) > 1 and not yes and sys.stdin.isatty():
        _show_plan(plan, sys.stderr.write)
        if not click.confirm(f"{action} {len(changing)} claims?", default=False, err=True):
            _warn("nothing changed")
            return ExitCode.FAILURE
    results = list(apply_bulk(desk, plan))
    for result in results:
        if as_jsonl:
            emit_jsonl([result.to_json()])
        elif not as_json:
            click.echo(_line(result))
    if as_json:
        emit_json([r.to_json() for r in results])
    failed = [r for r in results if not r.ok]
    if failed:
        ids = ", ".join(str(r.id) for r in failed)
        _warn(f"{len(failed)} of {len(results)} claim(s) were not changed ({ids}): see above")
        return ExitCode.FAILURE
    return ExitCode.OK


def _value(action: str, to: str | None, tag: str | None) -> str | None:
    """The action's value, from the one option that goes with it (--to or --tag)."""
    from tracker.service.bulk_actions import ACTIONS

    takes = {a.name: a.takes for a in ACTIONS}.get(action)
    for given, option, kind in ((to, "--to", "to"), (tag, "--tag", "tag")):
        if given is not None and takes != kind:
            users = " and ".join(a.name for a in ACTIONS if a.takes == kind)
            raise InvalidInput(f"{option} goes with {users}, not {action}")
    return to if takes == "to" else tag


def _show_plan(plan: Any, write: Any) -> None:
    """`12 claim(s) selected; 10 would change:` then one line per claim."""
    head = f"{len(plan.claims)} claim(s) selected; {len(plan.changing)} would change"
    write(head + (":\n" if plan.claims else "\n"))
    for p in plan.claims:
        verb = {"change": f"would {plan.action}", "unchanged": "unchanged", "refused": "would be refused"}[p.outcome]
        why = f": {one_line(p.reason)}" if p.reason else ""
        write(f"  claim {p.id} ({p.status}) {verb}{why}  {_clip(p.text)}\n")


def _line(result: Any) -> str:
    if result.ok:
        return f"claim {result.id}: {result.outcome}, now {result.status} (v{result.version})"
    return f"claim {result.id}: {result.outcome}: {one_line(result.error)}"
