"""The row of views with live counts: `1 All 39  2 Unconfirmed 12 ...`; click or press the digit to switch."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from tracker.service.reading import ViewCounts
from tracker.tui.viewdefs import VIEWS, View


def compact(count: int) -> str:
    """A count in at most four characters, for a narrow terminal: ``9999``, ``55k``, ``100k``, ``1.2M``."""
    if count < 10_000:
        return str(count)
    if count < 999_500:
        return f"{round(count / 1000)}k"
    millions = count / 1_000_000
    return f"{millions:.1f}M" if millions < 9.95 else f"{round(millions)}M"


class ViewTab(Static):
    """One view's key, label and count."""

    DEFAULT_CSS = """
    ViewTab { width: auto; padding: 0 1; color: $text-muted; }
    ViewTab:hover { background: $boost; }
    ViewTab.-active { background: $primary; color: $text; text-style: bold; }
    """

    def __init__(self, view: View) -> None:
        super().__init__(id=f"view-{view.name}")
        self.view = view
        self.count: int | None = None
        self.narrow = False
        self.words = 0
        """Cells of the label and count."""
        self.show_label()

    def show_label(self) -> None:
        text = Text()
        text.append(self.view.key, style="bold")
        text.append(f" {self.view.short if self.narrow and self.view.short else self.view.label}")
        shown = " …" if self.count is None else f" {compact(self.count) if self.narrow else self.count}"
        text.append(shown, style="bold")
        self.words = text.cell_len
        self.update(text)

    def on_click(self) -> None:
        self.post_message(ViewBar.Chosen(self.view))


class ViewBar(Horizontal):
    """All seven views; the active one highlighted."""

    DEFAULT_CSS = """
    ViewBar { height: 1; width: 1fr; background: $panel; }
    ViewBar.-tight > ViewTab { padding: 0 0 0 1; }
    """

    class Chosen(Message):
        """A view was clicked."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    NARROW = 108
    """Below this many cells the views show short labels (`2 Unconf 11`), so all seven fit in 80."""

    def compose(self) -> ComposeResult:
        for view in VIEWS:
            yield ViewTab(view)

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW
        if self.has_class("-narrow") != narrow:
            self.set_class(narrow, "-narrow")
            for tab in self.query(ViewTab):
                tab.narrow = narrow
                tab.show_label()
        self._fit()

    def _fit(self) -> None:
        """One space between the tabs instead of two when the seven do not fit otherwise (big counts)."""
        width = self.size.width or self.app.size.width
        wanted = sum(tab.words + 2 for tab in self.query(ViewTab))
        self.set_class(wanted > width, "-tight")

    def set_active(self, view: View) -> None:
        for tab in self.query(ViewTab):
            tab.set_class(tab.view is view, "-active")

    def set_counts(self, counts: ViewCounts) -> None:
        for tab in self.query(ViewTab):
            tab.count = tab.view.count(counts)
            tab.show_label()
        self._fit()
