"""Opening the Textual UI from the CLI: the only place the CLI reaches textual, and only when asked."""

from __future__ import annotations

from tracker.cli.app import CliState


def open_ui(state: CliState) -> None:
    """Run the triage UI on the database the global options select."""
    from tracker.tui.app import run_app

    run_app(state.desk())
