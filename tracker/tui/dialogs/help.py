"""The help screen: every key of the app, grouped (move, act, views, search, app, dialogs), scrollable.

Built from the one table of keys (`tracker.tui.keys`), the same one the footer and the palette read.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tracker.tui import keys


def key_table() -> Group:
    """The keys: a heading per group, then a table of key and what it does (one key column width for all)."""
    groups = [(title, [key for key in keys.KEYS if key.group == group and key.where != "app"
                       and key.id != "views.all"]) for group, title in keys.GROUPS]
    width = max(len(keys.keys_of(key)) for _, rows in groups for key in rows)
    parts: list[RenderableType] = []
    for title, rows in groups:
        if not rows:
            continue
        parts.append(Text(""))
        parts.append(Text(title, style="bold underline"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold", width=width)
        grid.add_column(ratio=1)
        for key in rows:
            words = Text(key.label, style="bold")
            words.append(f"  {key.help}")
            grid.add_row(Text(keys.keys_of(key)), words)
        parts.append(grid)
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """The keys; ↑ ↓ PgUp PgDn scroll, Esc or ? closes."""

    BINDINGS = keys.bindings("help")

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 100; max-width: 100%; height: 100%; max-height: 100%;
        border: thick $primary; background: $surface; }
    HelpScreen #help-title { text-style: bold; padding: 0 1; width: 1fr; }
    HelpScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Keys ({keys.keys_of(keys.KEYS_BY_ID['help.close'])} closes; ↑ ↓ PgUp PgDn scroll)",
                        id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(key_table(), id="help-keys")

    def on_mount(self) -> None:
        for body in self.query("#help-body").results(VerticalScroll):  # none when closed before it was up
            body.focus()

    def action_close(self) -> None:
        self.dismiss(None)
