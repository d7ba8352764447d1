"""The frame every dialog shares: a title, a body that scrolls, and buttons that always stay in view.

On a short terminal (80x24) the body scrolls (with the keyboard: the focused field is scrolled into
view) while the title and the buttons stay put, so a dialog is never cut off.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from tracker.service.views import ClaimView
from tracker.tui import fmt, keys
from tracker.tui.safe import clip, literal
from tracker.tui.standing import supporting

T = TypeVar("T")

CHROME = 2 + 2 + 1 + 3
"""Rows a dialog needs besides its body: border, padding, title, buttons."""


def claim_line(claim: ClaimView, width: int = 300) -> Text:
    """``#16 unconfirmed  Speaker`` and the claim's text on the next line."""
    line = Text(f"#{claim.id} ", style="bold")
    line.append_text(fmt.status(claim.status))
    line.append("  ")
    line.append_text(clip(claim.speaker, 40, "italic"))
    line.append("\n")
    line.append_text(literal(claim.text))
    return line


def sources_note(claim: ClaimView) -> Text:
    """``Supporting evidence so far: The Telegraph (2 items)``, and that one outlet counts once."""
    tally = supporting(claim)
    if not tally:
        return Text("No supporting evidence yet.")
    text = Text("Supporting evidence so far: ")
    for i, source in enumerate(tally):
        if i:
            text.append(", ")
        text.append_text(literal(source.name, "bold", one_line=True))
        text.append(f" ({source.items} item{'s' if source.items > 1 else ''})")
    if any(source.items > 1 for source in tally):
        text.append("\nItems from the same outlet count as one source.")
    return text


class Dialog(ModalScreen[T]):
    """A bordered box in the middle; Esc cancels (returns None)."""

    BINDINGS = keys.bindings("dialog")

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > #dialog {
        width: 88; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog #title { text-style: bold; width: 1fr; height: auto; }
    Dialog #body { height: auto; scrollbar-size-vertical: 1; }
    Dialog .claim { margin-top: 1; color: $text-muted; }
    Dialog .warning { color: $warning; margin-top: 1; }
    Dialog .refusal { color: $error; text-style: bold; margin-top: 1; }
    Dialog .hint { color: $text-muted; margin-top: 1; }
    Dialog .error { color: $error; text-style: bold; height: auto; }
    Dialog .-empty { display: none; }
    Dialog #buttons { height: 3; align-horizontal: right; }
    Dialog #buttons Button { margin-left: 2; }
    """

    TITLE_TEXT = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text(), id="title")
            with VerticalScroll(id="body", can_focus=False):
                yield from self.body()
            with Horizontal(id="buttons"):
                yield from self.buttons()

    def title_text(self) -> str | Text:
        return self.TITLE_TEXT

    def body(self) -> ComposeResult:
        yield from ()

    def buttons(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Give the body what the terminal has left after the title and the buttons (less padding when short)."""
        if not self.query("#body"):
            return  # not composed yet
        short = self.size.height < 32
        box = self.query_one("#dialog", Vertical)
        box.styles.padding = (0, 1) if short else (1, 2)
        title = self.query_one("#title", Label)
        rows = self.size.height - CHROME + (2 if short else 0) - max(title.size.height - 1, 0)
        self.query_one("#body", VerticalScroll).styles.max_height = max(rows, 3)

    def action_cancel(self) -> None:
        self.dismiss(None)
