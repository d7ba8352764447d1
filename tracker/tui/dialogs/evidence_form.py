"""Add evidence: stance, source (required), URL and a note (multi-line)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from tracker.service.views import ClaimView
from tracker.tui import fmt, keys
from tracker.tui.dialogs.base import sources_note
from tracker.tui.dialogs.form import Field, Form, FormResult, StanceSet, stance_row

STANCES = ("supports", "contradicts", "context")


class EvidenceForm(Form):
    """A new evidence item for the highlighted claim (the fields of `tracker evidence`)."""

    TITLE_TEXT = "Add evidence"
    SAVE = "Add evidence"
    FIELDS = (
        Field("source", "Source", "where the evidence comes from", required=True),
        Field("url", "URL", "https://…"),
        Field("note", "Note", "what it says", multiline=True),
    )

    def about_subject(self, subject: ClaimView) -> ComposeResult:
        if subject.evidence:
            yield Static(sources_note(subject), classes="claim", id="sources")

    def extra(self) -> ComposeResult:
        yield from stance_row(STANCES, self.values.get("stance", "supports"), fmt.STANCE_MARK)

    def hint(self) -> str:
        return f"{keys.shown('left')}/{keys.shown('right')}: stance · " + super().hint()

    def first_focus(self) -> Widget:
        if self.error_field is not None:
            return super().first_focus()
        return self.query_one("#stance", StanceSet)

    def collect(self) -> FormResult:
        result = super().collect()
        result.choice = self.query_one("#stance", StanceSet).value or "supports"
        return result
