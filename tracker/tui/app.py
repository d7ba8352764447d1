"""The triage app: `make_app(desk)` builds it (the CLI and the tests use the same factory), `run_app` runs it.

The main screen (tracker.tui.screen) holds the views, the table and the detail pane;
this module adds the command palette entries ("claim: confirm", "view: stale", ...).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tracker.service.context import Desk
from tracker.tui.screen import MainScreen


class TriageApp(App[None]):
    """Editors' triage of the claims on one database."""

    TITLE = "tracker"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Leave tracker"),
    ]

    def __init__(self, desk: Desk, *, poll_interval: float = 1.0, page_size: int = 100) -> None:
        super().__init__()
        self.desk = desk
        self.main = MainScreen(desk, poll_interval=poll_interval, page_size=page_size)

    def action_toggle_keys(self) -> None:
        """Show the panel of every key (the footer shows the main ones), or hide it."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_default_screen(self) -> Screen:
        return self.main

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if isinstance(screen, MainScreen):
            yield from screen.commands()
        yield from super().get_system_commands(screen)


def make_app(desk: Desk, *, poll_interval: float = 1.0, page_size: int = 100) -> TriageApp:
    """The app on `desk`: what `tracker`, `tracker tui`, `tracker demo` and the tests all run."""
    return TriageApp(desk, poll_interval=poll_interval, page_size=page_size)


def run_app(desk: Desk) -> None:
    """Run the UI in this terminal until the editor quits."""
    make_app(desk).run()
