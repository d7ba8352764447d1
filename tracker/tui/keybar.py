"""The footer: the keys that apply right now, the most important ones kept at every width.

Read from the one table of keys (`tracker.tui.keys`): each key with a footer `rank` that the screen
offers right now (its `check_action`) is a candidate; candidates are taken by rank until the width
is used up, and shown in table order. So at 80 columns `? Keys`, `q Quit`, confirm, contradict or
reopen (as the claim allows), `v Evidence`, `a Add` and `1-7 Views` stay, and the rest give way
first (expire, which the sweep does by itself, and `/ Search`, which the search bar names anyway).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tracker.tui import keys
from tracker.tui.keys import Key

GAP = 2


class KeyTab(Static):
    """One key and its label; a click runs it."""

    DEFAULT_CSS = """
    KeyTab { width: auto; padding: 0 1 0 0; margin: 0 1 0 0; }
    KeyTab:hover { background: $boost; }
    """

    def __init__(self, key: Key) -> None:
        super().__init__(id=f"key-{key.id.replace('.', '-')}")
        self.key = key
        text = Text(keys.keys_of(key).split(" ")[0], style="bold")
        text.append(f" {key.label}")
        self.text = text
        self.update(text)

    @property
    def cells(self) -> int:
        return self.text.cell_len + GAP

    async def on_click(self, event: events.Click) -> None:
        await self.screen.run_action(self.key.action)


class KeyBar(Horizontal):
    """The footer of the main screen."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text; }
    KeyBar > KeyTab.-hidden { display: none; }
    """

    def __init__(self, offered: Callable[[Key], bool]) -> None:
        super().__init__(id="keybar")
        self.offered = offered
        self.ranked = [key for key in keys.KEYS if key.rank is not None]

    def compose(self) -> ComposeResult:
        for key in self.ranked:
            yield KeyTab(key)

    def on_resize(self) -> None:
        self.update_keys()

    def on_mount(self) -> None:
        self.update_keys()

    def update_keys(self) -> None:
        """Show the offered keys that fit, most important first."""
        tabs = list(self.query(KeyTab))
        room = self.size.width or self.app.size.width
        chosen: set[str] = set()
        for tab in sorted(tabs, key=lambda t: t.key.rank or 0):
            if self.offered(tab.key) and tab.cells <= room:
                chosen.add(tab.key.id)
                room -= tab.cells
        for tab in tabs:
            tab.set_class(tab.key.id not in chosen, "-hidden")

    def shown(self) -> list[str]:
        """The ids of the keys on show (for tests)."""
        return [tab.key.id for tab in self.query(KeyTab) if not tab.has_class("-hidden")]
