"""The `tracker` command: global options, error handling and exit codes.

Every error leaves as one line on stderr starting `tracker:` with the documented
exit code (tracker.domain.errors.ExitCode); never a traceback (set TRACKER_DEBUG=1
to see one).
"""

from __future__ import annotations

import os
import sys

import click

from tracker.cli.app import CliState
from tracker.domain.errors import ExitCode, TrackerError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _StdoutClosed(Exception):
    """Whoever read our output went away (`tracker list | head -1`)."""


class LazyGroup(click.Group):
    """A group whose commands live in their own modules, imported only when run or listed."""

    commands_by_module = {
        "init": "tracker.cli.admin:init",
        "demo": "tracker.cli.admin:demo",
        "rules": "tracker.cli.admin:rules",
        "add": "tracker.cli.claims:add",
        "similar": "tracker.cli.similar:similar",
        "evidence": "tracker.cli.claims:evidence",
        "assign": "tracker.cli.claims:assign",
        "confirm": "tracker.cli.moves:confirm",
        "contradict": "tracker.cli.moves:contradict",
        "expire": "tracker.cli.moves:expire",
        "reopen": "tracker.cli.moves:reopen",
        "show": "tracker.cli.reading:show",
        "history": "tracker.cli.reading:history",
        "list": "tracker.cli.reading:list_",
        "apply": "tracker.cli.batch:apply",
        "extract": "tracker.cli.extract:extract",
        "export": "tracker.cli.export:export",
        "import": "tracker.cli.importing:import_",
        "bulk": "tracker.cli.bulk:bulk",
        "sweep": "tracker.cli.sweep:sweep",
        "report": "tracker.cli.report:report",
        "tui": "tracker.cli.ui:tui",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands_by_module)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # click would turn this into sys.exit(1); the reader leaving is not an error.
            raise _StdoutClosed() from None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = self.commands_by_module.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(__import__(module, fromlist=[attr]), attr)


@click.group(cls=LazyGroup, context_settings=CONTEXT, invoke_without_command=True)
@click.option("--db", metavar="PATH|URL", help="Database file or SQLAlchemy URL (env TRACKER_DB).")
@click.option("--actor", metavar="NAME", help="Who is acting, recorded in history (env TRACKER_ACTOR; default: login name).")
@click.option("--now", metavar="WHEN", help="Act as if it were this time (env TRACKER_NOW): for replaying and testing.")
@click.version_option(package_name="tracker", message="tracker %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, now: str | None) -> None:
    """tracker: log claims, gather evidence, move them through their lifecycle.

    Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 no such claim,
    4 refused by the lifecycle rules, 5 conflict (changed underneath, or locked).
    """
    ctx.obj = CliState(db=db, actor=actor, now=now)
    if ctx.invoked_subcommand is None:
        from tracker.cli.ui import is_terminal, open_ui

        if is_terminal():
            open_ui(ctx.obj)
        else:  # scripts and pipes get the help, as before
            click.echo(ctx.get_help())


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors become one `tracker:` line on stderr."""
    try:
        code = cli.main(args=argv, prog_name="tracker", standalone_mode=False)
        return code if isinstance(code, int) else ExitCode.OK
    except TrackerError as err:
        _fail(err.message)
        return err.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as err:
        _fail(err.format_message())
        return ExitCode.USAGE
    except click.ClickException as err:
        _fail(err.format_message())
        return err.exit_code
    except click.Abort:
        _fail("aborted")
        return ExitCode.FAILURE
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except (BrokenPipeError, _StdoutClosed):
        _quiet_stdout()
        return ExitCode.OK
    except Exception as err:  # the last line of defence: still one line, no traceback
        if os.environ.get("TRACKER_DEBUG"):
            raise
        _fail(f"internal error: {type(err).__name__}: {err}".splitlines()[0])
        return ExitCode.FAILURE


def _fail(message: str) -> None:
    line = " ".join(str(message).split())
    sys.stderr.write(f"tracker: {line}\n")


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
