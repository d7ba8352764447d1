"""Assign a claim: the editor's name (blank: nobody)."""

from __future__ import annotations

from tracker.tui.dialogs.form import Field, Form


class AssignForm(Form):
    """Give the highlighted (or the marked) claims to an editor."""

    TITLE_TEXT = "Assign claim"
    SAVE = "Assign"
    FIELDS = (Field("assignee", "Assignee", "editor name (blank to unassign)"),)


class BulkAssignForm(Form):
    """Give every marked claim to one editor."""

    SAVE = "Assign all"
    FIELDS = (Field("assignee", "Assignee", "editor name (blank to unassign)"),)

    def __init__(self, values: dict[str, str] | None = None, *, count: int, error: str | None = None) -> None:
        super().__init__(values, error=error)
        self.count = count

    def title_text(self) -> str:
        return f"Assign {self.count} marked claims"
