"""Add a claim: the fields of `tracker add` (text and speaker required)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tracker.domain.errors import TrackerError
from tracker.domain.similarity import Similar
from tracker.tui.dialogs.form import Field, Form
from tracker.tui.safe import literal

Lookup = Callable[[str], Sequence[Similar]]
"""Text -> the claims that read like it (the service's `similar_to_text`, given by the caller)."""

CLAIM_FIELDS: tuple[Field, ...] = (
    Field("text", "Claim text", "what was claimed, as said", required=True, multiline=True),
    Field("speaker", "Speaker", "who said it", required=True),
    Field("said_at", "Said at", "e.g. 2026-01-29 14:00 Washington time, yesterday 9am, -2h"),
    Field("source", "Source", "the outlet that reported it"),
    Field("url", "URL", "https://…"),
    Field("expires_at", "Deadline", "e.g. +2d, tomorrow 18:00, never (blank: the default_expiry rule)",
          aliases=("expires",)),
    Field("tags", "Tags", "space or comma separated", aliases=("tag",)),
    Field("assignee", "Assignee", "editor who owns it"),
)
"""The claim's fields, shared with the edit form."""


class ClaimForm(Form):
    """A new claim; with `lookup`, the claims that read like the text are shown under it as it is typed."""

    TITLE_TEXT = "Add a claim"
    SAVE = "Add claim"
    FIELDS = CLAIM_FIELDS
    PAUSE = 0.3
    """Seconds of no typing before the look-up runs."""

    def __init__(self, values: dict[str, str] | None = None, *, error: str | None = None,
                 lookup: Lookup | None = None) -> None:
        super().__init__(values, error=error)
        self.lookup = lookup
        self._timer: Timer | None = None
        self._asked = ""

    def after_field(self, name: str) -> ComposeResult:
        if name == "text" and self.lookup is not None:
            yield Static("", id="matches", classes="matches -empty")

    @on(TextArea.Changed, "#f-text")
    def _text_changed(self) -> None:
        if self.lookup is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.PAUSE, self._look_up)

    def _look_up(self) -> None:
        text = self.query_one("#f-text", TextArea).text.strip()
        if text == self._asked:
            return
        self._asked = text
        lookup = self.lookup
        if lookup is None:
            return

        def read() -> None:
            try:
                found = tuple(lookup(text))
            except TrackerError:
                return  # the look-up is a help: the form works without it
            self.app.call_from_thread(self._show_matches, text, found)

        self.run_worker(read, thread=True, group="lookup", exclusive=True, exit_on_error=False)

    def _show_matches(self, text: str, found: tuple[Similar, ...]) -> None:
        if text != self._asked or not self.is_mounted:
            return
        box = self.query_one("#matches", Static)
        if not found:
            box.update("")
            box.add_class("-empty")
            return
        words = Text("Reads like: ", style="bold")
        for i, match in enumerate(found):
            if i:
                words.append("\n            ")
            words.append(f"#{match.id} ", style="bold")
            words.append(f"{match.status.value}, {match.score:.2f}: ", style="dim")
            words.append_text(literal(match.quote(60), one_line=True))
        box.update(words)
        box.remove_class("-empty")


def split_tags(text: str) -> list[str]:
    """Tags as typed in the form: separated by spaces and/or commas."""
    return [part for part in text.replace(",", " ").split() if part]
