"""The triage app: `make_app(desk)` builds it (the CLI and the tests use the same factory), `run_app` runs it.

The main screen (tracker.tui.screen) holds the views, the table and the detail pane; this module
adds the command palette entries ("claim: confirm", "view: stale", ...), read from the one table of
keys (tracker.tui.keys) as the footer and the help screen are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tracker.service.context import Desk
from tracker.tui import keys, standing
from tracker.tui.dialogs.form import TYPEAHEAD, Form
from tracker.tui.screen import MainScreen


class TriageApp(App[None]):
    """Editors' triage of the claims on one database."""

    TITLE = "tracker"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = keys.bindings("app")

    def __init__(self, desk: Desk, *, poll_interval: float = 1.0, page_size: int = 100) -> None:
        super().__init__()
        self.desk = desk
        self.main = MainScreen(desk, poll_interval=poll_interval, page_size=page_size)
        self._key_screens: dict[int, tuple[Screen[Any], Widget | None]] = {}
        """The screen, and the widget with focus, each key from the terminal was first sent to (`_on_key`)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if len(self._key_screens) > 1000:
                self._key_screens.clear()
            self._key_screens[id(event)] = (self.screen, self.focused)
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key that went to one screen and came back unused after a form opened over it (typed right after
        the key that opened the form, in one burst) is typed into the form, not dropped (nor run as a key of
        the list below). App's own handler (next in the MRO) runs the bindings otherwise."""
        origin, origin_focus = self._key_screens.pop(id(event), (None, None))
        screen = self.screen
        if origin is not None and origin is not screen and isinstance(screen, Form) and (
                event.is_printable or event.key in TYPEAHEAD):
            event.prevent_default()
            screen.type_ahead(event)
            return
        # The same for the search box: "/" focuses it, and the letters typed after it in the same burst
        # were already on their way to the list, where "e" or "c" would run a move. They are typed there.
        box = self.focused
        if origin is screen and isinstance(box, Input) and origin_focus is not box and event.is_printable \
                and event.character is not None:
            event.prevent_default()
            box.insert_text_at_cursor(event.character)

    def get_default_screen(self) -> Screen[Any]:
        return self.main

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if isinstance(screen, MainScreen):
            yield from commands(screen)
        yield from super().get_system_commands(screen)


def commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """The palette's entries for the main screen ("claim: confirm", "view: stale", ...), as the keys allow."""
    for key in keys.in_place("main"):
        if not key.palette or not screen.offered(key):
            continue
        action, params = keys.parse(key.action)
        namespace = key.id.split(".")[0]
        title = f"{namespace}: {key.label.lower()}"
        help_text = f"{key.help} (key {keys.key_of(key.id)})"
        claim = screen.current
        if action == "trigger" and claim is not None and claim.id == getattr(screen.target(), "id", None) \
                and not screen.marked:
            judged = standing.move(claim, screen.settings, screen.desk.now(), str(params[0]))
            if judged.refusal:
                help_text = f"#{claim.id}: refused now ({screen.words(judged.refusal)}); override possible (key {keys.key_of(key.id)})"
            else:
                help_text = f"#{claim.id}: allowed now. {help_text}"
        yield SystemCommand(title, help_text, partial(screen.run_action, key.action))


def make_app(desk: Desk, *, poll_interval: float = 1.0, page_size: int = 100) -> TriageApp:
    """The app on `desk`: what `tracker`, `tracker tui`, `tracker demo` and the tests all run."""
    return TriageApp(desk, poll_interval=poll_interval, page_size=page_size)


def run_app(desk: Desk) -> None:
    """Run the UI in this terminal until the editor quits."""
    make_app(desk).run()
