"""The `tracker` command: global options, error handling and exit codes.

Every error leaves as one line on stderr starting `tracker:` with the documented
exit code (tracker.domain.errors.ExitCode); never a traceback (set TRACKER_DEBUG=1
to see one).
"""

from __future__ import annotations

import os
import sys
import weakref
from typing import Any

import click

from tracker.cli.app import CliState
from tracker.domain.errors import ExitCode, TrackerError
from tracker.domain.rules import TRIGGERS

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
        "link": "tracker.cli.duplicates:link",
        "unlink": "tracker.cli.duplicates:unlink",
        "evidence": "tracker.cli.claims:evidence",
        "assign": "tracker.cli.claims:assign",
        "edit": "tracker.cli.claims:edit",
        **{trigger: "tracker.cli.moves:trigger_command" for trigger in TRIGGERS},
        "show": "tracker.cli.reading:show",
        "history": "tracker.cli.reading:history",
        "list": "tracker.cli.reading:list_",
        "apply": "tracker.cli.batch:apply",
        "extract": "tracker.cli.extract:extract",
        "export": "tracker.cli.export:export",
        "verify": "tracker.cli.verify:verify",
        "import": "tracker.cli.importing:import_",
        "bulk": "tracker.cli.bulk:bulk",
        "sweep": "tracker.cli.sweep:sweep",
        "report": "tracker.cli.report:report",
        "tui": "tracker.cli.ui:tui",
        "completion": "tracker.cli.completion:completion",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands_by_module)

    def invoke(self, ctx: click.Context) -> Any:
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
        if name in TRIGGERS:
            from tracker.cli.moves import trigger_command

            return with_global_options(trigger_command(name))
        command: click.Command = getattr(__import__(module, fromlist=[attr]), attr)
        return with_global_options(command)


GLOBAL_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--db", "db", "PATH|URL"),
    ("--actor", "actor", "NAME"),
    ("--now", "now", "WHEN"),
)
"""The options accepted before the command and, the same, after it (`tracker list --db x`)."""


_WITH_GLOBALS: weakref.WeakSet[click.Command] = weakref.WeakSet()
"""Commands that already accept the global options after their name."""


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None and param.name is not None:
        setattr(ctx.ensure_object(CliState), param.name, value)


def with_global_options(command: click.Command) -> click.Command:
    """`command` (and its subcommands) also accepting --db, --actor and --now after its name.

    They are hidden in the command's own help (the main help lists them) and set the same state
    as before the command; a command with an option of its own by that name keeps its own.
    """
    if command in _WITH_GLOBALS:
        return command
    taken = {opt for param in command.params for opt in getattr(param, "opts", [])}
    for flag, name, metavar in GLOBAL_OPTIONS:
        if flag not in taken:
            command.params.append(click.Option([flag, name], metavar=metavar, hidden=True, expose_value=False,
                                               callback=_remember, is_eager=True))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_global_options(sub)
    _WITH_GLOBALS.add(command)
    return command


@click.group(cls=LazyGroup, context_settings=CONTEXT, invoke_without_command=True)
@click.option("--db", metavar="PATH|URL", help="Database file or SQLAlchemy URL (env TRACKER_DB).")
@click.option("--actor", metavar="NAME", help="Who is acting, recorded in history (env TRACKER_ACTOR; default: login name).")
@click.option("--now", metavar="WHEN", help="Act as if it were this time (env TRACKER_NOW): for replaying and testing.")
@click.version_option(package_name="tracker", message="tracker %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, now: str | None) -> None:
    """tracker: log claims, gather evidence, move them through their lifecycle.

    Global options may also come after the command (`tracker list --db desk.db`).
    Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 no such claim,
    4 refused by the lifecycle rules, 5 conflict (changed underneath, or locked).
    Shell completion: `tracker completion bash|zsh|fish`.
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
    from tracker.domain.display import visible_line

    sys.stderr.write(f"tracker: {visible_line(message)}\n")


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
