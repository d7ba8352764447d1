"""Opening the Textual UI from the CLI: the only place the CLI reaches textual, and only when asked.

`tracker` with no command and `tracker tui` open it on the configured database;
`tracker demo` opens it on the demo database it has just built.
"""

from __future__ import annotations

import sys

import click

from tracker.cli.app import CliState
from tracker.cli.params import pass_state
from tracker.domain.errors import ExitCode, TrackerError


class NoTerminal(TrackerError):
    """The UI needs an interactive terminal."""

    exit_code = ExitCode.USAGE


def is_terminal() -> bool:
    """True when both stdin and stdout are an interactive terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_ui(state: CliState) -> None:
    """Run the triage UI on the database the global options select."""
    if not is_terminal():
        raise NoTerminal("the triage UI needs a terminal; use a command (see `tracker --help`) in scripts")
    desk = state.desk()
    from tracker.service.settings import rules

    rules(desk)  # a database that is not ready fails here with one line, before the screen is taken over
    from tracker.tui.app import run_app

    run_app(desk)


@click.command()
@pass_state
def tui(state: CliState) -> None:
    """Open the triage UI (the same as `tracker` with no command)."""
    open_ui(state)
