"""`tracker init`, `tracker demo` and `tracker rules`."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.app import CliState
from tracker.cli.output import emit_json, one_line, table
from tracker.cli.params import json_flag, pass_state


@click.command()
@json_flag
@pass_state
def init(state: CliState, as_json: bool) -> None:
    """Create the database, or upgrade its schema (safe to run again)."""
    from tracker.service.opening import init_database

    desk = state.desk(must_exist=False)
    before, after = init_database(desk)
    where = one_line(desk.where)
    if as_json:
        emit_json({"database": desk.where, "from_version": before, "schema_version": after})
    elif before is None:
        click.echo(f"created {where} (schema v{after})")
    elif before == after:
        click.echo(f"{where} is up to date (schema v{after})")
    else:
        click.echo(f"upgraded {where} from schema v{before} to v{after}")


@click.command()
@click.option("--db", "db", metavar="PATH", help="Where to build it (default tracker-demo.db here).")
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder holding the seed article, intake.json, claims.jsonl and evidence.jsonl "
                   "(default: the bundled seeds).")
@click.option("--no-ui", is_flag=True, help="Only build the database; do not open the UI.")
@click.option("--force", is_flag=True, help="Replace the demo database if it exists.")
@pass_state
def demo(state: CliState, db: str | None, seeds: Path | None, no_ui: bool, force: bool) -> None:
    """Build a fresh demo database from the seed article and the desk's work, then open the UI on it.

    Without --db the demo database is tracker-demo.db in the current folder.
    """
    from tracker.service.demo import build_demo
    from tracker.service.opening import database_file

    state.db = db or state.db or "tracker-demo.db"
    path = database_file(state.db)
    if path is not None and path.exists():
        if not force:
            raise click.UsageError(f"{path} exists; pass --force to rebuild it, or --db for another file")
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    desk = state.desk(must_exist=False)
    results = build_demo(desk, seeds)
    claims = sum(1 for r in results if r.action == "add")
    click.echo(f"demo database {one_line(desk.where)}: {claims} claims from {len(results)} seed lines", err=not no_ui)
    if not no_ui:
        from tracker.cli.ui import open_ui

        open_ui(state)


@click.group(invoke_without_command=True)
@json_flag
@click.option("--diagram", is_flag=True, help="Print the lifecycle page with its Mermaid diagram (docs/lifecycle.md).")
@click.pass_context
def rules(ctx: click.Context, as_json: bool, diagram: bool) -> None:
    """Show the lifecycle rules and the desk's rule settings (who set each, and when); `rules set KEY VALUE` changes one."""
    if ctx.invoked_subcommand is not None:
        return
    if diagram:
        from tracker.domain.diagram import lifecycle_page

        click.echo(lifecycle_page(), nl=False)
        return
    from tracker.domain.rules import RULES
    from tracker.domain.when import isoformat
    from tracker.service.settings import rules_with_changes

    state = ctx.ensure_object(CliState)
    loaded, changes = rules_with_changes(state.desk())
    settings = loaded.as_text()
    if as_json:
        emit_json({
            "settings": settings,
            "changed": {key: {"at": isoformat(change.at), "by": change.by} for key, change in changes.items()},
            "rules": [
                {"trigger": r.trigger, "from": [s.value for s in r.sources], "to": r.dest.value, "guard": r.summary}
                for r in RULES
            ],
        })
        return
    click.echo(table(["trigger", "from", "to", "guard"],
                     [[r.trigger, ", ".join(s.value for s in r.sources), r.dest.value, r.summary] for r in RULES]))
    click.echo()
    rows = []
    for key, value in settings.items():
        change = changes.get(key)
        rows.append([key, value, change.by if change else "-",
                     f"{change.at:%Y-%m-%d %H:%M} UTC" if change else "default"])
    click.echo(table(["setting", "value", "set by", "set at"], rows))


@rules.command("set")
@click.argument("key")
@click.argument("value")
@json_flag
@pass_state
def rules_set(state: CliState, key: str, value: str, as_json: bool) -> None:
    """Set one rule setting for everyone on this database.

    \b
    confirm_sources  distinct supporting sources confirm needs (default 2)
    default_expiry   deadline of a claim added without --expires, or none (default 7d)
    stale_after      no activity for this long makes an unconfirmed claim stale (default 24h)
    due_soon         a deadline within this window is due soon (default 24h)
    desk_tz          the desk's IANA time zone (default UTC)
    review_author    the desk's organisation, author of its ClaimReviews
    review_author_url  the organisation's home page
    review_url       URL template of a review: https://example.org/checks/{uuid}
    verdict_words    confirmed=True; contradicted=False (the published words)
    rating_scale     worst-best rating, e.g. 1-5
    speaker_kinds    Name=Person; Name=Organization (overrides the speaker rule)
    """
    from tracker.service.settings import set_rule

    settings = set_rule(state.desk(), key, value).as_text()
    if as_json:
        emit_json({"settings": settings})
    else:
        click.echo(f"{one_line(key)} = {one_line(settings[key])}")
